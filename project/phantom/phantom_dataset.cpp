#include "phantom_dataset.h"

#include "atomic_file.h"
#include "ct_organs.h"
#include "ct_phantom.h"
#include "cxr_phantom.h"
#include "enum_names.h"
#include "image_writer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tgc {

const char* phantomKindName(PhantomKind kind) {
    static constexpr EnumNames<PhantomKind, 3> names{
        {{PhantomKind::Cxr, "cxr"}, {PhantomKind::Ct, "ct"}, {PhantomKind::Ct3d, "ct3d"}}};
    return enumName(names, kind);
}

namespace {

// 16-bit PNG storage of a CT slice: HU + 1024, so air (-1024 HU) is 0.
ImageVolume storedAsHuPlus1024(const ImageVolume& hu) {
    ImageVolume stored(VoxelType::UInt16, 1, hu.geometry());
    stored.modality = hu.modality;
    const std::int16_t* in = hu.data<std::int16_t>();
    std::uint16_t* out = stored.data<std::uint16_t>();
    for (std::size_t i = 0, n = hu.geometry().voxelCount(); i < n; ++i)
        out[i] = std::uint16_t(std::max(0, in[i] + 1024));
    return stored;
}

} // namespace

PhantomDatasetWriter::PhantomDatasetWriter(const QString& dir, PhantomKind kind, bool dicom,
                                           bool append)
    : m_dir(QDir(dir).absolutePath()), m_kind(kind), m_dicom(dicom), m_writer(dir) {
    if (append)
        m_writer.loadExisting();
}

void PhantomDatasetWriter::add(const PhantomCase& phantomCase) {
    const QString images = m_writer.imagesDir() + QLatin1Char('/');
    const QString masks = m_writer.masksDir() + QLatin1Char('/');
    const QString& id = phantomCase.id;
    // Each target from `first` on: its own mask file and a row naming it.
    auto addTargets = [&](std::size_t first, const QString& name, const QString& extension) {
        for (std::size_t t = first; t < phantomCase.targets.size(); ++t) {
            const PhantomTarget& target = phantomCase.targets[t];
            const QString maskName = id + QLatin1Char('_') + target.key + extension;
            if (extension == QLatin1String(".png"))
                writePng(target.mask, masks + maskName, true);
            else
                writeNifti(target.mask, masks + maskName);
            ++m_files;
            m_writer.addRow(name, target.prompt, {}, maskName);
        }
    };
    switch (m_kind) {
    case PhantomKind::Cxr: {
        const QString name = id + QStringLiteral(".png");
        writePng(phantomCase.image, images + name);
        writePng(phantomCase.targets.front().mask, masks + name, true);
        m_files += 2;
        m_writer.addRow(name, phantomCase.targets.front().prompt);
        // Further targets (absent findings) carry masks of their own.
        addTargets(1, name, QStringLiteral(".png"));
        break;
    }
    case PhantomKind::Ct: {
        const QString name = id + QStringLiteral(".png");
        writePng(storedAsHuPlus1024(phantomCase.image), images + name);
        ++m_files;
        addTargets(0, name, QStringLiteral(".png"));
        break;
    }
    case PhantomKind::Ct3d: {
        const QString name = id + QStringLiteral(".nii.gz");
        writeNifti(phantomCase.image, images + name);
        writeNifti(phantomCase.labels, masks + name);
        m_files += 2;
        addTargets(0, name, QStringLiteral(".nii.gz"));
        if (m_dicom) {
            DicomSeriesOptions options;
            options.patientName = phantomCase.image.patientName;
            options.patientId = phantomCase.image.patientId;
            options.studyDescription = QStringLiteral("TGC phantom abdomen");
            options.seriesDescription = QStringLiteral("Phantom CT %1").arg(id);
            m_files += int(
                writeDicomSeries(phantomCase.image, m_dir + QStringLiteral("/dicom/") + id, options)
                    .size());
        }
        break;
    }
    }
}

void PhantomDatasetWriter::writeLabelTable() {
    QJsonArray labels;
    for (const CtOrgan& organ : ctOrgans()) {
        QJsonObject entry;
        entry[QStringLiteral("id")] = organ.id;
        entry[QStringLiteral("name")] = organ.name;
        entry[QStringLiteral("key")] = organ.key;
        entry[QStringLiteral("colour")] =
            QJsonArray{organ.colour[0], organ.colour[1], organ.colour[2]};
        labels.append(entry);
    }
    QJsonObject root;
    root[QStringLiteral("labels")] = labels;
    root[QStringLiteral("note")] = QStringLiteral(
        "Label ids of the multi-organ masks (masks/<id>.nii.gz); a per-organ mask "
        "masks/<id>_<key>.* holds that organ only. Image left is the patient's right.");
    const QString path = m_dir + QStringLiteral("/labels.json");
    const QString failure =
        writeFileAtomically(path, QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!failure.isEmpty())
        throw IoError(path, QStringLiteral("cannot be written: %1").arg(failure));
    ++m_files;
}

void PhantomDatasetWriter::finish() {
    if (m_kind != PhantomKind::Cxr)
        writeLabelTable();
    m_writer.write();
    ++m_files;
}

PhantomRunSummary writePhantomDataset(const PhantomRunOptions& options) {
    QElapsedTimer timer;
    timer.start();
    PhantomDatasetWriter writer(options.outDir, options.kind, options.dicom, options.append);
    CxrOptions cxr;
    CtSliceOptions ct;
    CtVolumeOptions ct3d;
    if (options.size > 0)
        cxr.size = ct.size = options.size;
    if (options.volumeDims)
        ct3d.dims = *options.volumeDims;
    cxr.absentTargets = ct.absentTargets = options.absentTargets;
    const CxrPhantom cxrPhantom(cxr);
    const CtSlicePhantom ctPhantom(ct);
    const CtVolumePhantom volumePhantom(ct3d);
    for (int i = 0; i < options.count; ++i) {
        switch (options.kind) {
        case PhantomKind::Cxr:
            writer.add(cxrPhantom.generate(options.seed, i));
            break;
        case PhantomKind::Ct:
            writer.add(ctPhantom.generate(options.seed, i));
            break;
        case PhantomKind::Ct3d:
            writer.add(volumePhantom.generate(options.seed, i));
            break;
        }
        if (options.progress)
            options.progress(i + 1, options.count);
    }
    writer.finish();
    PhantomRunSummary summary;
    summary.files = writer.filesWritten();
    summary.rows = writer.rowsWritten();
    summary.seconds = double(timer.nsecsElapsed()) * 1e-9;
    return summary;
}

} // namespace tgc
