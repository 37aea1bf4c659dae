#include "dicom_header.h"

#include "dicom_codecs.h"
#include "dicom_jpeg2000.h"
#include "io_error.h"

#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

namespace tgc {

namespace {

// Element values above this size (the pixel data) stay on disk until read.
constexpr Uint32 kLazyLoadThreshold = 1024;

QString stringOf(DcmItem* item, const DcmTagKey& tag) {
    OFString value;
    if (item && item->findAndGetOFString(tag, value).good())
        return QString::fromLatin1(value.c_str()).trimmed();
    return {};
}

template <std::size_t N>
std::optional<std::array<double, N>> doublesOf(DcmItem* item, const DcmTagKey& tag) {
    if (!item)
        return std::nullopt;
    std::array<double, N> values{};
    for (std::size_t i = 0; i < N; ++i) {
        Float64 v = 0;
        if (item->findAndGetFloat64(tag, v, static_cast<unsigned long>(i)).bad())
            return std::nullopt;
        values[i] = v;
    }
    return values;
}

std::optional<double> doubleOf(DcmItem* item, const DcmTagKey& tag) {
    const auto v = doublesOf<1>(item, tag);
    if (v)
        return (*v)[0];
    return std::nullopt;
}

int intOf(DcmItem* item, const DcmTagKey& tag, int fallback) {
    Sint32 value = 0;
    if (item && item->findAndGetSint32(tag, value).good())
        return value;
    Uint16 u = 0;
    if (item && item->findAndGetUint16(tag, u).good())
        return u;
    return fallback;
}

DcmItem* firstItem(DcmItem* parent, const DcmTagKey& sequence) {
    DcmItem* item = nullptr;
    if (parent && parent->findAndGetSequenceItem(sequence, item, 0).good())
        return item;
    return nullptr;
}

// Functional group values (enhanced multi-frame objects) override the classic attributes.
void readFunctionalGroup(DcmItem* group, DicomFileHeader& header, DicomFramePlacement* placement) {
    if (!group)
        return;
    if (auto iop = doublesOf<6>(firstItem(group, DCM_PlaneOrientationSequence),
                                DCM_ImageOrientationPatient))
        header.orientation = iop;
    if (DcmItem* measures = firstItem(group, DCM_PixelMeasuresSequence)) {
        if (auto ps = doublesOf<2>(measures, DCM_PixelSpacing))
            header.pixelSpacing = ps;
        if (auto s = doubleOf(measures, DCM_SpacingBetweenSlices))
            header.sliceSpacing = s;
        else if (auto t = doubleOf(measures, DCM_SliceThickness))
            header.sliceSpacing = t;
    }
    if (DcmItem* voi = firstItem(group, DCM_FrameVOILUTSequence)) {
        const auto c = doubleOf(voi, DCM_WindowCenter);
        const auto w = doubleOf(voi, DCM_WindowWidth);
        if (c && w && *w > 0)
            header.window = WindowLevel{*c, *w};
    }
    if (placement) {
        if (auto ipp =
                doublesOf<3>(firstItem(group, DCM_PlanePositionSequence), DCM_ImagePositionPatient))
            placement->position = ipp;
        if (DcmItem* pvt = firstItem(group, DCM_PixelValueTransformationSequence)) {
            if (auto s = doubleOf(pvt, DCM_RescaleSlope))
                placement->slope = *s;
            if (auto i = doubleOf(pvt, DCM_RescaleIntercept))
                placement->intercept = *i;
        }
    }
}

QString describeLoadFailure(const QString& path, const OFCondition& status) {
    const qint64 size = QFileInfo(path).size();
    const QString detail = QString::fromLatin1(status.text());
    if (status == EC_StreamNotifyClient || status == EC_PrematureSequDelimitationItem ||
        status == EC_SequEnd || status == EC_ItemEnd)
        return QStringLiteral(
                   "truncated file: the DICOM data ends before the elements it announces (%1 bytes "
                   "on disk; DCMTK: %2)")
            .arg(size)
            .arg(detail);
    // DCMTK reports a stream that stops inside an element header as an invalid stream.
    if (status == EC_InvalidStream && hasDicomPreamble(path))
        return QStringLiteral(
                   "truncated or damaged file: the DICOM data stops inside an element (%1 bytes on "
                   "disk; DCMTK: %2)")
            .arg(size)
            .arg(detail);
    return QStringLiteral("not a readable DICOM file (DCMTK: %1)").arg(detail);
}

// Some writers put an Implicit VR data set behind a meta header that names a compressed
// (hence explicit VR) transfer syntax. Parsed as implicit VR, the data set keeps its
// fragments; they are filed again under the syntax the meta header names, whose codec
// decodes them. Returns null when the file is not such a case.
std::shared_ptr<DcmFileFormat> readImplicitBehindEncapsulatedMeta(const QString& path,
                                                                  QString* syntaxName) {
    const QByteArray native = QFile::encodeName(path);
    DcmMetaInfo meta;
    if (meta.loadFile(OFFilename(native.constData())).bad())
        return nullptr;
    OFString uid;
    Uint32 groupLength = 0;
    if (meta.findAndGetOFString(DCM_TransferSyntaxUID, uid).bad() ||
        meta.findAndGetUint32(DCM_FileMetaInformationGroupLength, groupLength).bad())
        return nullptr;
    const DcmXfer named(uid.c_str());
    if (!named.isEncapsulated())
        return nullptr;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return nullptr;
    const QByteArray bytes = file.readAll();
    // Preamble, "DICM", the group length element (12 bytes), then the rest of the meta group.
    const qint64 start = 128 + 4 + 12 + qint64(groupLength);
    if (start >= bytes.size())
        return nullptr;
    DcmInputBufferStream stream;
    stream.setBuffer(bytes.constData() + start, offile_off_t(bytes.size() - start));
    stream.setEos();
    auto* dataset = new DcmDataset;
    auto recovered = std::make_shared<DcmFileFormat>(dataset, OFFalse);
    dataset->transferInit();
    const OFCondition status = dataset->read(stream, EXS_LittleEndianImplicit);
    dataset->transferEnd();
    DcmElement* element = nullptr;
    dataset->findAndGetElement(DCM_PixelData, element);
    auto* pixels = dynamic_cast<DcmPixelData*>(element);
    E_TransferSyntax key = EXS_Unknown;
    const DcmRepresentationParameter* parameter = nullptr;
    DcmPixelSequence* fragments = nullptr;
    if (status.bad() || !pixels)
        return nullptr;
    pixels->getOriginalRepresentationKey(key, parameter);
    if (pixels->getEncapsulatedRepresentation(key, parameter, fragments).bad() || !fragments)
        return nullptr;
    auto* refiled = new DcmPixelData(DCM_PixelData);
    refiled->putOriginalRepresentation(named.getXfer(), nullptr, new DcmPixelSequence(*fragments));
    dataset->findAndDeleteElement(DCM_PixelData);
    if (dataset->insert(refiled, OFTrue).bad()) {
        delete refiled;
        return nullptr;
    }
    dataset->updateOriginalXfer();
    *syntaxName = QString::fromLatin1(named.getXferName());
    return recovered;
}

// A damaged Number of Frames must not make the reader allocate per-frame state for frames
// the file cannot hold: uncompressed frames need their bytes, and every compressed frame
// has at least one fragment of its own.
void requirePlausibleFrameCount(const DicomFileHeader& header, DcmElement& element) {
    if (header.frames <= 1)
        return;
    double possible = 0;
    if (header.encapsulated) {
        auto* pixels = dynamic_cast<DcmPixelData*>(&element);
        E_TransferSyntax syntax = EXS_Unknown;
        const DcmRepresentationParameter* parameter = nullptr;
        DcmPixelSequence* fragments = nullptr;
        if (!pixels)
            return;
        pixels->getOriginalRepresentationKey(syntax, parameter);
        if (pixels->getEncapsulatedRepresentation(syntax, parameter, fragments).bad() || !fragments)
            return;
        possible = fragments->card() > 0 ? double(fragments->card() - 1) : 0.0;
    } else {
        const double frameBits = double(header.rows) * double(header.columns) *
                                 double(std::max(1, header.samplesPerPixel)) *
                                 double(std::max(1, header.bitsAllocated));
        if (frameBits <= 0)
            return;
        possible = std::floor(double(element.getLength()) * 8.0 / frameBits);
    }
    if (double(header.frames) > possible)
        throw IoError(header.path,
                      QStringLiteral("truncated or damaged file: Number of Frames is %1, but the "
                                     "pixel data holds at most %2 frame(s)")
                          .arg(header.frames)
                          .arg(possible, 0, 'f', 0));
}

} // namespace

bool hasDicomPreamble(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(128))
        return false;
    return file.read(4) == "DICM";
}

