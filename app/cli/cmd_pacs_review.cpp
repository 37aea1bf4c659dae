// tgc-cli pacs review: every annotator's SEG of a series, their agreement
// per label and pair, and the reviewer's decision. tgc-cli pacs agreement:
// the same over every reviewed series, as the project's agreement report.
//   pacs review --server URL --series UID [--consensus majority|staple]
//               [--accept SEG_SERIES_UID] [--out DIR]
//   -> {"series_uid","segs":[{"annotator","series_uid","labels","algorithm","created",
//       "compared"}],"agreement":[{"a","b","label","dice","iou","hd95_mm",...}],
//       "consensus":{"method","raters":[...]},"final"}
// --consensus builds the consensus of the newest SEG of each annotator and
// pushes it as the reviewer's own SEG; --accept takes one annotator's SEG as
// it is. Either records it as the series' final SEG and sets it reviewed.
// The review project (the series, the SEGs, the consensus mask) and
// review.json stay in --out; without it, in a temporary folder removed at
// the end. Nothing is written elsewhere.
//   pacs agreement --server URL --out DIR [--all]
//   -> agreement.csv, summary.json, report.html in DIR (see agreement_report.h)
// over the reviewed series (--all: every series with SEGs of two annotators).
#include "agreement.h"
#include "cmd_pacs.h"
#include "commands.h"
#include "dicomweb_client.h"
#include "export/agreement_report.h"
#include "image_reader.h"
#include "io_error.h"
#include "pacs_error.h"
#include "series_review.h"
#include "store/project.h"
#include "team_state.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTextStream>

