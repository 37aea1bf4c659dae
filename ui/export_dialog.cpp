#include "export_dialog.h"

#include "named_widget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace tgc {

namespace {

QDoubleSpinBox* shareBox(double value, QWidget* parent) {
    auto* box = new QDoubleSpinBox(parent);
    box->setRange(0.0, 1.0);
    box->setSingleStep(0.05);
    box->setDecimals(2);
    box->setValue(value);
    return box;
}

} // namespace

ExportDialog::ExportDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Export dataset"));
    auto* form = new QFormLayout;

    m_format = new QComboBox(this);
    m_format->addItem(tr("QaTa-style (images, masks, text.csv; what training reads)"),
                      int(ExportFormat::Qata));
    m_format->addItem(tr("nnU-Net v2 raw dataset"), int(ExportFormat::Nnunet));
    m_format->addItem(tr("DICOM Segmentation (DICOM-sourced cases only)"),
                      int(ExportFormat::DicomSeg));
    form->addRow(tr("&Format:"), m_format);

    m_folder = named(new QLineEdit(this), "exportFolder");
    m_folder->setPlaceholderText(tr("an empty or new folder"));
    auto* browseButton = new QPushButton(tr("&Browse…"), this);
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder);
    folderRow->addWidget(browseButton);
    form->addRow(tr("Folder:"), folderRow);
    m_overwrite =
        new QCheckBox(tr("Replace what an earlier export wrote in a non-empty folder"), this);
    form->addRow(QString(), m_overwrite);

    m_deidentify = new QCheckBox(tr("&De-identify (no patient name, ID, birth date or accession "
                                    "number; reports masked)"),
                                 this);
    m_deidentify->setChecked(true);
    form->addRow(QString(), m_deidentify);
    m_identifierWarning = new QLabel(
        tr("Without de-identification the export includes identifiers: case names taken from "
           "file and folder names, patient names and IDs in reports and in DICOM SEG files."),
        this);
    m_identifierWarning->setWordWrap(true);
    m_identifierWarning->setStyleSheet(QStringLiteral("color: #c0392b;"));
    form->addRow(QString(), m_identifierWarning);

    m_train = shareBox(0.8, this);
    m_val = shareBox(0.1, this);
    m_test = shareBox(0.1, this);
    auto* splitRow = new QHBoxLayout;
    splitRow->addWidget(new QLabel(tr("train"), this));
    splitRow->addWidget(m_train);
    splitRow->addWidget(new QLabel(tr("val"), this));
    splitRow->addWidget(m_val);
    splitRow->addWidget(new QLabel(tr("test"), this));
    splitRow->addWidget(m_test);
    form->addRow(tr("Split by patient:"), splitRow);
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, 999999);
    m_seed->setValue(1);
    form->addRow(tr("S&eed:"), m_seed);

    auto* statusRow = new QHBoxLayout;
    const std::pair<CaseStatus, QString> statuses[] = {{CaseStatus::New, tr("new")},
                                                       {CaseStatus::InProgress, tr("in progress")},
                                                       {CaseStatus::Done, tr("done")},
                                                       {CaseStatus::Reviewed, tr("reviewed")}};
    for (const auto& [status, text] : statuses) {
        auto* box = new QCheckBox(text, this);
        box->setChecked(status == CaseStatus::Done || status == CaseStatus::Reviewed);
        statusRow->addWidget(box);
        m_statuses[status] = box;
        connect(box, &QCheckBox::toggled, this, &ExportDialog::updateState);
    }
    form->addRow(tr("Cases with status:"), statusRow);
    m_emptySlices = shareBox(1.0, this);
    m_emptySlices->setToolTip(tr("Volumes become slices: every slice with a mask is kept, and "
                                 "this share of the slices without one."));
    form->addRow(tr("Empty slices kept (QaTa):"), m_emptySlices);
    m_splitFolders = new QCheckBox(tr("QaTa: one folder per split (train, val, test)"), this);
    form->addRow(QString(), m_splitFolders);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_buttons);

    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_folder, &QLineEdit::textChanged, this, &ExportDialog::updateState);
    connect(m_deidentify, &QCheckBox::toggled, this, &ExportDialog::updateState);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::updateState);
    for (QDoubleSpinBox* box : {m_train, m_val, m_test})
        connect(box, &QDoubleSpinBox::valueChanged, this, &ExportDialog::updateState);
    updateState();
}

void ExportDialog::setOutDir(const QString& folder) {
    m_folder->setText(folder);
}

void ExportDialog::browse() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Export into folder"), m_folder->text());
    if (!folder.isEmpty())
        m_folder->setText(folder);
}

void ExportDialog::updateState() {
    m_identifierWarning->setVisible(!m_deidentify->isChecked());
    const bool qata = ExportFormat(m_format->currentData().toInt()) == ExportFormat::Qata;
    m_emptySlices->setEnabled(qata);
    m_splitFolders->setEnabled(qata);
    const bool anyStatus = std::any_of(m_statuses.begin(), m_statuses.end(),
                                       [](const auto& s) { return s.second->isChecked(); });
    const bool anySplit = m_train->value() + m_val->value() + m_test->value() > 0;
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!m_folder->text().trimmed().isEmpty() && anyStatus && anySplit);
}

ExportOptions ExportDialog::options() const {
    ExportOptions o;
    o.format = ExportFormat(m_format->currentData().toInt());
    o.outDir = m_folder->text().trimmed();
    o.overwrite = m_overwrite->isChecked();
    o.deidentify = m_deidentify->isChecked();
    o.split = {m_train->value(), m_val->value(), m_test->value()};
    o.seed = std::uint64_t(m_seed->value());
    o.emptySliceShare = m_emptySlices->value();
    o.qataSplitFolders = m_splitFolders->isChecked();
    o.statuses.clear();
    for (const auto& [status, box] : m_statuses)
        if (box->isChecked())
            o.statuses.insert(status);
    return o;
}

} // namespace tgc
