// TGC-Net checkpoints: bit-identical round trip, metadata, CLIP left out and
// supplied separately, and every damaged or mismatched file named precisely.
#include "checkpoint.h"
#include "model_test.h"
#include "safetensors.h"

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace tgc::model;
namespace fs = std::filesystem;

namespace {

TgcNetConfig microConfig() {
    TgcNetConfig c = tgcNetConfig("tiny");
    c.name = "micro";
    c.vision.width = 64;
    c.vision.layers = 2;
    c.vision.heads = 2;
    c.vision.imageSize = 64;
    c.vision.embedDim = 32;
    c.vision.taps = {1, 1, 2, 2};
    c.text.width = 32;
    c.text.layers = 1;
    c.text.heads = 2;
    c.text.embedDim = 32;
    c.cnnImageSize = 64;
    c.cnn.widths = {8, 16, 16, 32};
    c.dim = 32;
    c.fineDim = 16;
    c.sseLayers = 1;
    c.sseFfn = 64;
    c.dateFfn = 64;
    c.costDim = 16;
    c.aggChannels = 16;
    c.guidanceChannels = 8;
    return c;
}

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("tgc_test_checkpoint_" + std::to_string(getpid()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

torch::Tensor ids() {
    auto t = torch::zeros({1, 77}, torch::kLong);
    t[0][0] = 257;
    t[0][1] = 40;
    t[0][2] = 80;
    t[0][3] = 258;
    return t;
}

torch::Tensor run(TgcNet& net, const TgcNetConfig& c) {
    torch::manual_seed(7);
    auto clip = torch::randn({1, 3, c.clipImageSize(), c.clipImageSize()});
    auto cnn = torch::randn({1, 3, c.cnnImageSize, c.cnnImageSize});
    net->eval();
    torch::NoGradGuard noGrad;
    return net->forward(clip, cnn, ids(), ids().roll(1, 1));
}

// A trained-looking network: DATE's zero-initialised add-back made live.
TgcNet randomNet(const TgcNetConfig& c) {
    torch::manual_seed(3);
    TgcNet net(c);
    torch::NoGradGuard noGrad;
    net->date->aux_out->weight.normal_(0, 0.1);
    return net;
}

// The net's tensors and metadata, for writing doctored files.
std::pair<std::vector<std::pair<std::string, torch::Tensor>>, std::map<std::string, std::string>>
contents(const std::string& path) {
    auto file = SafeTensorsFile::open(path);
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& name : file.names())
        tensors.emplace_back(name, file.tensor(name));
    return {tensors, file.metadata()};
}

} // namespace

TGC_TEST(round_trip_gives_bit_identical_output) {
    TempDir dir;
    const auto c = microConfig();
    auto net = randomNet(c);
    CheckpointInfo info;
    info.trainingData = "phantom cxr, 12 cases";
    info.validationMetrics.set("dice", 0.5);
    info.date = "2026-01-02T03:04:05Z";
    saveCheckpoint(net, dir.file("model.safetensors"), info);
    auto loaded = loadCheckpoint(dir.file("model.safetensors"));
    TGC_CHECK(torch::equal(run(net, c), run(loaded.net, c)));
    TGC_CHECK_EQ(loaded.metadata.config.name, std::string("micro"));
    TGC_CHECK(configToJson(loaded.metadata.config) == configToJson(c));
    TGC_CHECK_EQ(loaded.metadata.tokenizer, std::string("byte"));
    TGC_CHECK_EQ(loaded.metadata.trainingData, info.trainingData);
    TGC_CHECK_EQ(loaded.metadata.date, info.date);
    TGC_CHECK_CLOSE(loaded.metadata.validationMetrics.at("dice").asDouble(), 0.5, 0);
    TGC_CHECK(loaded.metadata.clipIncluded);
    // Every parameter is in the file.
    auto file = SafeTensorsFile::open(dir.file("model.safetensors"));
    TGC_CHECK_EQ(file.names().size(), net->named_parameters().size() + net->named_buffers().size());
}

TGC_TEST(checkpoint_without_clip_loads_the_towers_from_clip_weights) {
    TempDir dir;
    auto c = microConfig();
    c.freezeClip = true;
    auto net = randomNet(c);
    CheckpointInfo info;
    info.includeClip = false;
    saveCheckpoint(net, dir.file("head.safetensors"), info);
    auto file = SafeTensorsFile::open(dir.file("head.safetensors"));
    for (const auto& name : file.names())
        TGC_CHECK(!isClipTensorName(name));
    TGC_CHECK_THROWS_WITH(loadCheckpoint(dir.file("head.safetensors")), "CLIP");
    fs::create_directories(dir.path / "clip");
    saveClipWeights(net->clip_visual, net->clip_text, dir.file("clip/model.safetensors"), true);
    auto loaded = loadCheckpoint(dir.file("head.safetensors"), dir.file("clip"));
    TGC_CHECK(torch::equal(run(net, c), run(loaded.net, c)));
    TGC_CHECK(loaded.net->clipFrozen());
    TGC_CHECK_THROWS_WITH(findClipWeightsFile(dir.file("nowhere")), "nowhere");
}

TGC_TEST(damaged_or_mismatched_files_name_the_tensor) {
    TempDir dir;
    const auto c = microConfig();
    auto net = randomNet(c);
    const auto good = dir.file("good.safetensors");
    saveCheckpoint(net, good, CheckpointInfo{});
    auto [tensors, metadata] = contents(good);
    const std::string victim = "sse.layers.0.self_attn.value_proj.weight";
    auto indexOf = [&](auto& list) {
        for (size_t i = 0; i < list.size(); ++i)
            if (list[i].first == victim)
                return i;
        throw std::runtime_error("victim tensor not in the file");
    };
    const auto bad = dir.file("bad.safetensors");

    auto reshaped = tensors;
    reshaped[indexOf(reshaped)].second = torch::zeros({3, 3});
    saveSafeTensors(bad, reshaped, metadata);
    TGC_CHECK_THROWS_WITH(loadCheckpoint(bad), "tensor '" + victim + "' has shape [3, 3]");

    auto missing = tensors;
    missing.erase(missing.begin() + long(indexOf(missing)));
    saveSafeTensors(bad, missing, metadata);
    TGC_CHECK_THROWS_WITH(loadCheckpoint(bad), "tensor '" + victim + "' is missing");

    auto extra = tensors;
    extra.emplace_back("decoder.surplus", torch::zeros({2}));
    saveSafeTensors(bad, extra, metadata);
    TGC_CHECK_THROWS_WITH(loadCheckpoint(bad), "unexpected tensor 'decoder.surplus'");

    auto poisoned = tensors;
    poisoned[indexOf(poisoned)].second = poisoned[indexOf(poisoned)].second.clone();
    poisoned[indexOf(poisoned)].second[0][0] = NAN;
    saveSafeTensors(bad, poisoned, metadata);
    TGC_CHECK_THROWS_WITH(loadCheckpoint(bad), "NaN");

    saveSafeTensors(bad, tensors, {});
    TGC_CHECK_THROWS_WITH(loadCheckpoint(bad), "not a TGC-Net checkpoint");

    // Metadata describing another width: the first mismatching tensor is named.
    auto wider = Json::parse(metadata.at("tgc"));
    auto config = wider.at("config");
    config.set("dim", 48);
    wider.set("config", config);
    saveSafeTensors(bad, tensors, {{"tgc", wider.dump()}});
    TGC_CHECK_THROWS_WITH(loadCheckpoint(bad), "the model expects");

    auto newer = Json::parse(metadata.at("tgc"));
    newer.set("format_version", 99);
    saveSafeTensors(bad, tensors, {{"tgc", newer.dump()}});
    TGC_CHECK_THROWS_WITH(loadCheckpoint(bad), "newer");

    // Truncated file: the reader names the file.
    const auto size = fs::file_size(good);
    fs::copy_file(good, bad, fs::copy_options::overwrite_existing);
    fs::resize_file(bad, size - 100);
    TGC_CHECK_THROWS_WITH(loadCheckpoint(bad), bad);
}

int main(int argc, char** argv) {
    return tgc::test::runAll(argc, argv);
}
