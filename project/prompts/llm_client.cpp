#include "llm_client.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSettings>

namespace tgc {

namespace {

// Written for CLIP's text encoder: short, concrete, no preamble.
const char* const kSystemPrompt =
    "You help annotate medical images. Given a radiology report, write one auxiliary prompt "
    "for a text-guided segmentation model: one or two short plain sentences, at most 40 words, "
    "describing what the report asks to segment, how it looks on the image and where it lies. "
    "Keep the patient's left and right as the report gives them. Answer with the prompt only.";

QString snippet(const QByteArray& body) {
    QString s = QString::fromUtf8(body.left(200)).simplified();
    return body.size() > 200 ? s + QStringLiteral("…") : s;
}

} // namespace

QString LlmSettings::defaultUrl() {
    return QStringLiteral("http://127.0.0.1:11434/v1/chat/completions");
}

LlmSettings LlmSettings::load() {
    const QSettings s;
    LlmSettings out;
    out.enabled = s.value(QStringLiteral("auxPrompt/llmEnabled"), false).toBool();
    out.url = s.value(QStringLiteral("auxPrompt/llmUrl"), defaultUrl()).toString();
    out.model = s.value(QStringLiteral("auxPrompt/llmModel")).toString();
    out.allowRemote = s.value(QStringLiteral("auxPrompt/llmAllowRemote"), false).toBool();
    out.timeoutMs =
        std::max(100, s.value(QStringLiteral("auxPrompt/llmTimeoutMs"), kDefaultTimeoutMs).toInt());
    return out;
}

void LlmSettings::save() const {
    QSettings s;
    s.setValue(QStringLiteral("auxPrompt/llmEnabled"), enabled);
    s.setValue(QStringLiteral("auxPrompt/llmUrl"), url);
    s.setValue(QStringLiteral("auxPrompt/llmModel"), model);
    s.setValue(QStringLiteral("auxPrompt/llmAllowRemote"), allowRemote);
    s.setValue(QStringLiteral("auxPrompt/llmTimeoutMs"), timeoutMs);
}

LlmClient::LlmClient(QObject* parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this)) {
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_reply) {
            m_timedOut = true;
            m_reply->abort(); // finished() follows at once and reports the timeout
        }
    });
}

LlmClient::~LlmClient() {
    cancel();
}

QUrl LlmClient::endpoint(const QString& text, QString* error) {
    QUrl url = QUrl::fromUserInput(text.trimmed());
    if (text.trimmed().isEmpty() || !url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        if (error)
            *error = tr("'%1' is not an http or https address of an LLM server").arg(text);
        return {};
    }
    QString path = url.path();
    if (path.isEmpty() || path == QLatin1String("/"))
        path = QStringLiteral("/v1/chat/completions");
    else if (path.endsWith(QLatin1String("/v1")) || path.endsWith(QLatin1String("/v1/")))
        path = path.left(path.lastIndexOf(QLatin1String("/v1"))) +
               QStringLiteral("/v1/chat/completions");
    url.setPath(path);
    return url;
}

bool LlmClient::isLoopbackHost(const QString& host) {
    QString h = host.trimmed().toLower();
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    if (h == QLatin1String("localhost"))
        return true;
    const QHostAddress address(h);
    return !address.isNull() && address.isLoopback();
}

