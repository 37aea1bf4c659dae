// Which PACS to talk to and how: a DICOMweb root (http(s)://host:port/dicom-web)
// or a DIMSE address (dicom://AET@host:port). The password lives only in
// memory; display() never shows it.
#pragma once

#include <QString>
#include <QUrl>
#include <optional>

namespace tgc::pacs {

struct PacsServer {
    enum class Kind { DicomWeb, Dimse };
    Kind kind = Kind::DicomWeb;

    QUrl dicomWeb; // DICOMweb root, no trailing slash
    // Orthanc's REST root (counting, instance ids); derived from the DICOMweb
    // root by dropping its last path component, or given.
    QUrl rest;
    QString caFile; // PEM certificates trusted besides the system's (HTTPS)

    QString host; // DIMSE
    int port = 104;
    QString calledAet;
    QString callingAet = QStringLiteral("TGC_ANNOTATOR");
    // Where we receive a C-MOVE (the PACS must know our AE title at this
    // port); 0: no C-MOVE, C-GET only.
    int movePort = 0;

    QString user;
    QString password;
    int timeoutMs = 30000; // a request that stalls this long fails

    // The address as the user wrote it, without user or password: the name
    // every message and the case record use.
    QString display() const;
};

// Parses a server address; nullopt with *error set when it is neither form.
std::optional<PacsServer> parseServer(const QString& address, QString* error);

} // namespace tgc::pacs
