// Settings: the interface language (applied at the next start).
#pragma once

#include <QDialog>

class QComboBox;

namespace tgc {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget* parent = nullptr);
    QString selectedLanguage() const;

    void accept() override;

private:
    QComboBox* m_language = nullptr;
};

} // namespace tgc
