// The one error type of the PACS client: its message always names the
// server (or the file) and what went wrong, in words a user can act on. A
// QException, so it crosses QtConcurrent::run and QFuture as itself.
#pragma once

#include <QException>
#include <QString>

namespace tgc::pacs {

class PacsError : public QException {
public:
    explicit PacsError(const QString& message, bool unreachable = false)
        : m_message(message), m_utf8(message.toUtf8()), m_unreachable(unreachable) {}
    const QString& message() const { return m_message; }
    // The server could not be reached or went away mid-answer (refused,
    // reset, timed out, a gateway's 502/503/504): the same request may work
    // later, so work done offline waits for it rather than being dropped.
    bool unreachable() const { return m_unreachable; }
    const char* what() const noexcept override { return m_utf8.constData(); }
    void raise() const override { throw *this; }
    PacsError* clone() const override { return new PacsError(*this); }

private:
    QString m_message;
    QByteArray m_utf8;
    bool m_unreachable = false;
};

} // namespace tgc::pacs
