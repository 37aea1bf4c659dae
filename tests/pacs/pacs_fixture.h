// Test data for the PACS suites: phantom CT volumes written as DICOM series
// (the project's own generator and writer), the study's report as a Basic
// Text SR, and a real Orthanc loaded with them.
#pragma once

#include "../support/orthanc_server.h"
#include "dicomweb_client.h"
#include "image_writer.h"
#include "pacs_error.h"
#include "pacs_pull.h"
#include "pacs_push.h"
#include "part_writer.h"
#include "phantom/ct_phantom.h"
#include "sr_report.h"
#include "store/project.h"

#include <QDir>
#include <QTest>

namespace tgc::test {

struct PacsSeries {
    QStringList files;
    QString studyUid, seriesUid, patientId;
    LabelMap labels; // the phantom's organs on the series' grid
};

// The message of the PacsError a call throws; empty when it throws none.
template <class F> QString pacsFailure(F call) {
    try {
        call();
    } catch (const pacs::PacsError& e) {
        return e.message();
    }
    return {};
}

// A CT phantom as a DICOM series in dir.
inline PacsSeries writePhantomSeries(const QString& dir, int index, const QString& patientId,
                                     const QString& description,
                                     std::array<int, 3> dims = {40, 36, 10}) {
    const CtVolumePhantom phantom(CtVolumeOptions{dims, {0.8, 0.8, 2.5}});
    PhantomCase c = phantom.generate(17, index);
    DicomSeriesOptions o;
    o.patientId = patientId;
    o.patientName = QStringLiteral("PHANTOM^") + patientId;
    o.seriesDescription = description;
    o.studyDescription = QStringLiteral("phantom study");
    PacsSeries s;
    for (const QString& file : writeDicomSeries(c.image, dir, o))
        s.files << file;
    s.patientId = patientId;
    s.labels = c.labels;
    const pacs::DicomIds ids = pacs::readDicomIds(s.files.front(), nullptr);
    s.studyUid = ids.studyUid;
    s.seriesUid = ids.seriesUid;
    return s;
}

// The study's report as a verified Basic Text SR in the same study.
inline QString writeStudyReport(const QString& dir, const PacsSeries& series, const QString& text) {
    QDir().mkpath(dir);
    const QString path = dir + QStringLiteral("/report.dcm");
    pacs::writeTextSr(path, series.studyUid, series.patientId,
                      QStringLiteral("PHANTOM^") + series.patientId, text,
                      QStringLiteral("DOE^JANE^^Dr"), QStringLiteral("20240301"));
    return path;
}

// A series pulled into the project as the annotator's case, with this mask
// saved as its annotation, as the app leaves it before a push. Returns the
// case's id.
inline QString pulledCaseWithMask(Project& project, pacs::DicomWebClient& client,
                                  const QString& seriesUid, const LabelMap& mask,
                                  const QString& annotator) {
    const pacs::StagedSeries staged =
        pacs::wait(pacs::fetchSeries(client, project.root(), {}, seriesUid));
    const pacs::PullResult pulled =
        pacs::adoptStagedSeries(project, staged, client.server().display(), annotator);
    CaseRecord& c = *project.findCase(pulled.caseId);
    c.annotator = annotator;
    QDir().mkpath(project.caseFolder(c.id));
    writeNifti(mask, project.maskPath(c));
    project.save();
    return c.id;
}

// An annotator's SEG of a series on the server: pulled into a project of
// their own in folder, the mask saved as theirs and pushed, as the app does.
// Returns the SEG's series UID.
inline QString pushAnnotatorSeg(const pacs::PacsServer& server, const QString& seriesUid,
                                const LabelMap& mask, const QString& folder,
                                const QString& annotator) {
    pacs::DicomWebClient client(server);
    Project project = Project::create(folder);
    const QString caseId = pulledCaseWithMask(project, client, seriesUid, mask, annotator);
    return pacs::wait(pacs::pushSeg(client, pacs::prepareSeg(project, caseId))).segSeriesUid;
}

// The mask of one label of the phantom, and the same without the label's
// `columns` leftmost columns (smallest x) on every slice: two annotators who
// draw the same shape, one of them a little narrower.
inline std::pair<LabelMap, LabelMap> nearlyAgreeingMasks(const LabelMap& phantom,
                                                         std::uint8_t label, int columns) {
    const auto& d = phantom.geometry().dims;
    LabelMap a(phantom.geometry()), b(phantom.geometry());
    int left = d[0];
    for (std::size_t v = 0, n = phantom.geometry().voxelCount(); v < n; ++v)
        if (phantom.data()[v] == label)
            left = std::min(left, int(v % std::size_t(d[0])));
    for (std::size_t v = 0, n = phantom.geometry().voxelCount(); v < n; ++v) {
        a.data()[v] = phantom.data()[v] == label ? 1 : 0;
        b.data()[v] = a.data()[v] && int(v % std::size_t(d[0])) >= left + columns ? 1 : 0;
    }
    return {a, b};
}

} // namespace tgc::test
