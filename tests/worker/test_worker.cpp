// The inference worker through InferenceClient, as the UI uses it. Tests
// that need a slow or failing model inject a segment function into the
// worker (InferenceWorker::setSegmentFunctionForTesting) instead of the
// engine: this machine has no GPU, so CUDA's out-of-memory error is
// simulated by that function raising its text, not produced by a GPU.
#include "batch_fallback.h"
#include "image_reader.h"
#include "inference_client.h"
#include "inference_worker.h"
#include "label_io.h"
#include "model_host.h"
#include "phantom/ct_phantom.h"
#include "phantom/cxr_phantom.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <stdexcept>
#include <thread>

using namespace tgc;

namespace {

ModelSpec demoSpec() {
    ModelSpec spec;
    spec.id = QStringLiteral("tgc-demo-tiny");
    spec.name = spec.id;
    spec.path = QStringLiteral(TGC_SOURCE_DIR "/resources/models/tgc-demo-tiny.safetensors");
    spec.demo = true;
    return spec;
}

DeviceChoice cpuChoice() {
    DeviceChoice choice;
    choice.device = QStringLiteral("cpu");
    choice.threads = 1;
    choice.cpuBatch = 2;
    return choice;
}

// A 2D image of a CT phantom slice (512 x 512, HU).
std::shared_ptr<ImageVolume> ctSlice(PhantomCase* keep = nullptr) {
    PhantomCase phantom = CtSlicePhantom().generate(4242, 0);
    auto image = std::make_shared<ImageVolume>(phantom.image);
    if (keep)
        *keep = std::move(phantom);
    return image;
}

std::shared_ptr<ImageVolume> smallVolume(int slices) {
    VolumeGeometry g;
    g.dims = {16, 16, slices};
    auto image = std::make_shared<ImageVolume>(VoxelType::UInt8, 1, g);
    for (std::size_t i = 0; i < g.voxelCount(); ++i)
        image->data<std::uint8_t>()[i] = std::uint8_t(i % 251);
    return image;
}

// A stand-in model: `ms` per slice, probability 0.75 everywhere.
InferenceWorker::SegmentFunction slowModel(int ms) {
    return [ms](const std::vector<engine::SliceInput>& slices, const engine::Prompt&, bool) {
        std::this_thread::sleep_for(std::chrono::milliseconds(ms * int(slices.size())));
        std::vector<std::vector<float>> maps;
        for (const auto& s : slices)
            maps.emplace_back(std::size_t(s.width) * std::size_t(s.height), 0.75f);
        return maps;
    };
}

InferenceRequest request(std::shared_ptr<const ImageVolume> image, const QString& caseId) {
    InferenceRequest r;
    r.caseId = caseId;
    r.image = std::move(image);
    r.report = QStringLiteral("Segment the liver.");
    return r;
}

bool loadDemo(InferenceClient& client) {
    QSignalSpy loaded(&client, &InferenceClient::modelLoaded);
    client.loadModel(demoSpec(), cpuChoice());
    return loaded.wait(60000);
}

} // namespace

class TestWorker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void outOfMemoryHalvesTheBatchThenMovesToCpu();
    void otherErrorsAndCpuOutOfMemoryAreNotRetried();
    void cancelStopsBetweenBatches();
    void newRequestSupersedesTheOldOne();
    void invalidateDropsWhatIsRunning();
    void brokenWeightsKeepThePreviousModel();
    void workerFallsBackToCpuAndSaysSo();
    void demoModelSegmentsThePhantomLiver();
    void masksMatchTgcCliInfer();
    void clientsOfOneHostShareEachModel();
    void presenceAndOodReachTheSummary();
    void absentTargetEmptiedBelowThePresenceThreshold();
    void clicksReachTheModel();
};

