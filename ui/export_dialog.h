// File ▸ Export…: the choices of an export (format, folder, de-identify,
// split, seed, statuses) as ExportOptions. Without de-identification the
// dialog says that identifiers are included. Running is export_job.h's.
#pragma once

#include "export/export_options.h"

#include <QDialog>
#include <map>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tgc {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(QWidget* parent = nullptr);

    ExportOptions options() const;
    void setOutDir(const QString& folder);

private:
    void browse();
    void updateState();

    QComboBox* m_format = nullptr;
    QLineEdit* m_folder = nullptr;
    QCheckBox* m_overwrite = nullptr;
    QCheckBox* m_deidentify = nullptr;
    QLabel* m_identifierWarning = nullptr;
    QDoubleSpinBox* m_train = nullptr;
    QDoubleSpinBox* m_val = nullptr;
    QDoubleSpinBox* m_test = nullptr;
    QSpinBox* m_seed = nullptr;
    QDoubleSpinBox* m_emptySlices = nullptr;
    QCheckBox* m_splitFolders = nullptr;
    std::map<CaseStatus, QCheckBox*> m_statuses;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace tgc
