// tgc-cli pacs claim / release / take-over / status: the team's worklist
// state of one source series, kept on the PACS (see team_state.h). The user
// given with --user is the annotator.
//   pacs claim     --server URL --series UID   {"series_uid","assignee","claimed","held_by"}
//   pacs release   --server URL --series UID
//   pacs take-over --server URL --series UID   (records whom it was taken from)
//   pacs status    --server URL --series UID [--set todo|in_progress|submitted|reviewed]
// Exit code 0 when done; 3 when a claim finds the series held by someone else
// or a change finds it changed under the caller (nothing was overwritten); 1
// on other errors (a change the rules refuse, such as releasing another
// annotator's series, names the holder).
#include "cmd_pacs.h"
#include "commands.h"
#include "dicomweb_client.h"
#include "pacs_error.h"
#include "team_state.h"

#include <QTextStream>

namespace tgc::cli {

namespace {

constexpr int kConflict = 3;

QJsonObject recordJson(const pacs::TeamRecord& r) {
    QJsonObject o = r.toJson();
    o.remove(QStringLiteral("history"));
    return o;
}

void say(const PacsCommand& c, const QJsonObject& out, const QString& words) {
    if (c.json)
        printJson(out);
    else
        QTextStream(stdout) << words << "\n";
}

int run(const QString& sub, PacsCommand& c, const QCommandLineParser& parser) {
    if (c.server.kind != pacs::PacsServer::Kind::DicomWeb || c.server.rest.isEmpty())
        throw pacs::PacsError(QStringLiteral("%1: the team worklist lives in Orthanc's user "
                                             "metadata; give the server's DICOMweb address "
                                             "(and --rest if it is not the parent)")
                                  .arg(c.server.display()));
    const QString series = parser.value(QStringLiteral("series"));
    if (series.isEmpty())
        throw pacs::PacsError(QStringLiteral("--series UID is required"));
    pacs::DicomWebClient client(c.server);
    pacs::TeamClient team(client);
    if (sub == QLatin1String("claim")) {
        const pacs::ClaimResult r = pacs::wait(team.claim(series));
        QJsonObject out{{"series_uid", series},
                        {"assignee", team.user()},
                        {"claimed", r.claimed},
                        {"held_by", r.heldBy.isEmpty() ? QJsonValue() : QJsonValue(r.heldBy)}};
        say(c, out,
            r.claimed ? QStringLiteral("%1: claimed by %2").arg(series, team.user())
                      : QStringLiteral("%1: not claimed, held by %2").arg(series, r.heldBy));
        return r.claimed ? 0 : kConflict;
    }
    const pacs::TeamRecord seen = pacs::wait(team.read(series));
    pacs::TeamRecord now = seen;
    if (sub == QLatin1String("release")) {
        now = pacs::wait(team.release(seen));
    } else if (sub == QLatin1String("take-over")) {
        now = pacs::wait(team.takeOver(seen));
    } else if (parser.isSet(QStringLiteral("set"))) {
        const auto status = pacs::parseStatus(parser.value(QStringLiteral("set")));
        if (!status)
            throw pacs::PacsError(
                QStringLiteral("--set takes todo, in_progress, submitted or reviewed, not '%1'")
                    .arg(parser.value(QStringLiteral("set"))));
        now = pacs::wait(team.setStatus(seen, *status));
    }
    QJsonObject out = recordJson(now);
    if (sub == QLatin1String("take-over"))
        out.insert("taken_from",
                   seen.assignee.exists ? QJsonValue(seen.assignee.value) : QJsonValue());
    if (sub == QLatin1String("status"))
        out.insert("history", now.history);
    say(c, out,
        QStringLiteral("%1: %2, %3")
            .arg(series, pacs::statusName(now.seriesStatus()),
                 now.assignee.exists ? QStringLiteral("held by ") + now.assignee.value
                                     : QStringLiteral("unclaimed")));
    return 0;
}

} // namespace

int runPacsTeam(const QStringList& args, const QString& sub) {
    PacsCommand command(
        QStringLiteral("pacs ") + sub,
        sub == QLatin1String("claim")       ? QStringLiteral("Claims a series for the user.")
        : sub == QLatin1String("release")   ? QStringLiteral("Gives a claimed series back.")
        : sub == QLatin1String("take-over") ? QStringLiteral("Takes a series from its holder.")
                                            : QStringLiteral("Shows or sets a series' status."));
    command.line().option("series", "Series Instance UID of the source series", "UID");
    if (sub == QLatin1String("status"))
        command.line().option("set", "new status: todo, in_progress, submitted, reviewed", "S");
    if (const auto done = command.setUp(args))
        return *done;
    try {
        return run(sub, command, command.parser());
    } catch (const pacs::RevisionConflict& e) {
        if (command.json)
            printJson(QJsonObject{
                {"error", e.message()}, {"conflict", true}, {"current", recordJson(e.current())}});
        return command.line().fail(e.message(), kConflict);
    } catch (const pacs::PacsError& e) {
        return command.line().fail(e.message(), 1);
    }
}

} // namespace tgc::cli
