#include "dicom_seg_exporter.h"

#include "atomic_file.h"
#include "dicom_deidentify.h"
#include "export_staging.h"
#include "io_error.h"
#include "label_io.h"
#include "mask_provenance.h"
#include "seg_provenance.h"
#include "segment_codes.h"
#include "store/project.h"

#include <QFile>
#include <algorithm>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <memory>

#ifndef TGC_VERSION
#define TGC_VERSION "unknown"
#endif

namespace tgc {

namespace {

OFString ofs(const QString& text) {
    return OFString(text.toUtf8().constData());
}

OFString decimal(double v) {
    return OFString(QByteArray::number(v, 'g', 10).constData());
}

CodeSequenceMacro codeMacro(const Code& code) {
    return CodeSequenceMacro(ofs(code.value), ofs(code.scheme), ofs(code.meaning));
}

void check(const OFCondition& condition, const QString& path, const QString& what) {
    if (condition.bad())
        throw IoError(path, QStringLiteral("DICOM SEG: %1 failed (%2)")
                                .arg(what, QString::fromLatin1(condition.text())));
}

// Common Instance Reference module: the source series and every image a
// frame was derived from (PS3.3 C.12.2; the SEG shares the source's study).
void addReferencedSeries(DcmItem& dataset, const QString& seriesUid, const OFString& sopClass,
                         const std::vector<QString>& instances) {
    DcmItem* series = nullptr;
    if (dataset.findOrCreateSequenceItem(DCM_ReferencedSeriesSequence, series, -2).bad() || !series)
        return;
    series->putAndInsertString(DCM_SeriesInstanceUID, ofs(seriesUid).c_str());
    for (const QString& instance : instances) {
        DcmItem* item = nullptr;
        if (series->findOrCreateSequenceItem(DCM_ReferencedInstanceSequence, item, -2).good() &&
            item) {
            item->putAndInsertString(DCM_ReferencedSOPClassUID, sopClass.c_str());
            item->putAndInsertString(DCM_ReferencedSOPInstanceUID, ofs(instance).c_str());
        }
    }
}

const Label* findLabel(const std::vector<Label>& labels, int id) {
    const auto it =
        std::find_if(labels.begin(), labels.end(), [id](const Label& l) { return l.id == id; });
    return it == labels.end() ? nullptr : &*it;
}

// An empty binary SEG on the source's grid: equipment, content, the
// source's patient, study and frame of reference, shared geometry and the
// two dimensions (segment, position) its frames are indexed by.
std::unique_ptr<DcmSegmentation> newSegmentation(const VolumeGeometry& g, DcmDataset& source,
                                                 const QString& creator, const QString& path) {
    const IODGeneralEquipmentModule::EquipmentInfo equipment("TGC Annotator", "TGC Annotator", "1",
                                                             TGC_VERSION);
    const ContentIdentificationMacro content("1", "TGC_SEG", "Segmentation made with TGC Annotator",
                                             ofs(creator.left(64)));
    DcmSegmentation* created = nullptr;
    check(DcmSegmentation::createBinarySegmentation(created, Uint16(g.dims[1]), Uint16(g.dims[0]),
                                                    equipment, content),
          path, QStringLiteral("creating the segmentation"));
    std::unique_ptr<DcmSegmentation> seg(created);
    check(seg->importFromSourceImage(source), path,
          QStringLiteral("taking patient, study and frame of reference from the source"));
    seg->getSeries().setSeriesNumber("300");
    seg->getSeries().setSeriesDescription("TGC Annotator segmentation");

    // Pixel spacing is (between rows, between columns): y first.
    FGPixelMeasures measures;
    measures.setPixelSpacing(decimal(g.spacing[1]) + "\\" + decimal(g.spacing[0]));
    measures.setSliceThickness(decimal(g.spacing[2]));
    check(seg->addForAllFrames(measures), path, QStringLiteral("pixel measures"));
    FGPlaneOrientationPatient orientation;
    const auto& d = g.direction;
    orientation.setImageOrientationPatient(decimal(d[0]), decimal(d[1]), decimal(d[2]),
                                           decimal(d[3]), decimal(d[4]), decimal(d[5]));
    check(seg->addForAllFrames(orientation), path, QStringLiteral("plane orientation"));

    char uid[100];
    const OFString dimensionUid = dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
    IODMultiframeDimensionModule& dimensions = seg->getDimensions();
    check(dimensions.addDimensionIndex(DCM_ReferencedSegmentNumber, dimensionUid,
                                       DCM_SegmentIdentificationSequence,
                                       "ReferencedSegmentNumber"),
          path, QStringLiteral("dimension index"));
    check(dimensions.addDimensionIndex(DCM_ImagePositionPatient, dimensionUid,
                                       DCM_PlanePositionSequence, "ImagePositionPatient"),
          path, QStringLiteral("dimension index"));
    return seg;
}

// The accepted model proposal a mask began from: the model, and how much
// the annotator changed it (Dice from the thresholded proposal to the mask).
struct Assist {
    bool accepted = false;
    QString model;
    std::optional<double> dice;
};

Assist assistOf(const Project& project, const CaseRecord& record, const LabelMap& mask) {
    Assist a;
    for (const QJsonValue& v : maskProvenance(project, record, mask)) {
        const QJsonObject p = v.toObject();
        if (!p.value("accepted").toBool())
            continue;
        a.accepted = true;
        a.model = p.value("model").toString();
        if (p.contains("dice_vs_final"))
            a.dice = p.value("dice_vs_final").toDouble();
    }
    return a;
}

// Adds the segment of one label and returns its number. A mask that began
// as an accepted model proposal is semi-automatic, with the model named and,
// in the Segment Description, how much the annotator changed it: the team's
// agreement report reads both back from the PACS.
Uint16 addLabelSegment(DcmSegmentation& seg, int id, const Label* label, const Assist& assist,
                       const QString& path) {
    const bool modelAssisted = assist.accepted;
    const QString name =
        label && !label->name.isEmpty() ? label->name : QStringLiteral("label %1").arg(id);
    const SegmentCodes codes = segmentCodes(id, name);
    DcmSegment* segment = nullptr;
    check(DcmSegment::create(
              segment, ofs(name.left(64)), codeMacro(codes.category), codeMacro(codes.type),
              modelAssisted ? DcmSegTypes::SAT_SEMIAUTOMATIC : DcmSegTypes::SAT_MANUAL,
              modelAssisted ? ofs(QStringLiteral("TGC-Net %1").arg(assist.model).left(64))
                            : OFString()),
          path, QStringLiteral("segment '%1'").arg(name));
    if (assist.dice)
        segment->setSegmentDescription(ofs(QStringLiteral("%1 %2")
                                               .arg(QLatin1String(kProposalDiceText))
                                               .arg(*assist.dice, 0, 'f', 4)));
    const auto lab = dicomLabFromRgb(label ? label->colour : defaultLabelColour(id));
    segment->setRecommendedDisplayCIELabValue(lab[0], lab[1], lab[2]);
    Uint16 number = 0;
    if (seg.addSegment(segment, number).bad()) {
        delete segment;
        throw IoError(path, QStringLiteral("DICOM SEG: cannot add segment '%1'").arg(name));
    }
    return number;
}

// One frame per slice holding the label, placed in the patient, indexed by
// (segment, slice) and derived from that slice's source image; marks the
// slices it referenced.
void addLabelFrames(DcmSegmentation& seg, Uint16 number, int id, const ImageVolume& image,
                    const LabelMap& mask, const OFString& sopClass, const QString& path,
                    std::vector<bool>& referenced) {
    const VolumeGeometry& g = image.geometry();
    const std::size_t plane = g.sliceVoxelCount();
    std::vector<Uint8> frame(plane);
    for (int z = 0; z < g.dims[2]; ++z) {
        const std::uint8_t* slice = mask.slice(z);
        bool any = false;
        for (std::size_t i = 0; i < plane; ++i) {
            frame[i] = slice[i] == id ? 1 : 0;
            any = any || frame[i];
        }
        if (!any)
            continue;
        referenced[std::size_t(z)] = true;
        const auto p = g.indexToPatient(0, 0, z);
        FGPlanePosPatient position;
        position.setImagePositionPatient(decimal(p[0]), decimal(p[1]), decimal(p[2]));
        FGFrameContent frameContent;
        frameContent.setDimensionIndexValues(number, 0);
        frameContent.setDimensionIndexValues(Uint32(z + 1), 1);
        const QString& instance = image.sopInstanceUids[std::size_t(z)];
        ImageSOPInstanceReferenceMacro reference;
        reference.setReferencedSOPClassUID(sopClass);
        reference.setReferencedSOPInstanceUID(ofs(instance));
        std::unique_ptr<FGDerivationImage> derivation(DcmSegmentation::createDerivationImageFG(
            OFVector<ImageSOPInstanceReferenceMacro>(1, reference), "Segmentation"));
        if (!derivation)
            throw IoError(
                path, QStringLiteral("DICOM SEG: cannot reference source image %1").arg(instance));
        OFVector<FGBase*> perFrame;
        perFrame.push_back(&position);
        perFrame.push_back(&frameContent);
        perFrame.push_back(derivation.get());
        check(seg.addFrame(frame.data(), number, perFrame), path,
              QStringLiteral("frame %1 of label %2").arg(z).arg(id));
    }
}

} // namespace

DicomSegExporter::DicomSegExporter(const Project& project, const ExportOptions& options)
    : DatasetExporter(project, options) {}

QString DicomSegExporter::refuse(const CaseRecord& record) const {
    if (!record.sourceKind.startsWith(QLatin1String("dicom")))
        return QStringLiteral("not a DICOM source (%1): a DICOM SEG references DICOM images")
            .arg(record.sourceKind.isEmpty() ? QStringLiteral("unknown kind") : record.sourceKind);
    return {};
}

QStringList DicomSegExporter::writeCase(const ExportedCase& data) {
    const ImageVolume& image = data.image;
    const CaseRecord& record = *data.planned->record;
    if (data.labels.empty())
        throw CaseSkipped{QStringLiteral("the mask is empty: a DICOM SEG needs a segment")};
    if (image.sopInstanceUids.size() != std::size_t(image.dims()[2]))
        throw CaseSkipped{QStringLiteral("the source's images cannot be matched to its slices")};
    for (std::size_t z = 1; z < image.sopInstanceUids.size(); ++z)
        if (image.sopInstanceUids[z] == image.sopInstanceUids[0])
            throw CaseSkipped{QStringLiteral("a multi-frame DICOM source: the SEG export "
                                             "references one image per slice only")};
    const QString relative = QStringLiteral("seg/%1.dcm").arg(data.planned->exportName);
    const QString path = staging().path(relative);

    DcmFileFormat source;
    const QString firstSource = record.sources.front();
    check(source.loadFile(QFile::encodeName(firstSource).constData()), firstSource,
          QStringLiteral("reading the source"));
    OFString sopClass;
    source.getDataset()->findAndGetOFString(DCM_SOPClassUID, sopClass);
    // Content Creator's Name is emptied by the confidentiality profile.
    std::unique_ptr<DcmSegmentation> seg =
        newSegmentation(image.geometry(), *source.getDataset(),
                        options().deidentify ? QString() : record.annotator, path);

    const Assist assist = assistOf(project(), record, data.mask);
    std::vector<bool> referenced(std::size_t(image.dims()[2]), false);
    for (int id : data.labels) {
        const Uint16 number =
            addLabelSegment(*seg, id, findLabel(project().labels, id), assist, path);
        addLabelFrames(*seg, number, id, image, data.mask, sopClass, path, referenced);
    }

    DcmFileFormat out;
    check(seg->writeDataset(*out.getDataset()), path, QStringLiteral("building the dataset"));
    std::vector<QString> instances;
    for (std::size_t z = 0; z < referenced.size(); ++z)
        if (referenced[z])
            instances.push_back(image.sopInstanceUids[z]);
    addReferencedSeries(*out.getDataset(), image.seriesInstanceUid, sopClass, instances);
    if (options().deidentify)
        applyBasicProfile(*out.getDataset(), data.planned->exportName, deidentifier());
    check(out.saveFile(QFile::encodeName(path).constData(), EXS_LittleEndianExplicit,
                       EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0, 0, EWM_createNewMeta),
          path, QStringLiteral("writing"));
    return {relative};
}

} // namespace tgc
