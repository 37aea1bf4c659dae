#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

namespace tgc {

namespace {
QTranslator*& appTranslator() {
    static QTranslator* translator = nullptr;
    return translator;
}
QTranslator*& qtTranslator() {
    static QTranslator* translator = nullptr;
    return translator;
}
void removeTranslator(QTranslator*& translator) {
    if (!translator)
        return;
    QCoreApplication::removeTranslator(translator);
    delete translator;
    translator = nullptr;
}
} // namespace

QStringList availableLanguages() {
    return {QStringLiteral("en"), QStringLiteral("de")};
}

QString languageName(const QString& code) {
    if (code == QLatin1String("de"))
        return QStringLiteral("Deutsch");
    return QStringLiteral("English");
}

bool installLanguage(const QString& code) {
    removeTranslator(appTranslator());
    removeTranslator(qtTranslator());
    if (code.isEmpty() || code == QLatin1String("en"))
        return true;
    auto* app = new QTranslator;
    if (!app->load(QStringLiteral(":/i18n/tgc_%1.qm").arg(code))) {
        delete app;
        return false;
    }
    QCoreApplication::installTranslator(app);
    appTranslator() = app;
    auto* qt = new QTranslator;
    if (qt->load(QStringLiteral("qtbase_%1").arg(code),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        qtTranslator() = qt;
    } else {
        delete qt;
    }
    return true;
}

QString savedLanguage() {
    return QSettings().value(QStringLiteral("language"), QStringLiteral("en")).toString();
}

void saveLanguage(const QString& code) {
    QSettings().setValue(QStringLiteral("language"), code);
}

} // namespace tgc
