// tgc-cli pacs echo|ls|pull|push|report: the PACS client on the command line.
//   pacs echo --server URL
//   pacs ls   --server URL [--modality M] [--patient P] [--study-uid U] [--limit N] [--offset K]
//             [--status S] [--assignee U]   (on Orthanc each series adds "status", "assignee",
//             "segs"; the filters apply to the page listed)
//   pacs pull --server URL --series UID --project P
//   pacs push --server URL --project P --case ID
//   pacs claim|release|take-over|status --server URL --series UID (cmd_pacs_team.cpp)
//   pacs review --server URL --series UID [--consensus M] [--accept SEG] (cmd_pacs_review.cpp)
// URL is http(s)://host:port/dicom-web (DICOMweb; --rest gives Orthanc's REST
// root when it is not the parent) or dicom://AET@host:port (DIMSE;
// --calling-aet). The password comes from TGC_PACS_PASSWORD or a prompt on
// the terminal, never from the command line (it would show in `ps`).
#include "cmd_pacs.h"

#include "commands.h"
#include "dicomweb_client.h"
#include "dimse_client.h"
#include "pacs_error.h"
#include "team_state.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSet>
#include <QTextStream>
#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace tgc::cli {

namespace {

// The password typed on the terminal, not echoed.
QString promptPassword(const QString& user) {
    if (!isatty(STDIN_FILENO))
        return {};
    std::fprintf(stderr, "Password for %s: ", qPrintable(user));
    std::fflush(stderr);
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    char line[1024] = {};
    const bool read = std::fgets(line, sizeof line, stdin) != nullptr;
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
    return read ? QString::fromUtf8(line).remove(QLatin1Char('\n')).remove(QLatin1Char('\r'))
                : QString();
}

int runEcho(PacsCommand& c) {
    QElapsedTimer timer;
    timer.start();
    if (c.server.kind == pacs::PacsServer::Kind::Dimse)
        pacs::DimseClient(c.server).echo();
    else
        pacs::waitFinished(pacs::DicomWebClient(c.server).echo());
    const QJsonObject out{
        {"server", c.server.display()}, {"ok", true}, {"seconds", timer.elapsed() / 1000.0}};
    if (c.json)
        printJson(out);
    else
        QTextStream(stdout) << c.server.display() << ": answers ("
                            << out.value("seconds").toDouble() << " s)\n";
    return 0;
}

struct TeamColumns {
    QString status, assignee; // empty for a SEG or SR series (not a source)
    int segs = 0;             // SEG series that reference it
};

// The team's columns of the listed series, read through Orthanc's REST API
// while the listing's other queries are still on their way: each series'
// metadata (one request each) and the SEGs of the listed studies (one
// metadata request each).
class TeamRead {
public:
    TeamRead(pacs::DicomWebClient& client, const std::vector<pacs::SeriesEntry>& series)
        : m_client(client), m_team(client) {
        QStringList sources;
        for (const pacs::SeriesEntry& s : series) {
            if (s.isSource()) {
                sources << s.seriesUid;
                m_team.knowListed(s);
            }
        }
        m_records = m_team.readAll(sources);
    }

