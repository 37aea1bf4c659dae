// The user-interface language: English (built in) or German (tgc_de.qm,
// embedded under :/i18n). Chosen in the settings or with --lang.
#pragma once

#include <QString>
#include <QStringList>

namespace tgc {

// Language codes offered in the settings: "en", "de".
QStringList availableLanguages();
// The language's own name ("English", "Deutsch").
QString languageName(const QString& code);
// Replaces the installed translators with those of `code` (application and
// Qt's own dialogs where installed). Returns false when `code` has no
// translation; English needs none and always succeeds.
bool installLanguage(const QString& code);

// Stored in QSettings under "language"; "en" when unset.
QString savedLanguage();
void saveLanguage(const QString& code);

} // namespace tgc