QString sopClassName(const QString& uid) {
    const QByteArray latin = uid.toLatin1();
    const char* name = dcmFindNameOfUID(latin.constData(), nullptr);
    if (!name)
        return QStringLiteral("SOP class %1").arg(uid.isEmpty() ? QStringLiteral("(none)") : uid);
    // "BasicTextSRStorage" -> "Basic Text SR Storage"
    QString spaced;
    const QString raw = QString::fromLatin1(name);
    for (int i = 0; i < raw.size(); ++i) {
        const QChar c = raw[i];
        const bool boundary =
            i > 0 && c.isUpper() &&
            (raw[i - 1].isLower() || (i + 1 < raw.size() && raw[i + 1].isLower()));
        if (boundary)
            spaced += QLatin1Char(' ');
        spaced += c;
    }
    return QStringLiteral("%1 (%2)").arg(spaced, uid);
}

DicomFileHeader readDicomHeader(const QString& path) {
    ensureDicomDecoders();
    DicomFileHeader header;
    header.path = path;
    header.file = std::make_shared<DcmFileFormat>();
    const QByteArray native = QFile::encodeName(path);
    const OFCondition status =
        header.file->loadFile(OFFilename(native.constData()), EXS_Unknown, EGL_noChange,
                              kLazyLoadThreshold, ERM_autoDetect);
    if (status.bad()) {
        QString named;
        if (status == EC_StreamNotifyClient && hasDicomPreamble(path))
            header.file = readImplicitBehindEncapsulatedMeta(path, &named);
        if (!header.file || named.isEmpty())
            throw IoError(path, describeLoadFailure(path, status));
        header.repair = QStringLiteral("the data set is encoded in Implicit VR Little Endian, "
                                       "not in the %1 its meta header names; read as such")
                            .arg(named);
    }

    DcmDataset* data = header.file->getDataset();
    DcmMetaInfo* meta = header.file->getMetaInfo();
    header.sopClassUid = stringOf(data, DCM_SOPClassUID);
    if (header.sopClassUid.isEmpty())
        header.sopClassUid = stringOf(meta, DCM_MediaStorageSOPClassUID);
    header.sopInstanceUid = stringOf(data, DCM_SOPInstanceUID);
    header.transferSyntaxUid = QString::fromLatin1(DcmXfer(data->getOriginalXfer()).getXferID());
    header.modality = stringOf(data, DCM_Modality);
    header.seriesInstanceUid = stringOf(data, DCM_SeriesInstanceUID);
    header.seriesDescription = stringOf(data, DCM_SeriesDescription);
    header.studyInstanceUid = stringOf(data, DCM_StudyInstanceUID);
    header.frameOfReferenceUid = stringOf(data, DCM_FrameOfReferenceUID);
    header.patientId = stringOf(data, DCM_PatientID);
    header.patientName = stringOf(data, DCM_PatientName);
    header.photometric = stringOf(data, DCM_PhotometricInterpretation).toUpper();
    header.rows = intOf(data, DCM_Rows, 0);
    header.columns = intOf(data, DCM_Columns, 0);
    header.samplesPerPixel = intOf(data, DCM_SamplesPerPixel, 1);
    header.bitsAllocated = intOf(data, DCM_BitsAllocated, 0);
    header.bitsStored = intOf(data, DCM_BitsStored, header.bitsAllocated);
    header.pixelSigned = intOf(data, DCM_PixelRepresentation, 0) == 1;
    header.frames = std::max(1, intOf(data, DCM_NumberOfFrames, 1));
    header.hasInstanceNumber = data->tagExistsWithValue(DCM_InstanceNumber);
    header.instanceNumber = intOf(data, DCM_InstanceNumber, 0);

    DcmElement* pixels = nullptr;
    if (data->findAndGetElement(DCM_PixelData, pixels).good() && pixels) {
        header.hasPixelData = true;
        header.encapsulated = DcmXfer(data->getOriginalXfer()).isEncapsulated();
        requirePlausibleFrameCount(header, *pixels);
    } else {
        header.hasPixelData =
            data->tagExists(DCM_FloatPixelData) || data->tagExists(DCM_DoubleFloatPixelData);
    }

    // Classic attributes first; functional groups refine them.
    header.orientation = doublesOf<6>(data, DCM_ImageOrientationPatient);
    header.pixelSpacing = doublesOf<2>(data, DCM_PixelSpacing);
    if (!header.pixelSpacing)
        header.pixelSpacing = doublesOf<2>(data, DCM_ImagerPixelSpacing);
    if (auto s = doubleOf(data, DCM_SpacingBetweenSlices))
        header.sliceSpacing = s;
    else if (auto t = doubleOf(data, DCM_SliceThickness))
        header.sliceSpacing = t;
    const auto centre = doubleOf(data, DCM_WindowCenter);
    const auto width = doubleOf(data, DCM_WindowWidth);
    if (centre && width && *width > 0)
        header.window = WindowLevel{*centre, *width};

    DicomFramePlacement classic;
    classic.position = doublesOf<3>(data, DCM_ImagePositionPatient);
    classic.slope = doubleOf(data, DCM_RescaleSlope).value_or(1.0);
    classic.intercept = doubleOf(data, DCM_RescaleIntercept).value_or(0.0);
    if (classic.slope == 0.0)
        classic.slope = 1.0;

    DcmItem* shared = firstItem(data, DCM_SharedFunctionalGroupsSequence);
    DicomFramePlacement sharedPlacement = classic;
    readFunctionalGroup(shared, header, &sharedPlacement);
    header.placements.assign(std::size_t(header.frames), sharedPlacement);
    DcmSequenceOfItems* perFrame = nullptr;
    if (data->findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame).good() &&
        perFrame) {
        const unsigned long count =
            std::min<unsigned long>(perFrame->card(), header.placements.size());
        for (unsigned long f = 0; f < count; ++f)
            readFunctionalGroup(perFrame->getItem(f), header, &header.placements[f]);
    }
    return header;
}