    std::vector<TeamColumns> columns(const std::vector<pacs::SeriesEntry>& series,
                                     const std::vector<pacs::SeriesEntry>& segs) {
        QSet<QString> studies;
        for (const pacs::SeriesEntry& s : series)
            studies.insert(s.studyUid);
        std::vector<pacs::SeriesEntry> listedSegs;
        for (const pacs::SeriesEntry& s : segs)
            if (studies.contains(s.studyUid))
                listedSegs.push_back(s);
        QHash<QString, int> counts;
        for (const pacs::SegEntry& e : pacs::wait(m_client.describeSegs(listedSegs)))
            ++counts[e.sourceSeriesUid];
        QHash<QString, pacs::TeamRecord> byUid;
        for (const pacs::TeamRecord& r : pacs::wait(m_records))
            byUid.insert(r.seriesUid, r);
        std::vector<TeamColumns> out(series.size());
        for (std::size_t i = 0; i < series.size(); ++i) {
            const auto it = byUid.constFind(series[i].seriesUid);
            if (it == byUid.constEnd())
                continue;
            out[i].status = pacs::statusName(it->seriesStatus());
            out[i].assignee = it->assignee.exists ? it->assignee.value : QString();
            out[i].segs = counts.value(series[i].seriesUid);
        }
        return out;
    }

private:
    pacs::DicomWebClient& m_client;
    pacs::TeamClient m_team;
    QFuture<std::vector<pacs::TeamRecord>> m_records;
};

int runLs(PacsCommand& c, const QCommandLineParser& parser) {
    pacs::SeriesQuery query;
    query.modality = parser.value(QStringLiteral("modality"));
    query.patientId = parser.value(QStringLiteral("patient"));
    query.studyUid = parser.value(QStringLiteral("study-uid"));
    query.accession = parser.value(QStringLiteral("accession"));
    query.description = parser.value(QStringLiteral("description"));
    for (const char* key : {"from", "to"}) {
        if (!parser.isSet(QLatin1String(key)))
            continue;
        const QDate date = QDate::fromString(parser.value(QLatin1String(key)), Qt::ISODate);
        if (!date.isValid())
            throw pacs::PacsError(
                QStringLiteral("--%1 needs a date as YYYY-MM-DD").arg(QLatin1String(key)));
        (QLatin1String(key) == QLatin1String("from") ? query.from : query.to) = date;
    }
    if (parser.isSet(QStringLiteral("limit")) &&
        !parsePositive(parser.value(QStringLiteral("limit")), query.limit, pacs::kMaxQidoEntries))
        throw pacs::PacsError(
            QStringLiteral("--limit needs a whole number from 1 to %1").arg(pacs::kMaxQidoEntries));
    if (parser.isSet(QStringLiteral("offset"))) {
        bool ok = false;
        query.offset = parser.value(QStringLiteral("offset")).toInt(&ok);
        if (!ok || query.offset < 0)
            throw pacs::PacsError(QStringLiteral("--offset needs a whole number from 0"));
    }
    const pacs::SeriesQuery reports = query.reports();

    std::vector<pacs::SeriesEntry> series, srs, segs;
    std::optional<std::vector<TeamColumns>> team; // nullopt: a server without Orthanc's REST API
    int total = -1;
    if (c.server.kind == pacs::PacsServer::Kind::Dimse) {
        const pacs::DimseClient client(c.server);
        pacs::SeriesQuery all = query;
        all.limit = all.offset = 0;
        const std::vector<pacs::SeriesEntry> everything = client.findSeries(all);
        total = int(everything.size());
        series = pacs::pageOf(everything, query);
        srs = query.modality == QLatin1String("SR") ? everything : client.findSeries(reports);
    } else {
        pacs::DicomWebClient client(c.server);
        const bool paged = query.limit > 0;
        const bool orthanc = !c.server.rest.isEmpty();
        // Every query goes out at once: the count, the reports and the SEGs
        // (for the team's SEG count) travel while the page does.
        QFuture<std::vector<pacs::SeriesEntry>> segQuery;
        if (orthanc) {
            pacs::SeriesQuery q = reports;
            q.modality = QStringLiteral("SEG");
            segQuery = client.searchSeries(q);
        }
        // Orthanc lists a whole archive several times faster through its REST
        // API than through QIDO-RS (a page is as fast either way); any other
        // server answers QIDO.
        std::optional<std::vector<pacs::SeriesEntry>> listed, listedReports;
        QFuture<int> count;
        if (paged) {
            count = client.countSeries(query);
        } else {
            auto fast = client.listSeriesRest(query);
            auto fastReports = client.listSeriesRest(reports);
            listed = pacs::wait(fast);
            listedReports = pacs::wait(fastReports);
        }
        std::optional<QFuture<std::vector<pacs::SeriesEntry>>> withReports;
        if (listed && listedReports) {
            series = std::move(*listed);
            srs = std::move(*listedReports);
        } else {
            // The whole list comes in pages, so no single answer needs to be huge.
            constexpr int kPage = 5000;
            pacs::SeriesQuery first = query;
            if (!paged)
                first.limit = kPage;
            auto page = client.searchSeries(first);
            withReports = client.searchSeries(reports);
            series = pacs::wait(page);
            // A server that ignores limit sent everything already.
            for (std::size_t got = series.size(); !paged && got == std::size_t(kPage);) {
                pacs::SeriesQuery next = query;
                next.limit = kPage;
                next.offset = query.offset + int(series.size());
                const std::vector<pacs::SeriesEntry> more = pacs::wait(client.searchSeries(next));
                series.insert(series.end(), more.begin(), more.end());
                got = more.size();
            }
        }
        std::optional<TeamRead> teamRead;
        if (orthanc)
            teamRead.emplace(client, series);
        if (withReports)
            srs = pacs::wait(*withReports);
        if (orthanc)
            segs = pacs::wait(segQuery);
        if (paged && int(series.size()) == query.limit)
            total = pacs::wait(count);
        if (total < 0) // the page was not full, or the server cannot count
            total = query.offset + int(series.size());
        if (teamRead)
            team = teamRead->columns(series, segs);
    }
    QSet<QString> studiesWithReport;
    for (const pacs::SeriesEntry& s : srs)
        studiesWithReport.insert(s.studyUid);
    const QString wantStatus = parser.value(QStringLiteral("status"));
    const QString wantAssignee = parser.value(QStringLiteral("assignee"));
    if (!team && (!wantStatus.isEmpty() || !wantAssignee.isEmpty()))
        throw pacs::PacsError(QStringLiteral("%1: --status and --assignee need Orthanc's REST API "
                                             "(the team worklist lives in its user metadata)")
                                  .arg(c.server.display()));
    if (!wantStatus.isEmpty() && !pacs::parseStatus(wantStatus))
        throw pacs::PacsError(
            QStringLiteral("--status takes todo, in_progress, submitted or reviewed, not '%1'")
                .arg(wantStatus));
    QJsonArray list;
    std::vector<pacs::SeriesEntry> shown;
    std::vector<TeamColumns> shownTeam;
    for (std::size_t i = 0; i < series.size(); ++i) {
        pacs::SeriesEntry& s = series[i];
        s.report = studiesWithReport.contains(s.studyUid);
        QJsonObject o = s.toJson();
        if (team) {
            const TeamColumns& t = (*team)[i];
            if ((!wantStatus.isEmpty() && t.status != wantStatus) ||
                (!wantAssignee.isEmpty() && t.assignee != wantAssignee))
                continue;
            o.insert("status", t.status.isEmpty() ? QJsonValue() : QJsonValue(t.status));
            o.insert("assignee", t.assignee.isEmpty() ? QJsonValue() : QJsonValue(t.assignee));
            o.insert("segs", t.segs);
        }
        list.append(o);
        shown.push_back(s);
        shownTeam.push_back(team ? (*team)[i] : TeamColumns{});
    }
    if (shown.size() != series.size()) // filtered here: the server's count no longer applies
        total = int(shown.size());
    series = std::move(shown);
    if (c.json) {
        printJson(QJsonObject{{"series", list}, {"total", total}, {"server", c.server.display()}});
    } else {
        QTextStream out(stdout);
        for (std::size_t i = 0; i < series.size(); ++i) {
            const pacs::SeriesEntry& s = series[i];
            const TeamColumns& t = shownTeam[i];
            out << s.seriesUid << "  " << s.modality.leftJustified(4) << " "
                << QString::number(s.instances).rightJustified(5) << "  " << s.patientId << "  "
                << s.description << (s.report ? "  [report]" : "");
            if (!t.status.isEmpty())
                out << "  [" << t.status << (t.assignee.isEmpty() ? "" : ", " + t.assignee)
                    << (t.segs ? QStringLiteral(", %1 SEG").arg(t.segs) : QString()) << "]";
            out << "\n";
        }
        out << series.size() << " of " << total << " series\n";
    }
    return 0;
}

} // namespace