void TestWorker::outOfMemoryHalvesTheBatchThenMovesToCpu() {
    // A "GPU" that holds two slices per batch: 8 -> 4 -> 2, then all done.
    std::vector<std::pair<int, int>> runs;
    worker::BatchRunHooks hooks;
    bool onCpu = false;
    hooks.segment = [&](int first, int count) {
        if (!onCpu && count > 2)
            throw std::runtime_error("CUDA out of memory. Tried to allocate 2.00 GiB");
        runs.emplace_back(first, count);
    };
    hooks.moveToCpu = [&] { onCpu = true; };
    QStringList notes;
    hooks.note = [&notes](const std::string& n) { notes << QString::fromStdString(n); };
    auto report = worker::runBatches(11, 8, true, 2, hooks);
    QCOMPARE(report.slicesDone, 11);
    QCOMPARE(report.batchSize, 2);
    QCOMPARE(report.oomRetries, 2);
    QVERIFY(!report.movedToCpu);
    QCOMPARE(runs.front(), std::make_pair(0, 2));
    QCOMPARE(runs.back(), std::make_pair(10, 1));
    QCOMPARE(notes.size(), 2);
    QVERIFY(notes.front().contains("retrying with 4"));

    // Not even one slice fits: once onto the CPU, at the CPU batch size.
    runs.clear();
    notes.clear();
    int moves = 0;
    hooks.segment = [&](int first, int count) {
        if (!onCpu)
            throw std::runtime_error("CUDA error: out of memory");
        runs.emplace_back(first, count);
    };
    hooks.moveToCpu = [&] {
        ++moves;
        onCpu = true;
    };
    onCpu = false;
    report = worker::runBatches(5, 4, true, 3, hooks);
    QCOMPARE(moves, 1);
    QVERIFY(report.movedToCpu);
    QCOMPARE(report.slicesDone, 5);
    QCOMPARE(report.batchSize, 3);
    QCOMPARE(runs.front(), std::make_pair(0, 3));
    QVERIFY(notes.last().contains("CPU"));
}

void TestWorker::otherErrorsAndCpuOutOfMemoryAreNotRetried() {
    worker::BatchRunHooks hooks;
    int calls = 0;
    hooks.segment = [&](int, int) {
        ++calls;
        throw std::runtime_error("shape mismatch");
    };
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, worker::runBatches(4, 2, true, 2, hooks));
    QCOMPARE(calls, 1);
    // On the CPU, out of memory with one slice is the end.
    calls = 0;
    hooks.segment = [&](int, int) {
        ++calls;
        throw std::runtime_error("DefaultCPUAllocator: out of memory");
    };
    hooks.moveToCpu = [] { QFAIL("already on the CPU"); };
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, worker::runBatches(4, 4, false, 2, hooks));
    QCOMPARE(calls, 3); // 4, 2, 1
    QVERIFY(worker::isOutOfMemory("CUDA Out Of Memory"));
    QVERIFY(!worker::isOutOfMemory("invalid argument"));
    // Cancel is asked before each batch.
    int batches = 0;
    hooks.segment = [&](int, int) { ++batches; };
    hooks.cancelled = [&batches] { return batches == 2; };
    const auto report = worker::runBatches(10, 2, false, 2, hooks);
    QVERIFY(report.cancelled);
    QCOMPARE(report.slicesDone, 4);
}

void TestWorker::cancelStopsBetweenBatches() {
    InferenceClient client;
    client.worker()->setSegmentFunctionForTesting(slowModel(15));
    QSignalSpy batches(&client, &InferenceClient::slicesReady);
    QSignalSpy finished(&client, &InferenceClient::finished);
    client.generate(request(smallVolume(60), QStringLiteral("a")));
    QVERIFY(client.isBusy());
    QVERIFY(batches.wait(10000));
    client.cancel();
    QVERIFY(finished.wait(10000));
    const auto summary = finished.first().first().value<InferenceSummary>();
    QVERIFY(summary.cancelled);
    QVERIFY2(summary.slicesDone < 60, qPrintable(QString::number(summary.slicesDone)));
    QCOMPARE(summary.slicesDone % 2, 0); // whole batches of the CPU batch size
    QCOMPARE(batches.size(), summary.slicesDone / 2);
    QTRY_VERIFY(!client.isBusy());
}

void TestWorker::newRequestSupersedesTheOldOne() {
    InferenceClient client;
    client.worker()->setSegmentFunctionForTesting(slowModel(15));
    QSignalSpy batches(&client, &InferenceClient::slicesReady);
    QSignalSpy finished(&client, &InferenceClient::finished);
    QSignalSpy dropped(&client, &InferenceClient::dropped);
    const quint64 first = client.generate(request(smallVolume(60), QStringLiteral("a")));
    QVERIFY(batches.wait(10000));
    const quint64 second = client.generate(request(smallVolume(4), QStringLiteral("b")));
    QVERIFY(second > first);
    QVERIFY(finished.wait(10000));
    QTRY_VERIFY(!client.isBusy());
    // Only the second request finished as far as the UI can tell; the first
    // stopped between batches and its end (and any late batch) was dropped.
    QCOMPARE(finished.size(), 1);
    const auto summary = finished.first().first().value<InferenceSummary>();
    QCOMPARE(summary.generation, second);
    QCOMPARE(summary.caseId, QStringLiteral("b"));
    QCOMPARE(summary.slicesDone, 4);
    QVERIFY(dropped.size() >= 1);
    for (const auto& d : dropped)
        QCOMPARE(d.first().value<quint64>(), first);
    int afterSecond = 0;
    for (const auto& b : batches) {
        const auto batch = b.first().value<InferenceBatch>();
        if (batch.generation == second)
            ++afterSecond;
        else
            QCOMPARE(afterSecond, 0); // nothing of the first after the second began
    }
    QCOMPARE(afterSecond, 2);
}

