// The report panel's auxiliary prompt: Suggest fills it from the knowledge
// base or a local LLM (a fake server inside the test) and the source shows
// beside it; typed text is kept until the annotator replaces it; a late
// answer never lands on another case; Settings store the LLM's address and
// refuse a remote one unless allowed.
#include "../prompts/fake_chat_server.h"
#include "case_prompts.h"
#include "knowledge_base.h"
#include "language.h"
#include "llm_client.h"
#include "report_panel.h"
#include "settings_dialog.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTextCursor>
#include <QtTest>

using namespace tgc;
using tgc::test::FakeChatServer;

namespace {

CaseRecord caseWith(const QString& id, const QString& report) {
    CaseRecord c;
    c.id = id;
    c.report = report;
    return c;
}

// Field edits as (field, value) pairs, in order.
QStringList edits(const QSignalSpy& spy) {
    QStringList out;
    for (const QList<QVariant>& args : spy)
        out << args.at(0).toString() + QLatin1Char('=') + args.at(1).toString();
    return out;
}

} // namespace

class TestReportPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void suggestionFromKnowledgeBaseShowsItsSource();
    void typedTextIsKeptUntilReplaced();
    void selectedReportTextIsWhatIsLookedUp();
    void savedSourceIsShownAgain();
    void llmSuggestionAndFallback();
    void lateAnswerDoesNotReachTheNextCase();
    void settingsStoreTheLlmAndRefuseRemote();
    void germanShowsTheSourceInGerman();

private:
    QTemporaryDir m_dir;
    QString m_spleen;
};

