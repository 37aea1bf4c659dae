#include "pacs_server.h"

#include <QRegularExpression>

namespace tgc::pacs {

QString PacsServer::display() const {
    if (kind == Kind::Dimse)
        return QStringLiteral("dicom://%1@%2:%3").arg(calledAet, host).arg(port);
    return dicomWeb.toString(QUrl::RemoveUserInfo);
}

std::optional<PacsServer> parseServer(const QString& address, QString* error) {
    PacsServer server;
    if (address.startsWith(QLatin1String("dicom://"))) {
        static const QRegularExpression form(
            QStringLiteral("^dicom://([^@/\\\\]{1,16})@([A-Za-z0-9.:\\[\\]_-]+):([0-9]{1,5})/?$"));
        const auto match = form.match(address);
        const int port = match.hasMatch() ? match.captured(3).toInt() : 0;
        if (!match.hasMatch() || port < 1 || port > 65535) {
            *error = QStringLiteral("'%1' is not a DICOM address: write dicom://AET@host:port")
                         .arg(address);
            return std::nullopt;
        }
        server.kind = PacsServer::Kind::Dimse;
        server.calledAet = match.captured(1);
        server.host = match.captured(2);
        server.port = port;
        return server;
    }
    const QUrl url(address, QUrl::StrictMode);
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        url.host().isEmpty()) {
        *error = QStringLiteral("'%1' is not a server address: write "
                                "http(s)://host:port/dicom-web or dicom://AET@host:port")
                     .arg(address);
        return std::nullopt;
    }
    if (!url.userInfo().isEmpty()) {
        // A password in the address would show in `ps` and in logs.
        *error = QStringLiteral("'%1': give the user with --user, not in the address")
                     .arg(url.toString(QUrl::RemoveUserInfo));
        return std::nullopt;
    }
    QUrl root = url.adjusted(QUrl::StripTrailingSlash | QUrl::RemoveQuery | QUrl::RemoveFragment);
    server.dicomWeb = root;
    QString path = root.path();
    path.truncate(std::max(0, int(path.lastIndexOf(QLatin1Char('/')))));
    server.rest = root;
    server.rest.setPath(path);
    return server;
}

} // namespace tgc::pacs
