#include "dimse_client.h"

#include "pacs_error.h"
#include "pacs_uid.h"

#include <QDir>
#include <QFile>
#include <QtConcurrent/QtConcurrentRun>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/dstorscp.h>
#include <dcmtk/dcmnet/scu.h>
#include <dcmtk/oflog/oflog.h>
#include <functional>
#include <mutex>
#include <thread>

namespace tgc::pacs {

namespace {

OFList<OFString> transferSyntaxes() {
    OFList<OFString> ts;
    ts.push_back(UID_LittleEndianExplicitTransferSyntax);
    ts.push_back(UID_LittleEndianImplicitTransferSyntax);
    return ts;
}

QString text(const OFCondition& c) {
    return QString::fromLatin1(c.text());
}

// A C-GET session that names each received file by its checked SOP Instance
// UID: DcmSCU's own naming would put a server-chosen string into a path.
class GetScu : public DcmSCU {
public:
    QString folder;
    const std::atomic_bool* cancel = nullptr;
    std::function<void(int)> progress;
    RetrieveResult result;
    QString refused;

protected:
    OFString createStorageFilename(DcmDataset* dataset) override {
        OFString uid;
        dataset->findAndGetOFString(DCM_SOPInstanceUID, uid);
        const QString sop = QString::fromLatin1(uid.c_str()).trimmed();
        if (!isValidUid(sop)) {
            refused = QStringLiteral("an object with the SOP Instance UID '%1', not a valid UID")
                          .arg(sop.left(80));
            return OFString();
        }
        result.sopInstanceUids << sop;
        ++result.files;
        return OFString(
            QFile::encodeName(QDir(folder).filePath(sop + QStringLiteral(".dcm"))).constData());
    }
    OFCondition handleCGETResponse(const T_ASC_PresentationContextID presID,
                                   RetrieveResponse* response, OFBool& more) override {
        const OFCondition c = DcmSCU::handleCGETResponse(presID, response, more);
        if (progress)
            progress(result.files);
        if (cancel && cancel->load())
            more = OFFalse;
        return c;
    }
};

// The receiving end of a C-MOVE: files are named by their checked SOP
// Instance UID; the listener stops once the move is answered.
class MoveReceiver : public DcmStorageSCP {
public:
    QString folder;
    std::atomic_bool stop{false};
    std::mutex lock;
    RetrieveResult result;
    QString refused;

protected:
    OFBool stopAfterConnectionTimeout() override { return stop.load(); }
    OFCondition generateDirAndFilename(OFString& filename, OFString& directory,
                                       OFString& sopClassUid, OFString& sopInstanceUid,
                                       DcmDataset* dataset) override {
        const OFCondition c = DcmStorageSCP::generateDirAndFilename(
            filename, directory, sopClassUid, sopInstanceUid, dataset);
        const QString sop = QString::fromLatin1(sopInstanceUid.c_str()).trimmed();
        std::lock_guard<std::mutex> guard(lock);
        if (c.bad() || !isValidUid(sop)) {
            refused = QStringLiteral("an object with the SOP Instance UID '%1', not a valid UID")
                          .arg(sop.left(80));
            return EC_InvalidValue;
        }
        directory = QFile::encodeName(folder).constData();
        filename =
            QFile::encodeName(QDir(folder).filePath(sop + QStringLiteral(".dcm"))).constData();
        result.sopInstanceUids << sop;
        ++result.files;
        return EC_Normal;
    }
};

class Association {
public:
    Association(DcmSCU& scu, const PacsServer& server, const QStringList& abstractSyntaxes,
                bool storageScp = false)
        : m_scu(scu), m_name(server.display()) {
        scu.setAETitle(server.callingAet.toLatin1().constData());
        scu.setPeerAETitle(server.calledAet.toLatin1().constData());
        scu.setPeerHostName(server.host.toLatin1().constData());
        scu.setPeerPort(Uint16(server.port));
        const Uint32 seconds = Uint32(std::max(1, server.timeoutMs / 1000));
        scu.setACSETimeout(seconds);
        scu.setDIMSEBlockingMode(DIMSE_NONBLOCKING);
        scu.setDIMSETimeout(seconds);
        scu.setConnectionTimeout(Sint32(seconds));
        for (const QString& uid : abstractSyntaxes)
            scu.addPresentationContext(uid.toLatin1().constData(), transferSyntaxes());
        if (storageScp)
            for (int i = 0; i < numberOfDcmLongSCUStorageSOPClassUIDs; ++i)
                scu.addPresentationContext(dcmLongSCUStorageSOPClassUIDs[i], transferSyntaxes(),
                                           ASC_SC_ROLE_SCP);
        check(scu.initNetwork(), QStringLiteral("starting the network"));
        check(scu.negotiateAssociation(), QStringLiteral("association refused or unreachable"));
    }
    ~Association() {
        if (m_scu.isConnected())
            m_scu.releaseAssociation();
    }