void TestReportPanel::initTestCase() {
    QCoreApplication::setOrganizationName(QStringLiteral("TGC-test"));
    QCoreApplication::setApplicationName(QStringLiteral("test_report_panel"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath("settings"));
    m_spleen = KnowledgeBase::bundled()->entry("spleen")->description;
}

void TestReportPanel::init() {
    QSettings().clear(); // the LLM off, as a fresh install has it
}

void TestReportPanel::suggestionFromKnowledgeBaseShowsItsSource() {
    CasePrompts prompts;
    ReportPanel panel(&prompts);
    panel.show();
    QVERIFY(!panel.suggestButton()->isEnabled()); // no case, nothing to suggest for
    const CaseRecord c = caseWith("c1", "Segment the splenic parenchyma.");
    prompts.showCase(&c);
    QVERIFY(panel.suggestButton()->isEnabled());
    QCOMPARE(panel.auxTitleText(), QString("Auxiliary prompt"));
    QSignalSpy edited(&prompts, &CasePrompts::fieldEdited);
    QSignalSpy done(&panel, &ReportPanel::suggestionFinished);
    QTest::mouseClick(panel.suggestButton(), Qt::LeftButton);
    QVERIFY(done.wait(2000));
    QCOMPARE(panel.auxEditor()->toPlainText(), m_spleen);
    QCOMPARE(prompts.auxSource(), AuxSource::KnowledgeBase);
    QCOMPARE(panel.auxTitleText(), QString("Auxiliary prompt — from knowledge base: spleen"));
    QCOMPARE(panel.findChild<QLabel*>("auxTitle")->text(), panel.auxTitleText());
    // The project hears of both the text and its source.
    QCOMPARE(edits(edited), (QStringList{"aux=" + m_spleen, "aux_source=knowledge-base"}));
    // Nothing typed is waiting to overwrite it.
    prompts.flushPending();
    QCOMPARE(edited.count(), 2);

    // A second Suggest may replace a suggestion: it is not the annotator's text.
    panel.reportEditor()->setPlainText("left kidney");
    QTest::mouseClick(panel.suggestButton(), Qt::LeftButton);
    QVERIFY(done.wait(2000));
    QCOMPARE(panel.auxTitleText(), QString("Auxiliary prompt — from knowledge base: left kidney"));
}

void TestReportPanel::typedTextIsKeptUntilReplaced() {
    CasePrompts prompts;
    ReportPanel panel(&prompts);
    const CaseRecord c = caseWith("c1", "the right renal parenchyma");
    prompts.showCase(&c);
    QSignalSpy edited(&prompts, &CasePrompts::fieldEdited);
    QTest::keyClicks(panel.auxEditor(), "my own words");
    QCOMPARE(prompts.auxSource(), AuxSource::Typed);
    QCOMPARE(panel.auxTitleText(), QString("Auxiliary prompt — typed by the annotator"));
    QSignalSpy done(&panel, &ReportPanel::suggestionFinished);
    panel.suggestButton()->click();
    QVERIFY(done.wait(2000));
    QCOMPARE(panel.auxEditor()->toPlainText(), QString("my own words"));
    QCOMPARE(prompts.auxSource(), AuxSource::Typed);
    QVERIFY(panel.useSuggestionButton()->isVisibleTo(&panel));
    QVERIFY2(panel.auxStatusText().contains("from knowledge base: right kidney"),
             qPrintable(panel.auxStatusText()));
    QVERIFY(panel.auxStatusText().contains("kept"));

    panel.useSuggestionButton()->click();
    const QString kidney = KnowledgeBase::bundled()->entry("kidney_right")->description;
    QCOMPARE(panel.auxEditor()->toPlainText(), kidney);
    QCOMPARE(prompts.auxSource(), AuxSource::KnowledgeBase);
    QVERIFY(!panel.useSuggestionButton()->isVisibleTo(&panel));
    prompts.flushPending();
    // The typed words were never sent after the replacement: the suggestion is last.
    const QStringList e = edits(edited);
    QCOMPARE(e.last(), QString("aux_source=knowledge-base"));
    QCOMPARE(e.at(e.size() - 2), "aux=" + kidney);
}

void TestReportPanel::selectedReportTextIsWhatIsLookedUp() {
    CasePrompts prompts;
    ReportPanel panel(&prompts);
    const CaseRecord c = caseWith("c1", "Segment the liver.\n\nthe splenic parenchyma");
    prompts.showCase(&c);
    QSignalSpy done(&panel, &ReportPanel::suggestionFinished);
    panel.suggestButton()->click(); // the whole report: both organs
    QVERIFY(done.wait(2000));
    QCOMPARE(panel.auxTitleText(),
             QString("Auxiliary prompt — from knowledge base: liver, spleen"));
    QVERIFY(panel.auxStatusText().isEmpty()); // both fit
    QTextCursor cursor = panel.reportEditor()->textCursor();
    cursor.setPosition(int(c.report.indexOf("the splenic")));
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    panel.reportEditor()->setTextCursor(cursor);
    panel.suggestButton()->click(); // only the selection
    QVERIFY(done.wait(2000));
    QCOMPARE(panel.auxTitleText(), QString("Auxiliary prompt — from knowledge base: spleen"));
    QCOMPARE(panel.auxEditor()->toPlainText(), m_spleen);

    // A whole CT phantom report: what did not fit is named.
    panel.reportEditor()->setPlainText("the whole liver\n\nOutline the spleen.\n\nkidney on the "
                                       "right side\n\nleft kidney\n\nSegment the stomach.");
    panel.suggestButton()->click();
    QVERIFY(done.wait(2000));
    QCOMPARE(panel.auxTitleText(),
             QString("Auxiliary prompt — from knowledge base: liver, spleen"));
    QVERIFY2(panel.auxStatusText().contains("Left out to fit 77 tokens: right kidney, left "
                                            "kidney +1 (select part of the report)"),
             qPrintable(panel.auxStatusText()));
    QCOMPARE(panel.findChild<QLabel*>("auxStatus")->toolTip(),
             QString("right kidney\nleft kidney\nstomach"));

    // Many entries: two named, the rest counted, all in the tooltip.
    panel.reportEditor()->setPlainText("Bilateral pulmonary infection, two infected areas, upper "
                                       "left lung and middle right lung.");
    panel.suggestButton()->click();
    QVERIFY(done.wait(2000));
    QCOMPARE(panel.auxTitleText(),
             QString("Auxiliary prompt — from knowledge base: COVID-19 infection, bilateral +2"));
    QCOMPARE(panel.findChild<QLabel*>("auxTitle")->toolTip(),
             QString("COVID-19 infection\nbilateral\nupper left lung\nmiddle right lung"));
}

void TestReportPanel::savedSourceIsShownAgain() {
    CasePrompts prompts;
    ReportPanel panel(&prompts);
    CaseRecord c = caseWith("c1", "spleen");
    c.aux = m_spleen;
    c.auxSource = AuxSource::KnowledgeBase;
    prompts.showCase(&c);
    QCOMPARE(panel.auxTitleText(), QString("Auxiliary prompt — from knowledge base: spleen"));
    c.aux = "the annotator's sentence";
    c.auxSource = AuxSource::Typed;
    prompts.showCase(&c);
    QCOMPARE(panel.auxTitleText(), QString("Auxiliary prompt — typed by the annotator"));
    c.auxSource = AuxSource::Llm;
    prompts.showCase(&c);
    QCOMPARE(panel.auxTitleText(), QString("Auxiliary prompt — from local LLM"));
    // Nothing is suggested just by looking at a case.
    QSignalSpy edited(&prompts, &CasePrompts::fieldEdited);
    QTest::qWait(50);
    QCOMPARE(edited.count(), 0);
}

void TestReportPanel::llmSuggestionAndFallback() {
    FakeChatServer server;
    QVERIFY(server.listen());
    server.content = QStringLiteral("Spleen: crescent organ under the left diaphragm.");
    LlmSettings llm;
    llm.enabled = true;
    llm.url = QStringLiteral("http://127.0.0.1:%1/v1").arg(server.port());
    llm.model = QStringLiteral("local-test");
    llm.save();

    CasePrompts prompts;

    ReportPanel panel(&prompts);
    const CaseRecord c = caseWith("c1", "splenic tissue");
    prompts.showCase(&c);
    QSignalSpy done(&panel, &ReportPanel::suggestionFinished);
    panel.suggestButton()->click();
    QVERIFY(done.wait(5000));
    QCOMPARE(panel.auxEditor()->toPlainText(), server.content);
    QCOMPARE(prompts.auxSource(), AuxSource::Llm);
    QCOMPARE(panel.auxTitleText(), QString("Auxiliary prompt — from local LLM: local-test"));
    QCOMPARE(server.requests.size(), std::size_t(1));
    QCOMPARE(server.requests.front().json().value("model").toString(), QString("local-test"));

    // A broken answer: the knowledge base steps in and the LLM's error is shown.
    server.mode = FakeChatServer::Mode::Malformed;
    panel.suggestButton()->click();
    QVERIFY(done.wait(5000));
    QCOMPARE(panel.auxTitleText(), QString("Auxiliary prompt — from knowledge base: spleen"));
    QVERIFY2(panel.auxStatusText().contains("not JSON"), qPrintable(panel.auxStatusText()));
}

void TestReportPanel::lateAnswerDoesNotReachTheNextCase() {
    FakeChatServer server;
    QVERIFY(server.listen());
    server.mode = FakeChatServer::Mode::Slow;
    server.slowMs = 300;
    LlmSettings llm;
    llm.enabled = true;
    llm.url = QStringLiteral("http://localhost:%1").arg(server.port());
    llm.model = QStringLiteral("slow");
    llm.save();

    CasePrompts prompts;

    ReportPanel panel(&prompts);
    const CaseRecord first = caseWith("c1", "spleen");
    const CaseRecord second = caseWith("c2", "liver");
    prompts.showCase(&first);
    QSignalSpy edited(&prompts, &CasePrompts::fieldEdited);
    QSignalSpy done(&panel, &ReportPanel::suggestionFinished);
    panel.suggestButton()->click();
    QTRY_VERIFY(panel.auxStatusText().contains("Asking the local LLM"));
    prompts.showCase(&second); // the annotator moves on
    QTest::qWait(700);
    QCOMPARE(done.count(), 0);
    QCOMPARE(edited.count(), 0);
    QVERIFY(panel.auxEditor()->toPlainText().isEmpty());
    QCOMPARE(panel.auxTitleText(), QString("Auxiliary prompt"));
}

void TestReportPanel::settingsStoreTheLlmAndRefuseRemote() {
    {
        SettingsDialog dialog;
        QVERIFY(!dialog.findChild<QCheckBox*>("llmEnabled")->isChecked()); // off by default
        dialog.findChild<QCheckBox*>("llmEnabled")->setChecked(true);
        dialog.findChild<QLineEdit*>("llmUrl")->setText("http://10.1.2.3:8000");
        dialog.findChild<QLineEdit*>("llmModel")->setText("qwen");
        dialog.findChild<QSpinBox*>("llmTimeout")->setValue(7);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected)); // still open
        QVERIFY2(dialog.llmError().contains("10.1.2.3 is not on this machine"),
                 qPrintable(dialog.llmError()));
        QVERIFY(!LlmSettings::load().enabled); // nothing saved

        dialog.findChild<QCheckBox*>("llmAllowRemote")->setChecked(true);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    const LlmSettings saved = LlmSettings::load();
    QVERIFY(saved.enabled);
    QVERIFY(saved.allowRemote);
    QCOMPARE(saved.url, QString("http://10.1.2.3:8000"));
    QCOMPARE(saved.model, QString("qwen"));
    QCOMPARE(saved.timeoutMs, 7000);
    // The dialog shows what was saved.
    SettingsDialog again;
    QCOMPARE(again.findChild<QLineEdit*>("llmModel")->text(), QString("qwen"));
    QCOMPARE(again.findChild<QSpinBox*>("llmTimeout")->value(), 7);
}

void TestReportPanel::germanShowsTheSourceInGerman() {
    QVERIFY(installLanguage(QStringLiteral("de")));
    {
        CasePrompts prompts;
        ReportPanel panel(&prompts);
        const CaseRecord c = caseWith("c1", "spleen");
        prompts.showCase(&c);
        QSignalSpy done(&panel, &ReportPanel::suggestionFinished);
        panel.suggestButton()->click();
        QVERIFY(done.wait(2000));
        QCOMPARE(panel.suggestButton()->text(), QString("Vorschlagen"));
        QCOMPARE(panel.auxTitleText(), QString("Hilfsprompt — aus der Wissensbasis: spleen"));
        // The prompt itself stays English: CLIP reads English.
        QCOMPARE(panel.auxEditor()->toPlainText(), m_spleen);
    }
    QVERIFY(installLanguage(QStringLiteral("en")));
}

QTEST_MAIN(TestReportPanel)
#include "test_report_panel.moc"
