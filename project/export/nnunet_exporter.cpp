#include "nnunet_exporter.h"

#include "atomic_file.h"
#include "export_staging.h"
#include "image_writer.h"
#include "io_error.h"
#include "store/project.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

namespace tgc {

namespace {

void writeJson(const QString& path, const QJsonDocument& doc) {
    if (const QString failure = writeFileAtomically(path, doc.toJson(QJsonDocument::Indented));
        !failure.isEmpty())
        throw IoError(path, QStringLiteral("cannot be written: %1").arg(failure));
}

} // namespace

NnunetExporter::NnunetExporter(const Project& project, const ExportOptions& options)
    : DatasetExporter(project, options) {
    m_folder =
        datasetFolderName(options.nnunetDatasetId,
                          options.datasetName.isEmpty() ? project.name : options.datasetName);
    std::vector<Label> labels = project.labels;
    std::sort(labels.begin(), labels.end(),
              [](const Label& a, const Label& b) { return a.id < b.id; });
    for (const Label& l : labels)
        nnunetLabel(l.id);
}

QString NnunetExporter::datasetFolderName(int id, const QString& name) {
    QString clean;
    for (QChar c : name)
        if (c.isLetterOrNumber() && c.unicode() < 128)
            clean += c;
    if (clean.isEmpty())
        clean = QStringLiteral("TGC");
    return QStringLiteral("Dataset%1_%2")
        .arg(std::clamp(id, 1, 999), 3, 10, QLatin1Char('0'))
        .arg(clean.left(50));
}

std::uint8_t NnunetExporter::nnunetLabel(int projectId) {
    if (m_remap[std::size_t(projectId)] == 0)
        m_remap[std::size_t(projectId)] = m_nextLabel++;
    return std::uint8_t(m_remap[std::size_t(projectId)]);
}

QStringList NnunetExporter::writeCase(const ExportedCase& data) {
    if (data.image.components() != 1)
        throw CaseSkipped{QStringLiteral("a colour image: the nnU-Net export writes one grey "
                                         "channel")};
    const QString modality =
        data.image.modality.isEmpty() ? QStringLiteral("image") : data.image.modality;
    if (m_channel.isEmpty())
        m_channel = modality;
    else if (m_channel != modality)
        throw CaseSkipped{QStringLiteral("modality %1 differs from the dataset's channel %2 "
                                         "(one nnU-Net dataset holds one kind of image)")
                              .arg(modality, m_channel)};
    const bool volume = data.image.dims()[2] > 1;
    if (m_training + m_testing == 0)
        m_volumes = volume;
    else if (m_volumes != volume)
        throw CaseSkipped{QStringLiteral("a %1 image in a dataset of %2 images (nnU-Net trains "
                                         "one dimensionality per dataset)")
                              .arg(volume ? QStringLiteral("3D") : QStringLiteral("2D"),
                                   m_volumes ? QStringLiteral("3D") : QStringLiteral("2D"))};
    LabelMap labels = data.mask;
    std::array<std::uint8_t, 256> lut{};
    for (int id : data.labels)
        lut[std::size_t(id)] = nnunetLabel(id);
    for (std::size_t i = 0, n = labels.geometry().voxelCount(); i < n; ++i)
        labels.data()[i] = lut[labels.data()[i]];

    const bool test = data.planned->split == DataSplit::Test;
    const QString& name = data.planned->exportName;
    const QString image =
        QStringLiteral("%1/%2/%3_0000.nii.gz")
            .arg(m_folder, test ? QStringLiteral("imagesTs") : QStringLiteral("imagesTr"), name);
    const QString label =
        QStringLiteral("%1/%2/%3.nii.gz")
            .arg(m_folder, test ? QStringLiteral("labelsTs") : QStringLiteral("labelsTr"), name);
    writeNifti(data.image, staging().path(image));
    writeNifti(labels, staging().path(label));
    ++(test ? m_testing : m_training);
    return {image, label};
}

void NnunetExporter::finish(const std::vector<const PlannedCase*>& exported) {
    // Names as the project's label table has them; an id without a row
    // (imported masks) gets "label N". Keys must be unique.
    QJsonObject labels{{"background", 0}};
    QJsonObject remap;
    for (int id = 1; id < 256; ++id) {
        if (m_remap[std::size_t(id)] == 0)
            continue;
        const auto row = std::find_if(project().labels.begin(), project().labels.end(),
                                      [id](const Label& l) { return l.id == id; });
        QString name = row != project().labels.end() && !row->name.isEmpty()
                           ? row->name
                           : QStringLiteral("label %1").arg(id);
        if (labels.contains(name))
            name += QStringLiteral(" (%1)").arg(id);
        labels.insert(name, m_remap[std::size_t(id)]);
        remap.insert(QString::number(id), m_remap[std::size_t(id)]);
    }
    // nnU-Net normalises "CT" by its HU statistics, any other name by z-score.
    const QJsonObject dataset{
        {"name", m_folder.section(QLatin1Char('_'), 1)},
        {"description",
         QStringLiteral("Exported by TGC Annotator from project '%1'").arg(project().name)},
        {"channel_names",
         QJsonObject{{"0", m_channel.isEmpty() ? QStringLiteral("image") : m_channel}}},
        {"labels", labels},
        {"numTraining", m_training},
        {"file_ending", ".nii.gz"},
        {"tgc_label_ids", remap}};
    writeJson(staging().path(m_folder + QStringLiteral("/dataset.json")), QJsonDocument(dataset));

    QJsonArray train, val;
    for (const PlannedCase* c : exported) {
        if (c->split == DataSplit::Train)
            train.append(c->exportName);
        else if (c->split == DataSplit::Val)
            val.append(c->exportName);
    }
    writeJson(staging().path(m_folder + QStringLiteral("/splits_final.json")),
              QJsonDocument(QJsonArray{QJsonObject{{"train", train}, {"val", val}}}));
}

} // namespace tgc
