// A PACS password kept in the system keychain (Secret Service, KWallet,
// macOS Keychain, Windows Credential Store through QtKeychain) when the
// annotator asks for it, and nowhere else: never in QSettings, a project, a
// log or an export. Where there is no keychain the password lasts the
// session, as if it had not been asked for, and unavailable() says why.
#pragma once

#include <QObject>
#include <QString>

namespace tgc {

class PacsCredentials : public QObject {
    Q_OBJECT
public:
    static constexpr const char* kService = "TGC Annotator PACS";

    explicit PacsCredentials(QObject* parent = nullptr);

    // Each answers later, by a signal: the keychain may ask the desktop.
    void load(const QString& address, const QString& user);
    void store(const QString& address, const QString& user, const QString& password);
    void forget(const QString& address, const QString& user);

Q_SIGNALS:
    void loaded(const QString& address, const QString& user, const QString& password);
    void notStored(const QString& address, const QString& user); // load found none
    void stored(const QString& address, const QString& user);
    void forgotten(const QString& address, const QString& user);
    void unavailable(const QString& why);

private:
    static QString key(const QString& address, const QString& user);
};

} // namespace tgc