QByteArray LlmClient::requestBody(const QString& model, const QString& report) {
    const QJsonArray messages{
        QJsonObject{{"role", "system"}, {"content", QString::fromUtf8(kSystemPrompt)}},
        QJsonObject{{"role", "user"}, {"content", QStringLiteral("Report: ") + report.trimmed()}}};
    const QJsonObject body{{"model", model},
                           {"messages", messages},
                           {"temperature", 0},
                           {"max_tokens", 96},
                           {"stream", false}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QString LlmClient::parseAnswer(const QByteArray& body, QString* error) {
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parse);
    if (parse.error != QJsonParseError::NoError) {
        *error = tr("the answer is not JSON (%1 at byte %2): %3")
                     .arg(parse.errorString())
                     .arg(parse.offset)
                     .arg(snippet(body));
        return {};
    }
    const QJsonValue message =
        doc.object().value("choices").toArray().at(0).toObject().value("message");
    const QJsonValue content = message.toObject().value("content");
    QString text;
    if (content.isString()) {
        text = content.toString();
    } else if (content.isArray()) { // content parts: [{"type": "text", "text": ...}]
        for (const QJsonValue& part : content.toArray())
            text += part.toObject().value("text").toString();
    } else {
        *error = tr("the answer has no choices[0].message.content: %1").arg(snippet(body));
        return {};
    }
    // Reasoning models put their thinking first; the prompt is what follows.
    static const QRegularExpression think(QStringLiteral("<think>.*</think>"),
                                          QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression label(QStringLiteral("^(auxiliary )?prompt:\\s*"),
                                          QRegularExpression::CaseInsensitiveOption);
    static const QString quotes = QStringLiteral("\"'“”‘’");
    text = text.remove(think).simplified();
    for (QString before; before != text;) { // "Prompt: \"...\"" and "\"Prompt: ...\"" alike
        before = text;
        text = text.remove(label);
        if (text.size() >= 2 && quotes.contains(text.front()) && quotes.contains(text.back()))
            text = text.mid(1, text.size() - 2).trimmed();
    }
    if (text.isEmpty())
        *error = tr("the answer's message is empty");
    return text;
}

void LlmClient::failLater(const QString& error) {
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(
        this,
        [this, generation, error] {
            if (generation == m_generation)
                Q_EMIT failed(error);
        },
        Qt::QueuedConnection);
}

void LlmClient::ask(const LlmSettings& settings, const QString& report) {
    cancel();
    QString error;
    const QUrl url = endpoint(settings.url, &error);
    if (!url.isValid())
        return failLater(error);
    const bool loopback = isLoopbackHost(url.host());
    if (!loopback && !settings.allowRemote)
        return failLater(tr("%1 is not on this machine: the report would leave it. Use a "
                            "loopback address (127.0.0.1, localhost) or allow other hosts in "
                            "Settings")
                             .arg(url.host()));
    if (settings.model.trimmed().isEmpty())
        return failLater(tr("no model name is set for the local LLM (Settings)"));

    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    // A redirect could lead the report off the machine: the endpoint must answer itself.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    // A proxy would also see the report; the loopback server needs none.
    m_network->setProxy(loopback ? QNetworkProxy(QNetworkProxy::NoProxy)
                                 : QNetworkProxy(QNetworkProxy::DefaultProxy));
    m_timedOut = false;
    QNetworkReply* reply = m_network->post(request, requestBody(settings.model.trimmed(), report));
    m_reply = reply;
    const quint64 generation = m_generation;
    const int timeoutMs = settings.timeoutMs;
    connect(reply, &QNetworkReply::finished, this, [this, reply, generation, url, timeoutMs] {
        finished(reply, generation, url, timeoutMs);
    });
    m_timeout.start(timeoutMs);
}

void LlmClient::cancel() {
    ++m_generation; // whatever is still queued or running for the old request is dropped
    m_timeout.stop();
    if (QNetworkReply* reply = m_reply.data()) {
        m_reply = nullptr;
        reply->abort();
    }
}

void LlmClient::finished(QNetworkReply* reply, quint64 generation, const QUrl& url, int timeoutMs) {
    reply->deleteLater();
    if (generation != m_generation)
        return; // abandoned
    m_timeout.stop();
    m_reply = nullptr;
    const QString where = url.toDisplayString(QUrl::RemoveUserInfo);
    if (m_timedOut) {
        Q_EMIT failed(tr("%1: no answer within %2 s").arg(where).arg(timeoutMs / 1000.0));
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status >= 300 && status < 400) {
        Q_EMIT failed(tr("%1: redirected to %2; the LLM endpoint must answer itself")
                          .arg(where, reply->header(QNetworkRequest::LocationHeader).toString()));
        return;
    }
    if (status == 0 && reply->error() != QNetworkReply::NoError) {
        Q_EMIT failed(where + QStringLiteral(": ") + reply->errorString());
        return;
    }
    if (status < 200 || status >= 300) {
        // OpenAI-style servers explain themselves in {"error": {"message": ...}}.
        const QJsonObject err = QJsonDocument::fromJson(body).object().value("error").toObject();
        const QString why = err.value("message").toString();
        Q_EMIT failed(
            tr("%1: HTTP %2: %3").arg(where).arg(status).arg(why.isEmpty() ? snippet(body) : why));
        return;
    }
    QString error;
    const QString text = parseAnswer(body, &error);
    if (!error.isEmpty()) {
        Q_EMIT failed(where + QStringLiteral(": ") + error);
        return;
    }
    Q_EMIT answered(text);
}

} // namespace tgc
