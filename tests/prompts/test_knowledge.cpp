// The bundled knowledge base: it holds the organs of MSD-Spleen, WORD and
// AbdomenCT-1k and the findings of QaTa-COV19 / MosMedData+ reports; the
// matcher finds them (whole words, case-insensitive, longest first, sides,
// coordinated lists); every phantom prompt gets its own organ or findings;
// composed prompts fit CLIP's context; a broken file names itself.
#include "io_error.h"
#include "knowledge_base.h"
#include "phantom/ct_organs.h"
#include "phantom/cxr_phantom.h"
#include "tokenizer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace tgc;

namespace {

QStringList matchedIds(const KnowledgeBase& kb, const QString& report) {
    QStringList ids;
    for (const KnowledgeMatch& m : kb.match(report))
        ids << m.entry->id;
    return ids;
}

QStringList ids(const std::vector<const KnowledgeEntry*>& entries) {
    QStringList out;
    for (const KnowledgeEntry* e : entries)
        out << e->id;
    return out;
}

} // namespace

class TestKnowledge : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void holdsTheDatasetsOrgansAndFindings();
    void matches_data();
    void matches();
    void everyCtPhantomPhrasingNamesItsOrgan();
    void everyCxrPhantomReportNamesItsFindings();
    void composedPromptsFitClipContext();
    void suggestionOrderAndBudget();
    void quotedEntriesAreFoundAgain();
    void fastEnoughForTheUiThread();
    void brokenFilesNameThemselves_data();
    void brokenFilesNameThemselves();

private:
    std::shared_ptr<const KnowledgeBase> m_kb;
};

void TestKnowledge::initTestCase() {
    m_kb = KnowledgeBase::bundled();
    QVERIFY(m_kb);
    QVERIFY(m_kb->entries().size() >= 30);
    // The same folder as a plain directory reads the same way.
    const KnowledgeBase fromDisk =
        KnowledgeBase::loadFolder(QStringLiteral(TGC_SOURCE_DIR "/resources/knowledge"));
    QCOMPARE(fromDisk.entries().size(), m_kb->entries().size());
}

void TestKnowledge::holdsTheDatasetsOrgansAndFindings() {
    const QStringList required{// MSD-Spleen
                               "spleen",
                               // WORD
                               "liver", "kidney_left", "kidney_right", "stomach", "gallbladder",
                               "esophagus", "pancreas", "duodenum", "colon", "intestine", "adrenal",
                               "rectum", "bladder", "femoral_head_left", "femoral_head_right",
                               // AbdomenCT-1k
                               "kidney",
                               // QaTa-COV19 / MosMedData+
                               "covid_infection", "ground_glass_opacity", "consolidation",
                               "bilateral", "unilateral", "no_infection", "zone_upper_left",
                               "zone_middle_left", "zone_lower_left", "zone_upper_right",
                               "zone_middle_right", "zone_lower_right",
                               // the CT phantom's other organs
                               "aorta", "vertebra"};
    for (const QString& id : required) {
        const KnowledgeEntry* e = m_kb->entry(id);
        QVERIFY2(e, qPrintable(id));
        QVERIFY2(!e->description.isEmpty() && e->terms.size() >= 1, qPrintable(id));
        // Short enough to sit beside others in 77 tokens.
        QVERIFY2(KnowledgeBase::pieceCount(e->description) <= 40, qPrintable(e->description));
    }
    QVERIFY(m_kb->entry("spleen")->datasets.contains("MSD-Spleen"));
    QVERIFY(m_kb->entry("pancreas")->datasets.contains("AbdomenCT-1k"));
    QVERIFY(m_kb->entry("femoral_head_right")->datasets.contains("WORD"));
}