namespace tgc::cli {

namespace {

QJsonObject segJson(const pacs::SegEntry& s, bool compared) {
    return {{"annotator", s.annotator},
            {"series_uid", s.seriesUid},
            {"labels", QJsonArray::fromStringList(s.labels)},
            {"algorithm", s.algorithm.isEmpty() ? QJsonValue() : QJsonValue(s.algorithm)},
            {"created", s.created},
            {"compared", compared}};
}

int run(PacsCommand& c, const QCommandLineParser& parser) {
    const QString seriesUid = parser.value(QStringLiteral("series"));
    const QString method = parser.value(QStringLiteral("consensus"));
    const QString accept = parser.value(QStringLiteral("accept"));
    if (seriesUid.isEmpty())
        throw pacs::PacsError(QStringLiteral("--series UID is required"));
    if (!method.isEmpty() && method != QLatin1String("majority") &&
        method != QLatin1String("staple"))
        throw pacs::PacsError(
            QStringLiteral("--consensus takes majority or staple, not '%1'").arg(method));
    if (!method.isEmpty() && !accept.isEmpty())
        throw pacs::PacsError(QStringLiteral("--consensus and --accept exclude each other"));
    if (c.server.kind != pacs::PacsServer::Kind::DicomWeb || c.server.rest.isEmpty())
        throw pacs::PacsError(QStringLiteral("%1: review needs a DICOMweb Orthanc (the team "
                                             "state lives in its user metadata)")
                                  .arg(c.server.display()));
    QTemporaryDir temporary;
    const QString out = parser.isSet(QStringLiteral("out")) ? parser.value(QStringLiteral("out"))
                                                            : temporary.path();
    if (!QDir().mkpath(out))
        throw IoError(out, QStringLiteral("cannot create the folder"));

    pacs::DicomWebClient client(c.server);
    pacs::TeamClient team(client);
    Project project = Project::openOrCreate(QDir(out).filePath(QStringLiteral("review-project")));
    const pacs::FetchedReview fetched =
        pacs::wait(pacs::fetchReview(client, project.root(), {}, seriesUid));
    const ImageVolume source = readImage(fetched.source.folder);
    const pacs::ReviewMasks review = pacs::readReview(fetched, source);

    QJsonArray segs;
    for (const pacs::AnnotatorMask& m : review.masks)
        segs.append(segJson(m.seg, true));
    for (const pacs::SegEntry& s : review.older)
        segs.append(segJson(s, false));
    for (const pacs::SegEntry& s : review.consensus) {
        QJsonObject o = segJson(s, false);
        o.insert("consensus", true);
        segs.append(o);
    }
    const std::vector<AgreementRow> rows = pacs::agreementOf(review, source.geometry());
    QJsonArray agreement;
    for (const AgreementRow& row : rows)
        agreement.append(row.toJson());

    QJsonObject result{{"series_uid", seriesUid}, {"segs", segs}, {"agreement", agreement}};
    QString final;
    if (!method.isEmpty()) {
        QJsonObject consensusReport;
        const LabelMap consensus = pacs::consensusOf(review, method, &consensusReport);
        const pacs::PreparedSeg seg = pacs::prepareReviewerSeg(
            project, fetched, consensus, c.server.display(), c.server.user, method);
        final = pacs::wait(pacs::pushSeg(client, seg)).segSeriesUid;
        consensusReport.insert("seg_series_uid", final);
        result.insert("consensus", consensusReport);
    } else if (!accept.isEmpty()) {
        const bool known = std::any_of(review.masks.begin(), review.masks.end(),
                                       [&](const auto& m) { return m.seg.seriesUid == accept; });
        if (!known)
            throw pacs::PacsError(QStringLiteral("--accept %1 is not the newest SEG of an "
                                                 "annotator of series %2")
                                      .arg(accept, seriesUid));
        final = accept;
    }
    if (!final.isEmpty())
        pacs::wait(team.setFinal(pacs::wait(team.read(seriesUid)), final, meanDice(rows)));
    const pacs::TeamRecord now = pacs::wait(team.read(seriesUid));
    result.insert("final", now.finalSeg.exists ? QJsonValue(now.finalSeg.value) : QJsonValue());
    result.insert("status", pacs::statusName(now.seriesStatus()));
    if (parser.isSet(QStringLiteral("out"))) {
        QFile file(QDir(out).filePath(QStringLiteral("review.json")));
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(result).toJson()) < 0)
            throw IoError(file.fileName(), QStringLiteral("cannot write"));
    }
    if (c.json) {
        printJson(result);
    } else {
        QTextStream o(stdout);
        o << seriesUid << ": " << review.masks.size() << " annotator SEG(s)\n";
        for (const AgreementRow& row : rows)
            o << "  " << row.labelName << "  " << row.a << " vs " << row.b << ": Dice "
              << QString::number(row.dice, 'f', 3) << ", HD95 "
              << (row.hd95Defined() ? QString::number(row.hd95Mm, 'f', 1) + " mm"
                                    : QStringLiteral("undefined (one mask empty)"))
              << "\n";
        if (!final.isEmpty())
            o << "final SEG " << final << "; status reviewed\n";
    }
    return 0;
}

// One reviewed series as the agreement report takes it: who drew what, from
// which model's proposal, and whose mask became final.
SeriesReview reportLine(const pacs::ReviewMasks& review, const pacs::TeamRecord& record,
                        const ImageVolume& source, const QString& caseId) {
    SeriesReview line;
    line.caseId = caseId;
    line.seriesUid = record.seriesUid;
    for (const pacs::AnnotatorMask& m : review.masks) {
        AnnotatorSeg seg;
        seg.annotator = m.seg.annotator;
        if (m.seg.algorithm.startsWith(QLatin1String("TGC-Net")))
            seg.proposalModel = m.seg.algorithm.mid(7).trimmed().isEmpty()
                                    ? m.seg.algorithm
                                    : m.seg.algorithm.mid(7).trimmed();
        seg.proposalDice = m.seg.proposalDice;
        line.segs.push_back(seg);
        if (record.finalSeg.value == m.seg.seriesUid)
            line.finalMask = m.seg.annotator;
    }
    for (const pacs::SegEntry& s : review.consensus)
        if (line.finalMask.isEmpty() && record.finalSeg.value == s.seriesUid)
            line.finalMask = s.description.contains(QLatin1String("staple"))
                                 ? QStringLiteral("STAPLE")
                                 : QStringLiteral("majority vote");
    if (line.finalMask.isEmpty() && record.finalSeg.exists)
        line.finalMask = QStringLiteral("another SEG");
    line.rows = pacs::agreementOf(review, source.geometry());
    return line;
}