void TestWorker::invalidateDropsWhatIsRunning() {
    InferenceClient client;
    client.worker()->setSegmentFunctionForTesting(slowModel(15));
    QSignalSpy batches(&client, &InferenceClient::slicesReady);
    QSignalSpy finished(&client, &InferenceClient::finished);
    QSignalSpy dropped(&client, &InferenceClient::dropped);
    client.generate(request(smallVolume(40), QStringLiteral("a")));
    QVERIFY(batches.wait(10000));
    const int before = int(batches.size());
    client.invalidate(); // the user opened another case
    QTRY_VERIFY_WITH_TIMEOUT(!client.isBusy(), 10000);
    QCOMPARE(int(batches.size()), before);
    QCOMPARE(finished.size(), 0);
    QVERIFY(dropped.size() >= 1);
}

void TestWorker::brokenWeightsKeepThePreviousModel() {
    InferenceClient client;
    QVERIFY(loadDemo(client));
    QCOMPARE(client.activeModel()->spec.id, QStringLiteral("tgc-demo-tiny"));
    QCOMPARE(client.activeModel()->device, QStringLiteral("cpu"));

    QTemporaryDir dir;
    const QString broken = dir.filePath("broken-model.safetensors");
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("\x10\x00\x00\x00\x00\x00\x00\x00{\"a\": not json}", 24);
    file.close();
    ModelSpec spec;
    spec.id = QStringLiteral("broken-model");
    spec.name = spec.id;
    spec.path = broken;
    QSignalSpy failedLoad(&client, &InferenceClient::modelFailed);
    client.loadModel(spec, cpuChoice());
    QVERIFY(failedLoad.wait(30000));
    const QString message = failedLoad.first().at(1).toString();
    QVERIFY2(message.contains("broken-model.safetensors"), qPrintable(message));
    QCOMPARE(client.activeModel()->spec.id, QStringLiteral("tgc-demo-tiny"));
    QVERIFY(!client.isLoadingModel());

    // A missing file says so too; the demo model still answers requests.
    spec.path = dir.filePath("missing.safetensors");
    client.loadModel(spec, cpuChoice());
    QVERIFY(failedLoad.wait(30000));
    QVERIFY(failedLoad.last().at(1).toString().contains("missing.safetensors: no such file"));
    QSignalSpy finished(&client, &InferenceClient::finished);
    client.generate(request(smallVolume(1), QStringLiteral("a")));
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().value<InferenceSummary>().modelId,
             QStringLiteral("tgc-demo-tiny"));
}

void TestWorker::workerFallsBackToCpuAndSaysSo() {
    // The worker believes it runs on a GPU whose memory holds no slice: the
    // injected function raises CUDA's out-of-memory text while onGpu is true.
    InferenceClient client;
    QVERIFY(loadDemo(client));
    int gpuCalls = 0;
    client.worker()->setSegmentFunctionForTesting(
        [&gpuCalls](const std::vector<engine::SliceInput>& slices, const engine::Prompt& prompt,
                    bool onGpu) {
            if (onGpu) {
                ++gpuCalls;
                throw std::runtime_error("CUDA out of memory. Tried to allocate 20.00 MiB");
            }
            return slowModel(0)(slices, prompt, onGpu);
        },
        /*simulateGpu=*/true);
    QSignalSpy moved(&client, &InferenceClient::modelLoaded);
    QSignalSpy finished(&client, &InferenceClient::finished);
    client.generate(request(smallVolume(5), QStringLiteral("a")));
    QVERIFY(finished.wait(60000));
    const auto summary = finished.first().first().value<InferenceSummary>();
    QCOMPARE(summary.slicesDone, 5);
    QVERIFY(!summary.cancelled);
    QCOMPARE(gpuCalls, 3); // 5 slices (gpuBatch 8), then 2, then 1, then the CPU
    QVERIFY2(summary.notes.join('\n').contains("CPU"), qPrintable(summary.notes.join('\n')));
    QCOMPARE(summary.device, QStringLiteral("cpu"));
    QCOMPARE(moved.size(), 1); // the status bar hears of the move
    QVERIFY(!moved.first().first().value<ModelInfo>().note.isEmpty());
}

