#include "pacs_push.h"

#include "dimse_client.h"
#include "export/dataset_exporter.h"
#include "file_hash.h"
#include "io_error.h"
#include "pacs_error.h"
#include "pacs_uid.h"
#include "store/project.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

namespace tgc::pacs {

namespace {

QByteArray fileHash(const QString& path) {
    return sha256OfFiles({path}).toLatin1();
}

// The exporter's SEG with the stable UIDs put in; the file meta header
// follows the dataset.
QByteArray withStableUids(const QString& path, const QString& seriesUid, const QString& sopUid,
                          const QString& seriesDescription) {
    DcmFileFormat file;
    if (file.loadFile(QFile::encodeName(path).constData()).bad())
        throw IoError(path, QStringLiteral("cannot read the SEG just written"));
    DcmDataset* d = file.getDataset();
    d->putAndInsertString(DCM_SeriesInstanceUID, seriesUid.toLatin1().constData());
    d->putAndInsertString(DCM_SOPInstanceUID, sopUid.toLatin1().constData());
    if (!seriesDescription.isEmpty())
        d->putAndInsertString(DCM_SeriesDescription,
                              seriesDescription.left(64).toUtf8().constData());
    if (file.saveFile(QFile::encodeName(path).constData(), EXS_LittleEndianExplicit,
                      EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0, 0, EWM_updateMeta)
            .bad())
        throw IoError(path, QStringLiteral("cannot write the SEG"));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw IoError(path, f.errorString());
    return f.readAll();
}

} // namespace

QJsonObject PushResult::toJson() const {
    return QJsonObject{{"seg_series_uid", segSeriesUid},
                       {"sop_instance_uid", sopInstanceUid},
                       {"seconds", seconds},
                       {"shared_report", sharedReport}};
}

PreparedSeg prepareSeg(const Project& project, const QString& caseId,
                       const QString& seriesDescription) {
    const CaseRecord* record = project.findCase(caseId);
    if (!record)
        throw PacsError(QStringLiteral("%1: no case '%2'").arg(project.root(), caseId));
    const QString mask = project.maskPath(*record);
    if (!QFileInfo::exists(mask))
        throw PacsError(QStringLiteral("case %1 has no saved mask (%2)").arg(caseId, mask));

    // The exporter works on the whole project: give it a copy that holds
    // only this case, whatever its status.
    Project single = project;
    auto& cases = single.cases();
    cases.erase(std::remove_if(cases.begin(), cases.end(),
                               [&](const CaseRecord& c) { return c.id != caseId; }),
                cases.end());
    ExportOptions options;
    options.format = ExportFormat::DicomSeg;
    options.statuses = {CaseStatus::New, CaseStatus::InProgress, CaseStatus::Done,
                        CaseStatus::Reviewed};
    // An export never goes inside its project: the SEG is written to a
    // temporary folder of the system's, read back and removed at once.
    QTemporaryDir scratch;
    if (!scratch.isValid())
        throw IoError(QDir::tempPath(), QStringLiteral("cannot make a temporary folder"));
    options.outDir = scratch.filePath(QStringLiteral("seg-export"));
    const ExportResult exported = exportDataset(single, options);
    if (!exported.skipped.empty())
        throw PacsError(QStringLiteral("case %1 cannot be pushed: %2")
                            .arg(caseId, exported.skipped.front().reason));
    QString segFile;
    QDirIterator it(options.outDir + QStringLiteral("/seg"), {QStringLiteral("*.dcm")},
                    QDir::Files);
    if (it.hasNext())
        segFile = it.next();
    if (segFile.isEmpty())
        throw PacsError(QStringLiteral("case %1 cannot be pushed: no SEG was written").arg(caseId));

    // Same source series, same mask bytes, same annotator: same SEG.
    const QString sourceSeries =
        record->pacs.isSet() ? record->pacs.seriesUid : record->contentHash;
    const QByteArray seed = "tgc-seg\n" + sourceSeries.toUtf8() + '\n' + fileHash(mask) + '\n' +
                            record->annotator.toUtf8() + '\n' + seriesDescription.toUtf8();
    PreparedSeg seg;
    seg.caseId = caseId;
    seg.seriesUid = uidFromSeed(seed + "\nseries");
    seg.sopInstanceUid = uidFromSeed(seed + "\ninstance");
    seg.bytes = withStableUids(segFile, seg.seriesUid, seg.sopInstanceUid, seriesDescription);
    return seg;
}

QFuture<PushResult> pushSeg(DicomWebClient& client, const PreparedSeg& seg) {
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    const QString server = client.server().display();
    return client.store({seg.bytes}).then([seg, timer, server](const StoreResult& stored) {
        if (!stored.stored.contains(seg.sopInstanceUid))
            throw PacsError(
                QStringLiteral("server %1 did not store the SEG of case %2%3")
                    .arg(server, seg.caseId,
                         stored.failed.isEmpty() ? QString() : QStringLiteral(" (refused)")));
        PushResult r;
        r.segSeriesUid = seg.seriesUid;
        r.sopInstanceUid = seg.sopInstanceUid;
        r.seconds = timer->elapsed() / 1000.0;
        return r;
    });
}

PushResult pushSeg(const DimseClient& client, const PreparedSeg& seg, const QString& tempFolder) {
    QElapsedTimer timer;
    timer.start();
    const QString path = QDir(tempFolder).filePath(seg.sopInstanceUid + QStringLiteral(".dcm"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(seg.bytes) != seg.bytes.size())
        throw IoError(path, QStringLiteral("cannot write (%1)").arg(f.errorString()));
    f.close();
    struct Cleanup {
        QString path;
        ~Cleanup() { QFile::remove(path); }
    } cleanup{path};
    client.store(path);
    PushResult r;
    r.segSeriesUid = seg.seriesUid;
    r.sopInstanceUid = seg.sopInstanceUid;
    r.seconds = timer.elapsed() / 1000.0;
    return r;
}

} // namespace tgc::pacs