int runAgreement(PacsCommand& c, const QCommandLineParser& parser) {
    if (!parser.isSet(QStringLiteral("out")))
        throw pacs::PacsError(QStringLiteral("--out DIR is required: the report's folder"));
    if (c.server.kind != pacs::PacsServer::Kind::DicomWeb || c.server.rest.isEmpty())
        throw pacs::PacsError(QStringLiteral("%1: the agreement report needs a DICOMweb Orthanc")
                                  .arg(c.server.display()));
    const QString out = parser.value(QStringLiteral("out"));
    const bool all = parser.isSet(QStringLiteral("all"));
    pacs::DicomWebClient client(c.server);
    pacs::TeamClient team(client);
    pacs::SeriesQuery query;
    std::vector<pacs::SeriesEntry> series;
    if (auto listed = pacs::wait(client.listSeriesRest(query)))
        series = std::move(*listed);
    else
        series = pacs::wait(client.searchSeries(query));
    QStringList sources;
    std::vector<pacs::SeriesEntry> entries;
    for (const pacs::SeriesEntry& s : series)
        if (s.isSource()) {
            sources << s.seriesUid;
            entries.push_back(s);
        }
    const std::vector<pacs::TeamRecord> records = pacs::wait(team.readAll(sources));
    // The SEGs are staged inside the report's folder and removed at the end.
    const QString staging = QDir(out).filePath(QStringLiteral(".review-staging"));
    std::vector<SeriesReview> lines;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (!all && records[i].seriesStatus() != pacs::SeriesStatus::Reviewed)
            continue;
        const QString root = QDir(staging).filePath(entries[i].seriesUid);
        Project project = Project::openOrCreate(root);
        const pacs::FetchedReview fetched = pacs::wait(
            pacs::fetchReview(client, project.root(), entries[i].studyUid, entries[i].seriesUid));
        if (fetched.segs.empty())
            continue;
        const ImageVolume source = readImage(fetched.source.folder);
        const pacs::ReviewMasks review = pacs::readReview(fetched, source);
        if (all && review.masks.size() < 2)
            continue;
        const QString caseId =
            entries[i].description.isEmpty()
                ? entries[i].patientId
                : entries[i].patientId + QStringLiteral(" ") + entries[i].description;
        lines.push_back(reportLine(review, records[i], source, caseId.trimmed()));
    }
    QDir(staging).removeRecursively();
    const AgreementSummary summary = writeAgreementReport(out, lines);
    QJsonObject result = agreementSummaryJson(summary);
    result.insert("out", QDir(out).absolutePath());
    if (c.json)
        printJson(result);
    else
        QTextStream(stdout) << lines.size() << " reviewed series; report: "
                            << QDir(out).filePath(QStringLiteral("report.html")) << "\n";
    return 0;
}

} // namespace

int runPacsAgreement(const QStringList& args) {
    PacsCommand command("pacs agreement",
                        "Writes the agreement report of every reviewed series on the PACS.");
    command.line().option("out", "the report's folder", "DIR");
    command.line().option("all", "every series with two annotators' SEGs, reviewed or not");
    if (const auto done = command.setUp(args))
        return *done;
    return command.guarded([&] { return runAgreement(command, command.parser()); });
}

int runPacsReview(const QStringList& args) {
    PacsCommand command("pacs review",
                        "Compares every annotator's SEG of a series and records the final one.");
    CommandLine& cl = command.line();
    cl.option("series", "Series Instance UID of the source series", "UID");
    cl.option("consensus", "push the consensus (majority or staple) as the final SEG", "M");
    cl.option("accept", "take this annotator SEG series as final", "UID");
    cl.option("out", "keep the review project and review.json here (else nothing is kept)", "DIR");
    if (const auto done = command.setUp(args))
        return *done;
    return command.guarded([&] { return run(command, command.parser()); });
}

} // namespace tgc::cli