void TestWorker::demoModelSegmentsThePhantomLiver() {
    InferenceClient client;
    QVERIFY(loadDemo(client));
    PhantomCase phantom;
    auto image = ctSlice(&phantom);
    QSignalSpy batches(&client, &InferenceClient::slicesReady);
    QSignalSpy finished(&client, &InferenceClient::finished);
    client.generate(request(image, QStringLiteral("ct")));
    QVERIFY(finished.wait(60000));
    const auto summary = finished.first().first().value<InferenceSummary>();
    // The CT convention of the checkpoint's training.input, as tgc-cli infer uses it.
    QCOMPARE(summary.windowCenter, 50.0);
    QCOMPARE(summary.windowWidth, 400.0);
    QCOMPARE(batches.size(), 1);
    const auto batch = batches.first().first().value<InferenceBatch>();
    QCOMPARE(batch.probabilities.front().size(), qsizetype(512 * 512));
    const auto* p = reinterpret_cast<const std::uint8_t*>(batch.probabilities.front().constData());
    const PhantomTarget* liver = nullptr;
    for (const auto& t : phantom.targets)
        if (t.key == QLatin1String("liver"))
            liver = &t;
    QVERIFY(liver);
    std::size_t both = 0, predicted = 0, truth = 0;
    for (std::size_t i = 0; i < std::size_t(512 * 512); ++i) {
        const bool a = p[i] >= 128, b = liver->mask.data()[i] != 0;
        both += a && b;
        predicted += a;
        truth += b;
    }
    const double dice = 2.0 * double(both) / double(predicted + truth);
    qInfo("liver Dice %.3f, %.0f ms (model %.0f ms)", dice, summary.msTotal, summary.msModel);
    QVERIFY2(dice > 0.8, qPrintable(QString::number(dice)));
}

void TestWorker::masksMatchTgcCliInfer() {
    // The qata layout's CT slice (16-bit PNG, HU + 1024): the worker must
    // read it as `tgc-cli infer` does, or the demo model's masks go wrong.
    QTemporaryDir dir;
    auto run = [](const QStringList& args) {
        QProcess process;
        process.start(QStringLiteral(TGC_BINARY_DIR "/bin/tgc-cli"), args);
        return process.waitForFinished(120000) && process.exitCode() == 0;
    };
    QVERIFY(run(
        {"phantom", "--kind", "ct", "--count", "1", "--seed", "31", "--out", dir.filePath("ct")}));
    const QString png = dir.filePath("ct/images/ct_s31_0000.png");
    QVERIFY(QFileInfo::exists(png));
    const QString prompt = QStringLiteral("left kidney");
    QVERIFY(run({"infer", "--model", demoSpec().path, "--image", png, "--text", prompt, "--device",
                 "cpu", "--threads", "1", "--out", dir.filePath("cli.png")}));
    const LabelMap cli = readLabelMap(dir.filePath("cli.png"));

    InferenceClient client;
    QVERIFY(loadDemo(client));
    QSignalSpy batches(&client, &InferenceClient::slicesReady);
    QSignalSpy finished(&client, &InferenceClient::finished);
    InferenceRequest r = request(std::make_shared<ImageVolume>(readImage(png)), "ct");
    r.report = prompt;
    client.generate(r);
    QVERIFY(finished.wait(60000));
    const auto summary = finished.first().first().value<InferenceSummary>();
    QCOMPARE(summary.windowCenter, 50.0 + 1024.0); // the CT window, shifted by 1024
    QCOMPARE(summary.windowWidth, 400.0);
    const auto batch = batches.first().first().value<InferenceBatch>();
    const auto* p = reinterpret_cast<const std::uint8_t*>(batch.probabilities.front().constData());
    // The CLI thresholds at 0.5 (p >= 0.5); bytes round p x 255, so compare
    // away from the boundary and allow the rounding band itself.
    std::size_t differ = 0, mask = 0;
    for (std::size_t i = 0; i < cli.geometry().voxelCount(); ++i) {
        mask += cli.data()[i] != 0;
        if ((p[i] >= 129) != (cli.data()[i] != 0) && p[i] != 127 && p[i] != 128)
            ++differ;
    }
    QVERIFY(mask > 500);
    QCOMPARE(differ, std::size_t(0));
}