PacsCommand::PacsCommand(const QString& name, const QString& description)
    : m_line(name, description),
      m_server(
          m_line.option("server", "http(s)://host:port/dicom-web or dicom://AET@host:port", "URL")),
      m_user(m_line.option(
          "user", "user name; the password comes from TGC_PACS_PASSWORD or a prompt", "U")),
      m_rest(m_line.option(
          "rest", "Orthanc's REST root (default: the DICOMweb root's parent; none: QIDO-RS only)",
          "URL")),
      m_callingAet(
          m_line.option("calling-aet", "our AE title for DIMSE (default TGC_ANNOTATOR)", "AET")),
      m_movePort(m_line.option("move-port",
                               "our port for C-MOVE where the PACS refuses C-GET (it must know "
                               "our AE title there)",
                               "N")),
      m_ca(m_line.option("ca", "PEM file of CA certificates to trust (HTTPS)", "FILE")),
      m_timeout(
          m_line.option("timeout", "seconds a stalled request waits (default 30)", "S", "30")),
      m_json(m_line.json()) {}

int PacsCommand::guarded(const std::function<int()>& body) const {
    try {
        return body();
    } catch (const pacs::PacsError& e) {
        return m_line.fail(e.message(), 1);
    } catch (const std::exception& e) {
        return m_line.fail(QString::fromUtf8(e.what()), 1);
    }
}

