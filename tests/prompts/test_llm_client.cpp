// The local LLM client against a fake OpenAI-compatible server on 127.0.0.1
// inside this process: the request it sends, a good, a late, a malformed and
// a refused answer, loopback-only addresses; and the source order of
// auxiliary prompts (typed, then the LLM, then the knowledge base).
#include "aux_prompt_resolver.h"
#include "fake_chat_server.h"
#include "llm_client.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkInterface>
#include <QSignalSpy>
#include <QtTest>

using namespace tgc;
using tgc::test::FakeChatServer;

namespace {

const QString kReport = QStringLiteral("Segment the splenic parenchyma.");

// The longest the event loop went without running a 5 ms timer while waiting
// for spy: proof that the request never blocked the thread.
int longestStallMs(QSignalSpy& spy, int waitMs) {
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    qint64 longest = 0;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        longest = std::max(longest, clock.elapsed() - last);
        last = clock.elapsed();
    });
    tick.start(5);
    spy.wait(waitMs);
    longest = std::max(longest, clock.elapsed() - last);
    return int(longest);
}

QHostAddress nonLoopbackAddress() {
    for (const QHostAddress& a : QNetworkInterface::allAddresses())
        if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback())
            return a;
    return {};
}

} // namespace

class TestLlmClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loopbackAndEndpointRules();
    void sendsAChatCompletionRequest();
    void slowAnswerTimesOutWithoutBlocking();
    void malformedAnswersSaySo_data();
    void malformedAnswersSaySo();
    void refusesNonLoopbackUnlessAllowed();
    void ownAddressRefusedUntilAllowed();
    void newRequestAbandonsTheOld();
    void sourceOrderTypedThenLlmThenKnowledgeBase();
    void llmFailureFallsBackToKnowledgeBase();
    void staleResolutionIsDropped();

private:
    LlmSettings settingsFor(const FakeChatServer& server, int timeoutMs = 5000) const {
        LlmSettings s;
        s.enabled = true;
        s.url = QStringLiteral("http://127.0.0.1:%1").arg(server.port()); // base only
        s.model = QStringLiteral("test-model");
        s.timeoutMs = timeoutMs;
        return s;
    }
};

void TestLlmClient::loopbackAndEndpointRules() {
    for (const char* host : {"127.0.0.1", "127.4.5.6", "::1", "[::1]", "localhost", "LocalHost"})
        QVERIFY2(LlmClient::isLoopbackHost(host), host);
    for (const char* host : {"10.0.0.1", "192.168.1.20", "0.0.0.0", "example.com",
                             "localhost.example.com", "127.0.0.1.nip.io", ""})
        QVERIFY2(!LlmClient::isLoopbackHost(host), host);

    QString error;
    QCOMPARE(LlmClient::endpoint("http://127.0.0.1:8080", &error).toString(),
             QString("http://127.0.0.1:8080/v1/chat/completions"));
    QCOMPARE(LlmClient::endpoint("http://localhost:11434/v1/", &error).toString(),
             QString("http://localhost:11434/v1/chat/completions"));
    QCOMPARE(LlmClient::endpoint("https://gpu.lan/api/v1/chat/completions", &error).toString(),
             QString("https://gpu.lan/api/v1/chat/completions"));
    QCOMPARE(LlmClient::endpoint("localhost:11434", &error).toString(),
             QString("http://localhost:11434/v1/chat/completions"));
    QVERIFY(!LlmClient::endpoint("ftp://127.0.0.1/", &error).isValid());
    QVERIFY(error.contains("ftp://127.0.0.1/"));
    QVERIFY(!LlmClient::endpoint("", &error).isValid());

    // Off by default, loopback only by default.
    const LlmSettings defaults;
    QVERIFY(!defaults.enabled);
    QVERIFY(!defaults.allowRemote);
    QVERIFY(LlmClient::isLoopbackHost(QUrl(defaults.url).host()));
}

