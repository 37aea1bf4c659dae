#include "engine.h"

#include "checkpoint.h"
#include "device.h"
#include "engine_impl.h"
#include "preprocess.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <stdexcept>

namespace tgc::engine {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

InferenceEngine::Impl& require(const std::unique_ptr<InferenceEngine::Impl>& impl) {
    if (!impl || !impl->net)
        throw std::logic_error("inference engine: no model loaded");
    return *impl;
}

// The vocabulary for a clip-bpe model: the CLIP folder (or file) itself.
std::unique_ptr<model::Tokenizer>
makeTokenizerFor(const std::string& kind, const std::string& clipFolder, bool allowByteFallback) {
    if (kind == "byte")
        return model::makeByteTokenizer();
    if (clipFolder.empty()) {
        if (allowByteFallback)
            return model::makeByteTokenizer();
        throw std::runtime_error("this model uses CLIP's BPE tokenizer: give the CLIP folder "
                                 "(bpe_simple_vocab_16e6.txt.gz or vocab.json + merges.txt)");
    }
    return model::makeTokenizer(kind, clipFolder);
}

} // namespace

void InferenceEngine::Impl::prepare(const EngineOptions& engineOptions) {
    options = engineOptions;
    if (options.batchSize < 1)
        options.batchSize = 1;
    device = chooseDevice(options.device);
    threads = configureThreads(options.threads, options.intraOpThreads);
    if (device.is_cpu())
        keepFreedMemoryForReuse();
    net->to(device);
    net->eval();
}

torch::Tensor InferenceEngine::Impl::tokenize(const std::string& text, bool* truncated) const {
    const int context = net->config().text.contextLength;
    const auto tokens = tokenizer->encode(text, context);
    if (truncated)
        *truncated = tokens.truncated;
    return torch::tensor(tokens.ids, torch::kLong).view({1, context}).to(device);
}

InferenceEngine::InferenceEngine() = default;
InferenceEngine::~InferenceEngine() = default;
InferenceEngine::InferenceEngine(InferenceEngine&&) noexcept = default;
InferenceEngine& InferenceEngine::operator=(InferenceEngine&&) noexcept = default;

void InferenceEngine::load(const std::string& checkpoint, const std::string& clipFolder,
                           const EngineOptions& options) {
    if (options.device != "cuda")
        keepFreedMemoryForReuse();
    auto impl = std::make_unique<Impl>();
    auto loaded = model::loadCheckpoint(checkpoint, clipFolder);
    impl->net = loaded.net;
    impl->tokenizer = makeTokenizerFor(loaded.metadata.tokenizer, clipFolder, false);
    impl->metadataJson = loaded.metadata.json.dump();
    impl->presence = loaded.hasPresence && loaded.metadata.presenceTrained;
    impl->clicks = loaded.hasClicks && loaded.metadata.clicksTrained;
    if (!loaded.metadata.featureDensity.isNull()) {
        try {
            impl->density = model::densityFromJson(loaded.metadata.featureDensity);
        } catch (const std::exception& e) {
            throw std::runtime_error(checkpoint + ": " + e.what());
        }
    }
    impl->prepare(options);
    impl_ = std::move(impl);
}

void InferenceEngine::loadUntrained(const std::string& configName, uint64_t seed,
                                    const std::string& clipFolder, const EngineOptions& options) {
    if (options.device != "cuda")
        keepFreedMemoryForReuse();
    auto impl = std::make_unique<Impl>();
    const auto config = model::tgcNetConfig(configName);
    torch::manual_seed(seed);
    impl->net = model::TgcNet(config);
    impl->tokenizer = makeTokenizerFor(config.tokenizer, clipFolder, true);
    impl->prepare(options);
    impl_ = std::move(impl);
}

bool InferenceEngine::isLoaded() const {
    return impl_ && impl_->net;
}
std::string InferenceEngine::device() const {
    return require(impl_).device.str();
}
std::string InferenceEngine::checkpointMetadataJson() const {
    return require(impl_).metadataJson;
}
std::string InferenceEngine::configName() const {
    return require(impl_).net->config().name;
}
std::string InferenceEngine::tokenizerKind() const {
    return require(impl_).tokenizer->kind();
}
int InferenceEngine::threads() const {
    return require(impl_).threads;
}
int InferenceEngine::clipImageSize() const {
    return require(impl_).net->config().clipImageSize();
}
int InferenceEngine::cnnImageSize() const {
    return require(impl_).net->config().cnnImageSize;
}
int64_t InferenceEngine::trainableParameters() const {
    return require(impl_).net->trainableParameterCount();
}
int64_t InferenceEngine::frozenParameters() const {
    return require(impl_).net->frozenParameterCount();
}
const EngineOptions& InferenceEngine::options() const {
    return require(impl_).options;
}
bool InferenceEngine::hasPresence() const {
    return require(impl_).presence;
}
bool InferenceEngine::hasOodDescription() const {
    return require(impl_).density.has_value();
}
bool InferenceEngine::hasClicks() const {
    return require(impl_).clicks;
}

double volumePresence(const SegmentationResult& result) {
    if (result.presence.empty())
        return -1.0;
    return *std::max_element(result.presence.begin(), result.presence.end());
}