std::optional<int> PacsCommand::setUp(const QStringList& args,
                                      std::initializer_list<QCommandLineOption> required) {
    if (const auto done = m_line.parse(args))
        return done;
    json = m_line.isSet(m_json);
    if (!m_line.require({m_server}, CommandLine::Spelling::WithValues))
        return kBadArguments;
    QString error;
    const auto parsed = pacs::parseServer(m_line.value(m_server), &error);
    if (!parsed)
        return m_line.fail(error);
    server = *parsed;
    if (m_line.isSet(m_rest))
        server.rest =
            m_line.value(m_rest) == QLatin1String("none") ? QUrl() : QUrl(m_line.value(m_rest));
    if (m_line.isSet(m_callingAet))
        server.callingAet = m_line.value(m_callingAet);
    server.caFile = m_line.value(m_ca);
    if (m_line.isSet(m_movePort) &&
        !parsePositive(m_line.value(m_movePort), server.movePort, 65535))
        return m_line.fail(QStringLiteral("--move-port needs a port number"));
    int seconds = 30;
    if (!parsePositive(m_line.value(m_timeout), seconds, 3600))
        return m_line.fail(QStringLiteral("--timeout needs a whole number of seconds"));
    server.timeoutMs = seconds * 1000;
    server.user = m_line.value(m_user);
    if (!server.user.isEmpty()) {
        server.password = qEnvironmentVariable("TGC_PACS_PASSWORD");
        if (server.password.isEmpty())
            server.password = promptPassword(server.user);
        if (server.password.isEmpty())
            return m_line.fail(QStringLiteral("no password for user '%1': set TGC_PACS_PASSWORD "
                                              "or run on a terminal to be asked")
                                   .arg(server.user));
    }
    if (required.size() > 0 && !m_line.require(required, CommandLine::Spelling::WithValues))
        return kBadArguments;
    return std::nullopt;
}

int runPacs(const QStringList& args) {
    const QString usage =
        QStringLiteral("usage: tgc-cli pacs echo|ls|pull|push --server URL [options] [--json]\n"
                       "       tgc-cli pacs claim|release|take-over|status --server URL "
                       "--series UID [--json]\n"
                       "       tgc-cli pacs review --server URL --series UID "
                       "[--consensus majority|staple] [--accept SEG] [--out DIR]\n"
                       "       tgc-cli pacs agreement --server URL --out DIR [--all]\n"
                       "       tgc-cli pacs report --sr FILE | --write FILE --study-of DICOM "
                       "--text T\n"
                       "'tgc-cli pacs <command> --help' describes a command's options.\n");
    const QString sub = args.value(1);
    if (sub.isEmpty() || sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        QTextStream(sub.isEmpty() ? stderr : stdout) << usage;
        return sub.isEmpty() ? 2 : 0;
    }
    QStringList rest = args;
    rest.removeAt(1);
    rest[0] = QStringLiteral("tgc-cli pacs ") + sub;
    const QString name = QStringLiteral("pacs ") + sub;
    if (sub == QLatin1String("pull"))
        return runPacsPull(rest);
    if (sub == QLatin1String("push"))
        return runPacsPush(rest);
    if (sub == QLatin1String("report"))
        return runPacsReport(rest);
    if (sub == QLatin1String("review"))
        return runPacsReview(rest);
    if (sub == QLatin1String("agreement"))
        return runPacsAgreement(rest);
    for (const char* team : {"claim", "release", "take-over", "status"})
        if (sub == QLatin1String(team))
            return runPacsTeam(rest, sub);
    if (sub != QLatin1String("echo") && sub != QLatin1String("ls")) {
        QTextStream(stderr) << "tgc-cli pacs: unknown command '" << sub << "'\n" << usage;
        return 2;
    }
    const bool ls = sub == QLatin1String("ls");
    PacsCommand command(name, ls ? QStringLiteral("Lists the series a PACS holds.")
                                 : QStringLiteral("Checks that a PACS answers and accepts the "
                                                  "login."));
    if (ls) {
        CommandLine& cl = command.line();
        cl.option("modality", "CT, MR, SEG, SR...", "M");
        cl.option("patient", "patient ID (wildcards * ?)", "P");
        cl.option("study-uid", "one study", "U");
        cl.option("accession", "accession number", "A");
        cl.option("description", "text in the series description", "TEXT");
        cl.option("from", "study date from (YYYY-MM-DD)", "DATE");
        cl.option("to", "study date to (YYYY-MM-DD)", "DATE");
        cl.option("limit", "at most N series", "N");
        cl.option("offset", "skip the first K", "K");
        cl.option("status",
                  "only series in this team status (todo, in_progress, submitted, reviewed)", "S");
        cl.option("assignee", "only series this user holds", "U");
    }
    if (const auto done = command.setUp(rest))
        return *done;
    return command.guarded(
        [&] { return ls ? runLs(command, command.parser()) : runEcho(command); });
}

} // namespace tgc::cli
