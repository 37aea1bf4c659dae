// Settings: the interface language (applied at the next start), the
// annotator's name, stamped on the cases they edit ("user/name"), and the
// local LLM that may suggest auxiliary prompts ("auxPrompt/...", off by
// default, loopback only unless allowed), and the presence below which the
// model's proposal is not shown ("proposal/presenceThreshold").
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tgc {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget* parent = nullptr);
    QString selectedLanguage() const;

    // Refuses (and says why beside the fields) an LLM address that is not
    // http(s), or not on this machine while other hosts are not allowed.
    void accept() override;
    QString llmError() const;

private:
    QWidget* llmGroup();

    QComboBox* m_language = nullptr;
    QLineEdit* m_name = nullptr;
    QDoubleSpinBox* m_presenceThreshold = nullptr;
    QCheckBox* m_llmEnabled = nullptr;
    QLineEdit* m_llmUrl = nullptr;
    QLineEdit* m_llmModel = nullptr;
    QCheckBox* m_llmAllowRemote = nullptr;
    QSpinBox* m_llmTimeout = nullptr;
    QLabel* m_llmError = nullptr;
};

} // namespace tgc