namespace {

// One request through the demo model: its summary and its one batch.
bool runOnce(InferenceClient& client, const InferenceRequest& r, InferenceSummary* summary,
             InferenceBatch* batch) {
    QSignalSpy batches(&client, &InferenceClient::slicesReady);
    QSignalSpy finished(&client, &InferenceClient::finished);
    client.generate(r);
    if (!finished.wait(60000) || batches.size() != 1)
        return false;
    *summary = finished.first().first().value<InferenceSummary>();
    *batch = batches.first().first().value<InferenceBatch>();
    return true;
}

std::size_t nonZero(const QByteArray& bytes) {
    return std::size_t(std::count_if(bytes.begin(), bytes.end(), [](char b) { return b != 0; }));
}

} // namespace

// The demo model has a presence head and a description of its training
// images: both reach the summary, per slice and over the request.
void TestWorker::presenceAndOodReachTheSummary() {
    InferenceClient client;
    QVERIFY(loadDemo(client));
    InferenceSummary summary;
    InferenceBatch batch;
    InferenceRequest r = request(ctSlice(), QStringLiteral("ct"));
    r.presenceThreshold = 0.5;
    QVERIFY(runOnce(client, r, &summary, &batch));
    QCOMPARE(batch.presence.size(), std::size_t(1));
    QCOMPARE(batch.oodScores.size(), std::size_t(1));
    QCOMPARE(summary.slices, std::vector<int>{0});
    QCOMPARE(summary.presence, batch.presence);
    qInfo("liver: presence %.3f, OOD score %.2f (threshold %.2f)", summary.presenceOverall,
          summary.oodScoreOverall, summary.oodThreshold);
    QVERIFY(summary.presenceOverall > 0.5);
    QCOMPARE(summary.presenceOverall, double(batch.presence[0]));
    QVERIFY(summary.oodThreshold > 1.0 && summary.oodThreshold < 3.0); // the card says 1.75
    QVERIFY(summary.oodScoreOverall > 0.0);
    QVERIFY(summary.oodScoreOverall < summary.oodThreshold); // a phantom like its training images
    QCOMPARE(summary.slicesEmptied, 0);
    QVERIFY(nonZero(batch.probabilities[0]) > 1000);
    QCOMPARE(summary.clicks, 0);
    QVERIFY(!summary.clicksIgnored);
}

// "No infection." on a chest X-ray phantom: the demo model says the target
// is not there. A map whose presence is below the request's threshold is
// emptied (the liver, with the threshold just above its presence) and kept
// below it.
void TestWorker::absentTargetEmptiedBelowThePresenceThreshold() {
    InferenceClient client;
    QVERIFY(loadDemo(client));
    const CxrCase film = CxrPhantom().generate(9400, 0);
    InferenceRequest r = request(std::make_shared<ImageVolume>(film.image), QStringLiteral("cxr"));
    r.report = QStringLiteral("No infection.");
    InferenceSummary absent;
    InferenceBatch absentBatch;
    QVERIFY(runOnce(client, r, &absent, &absentBatch));
    qInfo("No infection.: presence %.4f", absent.presenceOverall);
    QVERIFY(absent.presenceOverall >= 0.0 && absent.presenceOverall < 0.5);

    InferenceSummary kept, emptied;
    InferenceBatch keptBatch, emptiedBatch;
    // The left kidney, not the liver: the demo model's p for the liver on
    // this slice is 1 in single precision, and no threshold is above 1.
    InferenceRequest kidney = request(ctSlice(), QStringLiteral("ct"));
    kidney.report = QStringLiteral("Segment the left kidney.");
    kidney.presenceThreshold = 0.5;
    QVERIFY(runOnce(client, kidney, &kept, &keptBatch));
    QVERIFY(kept.presenceOverall > 0.5 && kept.presenceOverall < 1.0);
    kidney.presenceThreshold = kept.presenceOverall + (1.0 - kept.presenceOverall) / 2;
    QVERIFY(runOnce(client, kidney, &emptied, &emptiedBatch));
    QCOMPARE(kept.slicesEmptied, 0);
    QVERIFY(nonZero(keptBatch.probabilities[0]) > 1000);
    QCOMPARE(emptied.slicesEmptied, 1);
    QCOMPARE(nonZero(emptiedBatch.probabilities[0]), std::size_t(0));
    QCOMPARE(emptied.presence, kept.presence);
}