void TestLlmClient::sendsAChatCompletionRequest() {
    FakeChatServer server;
    QVERIFY(server.listen());
    server.content = QStringLiteral("<think>the report says spleen</think>\n  \"Auxiliary prompt: "
                                    "The spleen, a crescent-shaped organ in the left upper "
                                    "abdomen.\"  ");
    LlmClient client;
    QSignalSpy answered(&client, &LlmClient::answered);
    QSignalSpy failed(&client, &LlmClient::failed);
    QElapsedTimer clock;
    clock.start();
    client.ask(settingsFor(server), kReport);
    QVERIFY2(clock.elapsed() < 100, "ask() must return at once");
    QVERIFY(client.busy());
    QCOMPARE(answered.count(), 0); // never from inside ask()
    QVERIFY(answered.wait(5000));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(answered.at(0).at(0).toString(),
             QString("The spleen, a crescent-shaped organ in the left upper abdomen."));
    QVERIFY(!client.busy());

    QCOMPARE(server.requests.size(), std::size_t(1));
    const FakeChatServer::Request& r = server.requests.front();
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.path, QByteArray("/v1/chat/completions"));
    QVERIFY(r.headers.value("content-type").startsWith("application/json"));
    const QJsonObject body = r.json();
    QCOMPARE(body.value("model").toString(), QString("test-model"));
    QCOMPARE(body.value("stream").toBool(true), false);
    const QJsonArray messages = body.value("messages").toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].toObject().value("role").toString(), QString("system"));
    QVERIFY(messages[0].toObject().value("content").toString().contains("segmentation"));
    QCOMPARE(messages[1].toObject().value("role").toString(), QString("user"));
    QVERIFY(messages[1].toObject().value("content").toString().contains(kReport));
}

void TestLlmClient::slowAnswerTimesOutWithoutBlocking() {
    FakeChatServer server;
    QVERIFY(server.listen());
    server.mode = FakeChatServer::Mode::Slow;
    server.slowMs = 4000;
    LlmClient client;
    QSignalSpy answered(&client, &LlmClient::answered);
    QSignalSpy failed(&client, &LlmClient::failed);
    QElapsedTimer clock;
    clock.start();
    client.ask(settingsFor(server, 300), kReport);
    QVERIFY(clock.elapsed() < 100);
    const int stall = longestStallMs(failed, 3000);
    QCOMPARE(failed.count(), 1);
    const qint64 took = clock.elapsed();
    QVERIFY2(took >= 250 && took < 2500, qPrintable(QString::number(took)));
    QVERIFY2(stall < 150, qPrintable(QStringLiteral("event loop stalled %1 ms").arg(stall)));
    const QString error = failed.at(0).at(0).toString();
    QVERIFY2(error.contains("no answer within 0.3 s"), qPrintable(error));
    QVERIFY2(error.contains(QString::number(server.port())), qPrintable(error));
    QCOMPARE(server.requests.size(), std::size_t(1)); // it did reach the server
    // The late answer, when it comes, is not taken.
    QTest::qWait(200);
    QCOMPARE(answered.count(), 0);
}

void TestLlmClient::malformedAnswersSaySo_data() {
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("says");
    QTest::newRow("not json") << int(FakeChatServer::Mode::Malformed) << "the answer is not JSON";
    QTest::newRow("no content") << int(FakeChatServer::Mode::NoContent)
                                << "no choices[0].message.content";
    QTest::newRow("http 500") << int(FakeChatServer::Mode::HttpError)
                              << "HTTP 500: model 'nope' not found";
    QTest::newRow("redirect") << int(FakeChatServer::Mode::Redirect)
                              << "redirected to http://example.com/steal";
}

void TestLlmClient::malformedAnswersSaySo() {
    QFETCH(int, mode);
    QFETCH(QString, says);
    FakeChatServer server;
    QVERIFY(server.listen());
    server.mode = FakeChatServer::Mode(mode);
    LlmClient client;
    QSignalSpy answered(&client, &LlmClient::answered);
    QSignalSpy failed(&client, &LlmClient::failed);
    client.ask(settingsFor(server), kReport);
    QVERIFY(failed.wait(5000));
    QCOMPARE(answered.count(), 0);
    const QString error = failed.at(0).at(0).toString();
    QVERIFY2(error.contains(says), qPrintable(error));
    QVERIFY2(error.startsWith(
                 QStringLiteral("http://127.0.0.1:%1/v1/chat/completions").arg(server.port())),
             qPrintable(error));
}

