// Compare mode's model without a window, on CT phantoms with two real
// checkpoints (the bundled demo model and one trained three steps from
// scratch by tgc-cli): both run on the same slice, their metrics are what
// project/metrics gives on the same masks, a run for a case the user left is
// dropped, and cancel stops a whole-volume run. The prompt variants (the
// ablation and the robustness probe): their rewrites, one model loaded once
// for all of them, and the flag for a model whose mask stays put when the
// prompt names another organ.
#include "../support/cli_run.h"
#include "../support/test_files.h"
#include "compare_session.h"
#include "image_writer.h"
#include "inference_client.h"
#include "metrics/mask_metrics.h"
#include "phantom/ct_phantom.h"
#include "phantom/phantom_dataset.h"
#include "prompt_variants.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace tgc;

namespace {

// A client of a model host of the test's own, as compare mode is given one.
InferenceClient* newClient() {
    return new InferenceClient();
}

const QString kDemo = tgc::test::kDemoModel;

ModelSpec spec(const QString& id, const QString& path) {
    ModelSpec s;
    s.id = id;
    s.name = id;
    s.path = path;
    return s;
}

DeviceChoice oneCpuThread() {
    DeviceChoice choice;
    choice.device = QStringLiteral("cpu");
    choice.threads = 1;
    return choice;
}

std::vector<std::uint8_t> binary(const std::uint8_t* bytes, std::size_t n, int cutoff) {
    std::vector<std::uint8_t> out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = bytes[i] >= cutoff;
    return out;
}

// Waits until the worker has nothing queued (a dropped run may still finish there).
bool waitIdle(CompareSession& session) {
    QElapsedTimer clock;
    clock.start();
    while (session.client()->isBusy() && clock.elapsed() < 60000)
        QTest::qWait(20);
    return !session.client()->isBusy();
}

} // namespace