// A negative click in the middle of the kidney proposal takes voxels away;
// clicks on a slice the request does not cover are not counted.
void TestWorker::clicksReachTheModel() {
    InferenceClient client;
    QVERIFY(loadDemo(client));
    PhantomCase phantom;
    const auto image = ctSlice(&phantom);
    InferenceSummary plain, clicked;
    InferenceBatch plainBatch, clickedBatch;
    InferenceRequest r = request(image, QStringLiteral("ct"));
    QVERIFY(runOnce(client, r, &plain, &plainBatch));
    // The proposal's centre of mass.
    const auto* p = reinterpret_cast<const std::uint8_t*>(plainBatch.probabilities[0].constData());
    double sx = 0, sy = 0, n = 0;
    for (int y = 0; y < 512; ++y)
        for (int x = 0; x < 512; ++x)
            if (p[y * 512 + x] >= 128) {
                sx += x;
                sy += y;
                ++n;
            }
    QVERIFY(n > 1000);
    r.clicks = {{0, sx / n, sy / n, false}, {5, 10, 10, true}};
    QVERIFY(runOnce(client, r, &clicked, &clickedBatch));
    QCOMPARE(clicked.clicks, 1);
    QVERIFY(!clicked.clicksIgnored);
    const auto* q =
        reinterpret_cast<const std::uint8_t*>(clickedBatch.probabilities[0].constData());
    std::size_t before = 0, after = 0;
    for (int i = 0; i < 512 * 512; ++i) {
        before += p[i] >= 128;
        after += q[i] >= 128;
    }
    qInfo("negative click at (%.0f, %.0f): %zu -> %zu voxels", sx / n, sy / n, before, after);
    QVERIFY(clickedBatch.probabilities[0] != plainBatch.probabilities[0]);
}

QTEST_GUILESS_MAIN(TestWorker)
// The GUI's parts each have a client of the one host: a file two of them
// chose is in memory once, answers reach only their asker, and a model
// nobody holds any more leaves memory.
void TestWorker::clientsOfOneHostShareEachModel() {
    auto host = std::make_shared<ModelHost>();
    auto* generate = new InferenceClient(host);
    auto* compare = new InferenceClient(host);
    QVERIFY(loadDemo(*generate));
    ModelSpec copy = demoSpec();
    copy.id = QStringLiteral("demo-as-compared");
    copy.name = QStringLiteral("Demo (compared)");
    QSignalSpy loaded(compare, &InferenceClient::modelLoaded);
    compare->loadModel(copy, cpuChoice());
    QVERIFY(loaded.wait(60000));
    QCOMPARE(compare->activeModel()->spec.id, copy.id);
    QCOMPARE(generate->activeModel()->spec.id, demoSpec().id);
    // Not loaded again: the same load, timed once.
    QCOMPARE(compare->activeModel()->loadMs, generate->activeModel()->loadMs);
    QCOMPARE(host->heldModels().size(), std::size_t(1));

    // A batch job holds the same file: still one copy, and it segments.
    const quint64 job = host->newRequester();
    QString error;
    ModelInfo info;
    QVERIFY(host->hold(demoSpec(), cpuChoice(), job, &error, &info));
    QVERIFY(!info.metadataJson.isEmpty());
    QCOMPARE(host->heldModels().size(), std::size_t(1));

    QSignalSpy generated(generate, &InferenceClient::finished);
    QSignalSpy compared(compare, &InferenceClient::finished);
    compare->generate(request(ctSlice(), QStringLiteral("case")));
    QVERIFY(compared.wait(60000));
    QCOMPARE(compared.first().first().value<InferenceSummary>().modelId, copy.id);
    QTest::qWait(50);
    QCOMPARE(generated.count(), 0); // not its question, not its answer

    // The job and the compare client let go: Generate still holds the file;
    // once it goes too, nobody holds it and it leaves memory.
    host->releaseAll(job);
    delete compare;
    QTRY_COMPARE(host->heldModels().size(), std::size_t(1));
    delete generate;
    QTRY_COMPARE(host->heldModels().size(), std::size_t(0));
}

#include "test_worker.moc"