void TestLlmClient::refusesNonLoopbackUnlessAllowed() {
    LlmClient client;
    QSignalSpy failed(&client, &LlmClient::failed);
    LlmSettings s;
    s.enabled = true;
    s.model = QStringLiteral("m");
    s.url = QStringLiteral("http://llm.example.invalid:8080");
    client.ask(s, kReport);
    QCOMPARE(failed.count(), 0); // refused later, from the event loop
    QVERIFY(failed.wait(1000));
    QVERIFY(failed.at(0).at(0).toString().contains("llm.example.invalid is not on this machine"));
    QVERIFY(failed.at(0).at(0).toString().contains("allow other hosts"));
}

void TestLlmClient::ownAddressRefusedUntilAllowed() {
    // This machine's own non-loopback address: refused without a connection,
    // reached once the user allows other hosts.
    const QHostAddress address = nonLoopbackAddress();
    if (address.isNull())
        QSKIP("no non-loopback IPv4 address on this machine");
    FakeChatServer server;
    QVERIFY(server.listen(QHostAddress::AnyIPv4));
    LlmClient client;
    QSignalSpy failed(&client, &LlmClient::failed);
    QSignalSpy answered(&client, &LlmClient::answered);
    LlmSettings s;
    s.enabled = true;
    s.model = QStringLiteral("m");
    s.url = QStringLiteral("http://%1:%2").arg(address.toString()).arg(server.port());
    client.ask(s, kReport);
    QVERIFY(failed.wait(1000));
    QVERIFY(failed.at(0).at(0).toString().contains(address.toString() + " is not on this machine"));
    QTest::qWait(200);
    QCOMPARE(server.connections, 0);
    QCOMPARE(answered.count(), 0);

    s.allowRemote = true;
    client.ask(s, kReport);
    QVERIFY(answered.wait(5000));
    QCOMPARE(server.requests.size(), std::size_t(1));
}

void TestLlmClient::newRequestAbandonsTheOld() {
    FakeChatServer slow;
    QVERIFY(slow.listen());
    slow.mode = FakeChatServer::Mode::Slow;
    slow.slowMs = 300;
    FakeChatServer good;
    QVERIFY(good.listen());
    LlmClient client;
    QSignalSpy answered(&client, &LlmClient::answered);
    QSignalSpy failed(&client, &LlmClient::failed);
    client.ask(settingsFor(slow), QStringLiteral("first"));
    QTRY_COMPARE(slow.requests.size(), std::size_t(1));
    client.ask(settingsFor(good), QStringLiteral("second"));
    QVERIFY(answered.wait(5000));
    QTest::qWait(500); // the slow server's time has come and gone
    QCOMPARE(answered.count(), 1);
    QCOMPARE(failed.count(), 0);
    QVERIFY(good.requests.front()
                .json()
                .value("messages")
                .toArray()[1]
                .toObject()
                .value("content")
                .toString()
                .contains("second"));
}

