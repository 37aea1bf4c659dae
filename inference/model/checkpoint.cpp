#include "checkpoint.h"

#include "safetensors.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace tgc::model {

namespace fs = std::filesystem;

namespace {

std::runtime_error fileError(const std::string& path, const std::string& reason) {
    return std::runtime_error(path + ": " + reason);
}

std::string nowIso8601() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// Every tensor of the network in checkpoint order: parameters, then buffers.
std::vector<std::pair<std::string, torch::Tensor>> namedTensors(TgcNet& net) {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& item : net->named_parameters())
        tensors.emplace_back(item.key(), item.value());
    for (const auto& item : net->named_buffers())
        tensors.emplace_back(item.key(), item.value());
    return tensors;
}

} // namespace

void saveCheckpoint(TgcNet& net, const std::string& path, const CheckpointInfo& info) {
    Json metadata = Json::object();
    metadata.set("format", kCheckpointFormat);
    metadata.set("format_version", kCheckpointFormatVersion);
    metadata.set("config", configToJson(net->config()));
    metadata.set("tokenizer", net->config().tokenizer);
    metadata.set("training_data", info.trainingData);
    metadata.set("validation_metrics", info.validationMetrics);
    metadata.set("date", info.date.empty() ? nowIso8601() : info.date);
    metadata.set("clip_included", info.includeClip);
    metadata.set("steps", info.steps);
    metadata.set("training", info.training);
    metadata.set("trainable_params", net->trainableParameterCount());
    if (!info.featureDensity.isNull())
        metadata.set("feature_density", info.featureDensity);
    if (!info.abilities.isNull())
        metadata.set("abilities", info.abilities);
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (auto& [name, tensor] : namedTensors(net)) {
        if (!info.includeClip && isClipTensorName(name))
            continue;
        tensors.emplace_back(name, tensor.detach().to(torch::kCPU).contiguous());
    }
    saveSafeTensors(path, tensors, {{kCheckpointMetadataKey, metadata.dump()}});
}

CheckpointMetadata readCheckpointMetadata(const std::string& path) {
    const auto file = SafeTensorsFile::open(path);
    const auto entry = file.metadata().find(kCheckpointMetadataKey);
    if (entry == file.metadata().end())
        throw fileError(path, "no 'tgc' metadata: not a TGC-Net checkpoint");
    CheckpointMetadata metadata;
    try {
        metadata.json = Json::parse(entry->second);
        const Json& json = metadata.json;
        if (!json.isObject() || !json.find("format") ||
            json.at("format").asString() != kCheckpointFormat)
            throw std::runtime_error("format is not 'tgc-net'");
        const int64_t version = json.at("format_version").asInt();
        if (version > kCheckpointFormatVersion)
            throw std::runtime_error("format version " + std::to_string(version) +
                                     " is newer than this program reads (" +
                                     std::to_string(kCheckpointFormatVersion) + ")");
        metadata.config = configFromJson(json.at("config"));
        metadata.tokenizer = json.at("tokenizer").asString();
        if (metadata.tokenizer != metadata.config.tokenizer)
            throw std::runtime_error("tokenizer '" + metadata.tokenizer +
                                     "' differs from the config's '" + metadata.config.tokenizer +
                                     "'");
        if (const Json* data = json.find("training_data"))
            metadata.trainingData = data->asString();
        if (const Json* metrics = json.find("validation_metrics"))
            metadata.validationMetrics = *metrics;
        if (const Json* date = json.find("date"))
            metadata.date = date->asString();
        if (const Json* clip = json.find("clip_included"))
            metadata.clipIncluded = clip->asBool();
        if (const Json* steps = json.find("steps"))
            metadata.steps = int(steps->asInt());
        if (const Json* density = json.find("feature_density"))
            metadata.featureDensity = *density;
        if (const Json* abilities = json.find("abilities")) {
            const Json* presence = abilities->find("presence");
            const Json* clicks = abilities->find("clicks");
            metadata.presenceTrained = presence && presence->asBool();
            metadata.clicksTrained = clicks && clicks->asBool();
        }
    } catch (const std::exception& e) {
        throw fileError(path, std::string("bad 'tgc' metadata: ") + e.what());
    }
    return metadata;
}

