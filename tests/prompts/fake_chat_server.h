// A small OpenAI-compatible chat server on a random port, inside the test
// process: it records each request (method, path, headers, JSON body) and
// answers in the way the test asks: a good answer, late, malformed, an HTTP
// error, a redirect.
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <vector>

namespace tgc::test {

class FakeChatServer : public QObject { // no Q_OBJECT: lambdas only, usable from any test
public:
    enum class Mode { Good, Slow, Malformed, NoContent, HttpError, Redirect };

    struct Request {
        QByteArray method;
        QByteArray path;
        QMap<QByteArray, QByteArray> headers; // names in lower case
        QByteArray body;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };

    Mode mode = Mode::Good;
    QString content =
        QStringLiteral("The spleen: a crescent-shaped organ in the left upper abdomen.");
    int slowMs = 5000;
    std::vector<Request> requests;
    int connections = 0;

    bool listen(const QHostAddress& address = QHostAddress::LocalHost) {
        connect(&m_server, &QTcpServer::newConnection, this, &FakeChatServer::accept);
        return m_server.listen(address, 0);
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    void accept() {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            ++connections;
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void read(QTcpSocket* socket) {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        const int headerEnd = int(buffer.indexOf("\r\n\r\n"));
        if (headerEnd < 0)
            return;
        Request r;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        r.method = first.value(0);
        r.path = first.value(1);
        for (int i = 1; i < lines.size(); ++i) {
            const int colon = int(lines[i].indexOf(':'));
            if (colon > 0)
                r.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                 lines[i].mid(colon + 1).trimmed());
        }
        const int length = r.headers.value("content-length", "0").toInt();
        if (buffer.size() < headerEnd + 4 + length)
            return; // the body is still coming
        r.body = buffer.mid(headerEnd + 4, length);
        m_buffers.remove(socket);
        requests.push_back(r);
        respond(socket);
    }

    void respond(QTcpSocket* socket) {
        switch (mode) {
        case Mode::Good:
            return send(socket, "200 OK", answer(content));
        case Mode::Slow: {
            QPointer<QTcpSocket> later(socket);
            QTimer::singleShot(slowMs, this, [this, later] {
                if (later && later->state() == QAbstractSocket::ConnectedState)
                    send(later, "200 OK", answer(content));
            });
            return;
        }
        case Mode::Malformed:
            return send(socket, "200 OK", R"({"choices": [{"message": {"content": "trunc)");
        case Mode::NoContent:
            return send(socket, "200 OK", R"({"object": "chat.completion", "choices": []})");
        case Mode::HttpError:
            return send(socket, "500 Internal Server Error",
                        R"({"error": {"message": "model 'nope' not found"}})");
        case Mode::Redirect:
            return send(socket, "302 Found", "{}", "Location: http://example.com/steal\r\n");
        }
    }

    static QByteArray answer(const QString& text) {
        const QJsonObject message{{"role", "assistant"}, {"content", text}};
        const QJsonObject choice{{"index", 0}, {"message", message}, {"finish_reason", "stop"}};
        const QJsonObject root{{"id", "chatcmpl-test"},
                               {"object", "chat.completion"},
                               {"choices", QJsonArray{choice}}};
        return QJsonDocument(root).toJson(QJsonDocument::Compact);
    }

    static void send(QTcpSocket* socket, const QByteArray& status, const QByteArray& body,
                     const QByteArray& extraHeaders = {}) {
        socket->write("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\n" +
                      extraHeaders + "Content-Length: " + QByteArray::number(body.size()) +
                      "\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QMap<QTcpSocket*, QByteArray> m_buffers;
};

} // namespace tgc::test
