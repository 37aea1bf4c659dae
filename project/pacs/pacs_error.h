// The one error type of the PACS client: its message always names the
// server (or the file) and what went wrong, in words a user can act on. A
// QException, so it crosses QtConcurrent::run and QFuture as itself.
#pragma once

#include <QException>
#include <QString>

namespace tgc::pacs {

class PacsError : public QException {
public:
    explicit PacsError(const QString& message) : m_message(message), m_utf8(message.toUtf8()) {}
    const QString& message() const { return m_message; }
    const char* what() const noexcept override { return m_utf8.constData(); }
    void raise() const override { throw *this; }
    PacsError* clone() const override { return new PacsError(*this); }

private:
    QString m_message;
    QByteArray m_utf8;
};

} // namespace tgc::pacs