void TestKnowledge::matches_data() {
    QTest::addColumn<QString>("report");
    QTest::addColumn<QStringList>("expected");
    auto row = [](const char* name, const char* report, QStringList expected) {
        QTest::newRow(name) << QString::fromUtf8(report) << expected;
    };
    // Dataset label names, spelled as the datasets spell them.
    row("msd spleen", "spleen", {"spleen"});
    row("word kidney_L", "kidney_L", {"kidney_left"});
    row("word kidney_R", "kidney_R", {"kidney_right"});
    row("word head_of_femur_L", "head_of_femur_L", {"femoral_head_left"});
    row("word head_of_femur_R", "head_of_femur_R", {"femoral_head_right"});
    row("word adrenal", "adrenal", {"adrenal"});
    row("word intestine", "intestine", {"intestine"});
    row("word gallbladder", "Gallbladder", {"gallbladder"});
    row("word esophagus", "esophagus", {"esophagus"});
    row("word duodenum", "duodenum", {"duodenum"});
    row("word colon", "colon", {"colon"});
    row("word rectum", "rectum", {"rectum"});
    row("word bladder", "bladder", {"bladder"});
    row("word stomach", "stomach", {"stomach"});
    row("word pancreas", "pancreas", {"pancreas"});
    row("abdomenct kidney", "kidney", {"kidney"});
    row("abdomenct liver", "LIVER", {"liver"});
    // Synonyms and phrasings.
    row("splenic parenchyma", "Segment the splenic parenchyma.", {"spleen"});
    row("renal", "renal parenchyma", {"kidney"});
    row("kidneys plural", "both KIDNEYS", {"kidney"});
    row("left renal", "the left renal cortex", {"kidney_left"});
    row("kidney on the right", "kidney on the right side", {"kidney_right"});
    row("gall bladder is not bladder", "the gall bladder", {"gallbladder"});
    row("urinary bladder", "urinary bladder wall", {"bladder"});
    row("large bowel is colon", "large bowel", {"colon"});
    row("small bowel", "small bowel loops", {"intestine"});
    row("oesophagus", "Oesophageal wall", {"esophagus"});
    row("head of the left femur", "head of the left femur", {"femoral_head_left"});
    row("left adrenal", "left adrenal gland", {"adrenal_left"});
    row("pancreatic head", "the pancreatic head", {"pancreas"});
    // Coordinated lists share their tail.
    row("left and right kidneys", "left and right kidneys", {"kidney_left", "kidney_right"});
    row("right and left femoral heads", "Right and left femoral heads",
        {"femoral_head_right", "femoral_head_left"});
    row("three zones", "upper, middle and lower left lung",
        {"zone_upper_left", "zone_middle_left", "zone_lower_left"});
    row("organ list", "liver, spleen and left kidney", {"liver", "spleen", "kidney_left"});
    // Whole words only.
    row("liverpool", "Liverpool colonoscopy prenatal bladderwrack", {});
    row("nothing", "Normal study of the knee.", {});
    // Findings.
    row("covid", "COVID-19 pneumonia", {"covid_infection"});
    row("ggo", "Ground-glass opacities in both lungs", {"ground_glass_opacity", "bilateral"});
    row("consolidation", "Consolidation in the right lower zone.",
        {"consolidation", "zone_lower_right"});
    row("no infection", "No infection.", {"no_infection"});
    row("no evidence", "No evidence of pulmonary infection.", {"no_infection"});
    row("qata unilateral", "Unilateral pulmonary infection, one infected area, middle right lung.",
        {"unilateral", "covid_infection", "covid_infection", "zone_middle_right"});
    row("qata bilateral",
        "Bilateral pulmonary infection, two infected areas, upper left lung and lower right lung.",
        {"bilateral", "covid_infection", "covid_infection", "zone_upper_left", "zone_lower_right"});
    row("mosmed zones", "left lower lung zone and right mid zone",
        {"zone_lower_left", "zone_middle_right"});
    row("generic zones", "bibasal opacities", {"zone_lower", "opacity"});
}

void TestKnowledge::matches() {
    QFETCH(QString, report);
    QFETCH(QStringList, expected);
    QCOMPARE(matchedIds(*m_kb, report), expected);
}

void TestKnowledge::everyCtPhantomPhrasingNamesItsOrgan() {
    int checked = 0;
    for (const CtOrgan& organ : ctOrgans()) {
        QVERIFY2(m_kb->entry(organ.key), qPrintable(organ.key));
        for (const QString& phrasing : organ.phrasings) {
            const QStringList found = matchedIds(*m_kb, phrasing);
            QVERIFY2(found == QStringList{organ.key},
                     qPrintable(phrasing + " -> " + found.join(',')));
            const KnowledgeSuggestion s = m_kb->suggest(phrasing);
            QCOMPARE(ids(s.entries), QStringList{organ.key});
            QCOMPARE(s.text, m_kb->entry(organ.key)->description);
            ++checked;
        }
        // The label table's plain name too.
        QCOMPARE(matchedIds(*m_kb, organ.name), QStringList{organ.key});
    }
    QVERIFY(checked >= 30);
}