void requireDecodablePixels(const DicomFileHeader& header) {
    const bool imageClass =
        sopClassName(header.sopClassUid).contains(QLatin1String("Image Storage"));
    if (!header.hasPixelData && (header.rows > 0 || imageClass))
        throw IoError(
            header.path,
            QStringLiteral("truncated or incomplete file: a %1 object whose pixel data is "
                           "missing (the file ends after %2 bytes)")
                .arg(sopClassName(header.sopClassUid))
                .arg(QFileInfo(header.path).size()));
    if (!header.hasPixelData)
        throw IoError(header.path,
                      QStringLiteral("no pixel data: this is a %1 object, not an image")
                          .arg(sopClassName(header.sopClassUid)));
    if (header.rows <= 0 || header.columns <= 0 || header.bitsAllocated <= 0)
        throw IoError(header.path,
                      QStringLiteral("damaged image header: Rows %1, Columns %2, Bits Allocated %3")
                          .arg(header.rows)
                          .arg(header.columns)
                          .arg(header.bitsAllocated));
    const QByteArray uid = header.transferSyntaxUid.toLatin1();
    const DcmXfer xfer(uid.constData());
    if (!xfer.isEncapsulated())
        return;
    const QString name = QString::fromLatin1(xfer.getXferName());
    if (isJpeg2000Syntax(header.transferSyntaxUid))
        return; // decoded with OpenJPEG
    if (header.transferSyntaxUid == QLatin1String("1.2.840.10008.1.2.4.92") ||
        header.transferSyntaxUid == QLatin1String("1.2.840.10008.1.2.4.93"))
        throw IoError(
            header.path,
            QStringLiteral("unsupported transfer syntax %1 (%2): JPEG 2000 Part 2 multi-component "
                           "pixel data cannot be decoded (no free decoder supports its "
                           "transforms); convert the file to an uncompressed or JPEG 2000 Part 1 "
                           "transfer syntax first")
                .arg(name, header.transferSyntaxUid));
    if (!DcmCodecList::canChangeCoding(xfer.getXfer(), EXS_LittleEndianExplicit))
        throw IoError(header.path,
                      QStringLiteral("unsupported transfer syntax %1 (%2): no decoder available")
                          .arg(name, header.transferSyntaxUid));
}

} // namespace tgc