class TestCompareSession : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_scratch; // a clearly worse checkpoint
    PhantomCase m_slice;
    PhantomCase m_volume;

    CompareSession::Request sliceRequest() const {
        CompareSession::Request r;
        r.caseId = QStringLiteral("slice");
        r.image = std::make_shared<const ImageVolume>(m_slice.image);
        for (const auto& t : m_slice.targets)
            if (t.key == QLatin1String("liver"))
                r.annotation = std::make_shared<const LabelMap>(t.mask);
        r.report = QStringLiteral("Segment the liver.");
        r.scope = CompareSession::Scope::Slice;
        return r;
    }
    CompareSession::Request volumeRequest() const {
        CompareSession::Request r;
        r.caseId = QStringLiteral("volume");
        r.image = std::make_shared<const ImageVolume>(m_volume.image);
        r.report = QStringLiteral("Segment the liver.");
        r.scope = CompareSession::Scope::Volume;
        return r;
    }
    std::vector<ModelSpec> twoModels() const {
        return {spec(QStringLiteral("demo"), kDemo), spec(QStringLiteral("scratch"), m_scratch)};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        PhantomRunOptions ct;
        ct.kind = PhantomKind::Ct;
        ct.count = 1;
        ct.seed = 9200;
        ct.size = 128;
        ct.outDir = m_dir.filePath("ct");
        writePhantomDataset(ct);
        m_scratch = m_dir.filePath("scratch.safetensors");
        const tgc::test::CliRun train = tgc::test::trainScratchCheckpoint(ct.outDir, m_scratch);
        QVERIFY2(train.code == 0, train.err.constData());
        m_slice = CtSlicePhantom().generate(4242, 0);
        CtVolumeOptions options;
        options.dims = {64, 64, 16};
        m_volume = CtVolumePhantom(options).generate(77, 0);
    }

    void promptRewrites() {
        QCOMPARE(swapSides("Consolidation in the left lower lobe; Right lung clear."),
                 QStringLiteral("Consolidation in the right lower lobe; Left lung clear."));
        QCOMPARE(swapSides("bilateral infection"), QStringLiteral("bilateral infection"));
        QCOMPARE(swapOrgan("Segment the liver."), QStringLiteral("Segment the spleen."));
        QCOMPARE(swapOrgan("Spleen and liver"), QStringLiteral("Liver and liver"));
        QCOMPARE(paraphrase("Segment the liver."), QStringLiteral("Outline the liver."));
        QCOMPARE(paraphrase("liver"), QStringLiteral("Findings: liver"));
        QCOMPARE(dropClause("Effusion. Upper left opacity, small nodule."),
                 QStringLiteral("Effusion. Upper left opacity."));
        QCOMPARE(dropClause("Segment the liver."), QStringLiteral("Segment the liver."));
        QCOMPARE(int(ablationVariants("r", "", "").size()), 1); // nothing to compare with
        const auto ablation = ablationVariants("r", "a", "e");
        QCOMPARE(int(ablation.size()), 3);
        QVERIFY(ablation[0].aux.isEmpty());
        QCOMPARE(ablation[1].aux, QStringLiteral("a"));
        QCOMPARE(ablation[2].report, QStringLiteral("e"));
        const auto probe = probeVariants("Segment the liver, left lobe.", "the liver");
        QCOMPARE(int(probe.size()), 5);
        QCOMPARE(probe[2].report, QStringLiteral("Segment the liver."));
        QCOMPARE(probe[3].report, QStringLiteral("Segment the liver, right lobe."));
        QVERIFY(probe[3].shouldMove && probe[4].shouldMove && !probe[1].shouldMove);
        QCOMPARE(probe[4].aux, QStringLiteral("the spleen"));
    }

    void probeFlagsAModelThatIgnoresTheOrgan() {
        const auto variants = probeVariants(QStringLiteral("Segment the liver."), QString());
        QCOMPARE(int(variants.size()), 3); // original, paraphrased, organ swapped
        double organDice[2] = {0, 0};
        bool flagged[2] = {false, false};
        const std::vector<ModelSpec> models = twoModels();
        for (int m = 0; m < 2; ++m) {
            CompareSession session(newClient());
            session.setDeviceChoice(oneCpuThread());
            QSignalSpy loads(session.client(), &InferenceClient::modelLoaded);
            QSignalSpy finished(&session, &CompareSession::finished);
            QVERIFY(session.startVariants(models[std::size_t(m)], variants, sliceRequest()));
            QVERIFY(finished.wait(120000));
            QCOMPARE(loads.size(), 1); // one model, loaded once for every prompt
            QVERIFY(session.comparesPrompts());
            const auto& runs = session.runs();
            QCOMPARE(runs[2].report, QStringLiteral("Segment the spleen."));
            organDice[m] = session.metrics().pairs[0][2].dice;
            flagged[m] = session.stillWhereItShouldMove(2);
            QCOMPARE(flagged[m], organDice[m] >= CompareSession::kStillDice);
            QVERIFY(!session.stillWhereItShouldMove(1)); // a paraphrase may stay
        }
        qInfo("Dice liver vs spleen prompt: demo %.3f, scratch %.3f", organDice[0], organDice[1]);
        QVERIFY(!flagged[0]); // the demo model reads the organ
        QVERIFY(flagged[1]);  // three steps from scratch do not
    }

    void refusesTooFewOrTooManyModels() {
        CompareSession session(newClient());
        QSignalSpy error(&session, &CompareSession::error);
        QVERIFY(!session.start({spec("a", kDemo)}, sliceRequest()));
        std::vector<ModelSpec> five(5, spec("a", kDemo));
        QVERIFY(!session.start(five, sliceRequest()));
        QCOMPARE(error.size(), 2);
        CompareSession::Request noReport = sliceRequest();
        noReport.report = QStringLiteral("  ");
        QVERIFY(!session.start(twoModels(), noReport));
        QVERIFY(!session.isRunning());
    }

    void twoCheckpointsScoredLikeProjectMetrics() {
        CompareSession session(newClient());
        session.setDeviceChoice(oneCpuThread());
        QSignalSpy finished(&session, &CompareSession::finished);
        QSignalSpy done(&session, &CompareSession::modelDone);
        const CompareSession::Request request = sliceRequest();
        QVERIFY(session.start(twoModels(), request));
        QVERIFY(session.isRunning());
        QVERIFY(finished.wait(120000));
        QCOMPARE(done.size(), 2);
        QVERIFY(!session.isRunning());
        QVERIFY(session.hasResults());

        const auto& runs = session.runs();
        QCOMPARE(int(runs.size()), 2);
        const auto& g = m_slice.image.geometry();
        const std::size_t n = g.sliceVoxelCount();
        const int cut = session.cutoff();
        QCOMPARE(cut, 128);
        std::vector<std::vector<std::uint8_t>> masks;
        for (const auto& run : runs) {
            QVERIFY(run.done);
            QVERIFY(run.ms > 0.0);
            masks.push_back(binary(run.probabilities->slice(0), n, cut));
            QCOMPARE(std::size_t(std::count(masks.back().begin(), masks.back().end(), 1)),
                     run.voxels);
        }
        // Each model ran with its own weights.
        QVERIFY(std::memcmp(runs[0].probabilities->data(), runs[1].probabilities->data(), n) != 0);
        QVERIFY(runs[0].colour != runs[1].colour);

        const auto truth = binary(request.annotation->data(), n, 1);
        const std::array<int, 3> dims{g.dims[0], g.dims[1], 1};
        const auto& m = session.metrics();
        QVERIFY(m.hasReference);
        for (std::size_t k = 0; k < 2; ++k) {
            const OverlapCounts c = countOverlap(truth.data(), masks[k].data(), n);
            QCOMPARE(m.vsReference[k].dice, dice(c));
            QCOMPARE(m.vsReference[k].iou, iou(c));
            QCOMPARE(m.vsReference[k].hd95,
                     hausdorff95(truth.data(), masks[k].data(), dims, g.spacing));
        }
        qInfo("liver Dice: demo %.3f, scratch %.3f; between them %.3f", m.vsReference[0].dice,
              m.vsReference[1].dice, m.pairs[0][1].dice);
        QVERIFY2(m.vsReference[0].dice > 0.8, qPrintable(QString::number(m.vsReference[0].dice)));
        QVERIFY(m.vsReference[0].dice > m.vsReference[1].dice); // three steps from scratch
        const OverlapCounts between = countOverlap(masks[0].data(), masks[1].data(), n);
        QCOMPARE(m.pairs[0][1].dice, dice(between));
        QCOMPARE(m.pairs[1][0].dice, m.pairs[0][1].dice);
        QCOMPARE(m.pairs[0][1].hd95,
                 hausdorff95(masks[0].data(), masks[1].data(), dims, g.spacing));
        QCOMPARE(m.pairs[0][0].dice, 1.0);
        QCOMPARE(m.pairs[1][1].hd95, 0.0);
    }

    void noAnnotationMeansNoReference() {
        CompareSession session(newClient());
        session.setDeviceChoice(oneCpuThread());
        QSignalSpy finished(&session, &CompareSession::finished);
        CompareSession::Request request = sliceRequest();
        request.annotation = std::make_shared<const LabelMap>(m_slice.image.geometry()); // blank
        QVERIFY(session.start(twoModels(), request));
        QVERIFY(finished.wait(120000));
        QVERIFY(!session.metrics().hasReference);
        QVERIFY(session.metrics().vsReference.empty());
        QCOMPARE(int(session.metrics().pairs.size()), 2);
    }

    void resultForALeftCaseIsDropped() {
        CompareSession session(newClient());
        session.setDeviceChoice(oneCpuThread());
        QSignalSpy progress(&session, &CompareSession::progress);
        QSignalSpy dropped(&session, &CompareSession::dropped);
        QSignalSpy done(&session, &CompareSession::modelDone);
        QSignalSpy finished(&session, &CompareSession::finished);
        const CompareSession::Request request = volumeRequest();
        QVERIFY(session.start(twoModels(), request));
        session.imageShown(request.image.get()); // the compared image itself: kept
        QVERIFY(session.isRunning());
        QVERIFY(progress.wait(60000));
        const auto other = std::make_shared<const ImageVolume>(m_slice.image);
        session.imageShown(other.get());
        QCOMPARE(dropped.size(), 1);
        QVERIFY(!session.isRunning());
        QVERIFY(session.runs().empty());
        const int progressAtDrop = int(progress.size());
        QVERIFY(waitIdle(session));
        QTest::qWait(100);
        QCOMPARE(int(progress.size()), progressAtDrop); // late batches were not taken
        QCOMPARE(done.size(), 0);
        QCOMPARE(finished.size(), 0);
        QVERIFY(session.runs().empty());
    }

    void cancelStopsAWholeVolumeRun() {
        CompareSession session(newClient());
        session.setDeviceChoice(oneCpuThread());
        QSignalSpy progress(&session, &CompareSession::progress);
        QSignalSpy cancelled(&session, &CompareSession::cancelled);
        QSignalSpy finished(&session, &CompareSession::finished);
        QVERIFY(session.start(twoModels(), volumeRequest()));
        QVERIFY(progress.wait(60000));
        const int total = progress.last().at(2).toInt();
        QCOMPARE(total, m_volume.image.dims()[2]);
        session.cancel();
        QCOMPARE(cancelled.size(), 1);
        QVERIFY(!session.isRunning());
        QVERIFY(waitIdle(session));
        QCOMPARE(finished.size(), 0);
        QVERIFY(!session.hasResults());
        QVERIFY(!session.runs()[0].done);
        // The session runs again afterwards.
        QVERIFY(session.start(twoModels(), sliceRequest()));
        QVERIFY(finished.wait(120000));
        QVERIFY(session.hasResults());
    }
};

QTEST_GUILESS_MAIN(TestCompareSession)
#include "test_compare_session.moc"