double volumeOodScore(const SegmentationResult& result) {
    if (result.oodScores.empty())
        return -1.0;
    std::vector<float> scores = result.oodScores;
    std::nth_element(scores.begin(), scores.begin() + std::ptrdiff_t(scores.size() / 2),
                     scores.end());
    return scores[scores.size() / 2];
}

SegmentationResult InferenceEngine::segment(const SliceInput& slice, const Prompt& prompt,
                                            const std::vector<SliceClick>& clicks) {
    return segmentSlices({slice}, prompt, {}, nullptr, SliceClicks{clicks});
}

SegmentationResult InferenceEngine::segmentSlices(const std::vector<SliceInput>& slices,
                                                  const Prompt& prompt,
                                                  const ProgressCallback& progress,
                                                  const std::atomic<bool>* cancel,
                                                  const SliceClicks& sliceClicks) {
    auto& impl = require(impl_);
    const auto start = Clock::now();
    if (prompt.report.find_first_not_of(" \t\r\n") == std::string::npos)
        throw std::invalid_argument("the report (prompt) is empty: type what to segment");
    for (const auto& slice : slices)
        if (!slice.values || slice.width <= 0 || slice.height <= 0)
            throw std::invalid_argument("slice: empty image");
    // InferenceMode is thread-local: the engine's calling thread.
    c10::InferenceMode inferenceMode;
    torch::NoGradGuard noGrad;
    AutocastScope autocast(impl.device, impl.options.autocast);
    auto& net = impl.net;
    const auto& config = net->config();
    SegmentationResult result;

    // The text, once per request.
    auto reportIds = impl.tokenize(prompt.report, &result.reportTruncated);
    torch::Tensor auxIds;
    if (prompt.aux.find_first_not_of(" \t\r\n") != std::string::npos)
        auxIds = impl.tokenize(prompt.aux, &result.auxTruncated);
    auto modelStart = Clock::now();
    const auto text = net->encodeText(reportIds, auxIds);
    synchronize(impl.device);
    result.msModel += msSince(modelStart);

    const int total = int(slices.size());
    for (int first = 0; first < total; first += impl.options.batchSize) {
        if (cancel && cancel->load()) {
            result.cancelled = true;
            break;
        }
        const int count = std::min(impl.options.batchSize, total - first);
        std::vector<torch::Tensor> units;
        for (int i = first; i < first + count; ++i) {
            const auto& s = slices[size_t(i)];
            units.push_back(
                resizeImage(windowToUnit(s.values, s.width, s.height,
                                         Window{s.windowCenter, s.windowWidth}, impl.device),
                            config.cnnImageSize, config.cnnImageSize));
        }
        // Slices of any size meet at Sn ([count, 1, Sn, Sn]); the CLIP input
        // is taken from that (Sn >= Sc in every config).
        auto unit = torch::cat(units, 0);
        auto clipInput = toModelInput(unit, config.clipImageSize());
        auto cnnInput = toModelInput(unit, config.cnnImageSize);
        // Clicks move from slice pixels to the CNN grid the slice was resized to.
        torch::Tensor clickMaps;
        const auto clicksOf = [&sliceClicks](int i) -> const std::vector<SliceClick>& {
            static const std::vector<SliceClick> none;
            return size_t(i) < sliceClicks.size() ? sliceClicks[size_t(i)] : none;
        };
        bool anyClicks = false;
        for (int i = first; i < first + count; ++i)
            anyClicks = anyClicks || !clicksOf(i).empty();
        result.clicksIgnored = result.clicksIgnored || (anyClicks && !impl.clicks);
        if (anyClicks && impl.clicks) {
            const int sn = config.cnnImageSize;
            std::vector<torch::Tensor> maps;
            for (int i = first; i < first + count; ++i) {
                const auto& s = slices[size_t(i)];
                std::vector<model::Click> clicks;
                for (const SliceClick& c : clicksOf(i))
                    clicks.push_back({(c.x + 0.5) * sn / s.width - 0.5,
                                      (c.y + 0.5) * sn / s.height - 0.5, c.positive});
                maps.push_back(model::clickMaps(clicks, sn, model::clickSigmaFor(sn)));
            }
            clickMaps = torch::stack(maps).to(impl.device); // [count, 2, Sn, Sn]
        }
        modelStart = Clock::now();
        const auto output = net->run(clipInput, cnnInput, text, clickMaps);
        const auto& logits = output.logits; // [count, 1, Sn, Sn]
        if (impl.presence) {
            const auto p = torch::sigmoid(output.presence.to(torch::kFloat32)).cpu().contiguous();
            result.presence.insert(result.presence.end(), p.data_ptr<float>(),
                                   p.data_ptr<float>() + p.numel());
        }
        if (impl.density) {
            const auto scores =
                model::densityScores(*impl.density, output.features).cpu().contiguous();
            result.oodScores.insert(result.oodScores.end(), scores.data_ptr<float>(),
                                    scores.data_ptr<float>() + scores.numel());
            result.oodThreshold = impl.density->threshold;
        }
        synchronize(impl.device);
        result.msModel += msSince(modelStart);
        for (int i = first; i < first + count; ++i) {
            const auto& s = slices[size_t(i)];
            auto maps =
                probabilitiesOnGrid(logits.slice(0, i - first, i - first + 1), s.width, s.height);
            result.probabilities.push_back(std::move(maps.front()));
        }
        if (progress)
            progress(first + count, total);
    }
    result.msTotal = msSince(start);
    return result;
}

} // namespace tgc::engine
