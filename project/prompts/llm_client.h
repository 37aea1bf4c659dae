// Asks a local LLM for an auxiliary prompt through the OpenAI-compatible chat
// API (POST <url>/v1/chat/completions; llama.cpp's server, Ollama, vLLM and
// LM Studio speak it). Off by default; loopback hosts only unless the user
// allows others, since the report is patient data. Asynchronous on the
// caller's thread (QNetworkAccessManager): ask() returns at once and the
// answer or the error arrives later as a signal.
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace tgc {

// QSettings keys "auxPrompt/llmEnabled", "auxPrompt/llmUrl", "auxPrompt/llmModel",
// "auxPrompt/llmAllowRemote", "auxPrompt/llmTimeoutMs".
struct LlmSettings {
    static constexpr int kDefaultTimeoutMs = 20000;
    bool enabled = false;
    QString url = defaultUrl();
    QString model;
    bool allowRemote = false;
    int timeoutMs = kDefaultTimeoutMs;

    static QString defaultUrl(); // Ollama's OpenAI-compatible endpoint on this machine
    static LlmSettings load();
    void save() const;
};

class LlmClient : public QObject {
    Q_OBJECT
public:
    explicit LlmClient(QObject* parent = nullptr);
    ~LlmClient() override;

    // Sends the report; answered() or failed() follows from the event loop,
    // never from inside ask(). A request still running is abandoned first:
    // it neither answers nor fails. settings.enabled is the caller's business.
    void ask(const LlmSettings& settings, const QString& report);
    // Abandons the running request, if any.
    void cancel();
    bool busy() const { return !m_reply.isNull(); }

    // "http://host:port" or ".../v1" gain "/v1/chat/completions"; a full path
    // stays. Invalid (with *error) unless http or https with a host.
    static QUrl endpoint(const QString& url, QString* error);
    // 127.0.0.0/8, ::1 and "localhost"; names are not resolved.
    static bool isLoopbackHost(const QString& host);
    static QByteArray requestBody(const QString& model, const QString& report);
    // The first choice's message content, cleaned (no <think> block, quotes or
    // "Prompt:" label); empty with *error set when the answer is malformed.
    static QString parseAnswer(const QByteArray& body, QString* error);

Q_SIGNALS:
    void answered(const QString& prompt);
    void failed(const QString& error);

private:
    void failLater(const QString& error);
    void finished(QNetworkReply* reply, quint64 generation, const QUrl& url, int timeoutMs);

    QNetworkAccessManager* m_network;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    bool m_timedOut = false;
    quint64 m_generation = 0;
};

} // namespace tgc
