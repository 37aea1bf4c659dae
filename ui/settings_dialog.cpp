#include "settings_dialog.h"

#include "language.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QVBoxLayout>

namespace tgc {

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Settings"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_language = new QComboBox;
    m_language->setObjectName(QStringLiteral("languageCombo"));
    for (const QString& code : availableLanguages())
        m_language->addItem(languageName(code), code);
    m_language->setCurrentIndex(std::max(0, m_language->findData(savedLanguage())));
    form->addRow(tr("Language:"), m_language);
    m_name = new QLineEdit(QSettings().value(QStringLiteral("user/name")).toString());
    m_name->setObjectName(QStringLiteral("userName"));
    m_name->setPlaceholderText(tr("Stamped on the cases you edit; a review needs another name"));
    form->addRow(tr("Your name:"), m_name);
    layout->addLayout(form);
    auto* note = new QLabel(tr("The language changes at the next start."));
    note->setWordWrap(true);
    layout->addWidget(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    layout->addWidget(buttons);
}

QString SettingsDialog::selectedLanguage() const {
    return m_language->currentData().toString();
}

void SettingsDialog::accept() {
    saveLanguage(selectedLanguage());
    QSettings().setValue(QStringLiteral("user/name"), m_name->text().trimmed());
    QDialog::accept();
}

} // namespace tgc