void TestLlmClient::sourceOrderTypedThenLlmThenKnowledgeBase() {
    FakeChatServer server;
    QVERIFY(server.listen());
    AuxPromptResolver resolver(KnowledgeBase::bundled());
    QSignalSpy resolved(&resolver, &AuxPromptResolver::resolved);
    auto last = [&] { return resolved.last().at(0).value<AuxSuggestion>(); };

    // 1. Typed text wins, even with the LLM on: nothing is asked.
    resolver.setLlmSettings(settingsFor(server));
    const quint64 t1 = resolver.resolve(QStringLiteral("my own words"), kReport);
    QCOMPARE(resolved.count(), 0); // never from inside resolve()
    QVERIFY(resolved.wait(2000));
    QCOMPARE(last().ticket, t1);
    QCOMPARE(last().source, AuxSource::Typed);
    QCOMPARE(last().text, QString("my own words"));
    QCOMPARE(server.connections, 0);

    // 2. Nothing typed, LLM on: the LLM's answer, with its model named.
    QSignalSpy asking(&resolver, &AuxPromptResolver::askingLlm);
    const quint64 t2 = resolver.resolve(QStringLiteral("  "), kReport);
    QCOMPARE(asking.count(), 1);
    QVERIFY(resolver.busy());
    QVERIFY(resolved.wait(5000));
    QCOMPARE(last().ticket, t2);
    QCOMPARE(last().source, AuxSource::Llm);
    QCOMPARE(last().text, server.content);
    QCOMPARE(last().detail, QStringList{"test-model"});
    QCOMPARE(server.requests.size(), std::size_t(1));

    // 3. LLM off: the knowledge base, naming its entry.
    LlmSettings off = settingsFor(server);
    off.enabled = false;
    resolver.setLlmSettings(off);
    resolver.suggest(kReport);
    QVERIFY(resolved.wait(2000));
    QCOMPARE(last().source, AuxSource::KnowledgeBase);
    QCOMPARE(last().entryIds, QStringList{"spleen"});
    QCOMPARE(last().detail, QStringList{"spleen"});
    QCOMPARE(last().text, KnowledgeBase::bundled()->entry("spleen")->description);
    QVERIFY(last().problem.isEmpty());
    QVERIFY(last().leftOut.isEmpty());
    resolver.suggest(QStringLiteral("liver, spleen, pancreas and stomach"));
    QVERIFY(resolved.wait(2000));
    QCOMPARE(last().detail, (QStringList{"liver", "spleen"}));
    QCOMPARE(last().leftOut, (QStringList{"pancreas", "stomach"}));
    QCOMPARE(server.requests.size(), std::size_t(1));

    // 4. Nothing anywhere: no source, and why.
    resolver.suggest(QStringLiteral("Normal knee."));
    QVERIFY(resolved.wait(2000));
    QCOMPARE(last().source, AuxSource::None);
    QVERIFY(last().text.isEmpty());
    QVERIFY(last().problem.contains("nothing the knowledge base knows"));

    AuxPromptResolver bare(nullptr);
    QSignalSpy bareResolved(&bare, &AuxPromptResolver::resolved);
    bare.suggest(kReport);
    QVERIFY(bareResolved.wait(2000));
    QCOMPARE(bareResolved.last().at(0).value<AuxSuggestion>().source, AuxSource::None);
}

void TestLlmClient::llmFailureFallsBackToKnowledgeBase() {
    FakeChatServer server;
    QVERIFY(server.listen());
    server.mode = FakeChatServer::Mode::Malformed;
    AuxPromptResolver resolver(KnowledgeBase::bundled());
    resolver.setLlmSettings(settingsFor(server));
    QSignalSpy resolved(&resolver, &AuxPromptResolver::resolved);
    resolver.suggest(QStringLiteral("the left renal parenchyma"));
    QVERIFY(resolved.wait(5000));
    const auto s = resolved.last().at(0).value<AuxSuggestion>();
    QCOMPARE(s.source, AuxSource::KnowledgeBase);
    QCOMPARE(s.entryIds, QStringList{"kidney_left"});
    QVERIFY2(s.problem.contains("not JSON"), qPrintable(s.problem));
    QCOMPARE(server.requests.size(), std::size_t(1));
}

void TestLlmClient::staleResolutionIsDropped() {
    FakeChatServer server;
    QVERIFY(server.listen());
    server.mode = FakeChatServer::Mode::Slow;
    server.slowMs = 300;
    AuxPromptResolver resolver(KnowledgeBase::bundled());
    resolver.setLlmSettings(settingsFor(server));
    QSignalSpy resolved(&resolver, &AuxPromptResolver::resolved);
    resolver.suggest(QStringLiteral("spleen"));
    QTRY_COMPARE(server.requests.size(), std::size_t(1));
    // The user moves on before the LLM answers.
    const quint64 second = resolver.resolve(QStringLiteral("typed meanwhile"), QString());
    QTest::qWait(700);
    QCOMPARE(resolved.count(), 1);
    QCOMPARE(resolved.last().at(0).value<AuxSuggestion>().ticket, second);
    QCOMPARE(resolved.last().at(0).value<AuxSuggestion>().source, AuxSource::Typed);
    // cancel() drops an answer already queued.
    resolver.resolve(QStringLiteral("x"), QString());
    resolver.cancel();
    QTest::qWait(100);
    QCOMPARE(resolved.count(), 1);
}

QTEST_GUILESS_MAIN(TestLlmClient)
#include "test_llm_client.moc"
