#include "settings_dialog.h"

#include "language.h"
#include "llm_client.h"
#include "named_widget.h"
#include "proposal_notices.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tgc {

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Settings"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_language = named(new QComboBox, "languageCombo");
    for (const QString& code : availableLanguages())
        m_language->addItem(languageName(code), code);
    m_language->setCurrentIndex(std::max(0, m_language->findData(savedLanguage())));
    form->addRow(tr("Language:"), m_language);
    m_name =
        named(new QLineEdit(QSettings().value(QStringLiteral("user/name")).toString()), "userName");
    m_name->setPlaceholderText(tr("Stamped on the cases you edit; a review needs another name"));
    form->addRow(tr("Your name:"), m_name);
    m_presenceThreshold = named(new QDoubleSpinBox, "presenceThreshold");
    m_presenceThreshold->setRange(0.0, 1.0);
    m_presenceThreshold->setSingleStep(0.05);
    m_presenceThreshold->setDecimals(3); // the demo model gives absent slices up to 0.97
    m_presenceThreshold->setValue(ProposalNotices::presenceThresholdSetting());
    m_presenceThreshold->setToolTip(
        tr("Below this probability that the report's target is in the slice, the model's mask "
           "is not shown and the panel says \"not found\" (0: always shown). Models without "
           "a presence head always show their mask."));
    form->addRow(tr("Hide a proposal below presence:"), m_presenceThreshold);
    layout->addLayout(form);
    auto* note = new QLabel(tr("The language changes at the next start."));
    note->setWordWrap(true);
    layout->addWidget(note);
    layout->addWidget(llmGroup());
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    layout->addWidget(buttons);
}

QWidget* SettingsDialog::llmGroup() {
    const LlmSettings llm = LlmSettings::load();
    auto* group = new QGroupBox(tr("Auxiliary prompts: local LLM"));
    auto* form = new QFormLayout(group);
    m_llmEnabled =
        named(new QCheckBox(tr("Ask a local LLM (OpenAI-compatible chat API)")), "llmEnabled");
    m_llmEnabled->setChecked(llm.enabled);
    form->addRow(m_llmEnabled);
    m_llmUrl = named(new QLineEdit(llm.url), "llmUrl");
    m_llmUrl->setPlaceholderText(LlmSettings::defaultUrl());
    form->addRow(tr("Address:"), m_llmUrl);
    m_llmModel = named(new QLineEdit(llm.model), "llmModel");
    m_llmModel->setPlaceholderText(tr("the name the server knows the model by"));
    form->addRow(tr("Model:"), m_llmModel);
    m_llmTimeout = named(new QSpinBox, "llmTimeout");
    m_llmTimeout->setRange(1, 300);
    m_llmTimeout->setSuffix(tr(" s"));
    m_llmTimeout->setValue(std::clamp((llm.timeoutMs + 500) / 1000, 1, 300));
    form->addRow(tr("Timeout:"), m_llmTimeout);
    m_llmAllowRemote =
        new QCheckBox(tr("Allow hosts other than this machine (the report leaves it)"));
    m_llmAllowRemote->setObjectName(QStringLiteral("llmAllowRemote"));
    m_llmAllowRemote->setChecked(llm.allowRemote);
    form->addRow(m_llmAllowRemote);
    auto* about = new QLabel(tr("Off by default. Suggest sends the report to this address; "
                                "unless other hosts are allowed, only 127.0.0.1, ::1 and "
                                "localhost are used. Without an LLM, or when it fails, "
                                "suggestions come from the bundled knowledge base."));
    about->setWordWrap(true);
    form->addRow(about);
    m_llmError = named(new QLabel, "llmError");
    m_llmError->setWordWrap(true);
    m_llmError->setStyleSheet(QStringLiteral("color: #f08c3c;"));
    m_llmError->setVisible(false);
    form->addRow(m_llmError);
    return group;
}

QString SettingsDialog::selectedLanguage() const {
    return m_language->currentData().toString();
}

QString SettingsDialog::llmError() const {
    return m_llmError->text();
}

void SettingsDialog::accept() {
    LlmSettings llm;
    llm.enabled = m_llmEnabled->isChecked();
    llm.url = m_llmUrl->text().trimmed().isEmpty() ? LlmSettings::defaultUrl()
                                                   : m_llmUrl->text().trimmed();
    llm.model = m_llmModel->text().trimmed();
    llm.allowRemote = m_llmAllowRemote->isChecked();
    llm.timeoutMs = m_llmTimeout->value() * 1000;
    QString error;
    const QUrl url = LlmClient::endpoint(llm.url, &error);
    if (url.isValid() && !llm.allowRemote && !LlmClient::isLoopbackHost(url.host()))
        error = tr("%1 is not on this machine. Use 127.0.0.1 or localhost, or allow other "
                   "hosts.")
                    .arg(url.host());
    if (llm.enabled && !error.isEmpty()) {
        m_llmError->setText(error);
        m_llmError->setVisible(true);
        return; // the dialog stays open with the reason beside the fields
    }
    saveLanguage(selectedLanguage());
    QSettings().setValue(QStringLiteral("user/name"), m_name->text().trimmed());
    ProposalNotices::setPresenceThresholdSetting(m_presenceThreshold->value());
    llm.save();
    QDialog::accept();
}

} // namespace tgc
