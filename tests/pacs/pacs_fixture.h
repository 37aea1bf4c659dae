// Test data for the PACS suites: phantom CT volumes written as DICOM series
// (the project's own generator and writer), the study's report as a Basic
// Text SR, and a real Orthanc loaded with them.
#pragma once

#include "../support/orthanc_server.h"
#include "image_writer.h"
#include "part_writer.h"
#include "phantom/ct_phantom.h"
#include "sr_report.h"

#include <QDir>
#include <QTest>

namespace tgc::test {

struct PacsSeries {
    QStringList files;
    QString studyUid, seriesUid, patientId;
    LabelMap labels; // the phantom's organs on the series' grid
};

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

} // namespace tgc::test