namespace {

LoadedCheckpoint loadInto(const std::string& path, CheckpointMetadata metadata,
                          const TgcNetConfig& config, const std::string& clipWeights,
                          bool grownMayBeMissing) {
    LoadedCheckpoint loaded;
    loaded.metadata = std::move(metadata);
    loaded.metadata.config = config;
    const bool clipIncluded = loaded.metadata.clipIncluded;
    if (!clipIncluded && clipWeights.empty())
        throw fileError(path, "the checkpoint leaves out the CLIP towers: give the CLIP weights "
                              "(a folder with model.safetensors or OpenAI's .pt)");
    const auto file = SafeTensorsFile::open(path);
    loaded.net = TgcNet(loaded.metadata.config);
    auto& net = loaded.net;
    torch::NoGradGuard noGrad;
    const auto fileHasAny = [&file](const char* prefix) {
        for (const auto& name : file.names())
            if (name.rfind(prefix, 0) == 0)
                return true;
        return false;
    };
    loaded.hasPresence = fileHasAny(kPresencePrefix);
    loaded.hasClicks = fileHasAny(kClicksPrefix);
    // Modules the file lacks as a whole keep the weights the network built
    // them with: the presence head and click encoder of older files, and the
    // modules a caller grows on older weights (loadCheckpointAs).
    std::vector<const char*> missing;
    for (const char* prefix : {kPresencePrefix, kClicksPrefix})
        if (!fileHasAny(prefix))
            missing.push_back(prefix);
    if (grownMayBeMissing)
        for (const char* prefix : {kPresenceStripsPrefix, kRefinementPrefix})
            if (!fileHasAny(prefix))
                missing.push_back(prefix);
    const auto isMissing = [&missing](const std::string& name) {
        return std::any_of(missing.begin(), missing.end(),
                           [&name](const char* prefix) { return name.rfind(prefix, 0) == 0; });
    };
    std::set<std::string> expected;
    for (auto& [name, target] : namedTensors(net)) {
        if ((!clipIncluded && isClipTensorName(name)) || isMissing(name))
            continue;
        expected.insert(name);
        if (!file.contains(name))
            throw fileError(path, "tensor '" + name + "' is missing");
        const auto& info = file.info(name);
        if (torch::IntArrayRef(info.shape) != target.sizes())
            throw fileError(path, "tensor '" + name + "' has shape " + shapeText(info.shape) +
                                      ", the model expects " + shapeText(target.sizes()));
        torch::Tensor value;
        try {
            value = file.tensor(name);
        } catch (const std::exception& e) {
            throw fileError(path, "tensor '" + name + "': " + e.what());
        }
        if (value.is_floating_point() && !torch::isfinite(value).all().item<bool>())
            throw fileError(path, "tensor '" + name + "' holds NaN or infinite values");
        target.copy_(value.to(target.scalar_type()));
    }
    for (const auto& name : file.names())
        if (!expected.count(name))
            throw fileError(path, "unexpected tensor '" + name + "' (not part of config '" +
                                      loaded.metadata.config.name + "')");
    if (!clipIncluded) {
        const std::string clipFile = findClipWeightsFile(clipWeights);
        loadClipWeights(net->clip_visual, net->clip_text, clipFile);
    }
    net->setClipFrozen(loaded.metadata.config.freezeClip);
    net->eval();
    return loaded;
}

} // namespace

LoadedCheckpoint loadCheckpoint(const std::string& path, const std::string& clipWeights) {
    CheckpointMetadata metadata = readCheckpointMetadata(path);
    const TgcNetConfig config = metadata.config;
    return loadInto(path, std::move(metadata), config, clipWeights, false);
}

LoadedCheckpoint loadCheckpointAs(const std::string& path, const TgcNetConfig& config,
                                  const std::string& clipWeights) {
    CheckpointMetadata metadata = readCheckpointMetadata(path);
    TgcNetConfig same = config;
    same.presenceStrips = metadata.config.presenceStrips;
    same.maskStride = metadata.config.maskStride;
    if (!(configToJson(same) == configToJson(metadata.config)))
        throw fileError(path, "its config differs from the one asked for in more than the "
                              "presence strips and the mask stride");
    return loadInto(path, std::move(metadata), config, clipWeights, true);
}

std::string findClipWeightsFile(const std::string& path) {
    std::error_code error;
    if (fs::is_regular_file(path, error))
        return path;
    if (!fs::is_directory(path, error))
        throw fileError(path, "no such CLIP weights file or folder");
    if (fs::is_regular_file(fs::path(path) / "model.safetensors", error))
        return (fs::path(path) / "model.safetensors").string();
    std::vector<std::string> candidates;
    for (const auto& entry : fs::directory_iterator(path, error)) {
        const auto extension = entry.path().extension().string();
        if (entry.is_regular_file() && (extension == ".safetensors" || extension == ".pt"))
            candidates.push_back(entry.path().string());
    }
    if (candidates.size() != 1)
        throw fileError(path, candidates.empty()
                                  ? "no CLIP weights here (model.safetensors or a .pt file)"
                                  : "several CLIP weight files here: name one");
    return candidates.front();
}

} // namespace tgc::model
