// CLIP checkpoints in OpenAI naming (the towers' own parameter names, the
// vision tower under "visual.") or Hugging Face CLIPModel naming: renamed
// keys, q/k/v split where OpenAI packs in_proj, and transposed output
// projections.
#include "clip_weights.h"

#include "safetensors.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <stdexcept>

namespace tgc::model {
namespace {

bool startsWith(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

// How one tower parameter is stored in a checkpoint.
struct StoredAs {
    enum class Form { Same, Transposed, QkvSplit };
    std::vector<std::string> names; // one, or q, k, v
    Form form = Form::Same;
};

StoredAs hfBlockParameter(const std::string& layerPrefix, const std::string& rest) {
    if (rest == "attn.in_proj_weight" || rest == "attn.in_proj_bias") {
        const std::string kind = rest == "attn.in_proj_weight" ? "weight" : "bias";
        StoredAs stored;
        for (const char* part : {"q", "k", "v"})
            stored.names.push_back(layerPrefix + "self_attn." + part + "_proj." + kind);
        stored.form = StoredAs::Form::QkvSplit;
        return stored;
    }
    static const std::pair<const char*, const char*> renames[] = {
        {"attn.out_proj.", "self_attn.out_proj."},
        {"ln_1.", "layer_norm1."},
        {"ln_2.", "layer_norm2."},
        {"mlp.c_fc.", "mlp.fc1."},
        {"mlp.c_proj.", "mlp.fc2."}};
    for (const auto& [from, to] : renames)
        if (startsWith(rest, from))
            return StoredAs{{layerPrefix + to + rest.substr(std::string(from).size())}};
    throw std::logic_error("CLIP: no Hugging Face name for block parameter " + rest);
}

// The Hugging Face CLIPModel name(s) of an OpenAI-named parameter.
StoredAs hfStoredAs(const std::string& openAiName) {
    const bool vision = startsWith(openAiName, "visual.");
    const std::string name = vision ? openAiName.substr(7) : openAiName;
    const std::string model = vision ? "vision_model." : "text_model.";
    const std::string blocks = "transformer.resblocks.";
    if (startsWith(name, blocks)) {
        const size_t dot = name.find('.', blocks.size());
        const std::string layer = name.substr(blocks.size(), dot - blocks.size());
        return hfBlockParameter(model + "encoder.layers." + layer + ".", name.substr(dot + 1));
    }
    using Table = std::vector<std::pair<std::string, std::string>>;
    static const Table visionNames = {
        {"conv1.weight", "vision_model.embeddings.patch_embedding.weight"},
        {"class_embedding", "vision_model.embeddings.class_embedding"},
        {"positional_embedding", "vision_model.embeddings.position_embedding.weight"}};
    static const Table textNames = {
        {"token_embedding.weight", "text_model.embeddings.token_embedding.weight"},
        {"positional_embedding", "text_model.embeddings.position_embedding.weight"}};
    for (const auto& [from, to] : vision ? visionNames : textNames)
        if (name == from)
            return StoredAs{{to}};
    if (vision && name == "proj")
        return {{"visual_projection.weight"}, StoredAs::Form::Transposed};
    if (!vision && name == "text_projection")
        return {{"text_projection.weight"}, StoredAs::Form::Transposed};
    static const std::pair<const char*, const char*> norms[] = {
        {"ln_pre.", "vision_model.pre_layrnorm."}, // sic: the HF name is misspelt
        {"ln_post.", "vision_model.post_layernorm."},
        {"ln_final.", "text_model.final_layer_norm."}};
    for (const auto& [from, to] : norms)
        if (startsWith(name, from))
            return StoredAs{{to + name.substr(std::string(from).size())}};
    throw std::logic_error("CLIP: no Hugging Face name for " + openAiName);
}

// Checkpoint entries that carry no tower weight.
bool isIgnorable(const std::string& name) {
    return name == "logit_scale" || name.find("position_ids") != std::string::npos;
}

std::vector<std::pair<std::string, torch::Tensor>> towerParameters(ClipVisionTransformer& vision,
                                                                   ClipTextTransformer& text) {
    std::vector<std::pair<std::string, torch::Tensor>> parameters;
    for (const auto& item : vision->named_parameters(true))
        parameters.emplace_back("visual." + item.key(), item.value());
    for (const auto& item : text->named_parameters(true))
        parameters.emplace_back(item.key(), item.value());
    return parameters;
}

} // namespace

std::string loadClipFromSource(ClipVisionTransformer& vision, ClipTextTransformer& text,
                               const ClipTensorSource& source) {
    const std::set<std::string> available(source.names.begin(), source.names.end());
    bool huggingFace = false, openAi = false;
    for (const auto& name : source.names) {
        huggingFace |= startsWith(name, "vision_model.") || startsWith(name, "text_model.");
        openAi |= startsWith(name, "visual.") || name == "token_embedding.weight";
    }
    if (!huggingFace && !openAi)
        throw std::runtime_error(source.name +
                                 ": no CLIP weights found (expected OpenAI names such as "
                                 "'visual.conv1.weight' or Hugging Face CLIPModel names such as "
                                 "'vision_model.embeddings.patch_embedding.weight')");

    torch::NoGradGuard noGrad;
    std::set<std::string> used;
    std::set<std::string> storedTypes;
    std::string resizeNote;
    const int64_t grid = vision->gridSize();
    for (auto& [modelName, parameter] : towerParameters(vision, text)) {
        const StoredAs stored = huggingFace ? hfStoredAs(modelName) : StoredAs{{modelName}};
        const bool positions = modelName == "visual.positional_embedding";
        std::vector<int64_t> expected = parameter.sizes().vec();
        if (stored.form == StoredAs::Form::Transposed)
            std::reverse(expected.begin(), expected.end());
        if (stored.form == StoredAs::Form::QkvSplit)
            expected[0] /= 3;

        std::vector<torch::Tensor> parts;
        bool resize = false;
        for (const auto& fileName : stored.names) {
            if (!available.count(fileName))
                throw std::runtime_error(source.name + ": missing tensor '" + fileName + "'");
            const auto shape = source.shape(fileName);
            if (shape != expected) {
                // Another grid than the tower's: resized below (class entry kept).
                resize = positions && shape.size() == 2 && shape[1] == expected[1];
                if (!resize)
                    throw std::runtime_error(source.name + ": tensor '" + fileName +
                                             "' has shape " + shapeText(shape) +
                                             ", the model expects " + shapeText(expected) +
                                             " (weights of another CLIP model?)");
            }
            auto value = source.read(fileName);
            if (!value.is_floating_point())
                throw std::runtime_error(source.name + ": tensor '" + fileName + "' holds " +
                                         std::string(c10::toString(value.scalar_type())) +
                                         ", expected floating-point weights");
            storedTypes.insert(c10::toString(value.scalar_type()));
            parts.push_back(value);
            used.insert(fileName);
        }
        torch::Tensor value = parts.front();
        if (stored.form == StoredAs::Form::QkvSplit)
            value = torch::cat(parts, 0);
        else if (stored.form == StoredAs::Form::Transposed)
            value = value.t();
        if (resize) {
            try {
                const int64_t from = std::llround(std::sqrt(double(value.size(0) - 1)));
                value = resizeClipPositionEmbedding(value.to(torch::kFloat), grid, grid);
                resizeNote = ", position embedding resized " + std::to_string(from) + "x" +
                             std::to_string(from) + " -> " + std::to_string(grid) + "x" +
                             std::to_string(grid);
            } catch (const std::exception& error) {
                throw std::runtime_error(source.name + ": tensor '" + stored.names.front() +
                                         "': " + error.what());
            }
        }
        parameter.copy_(value.to(parameter.device(), parameter.scalar_type()));
    }

    size_t ignored = 0;
    for (const auto& name : source.names)
        ignored += !used.count(name) && !isIgnorable(name);
    std::string types;
    for (const auto& type : storedTypes)
        types += (types.empty() ? "" : "/") + type;
    std::ostringstream description;
    description << "CLIP " << (huggingFace ? "Hugging Face" : "OpenAI") << " naming, "
                << used.size() << " tensors (" << types << ") from " << source.name
                << ": vision width " << vision->config().width << " x " << vision->config().layers
                << " layers, text width " << text->config().width << " x " << text->config().layers
                << " layers" << resizeNote;
    if (ignored)
        description << ", " << ignored << " unrelated tensors ignored";
    return description.str();
}

std::string loadClipStateDict(ClipVisionTransformer& vision, ClipTextTransformer& text,
                              const std::map<std::string, torch::Tensor>& stateDict,
                              const std::string& sourceName) {
    ClipTensorSource source;
    source.name = sourceName;
    for (const auto& entry : stateDict)
        source.names.push_back(entry.first);
    source.shape = [&](const std::string& name) { return stateDict.at(name).sizes().vec(); };
    source.read = [&](const std::string& name) { return stateDict.at(name); };
    return loadClipFromSource(vision, text, source);
}

std::vector<std::pair<std::string, torch::Tensor>>
clipStateDict(ClipVisionTransformer& vision, ClipTextTransformer& text, bool huggingFaceNaming) {
    std::vector<std::pair<std::string, torch::Tensor>> entries;
    for (const auto& [modelName, parameter] : towerParameters(vision, text)) {
        const auto value = parameter.detach();
        if (!huggingFaceNaming) {
            entries.emplace_back(modelName, value);
            continue;
        }
        const StoredAs stored = hfStoredAs(modelName);
        if (stored.form == StoredAs::Form::QkvSplit) {
            const auto parts = value.chunk(3, 0);
            for (size_t i = 0; i < 3; ++i)
                entries.emplace_back(stored.names[i], parts[i].contiguous());
        } else if (stored.form == StoredAs::Form::Transposed) {
            entries.emplace_back(stored.names.front(), value.t().contiguous());
        } else {
            entries.emplace_back(stored.names.front(), value);
        }
    }
    // CLIP's learned temperature, initialised as in CLIP; the towers do not use it.
    entries.emplace_back("logit_scale", torch::tensor(std::log(1.0 / 0.07), torch::kFloat));
    return entries;
}

} // namespace tgc::model
