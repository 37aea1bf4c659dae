// Pushing a case's mask to the PACS as a DICOM SEG: the project's SEG
// exporter writes it (one segment per label, ContentCreatorName = the
// annotator, referencing the source series and instances); its Series and
// SOP Instance UIDs are then derived from the source series and the saved
// mask's bytes, so each saved revision of the mask is a new SEG series and
// pushing the same revision again (after a broken connection, a restarted
// server) leaves exactly one copy on the server.
#pragma once

#include "dicomweb_client.h"

#include <QByteArray>
#include <QFuture>
#include <QJsonObject>
#include <QString>

namespace tgc {
class Project;
}

namespace tgc::pacs {

class DimseClient;

struct PreparedSeg {
    QString caseId;
    QByteArray bytes; // the SEG file
    QString seriesUid, sopInstanceUid;
};

struct PushResult {
    QString segSeriesUid, sopInstanceUid;
    double seconds = 0.0;
    bool sharedReport = false; // the case's report became the series' agreed one
    // {"seg_series_uid","sop_instance_uid","seconds","shared_report"}
    QJsonObject toJson() const;
};

// Writes the case's SEG (reads the image and mask: run it off the UI
// thread). Throws PacsError naming the case when it cannot be pushed
// (no mask, an empty one, a source that is not DICOM).
// seriesDescription replaces the exporter's ("TGC Annotator segmentation"):
// a reviewer's consensus says so (kConsensusDescription).
PreparedSeg prepareSeg(const Project& project, const QString& caseId,
                       const QString& seriesDescription = {});

// The Series Description of a reviewer's consensus SEG, followed by the
// method: the review leaves such SEGs out of the annotators it compares.
constexpr const char* kConsensusDescription = "TGC Annotator consensus";

// STOW-RS; fails unless the server lists the SEG's SOP Instance UID as stored.
QFuture<PushResult> pushSeg(DicomWebClient& client, const PreparedSeg& seg);
// C-STORE (blocking).
PushResult pushSeg(const DimseClient& client, const PreparedSeg& seg, const QString& tempFolder);

} // namespace tgc::pacs
