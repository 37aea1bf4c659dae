// Settings: the interface language (applied at the next start) and the
// annotator's name, stamped on the cases they edit ("user/name").
#pragma once

#include <QDialog>

class QComboBox;
class QLineEdit;

namespace tgc {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget* parent = nullptr);
    QString selectedLanguage() const;

    void accept() override;

private:
    QComboBox* m_language = nullptr;
    QLineEdit* m_name = nullptr;
};

} // namespace tgc