void TestKnowledge::everyCxrPhantomReportNamesItsFindings() {
    // Every lesion set the phantom can place (one lesion per zone, up to three)
    // in both sentence orders.
    std::vector<CxrLesion> zones;
    for (LungSide side : {LungSide::Right, LungSide::Left})
        for (LungZone zone : {LungZone::Upper, LungZone::Middle, LungZone::Lower})
            zones.push_back({side, zone});
    int checked = 0;
    for (int bits = 0; bits < (1 << 6); ++bits) {
        std::vector<CxrLesion> lesions;
        for (int z = 0; z < 6; ++z)
            if (bits & (1 << z))
                lesions.push_back(zones[std::size_t(z)]);
        if (lesions.size() > 3)
            continue;
        for (bool leftFirst : {false, true}) {
            const QString report = CxrPhantom::report(lesions, leftFirst);
            QSet<QString> expected;
            bool sides[2] = {false, false};
            for (const CxrLesion& l : lesions) {
                expected.insert(
                    QStringLiteral("zone_%1_%2")
                        .arg(CxrPhantom::zoneName(l.zone), CxrPhantom::sideName(l.side)));
                sides[int(l.side)] = true;
            }
            if (lesions.empty()) {
                expected = {QStringLiteral("no_infection")};
            } else {
                expected.insert(QStringLiteral("covid_infection"));
                expected.insert(sides[0] && sides[1] ? QStringLiteral("bilateral")
                                                     : QStringLiteral("unilateral"));
            }
            const QStringList found = matchedIds(*m_kb, report);
            QVERIFY2(QSet<QString>(found.begin(), found.end()) == expected,
                     qPrintable(report + " -> " + found.join(',')));
            // The composed prompt keeps every one of them.
            const KnowledgeSuggestion s = m_kb->suggest(report);
            const QStringList used = ids(s.entries);
            QVERIFY2(QSet<QString>(used.begin(), used.end()) == expected,
                     qPrintable(report + " -> " + used.join(',')));
            QVERIFY(s.leftOut.empty());
            ++checked;
        }
    }
    QCOMPARE(checked, 2 * (1 + 6 + 15 + 20));
}

void TestKnowledge::composedPromptsFitClipContext() {
    const QString vocab = QStringLiteral(TGC_SHARED_DIR "/clip/bpe_simple_vocab_16e6.txt.gz");
    if (!QFile::exists(vocab))
        QSKIP("CLIP's vocabulary is not in the shared folder; the piece budget alone holds");
    const auto tokenizer = model::makeClipTokenizer(vocab.toStdString());
    QStringList reports;
    for (const CtOrgan& organ : ctOrgans())
        reports += QStringList(organ.phrasings.begin(), organ.phrasings.end());
    // The worst CXR reports: three zones, both orders.
    reports << CxrPhantom::report({{LungSide::Right, LungZone::Upper},
                                   {LungSide::Right, LungZone::Middle},
                                   {LungSide::Left, LungZone::Lower}},
                                  true)
            << CxrPhantom::report({{LungSide::Left, LungZone::Upper},
                                   {LungSide::Left, LungZone::Middle},
                                   {LungSide::Left, LungZone::Lower}},
                                  false);
    // A whole CT phantom case: every organ named in one report.
    QStringList all;
    for (const CtOrgan& organ : ctOrgans())
        all << organ.phrasings.front();
    reports << all.join("\n\n");
    int largest = 0;
    for (const QString& report : reports) {
        const QString text = m_kb->suggest(report).text;
        QVERIFY(!text.isEmpty());
        const auto encoded = tokenizer->encode(text.toStdString(), 4096);
        QVERIFY2(encoded.tokenCount <= 77,
                 qPrintable(QStringLiteral("%1 tokens: %2").arg(encoded.tokenCount).arg(text)));
        largest = std::max(largest, encoded.tokenCount);
    }
    qInfo("largest composed prompt: %d CLIP tokens of 77", largest);
}

void TestKnowledge::suggestionOrderAndBudget() {
    // The target first, then extent, then location, whatever the report's order.
    const KnowledgeSuggestion s =
        m_kb->suggest("Lower right lung: bilateral ground-glass opacity.");
    QCOMPARE(ids(s.entries),
             (QStringList{"ground_glass_opacity", "bilateral", "zone_lower_right"}));
    QVERIFY(s.text.startsWith(m_kb->entry("ground_glass_opacity")->description));
    QCOMPARE(s.names(), (QStringList{"ground-glass opacity", "bilateral", "lower right lung"}));
    // Many organs: what does not fit is named, not squeezed in.
    const KnowledgeSuggestion many = m_kb->suggest(
        "liver, spleen, pancreas, stomach, gallbladder, duodenum, colon, rectum, bladder");
    QVERIFY(!many.leftOut.empty());
    QCOMPARE(many.entries.size() + many.leftOut.size(), std::size_t(9));
    QVERIFY(KnowledgeBase::pieceCount(many.text) <= KnowledgeBase::kPieceBudget);
    QCOMPARE(many.entries.front()->id, QString("liver"));
    // Named twice, described once.
    QCOMPARE(m_kb->suggest("spleen; the splenic parenchyma").entries.size(), std::size_t(1));
    QVERIFY(m_kb->suggest("no organ here").text.isEmpty());
}