    T_ASC_PresentationContextID context(const char* abstractSyntax) const {
        const T_ASC_PresentationContextID id = m_scu.findPresentationContextID(abstractSyntax, "");
        if (id == 0)
            throw PacsError(QStringLiteral("server %1 accepts no %2 here")
                                .arg(m_name, QString::fromLatin1(dcmFindNameOfUID(
                                                 abstractSyntax, abstractSyntax))));
        return id;
    }
    void check(const OFCondition& c, const QString& what) const {
        if (c.bad())
            throw PacsError(QStringLiteral("server %1: %2 (%3)").arg(m_name, what, text(c)));
    }

private:
    DcmSCU& m_scu;
    QString m_name;
};

QString value(DcmDataset* d, const DcmTagKey& tag) {
    OFString v;
    if (d)
        d->findAndGetOFStringArray(tag, v);
    return QString::fromLatin1(v.c_str()).trimmed().left(1024);
}

void putKey(DcmDataset& q, const DcmTagKey& tag, const QString& v = {}) {
    q.putAndInsertString(tag, v.toLatin1().constData());
}

std::vector<DcmDataset> find(const PacsServer& server, DcmDataset& query) {
    DcmSCU scu;
    Association a(scu, server,
                  {QString::fromLatin1(UID_FINDStudyRootQueryRetrieveInformationModel)});
    OFList<QRResponse*> responses;
    const OFCondition c = scu.sendFINDRequest(
        a.context(UID_FINDStudyRootQueryRetrieveInformationModel), &query, &responses);
    std::vector<DcmDataset> out;
    Uint16 failure = 0;
    for (QRResponse* r : responses) {
        if (r->m_dataset && out.size() < std::size_t(kMaxQidoEntries))
            out.push_back(*r->m_dataset);
        if (r->m_status != 0 && r->m_status != 0xFF00 && r->m_status != 0xFF01)
            failure = r->m_status;
        delete r;
    }
    a.check(c, QStringLiteral("C-FIND failed"));
    if (failure)
        throw PacsError(QStringLiteral("server %1: C-FIND answered status 0x%2")
                            .arg(server.display())
                            .arg(failure, 4, 16, QLatin1Char('0')));
    return out;
}

DcmDataset seriesQuery(const SeriesQuery& query, const char* level) {
    DcmDataset q;
    putKey(q, DCM_QueryRetrieveLevel, QLatin1String(level));
    putKey(q, DCM_StudyInstanceUID, query.studyUid);
    putKey(q, DCM_PatientID, query.patientId);
    putKey(q, DCM_PatientName);
    putKey(q, DCM_AccessionNumber, query.accession);
    QString dates;
    if (query.from.isValid() || query.to.isValid())
        dates = query.from.toString(QStringLiteral("yyyyMMdd")) + QLatin1Char('-') +
                query.to.toString(QStringLiteral("yyyyMMdd"));
    putKey(q, DCM_StudyDate, dates);
    return q;
}

} // namespace

DimseClient::DimseClient(const PacsServer& server) : m_server(server) {
    // DCMTK's network modules log every association at INFO once its storage
    // SCP is linked in; a client reports through its errors instead.
    static std::once_flag quiet;
    std::call_once(quiet, [] { OFLog::configure(OFLogger::WARN_LOG_LEVEL); });
    if (server.kind != PacsServer::Kind::Dimse)
        throw PacsError(server.display() + QStringLiteral(": not a DICOM (DIMSE) address"));
}

void DimseClient::echo() const {
    DcmSCU scu;
    Association a(scu, m_server, {QString::fromLatin1(UID_VerificationSOPClass)});
    a.check(scu.sendECHORequest(a.context(UID_VerificationSOPClass)),
            QStringLiteral("C-ECHO failed"));
}

std::vector<StudyEntry> DimseClient::findStudies(const SeriesQuery& query) const {
    DcmDataset q = seriesQuery(query, "STUDY");
    putKey(q, DCM_StudyDescription);
    putKey(q, DCM_ModalitiesInStudy, query.modality);
    std::vector<StudyEntry> out;
    for (DcmDataset& d : find(m_server, q)) {
        StudyEntry e;
        e.studyUid = value(&d, DCM_StudyInstanceUID);
        if (!isValidUid(e.studyUid))
            throw PacsError(QStringLiteral("server %1: a study with the UID '%2', not a valid UID")
                                .arg(m_server.display(), e.studyUid.left(80)));
        e.patientId = value(&d, DCM_PatientID);
        e.patientName = value(&d, DCM_PatientName);
        e.studyDate = value(&d, DCM_StudyDate).left(8);
        e.description = value(&d, DCM_StudyDescription);
        e.accession = value(&d, DCM_AccessionNumber);
        e.modalities =
            value(&d, DCM_ModalitiesInStudy).split(QLatin1Char('\\'), Qt::SkipEmptyParts);
        out.push_back(e);
    }
    return out;
}

std::vector<SeriesEntry> DimseClient::findSeries(const SeriesQuery& query) const {
    DcmDataset q = seriesQuery(query, "SERIES");
    putKey(q, DCM_SeriesInstanceUID, query.seriesUid);
    putKey(q, DCM_Modality, query.modality);
    putKey(q, DCM_SeriesDescription,
           query.description.isEmpty() ? QString() : descriptionPattern(query.description));
    putKey(q, DCM_NumberOfSeriesRelatedInstances);
    std::vector<SeriesEntry> out;
    for (DcmDataset& d : find(m_server, q)) {
        SeriesEntry e;
        e.studyUid = value(&d, DCM_StudyInstanceUID);
        e.seriesUid = value(&d, DCM_SeriesInstanceUID);
        if (!isValidUid(e.studyUid) || !isValidUid(e.seriesUid))
            throw PacsError(QStringLiteral("server %1: a series with the UID '%2', not a valid UID")
                                .arg(m_server.display(),
                                     (isValidUid(e.studyUid) ? e.seriesUid : e.studyUid).left(80)));
        e.modality = value(&d, DCM_Modality).left(16);
        e.description = value(&d, DCM_SeriesDescription);
        e.patientId = value(&d, DCM_PatientID);
        e.patientName = value(&d, DCM_PatientName);
        e.studyDate = value(&d, DCM_StudyDate).left(8);
        bool ok = false;
        const int n = value(&d, DCM_NumberOfSeriesRelatedInstances).toInt(&ok);
        e.instances = ok ? n : -1;
        out.push_back(e);
    }
    return pageOf(out, query);
}

std::vector<SeriesEntry> pageOf(const std::vector<SeriesEntry>& all, const SeriesQuery& query) {
    const std::size_t from = std::min(all.size(), std::size_t(std::max(0, query.offset)));
    const std::size_t to =
        query.limit > 0 ? std::min(all.size(), from + std::size_t(query.limit)) : all.size();
    return std::vector<SeriesEntry>(all.begin() + std::ptrdiff_t(from),
                                    all.begin() + std::ptrdiff_t(to));
}

std::vector<InstanceEntry> DimseClient::findInstances(const QString& studyUid,
                                                      const QString& seriesUid) const {
    SeriesQuery query;
    query.studyUid = studyUid;
    DcmDataset q = seriesQuery(query, "IMAGE");
    putKey(q, DCM_SeriesInstanceUID, seriesUid);
    putKey(q, DCM_SOPInstanceUID);
    putKey(q, DCM_SOPClassUID);
    putKey(q, DCM_InstanceNumber);
    std::vector<InstanceEntry> out;
    for (DcmDataset& d : find(m_server, q)) {
        InstanceEntry e;
        e.sopInstanceUid = value(&d, DCM_SOPInstanceUID);
        if (!isValidUid(e.sopInstanceUid))
            throw PacsError(
                QStringLiteral("server %1: an instance with the UID '%2', not a valid UID")
                    .arg(m_server.display(), e.sopInstanceUid.left(80)));
        e.sopClassUid = value(&d, DCM_SOPClassUID);
        e.number = value(&d, DCM_InstanceNumber).toInt();
        out.push_back(e);
    }
    return out;
}

RetrieveResult DimseClient::getSeries(const QString& studyUid, const QString& seriesUid,
                                      const QString& folder, const std::atomic_bool* cancel,
                                      const QStringList& instances,
                                      const std::function<void(int)>& progress) const {
    if (!isValidUid(studyUid) || !isValidUid(seriesUid))
        throw PacsError(QStringLiteral("'%1' / '%2' are not valid study and series UIDs")
                            .arg(studyUid.left(80), seriesUid.left(80)));
    for (const QString& uid : instances)
        if (!isValidUid(uid))
            throw PacsError(
                QStringLiteral("'%1' is not a valid SOP Instance UID").arg(uid.left(80)));
    GetScu scu;
    scu.folder = folder;
    scu.cancel = cancel;
    scu.progress = progress;
    scu.setStorageMode(DCMSCU_STORAGE_DISK);
    scu.setStorageDir(QFile::encodeName(folder).constData());
    Association a(scu, m_server,
                  {QString::fromLatin1(UID_GETStudyRootQueryRetrieveInformationModel)}, true);
    // The whole series in one request, or the instances asked for one by
    // one over the same association (what an interrupted pull still lacks).
    const QStringList each = instances.isEmpty() ? QStringList{QString()} : instances;
    for (const QString& instance : each) {
        if (cancel && cancel->load())
            break;
        DcmDataset q;
        putKey(q, DCM_QueryRetrieveLevel,
               instance.isEmpty() ? QStringLiteral("SERIES") : QStringLiteral("IMAGE"));
        putKey(q, DCM_StudyInstanceUID, studyUid);
        putKey(q, DCM_SeriesInstanceUID, seriesUid);
        if (!instance.isEmpty())
            putKey(q, DCM_SOPInstanceUID, instance);
        OFList<RetrieveResponse*> responses;
        const OFCondition c = scu.sendCGETRequest(
            a.context(UID_GETStudyRootQueryRetrieveInformationModel), &q, &responses);
        Uint16 status = 0;
        for (RetrieveResponse* r : responses) {
            status = r->m_status;
            delete r;
        }
        if (!scu.refused.isEmpty())
            throw PacsError(
                QStringLiteral("server %1: C-GET sent %2").arg(m_server.display(), scu.refused));
        a.check(c, QStringLiteral("C-GET failed"));
        if (status != 0 && status != 0xB000)
            throw PacsError(QStringLiteral("server %1: C-GET ended with status 0x%2")
                                .arg(m_server.display())
                                .arg(status, 4, 16, QLatin1Char('0')));
    }
    for (const QString& uid : scu.result.sopInstanceUids)
        scu.result.bytes += QFileInfo(QDir(folder).filePath(uid + QStringLiteral(".dcm"))).size();
    return scu.result;
}

RetrieveResult DimseClient::moveSeries(const QString& studyUid, const QString& seriesUid,
                                       const QString& folder) const {
    if (!isValidUid(studyUid) || !isValidUid(seriesUid))
        throw PacsError(QStringLiteral("'%1' / '%2' are not valid study and series UIDs")
                            .arg(studyUid.left(80), seriesUid.left(80)));
    if (m_server.movePort <= 0)
        throw PacsError(QStringLiteral("server %1: C-MOVE needs the port the PACS sends to "
                                       "(--move-port)")
                            .arg(m_server.display()));
    MoveReceiver receiver;
    receiver.folder = folder;
    receiver.setPort(Uint16(m_server.movePort));
    receiver.setAETitle(m_server.callingAet.toLatin1().constData());
    receiver.setConnectionBlockingMode(DUL_NOBLOCK);
    receiver.setConnectionTimeout(1);
    receiver.setOutputDirectory(QFile::encodeName(folder).constData());
    OFList<OFString> syntaxes = transferSyntaxes();
    for (int i = 0; i < numberOfDcmLongSCUStorageSOPClassUIDs; ++i)
        receiver.addPresentationContext(dcmLongSCUStorageSOPClassUIDs[i], syntaxes);
    OFCondition listening = EC_Normal;
    std::thread listener([&] { listening = receiver.listen(); });
    auto finishListening = [&] {
        receiver.stop = true;
        if (listener.joinable())
            listener.join();
    };
    struct Join {
        std::function<void()> run;
        ~Join() { run(); }
    } join{finishListening};
    // Give the listener its port before the PACS connects to it.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));

    DcmSCU scu;
    Association a(scu, m_server,
                  {QString::fromLatin1(UID_MOVEStudyRootQueryRetrieveInformationModel)});
    DcmDataset q;
    putKey(q, DCM_QueryRetrieveLevel, QStringLiteral("SERIES"));
    putKey(q, DCM_StudyInstanceUID, studyUid);
    putKey(q, DCM_SeriesInstanceUID, seriesUid);
    OFList<RetrieveResponse*> responses;
    const OFCondition c =
        scu.sendMOVERequest(a.context(UID_MOVEStudyRootQueryRetrieveInformationModel),
                            m_server.callingAet.toLatin1().constData(), &q, &responses);
    Uint16 status = 0;
    for (RetrieveResponse* r : responses) {
        status = r->m_status;
        delete r;
    }
    a.check(c, QStringLiteral("C-MOVE failed"));
    finishListening();
    if (listening.bad() && receiver.result.files == 0)
        throw PacsError(QStringLiteral("server %1: cannot receive the C-MOVE on port %2 (%3)")
                            .arg(m_server.display())
                            .arg(m_server.movePort)
                            .arg(text(listening)));
    if (!receiver.refused.isEmpty())
        throw PacsError(
            QStringLiteral("server %1: C-MOVE sent %2").arg(m_server.display(), receiver.refused));
    if (status != 0 && status != 0xB000)
        throw PacsError(QStringLiteral("server %1: C-MOVE ended with status 0x%2")
                            .arg(m_server.display())
                            .arg(status, 4, 16, QLatin1Char('0')));
    for (const QString& uid : receiver.result.sopInstanceUids)
        receiver.result.bytes +=
            QFileInfo(QDir(folder).filePath(uid + QStringLiteral(".dcm"))).size();
    return receiver.result;
}

RetrieveResult DimseClient::retrieveSeries(const QString& studyUid, const QString& seriesUid,
                                           const QString& folder, const std::atomic_bool* cancel,
                                           const QStringList& instances,
                                           const std::function<void(int)>& progress) const {
    try {
        return getSeries(studyUid, seriesUid, folder, cancel, instances, progress);
    } catch (const PacsError& e) {
        // C-MOVE moves the whole series: what was staged is received again.
        if (m_server.movePort <= 0)
            throw;
        try {
            return moveSeries(studyUid, seriesUid, folder);
        } catch (const PacsError& move) {
            throw PacsError(e.message() + QStringLiteral("; C-MOVE: ") + move.message());
        }
    }
}

void DimseClient::store(const QString& file) const {
    DcmFileFormat dicom;
    if (dicom.loadFile(QFile::encodeName(file).constData()).bad())
        throw PacsError(file + QStringLiteral(": not a readable DICOM file"));
    OFString sopClass;
    dicom.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPClassUID, sopClass);
    DcmSCU scu;
    Association a(scu, m_server, {QString::fromLatin1(sopClass.c_str())});
    Uint16 status = 0;
    a.check(
        scu.sendSTORERequest(a.context(sopClass.c_str()), OFFilename(), dicom.getDataset(), status),
        QStringLiteral("C-STORE of %1 failed").arg(file));
    // 0xB000-0xBFFF are warnings: the object is stored.
    if (status != 0 && (status & 0xF000) != 0xB000)
        throw PacsError(QStringLiteral("server %1 refused %2 (C-STORE status 0x%3)")
                            .arg(m_server.display(), file)
                            .arg(status, 4, 16, QLatin1Char('0')));
}

QFuture<void> echoAsync(const DimseClient& client) {
    return QtConcurrent::run([client] { client.echo(); });
}

QFuture<std::vector<SeriesEntry>> findSeriesAsync(const DimseClient& client,
                                                  const SeriesQuery& query) {
    return QtConcurrent::run([client, query] { return client.findSeries(query); });
}

} // namespace tgc::pacs
