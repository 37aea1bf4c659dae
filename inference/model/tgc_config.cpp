#include "tgc_config.h"

#include <stdexcept>

namespace tgc::model {

namespace {

TgcNetConfig paperB16() {
    TgcNetConfig config;
    config.name = "paper-b16";
    config.vision = clipVisionB16();
    config.vision.taps = {3, 6, 9, 12};
    config.text = clipTextB16();
    // Widths tuned to the paper's ~10.3M trainable parameters (tested): a
    // residual block at stride 32 would cost 2.7M, an SSE layer 0.73M.
    config.cnn.blocks = {1, 1, 1, 0};
    config.sseLayers = 6;
    return config;
}

TgcNetConfig paperL14() {
    TgcNetConfig config = paperB16();
    config.name = "paper-l14-336";
    config.vision = clipVisionL14_336();
    config.vision.taps = {6, 12, 18, 24};
    config.text = clipTextL14();
    return config;
}

// Small CLIP-shaped towers and a narrow head: the CPU demo model, trained
// from scratch (CLIP not frozen), with a byte tokenizer. Inputs 128 / 256
// instead of 336 / 768 keep a training step of four slices near one second
// on one core, so the demo model trains here within the hour.
TgcNetConfig tiny() {
    TgcNetConfig config;
    config.name = "tiny";
    config.tokenizer = "byte";
    config.freezeClip = false;
    config.vision.width = 192;
    config.vision.layers = 6;
    config.vision.heads = 3;
    config.vision.patch = 16;
    config.vision.imageSize = 128; // 8 x 8 patches: the CPU demo leans on the CNN branch
    config.vision.embedDim = 128;
    config.vision.taps = {2, 3, 5, 6};
    config.text.width = 128;
    config.text.layers = 3;
    config.text.heads = 2;
    config.text.contextLength = 77;
    config.text.vocabularySize = kByteVocabularySize;
    config.text.embedDim = 128;
    config.cnnImageSize = 256;
    config.cnn.widths = {16, 32, 64, 128};
    config.cnn.blocks = {1, 1, 1, 1};
    config.dim = 64;
    config.fineDim = 32;
    config.sseLayers = 2;
    config.sseHeads = 4;
    config.ssePoints = 4;
    config.sseFfn = 256;
    config.textHeads = 4;
    config.dateFfn = 128;
    config.contextTokens = 4;
    config.costDim = 64;
    config.aggChannels = 64;
    config.aggBlocks = 1;
    config.guidanceChannels = 32;
    return config;
}

void require(bool condition, const std::string& what) {
    if (!condition)
        throw std::invalid_argument("TGC-Net config: " + what);
}

int intAt(const Json& object, const char* key, int fallback) {
    const Json* value = object.find(key);
    if (!value)
        return fallback;
    if (!value->isInteger())
        throw std::invalid_argument(std::string("TGC-Net config: '") + key + "' is not an integer");
    return int(value->asInt());
}

template <size_t N>
std::array<int, N> arrayAt(const Json& object, const char* key, std::array<int, N> fallback) {
    const Json* value = object.find(key);
    if (!value)
        return fallback;
    if (!value->isArray() || value->size() != N)
        throw std::invalid_argument(std::string("TGC-Net config: '") + key +
                                    "' is not an array of " + std::to_string(N) + " integers");
    std::array<int, N> out{};
    for (size_t i = 0; i < N; ++i)
        out[i] = int(value->at(i).asInt());
    return out;
}

Json intArray(const std::vector<int>& values) {
    Json array = Json::array();
    for (int v : values)
        array.push_back(v);
    return array;
}

} // namespace

std::vector<std::string> tgcNetConfigNames() {
    return {"tiny", "paper-b16", "paper-l14-336"};
}

TgcNetConfig tgcNetConfig(const std::string& name) {
    if (name == "tiny")
        return tiny();
    if (name == "paper-b16")
        return paperB16();
    if (name == "paper-l14-336")
        return paperL14();
    throw std::invalid_argument("unknown TGC-Net config '" + name +
                                "' (known: tiny, paper-b16, paper-l14-336)");
}

void validateConfig(const TgcNetConfig& c) {
    require(c.tokenizer == "clip-bpe" || c.tokenizer == "byte",
            "tokenizer '" + c.tokenizer + "' is neither clip-bpe nor byte");
    require(c.vision.taps.size() == 4, "vision.taps must name 4 blocks (one per pyramid level)");
    for (int tap : c.vision.taps)
        require(tap >= 1 && tap <= c.vision.layers, "vision tap " + std::to_string(tap) +
                                                        " outside 1.." +
                                                        std::to_string(c.vision.layers));
    require(c.vision.patch > 0 && c.vision.imageSize % c.vision.patch == 0,
            "vision.imageSize not a multiple of the patch");
    require(c.cnnImageSize >= 64 && c.cnnImageSize % 32 == 0,
            "cnnImageSize must be a multiple of 32 and at least 64");
    require(c.dim % c.sseHeads == 0 && c.dim % c.textHeads == 0,
            "dim not divisible by the attention heads");
    require(c.dim % 4 == 0, "dim must be a multiple of 4 (sine position embedding)");
    require(c.aggChannels % 4 == 0, "aggChannels must be a multiple of 4");
    require(c.presenceHidden > 0, "presenceHidden must be positive");
    require(c.clickWidth >= 2 && c.clickWidth % 2 == 0, "clickWidth must be even and at least 2");
    require(c.presenceStrips >= 0 && c.presenceStrips <= 16, "presenceStrips must be 0 to 16");
    require(c.maskStride == 4 || c.maskStride == 2, "maskStride must be 4 or 2");
    require(c.text.vocabularySize > 0 && c.text.contextLength > 0, "text tower sizes");
    if (c.tokenizer == "byte")
        require(c.text.vocabularySize >= kByteVocabularySize,
                "the byte tokenizer needs a vocabulary of at least 259");
}

Json configToJson(const TgcNetConfig& c) {
    Json vision = Json::object();
    vision.set("width", c.vision.width);
    vision.set("layers", c.vision.layers);
    vision.set("heads", c.vision.heads);
    vision.set("patch", c.vision.patch);
    vision.set("image_size", c.vision.imageSize);
    vision.set("embed_dim", c.vision.embedDim);
    vision.set("taps", intArray(c.vision.taps));
    Json text = Json::object();
    text.set("width", c.text.width);
    text.set("layers", c.text.layers);
    text.set("heads", c.text.heads);
    text.set("context_length", c.text.contextLength);
    text.set("vocabulary_size", c.text.vocabularySize);
    text.set("embed_dim", c.text.embedDim);
    Json json = Json::object();
    json.set("name", c.name);
    json.set("tokenizer", c.tokenizer);
    json.set("freeze_clip", c.freezeClip);
    json.set("vision", vision);
    json.set("text", text);
    json.set("cnn_image_size", c.cnnImageSize);
    json.set("cnn_widths", intArray({c.cnn.widths.begin(), c.cnn.widths.end()}));
    json.set("cnn_blocks", intArray({c.cnn.blocks.begin(), c.cnn.blocks.end()}));
    json.set("dim", c.dim);
    json.set("fine_dim", c.fineDim);
    json.set("sse_layers", c.sseLayers);
    json.set("sse_heads", c.sseHeads);
    json.set("sse_points", c.ssePoints);
    json.set("sse_ffn", c.sseFfn);
    json.set("text_heads", c.textHeads);
    json.set("date_ffn", c.dateFfn);
    json.set("context_tokens", c.contextTokens);
    json.set("cost_dim", c.costDim);
    json.set("agg_channels", c.aggChannels);
    json.set("agg_blocks", c.aggBlocks);
    json.set("guidance_channels", c.guidanceChannels);
    json.set("presence_hidden", c.presenceHidden);
    json.set("click_width", c.clickWidth);
    json.set("presence_strips", c.presenceStrips);
    json.set("mask_stride", c.maskStride);
    return json;
}

TgcNetConfig configFromJson(const Json& json) {
    if (!json.isObject())
        throw std::invalid_argument("TGC-Net config: not a JSON object");
    TgcNetConfig c;
    if (const Json* name = json.find("name")) {
        c.name = name->asString();
        try {
            c = tgcNetConfig(c.name); // defaults of a known name; sizes below override
        } catch (const std::invalid_argument&) {
            c = paperB16();
            c.name = name->asString();
        }
    } else {
        c = paperB16();
    }
    if (const Json* tokenizer = json.find("tokenizer"))
        c.tokenizer = tokenizer->asString();
    if (const Json* freeze = json.find("freeze_clip"))
        c.freezeClip = freeze->asBool();
    if (const Json* vision = json.find("vision")) {
        c.vision.width = intAt(*vision, "width", c.vision.width);
        c.vision.layers = intAt(*vision, "layers", c.vision.layers);
        c.vision.heads = intAt(*vision, "heads", c.vision.heads);
        c.vision.patch = intAt(*vision, "patch", c.vision.patch);
        c.vision.imageSize = intAt(*vision, "image_size", c.vision.imageSize);
        c.vision.embedDim = intAt(*vision, "embed_dim", c.vision.embedDim);
        if (const Json* taps = vision->find("taps")) {
            c.vision.taps.clear();
            for (const Json& tap : taps->asArray())
                c.vision.taps.push_back(int(tap.asInt()));
        }
    }
    if (const Json* text = json.find("text")) {
        c.text.width = intAt(*text, "width", c.text.width);
        c.text.layers = intAt(*text, "layers", c.text.layers);
        c.text.heads = intAt(*text, "heads", c.text.heads);
        c.text.contextLength = intAt(*text, "context_length", c.text.contextLength);
        c.text.vocabularySize = intAt(*text, "vocabulary_size", c.text.vocabularySize);
        c.text.embedDim = intAt(*text, "embed_dim", c.text.embedDim);
    }
    c.cnnImageSize = intAt(json, "cnn_image_size", c.cnnImageSize);
    c.cnn.widths = arrayAt(json, "cnn_widths", c.cnn.widths);
    c.cnn.blocks = arrayAt(json, "cnn_blocks", c.cnn.blocks);
    c.dim = intAt(json, "dim", c.dim);
    c.fineDim = intAt(json, "fine_dim", c.fineDim);
    c.sseLayers = intAt(json, "sse_layers", c.sseLayers);
    c.sseHeads = intAt(json, "sse_heads", c.sseHeads);
    c.ssePoints = intAt(json, "sse_points", c.ssePoints);
    c.sseFfn = intAt(json, "sse_ffn", c.sseFfn);
    c.textHeads = intAt(json, "text_heads", c.textHeads);
    c.dateFfn = intAt(json, "date_ffn", c.dateFfn);
    c.contextTokens = intAt(json, "context_tokens", c.contextTokens);
    c.costDim = intAt(json, "cost_dim", c.costDim);
    c.aggChannels = intAt(json, "agg_channels", c.aggChannels);
    c.aggBlocks = intAt(json, "agg_blocks", c.aggBlocks);
    c.guidanceChannels = intAt(json, "guidance_channels", c.guidanceChannels);
    c.presenceHidden = intAt(json, "presence_hidden", c.presenceHidden);
    c.clickWidth = intAt(json, "click_width", c.clickWidth);
    // A file without the key predates the strips, whatever its named config says now.
    c.presenceStrips = intAt(json, "presence_strips", 0);
    // Likewise a file without a mask stride predates the refinement.
    c.maskStride = intAt(json, "mask_stride", 4);
    validateConfig(c);
    return c;
}

} // namespace tgc::model