void TestKnowledge::quotedEntriesAreFoundAgain() {
    const KnowledgeSuggestion s = m_kb->suggest(
        "Bilateral pulmonary infection, two infected areas, upper left lung and lower right lung.");
    QCOMPARE(ids(m_kb->entriesQuotedIn(s.text)), ids(s.entries));
    QVERIFY(m_kb->entriesQuotedIn("my own words about the spleen").empty());
}

void TestKnowledge::fastEnoughForTheUiThread() {
    // The panel loads the knowledge base and suggests on the UI thread: both
    // must stay far below a frame.
    QElapsedTimer clock;
    clock.start();
    const KnowledgeBase kb = KnowledgeBase::loadFolder(QStringLiteral(":/knowledge"));
    const qint64 loadNs = clock.nsecsElapsed();
    QStringList reports;
    for (const CtOrgan& organ : ctOrgans())
        reports += QStringList(organ.phrasings.begin(), organ.phrasings.end());
    reports << CxrPhantom::report({{LungSide::Right, LungZone::Upper},
                                   {LungSide::Left, LungZone::Middle},
                                   {LungSide::Left, LungZone::Lower}},
                                  true);
    const int rounds = 20;
    clock.restart();
    int found = 0;
    for (int r = 0; r < rounds; ++r)
        for (const QString& report : reports)
            found += int(kb.suggest(report).entries.size());
    const double perReportUs = clock.nsecsElapsed() / 1000.0 / (rounds * reports.size());
    qInfo("knowledge base: load %.2f ms, suggest %.1f us per report (%d entries)", loadNs / 1e6,
          perReportUs, int(kb.entries().size()));
    QVERIFY(found > 0);
    QVERIFY2(loadNs < 100'000'000, "loading the knowledge base took over 100 ms");
    QVERIFY2(perReportUs < 2000, "a suggestion took over 2 ms");
}

void TestKnowledge::brokenFilesNameThemselves_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("problem");
    const QByteArray good =
        R"({"id":"a","name":"a","kind":"organ","terms":["alpha"],"description":"A."})";
    QTest::newRow("not json") << QByteArray("{\"format\": ") << "not JSON";
    QTest::newRow("format") << QByteArray(R"({"format":"other","entries":[]})") << "format is";
    QTest::newRow("no entries") << QByteArray(R"({"format":"tgc-knowledge/1","entries":[]})")
                                << "no entries";
    QTest::newRow("kind") << QByteArray(R"({"format":"tgc-knowledge/1","entries":[{"id":"a",)"
                                        R"("kind":"mood","terms":["x"],"description":"d"}]})")
                          << "unknown kind 'mood'";
    QTest::newRow("no description")
        << QByteArray(R"({"format":"tgc-knowledge/1","entries":[{"id":"a","kind":"organ",)"
                      R"("terms":["x"]}]})")
        << "needs an id, terms and a description";
    QTest::newRow("term twice")
        << QByteArray(R"({"format":"tgc-knowledge/1","entries":[)" + good +
                      R"(,{"id":"b","kind":"organ","terms":["Alphas"],"description":"B."}]})")
        << "term 'Alphas' also names 'a'";
    QTest::newRow("id twice") << QByteArray(R"({"format":"tgc-knowledge/1","entries":[)" + good +
                                            "," + good + "]}")
                              << "already used";
}

void TestKnowledge::brokenFilesNameThemselves() {
    QFETCH(QByteArray, content);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    const QString path = dir.filePath("broken.json");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    try {
        KnowledgeBase::loadFolder(dir.path());
        QFAIL("a broken file loaded");
    } catch (const IoError& e) {
        QCOMPARE(e.path(), path);
        QVERIFY2(e.reason().contains(problem), qPrintable(e.message()));
    }
    try {
        KnowledgeBase::loadFolder(dir.filePath("missing"));
        QFAIL("a missing folder loaded");
    } catch (const IoError& e) {
        QVERIFY(e.message().contains("missing"));
    }
}

QTEST_GUILESS_MAIN(TestKnowledge)
#include "test_knowledge.moc"
