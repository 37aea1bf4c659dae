// Our CLIP towers against the reference implementations: small random
// models made and run by Hugging Face transformers (CLIPModel, safetensors in
// its naming) and open_clip (OpenAI naming), loaded here through
// loadClipWeights; the same pixels and token ids give the same embeddings.
#include "clip.h"
#include "reference_support.h"

using namespace tgc::model;
using namespace tgc::test;

namespace {

constexpr double kTolerance = 1e-4; // fp32

// The sizes clip_reference.py builds.
ClipVisionConfig smallVision() {
    ClipVisionConfig config;
    config.width = 64;
    config.layers = 2;
    config.heads = 2;
    config.patch = 16;
    config.imageSize = 64;
    config.embedDim = 32;
    config.taps = {1, 2};
    return config;
}

ClipTextConfig smallText() {
    ClipTextConfig config;
    config.width = 48;
    config.layers = 2;
    config.heads = 3;
    config.contextLength = 16;
    config.vocabularySize = 100;
    config.embedDim = 32;
    return config;
}

const std::string& references() {
    static const std::string folder = [] {
        const auto dir = scratchFolder("clip");
        runReferenceScript("clip_reference.py", {dir});
        return dir;
    }();
    return folder;
}

struct Towers {
    ClipVisionTransformer vision{smallVision()};
    ClipTextTransformer text{smallText()};
    explicit Towers(const std::string& weights) {
        loadClipWeights(vision, text, weights);
        vision->eval();
        text->eval();
    }
};

// Tokens up to the end token (padding positions are not part of the contract).
void checkTextTokens(const torch::Tensor& ours, const torch::Tensor& reference,
                     const torch::Tensor& ids) {
    const auto ends = ids.argmax(1);
    for (int64_t row = 0; row < ids.size(0); ++row) {
        const int64_t last = ends[row].item<int64_t>();
        checkClose(ours[row].slice(0, 0, last + 1), reference[row].slice(0, 0, last + 1),
                   kTolerance, "text tokens, row " + std::to_string(row));
    }
}

// [B, W, G, G] -> [B, G*G, W], the reference's token order.
torch::Tensor asTokens(const torch::Tensor& map) {
    return map.flatten(2).transpose(1, 2);
}

} // namespace

TGC_TEST(hugging_face_clip_text_embeddings) {
    requireReferencePython();
    const TensorFile io(references() + "/io.safetensors");
    Towers towers(references() + "/hf/model.safetensors");
    torch::NoGradGuard noGrad;
    const auto ids = io["ids"];
    const auto out = towers.text->forward(ids);
    checkClose(out.pooled, io["hf.text.pooled"], kTolerance, "text embedding");
    checkTextTokens(out.tokens, io["hf.text.tokens"], ids);
}

TGC_TEST(hugging_face_clip_image_embeddings) {
    requireReferencePython();
    const TensorFile io(references() + "/io.safetensors");
    Towers towers(references() + "/hf/model.safetensors");
    torch::NoGradGuard noGrad;
    const auto out = towers.vision->forward(io["images"]);
    checkClose(out.pooled, io["hf.image.pooled"], kTolerance, "image embedding");
    checkClose(asTokens(out.dense), io["hf.image.dense"], kTolerance, "dense patch embeddings");
    for (size_t tap = 0; tap < out.taps.size(); ++tap)
        checkClose(asTokens(out.taps[tap]), io["hf.image.tap" + std::to_string(tap + 1)],
                   kTolerance, "tap after block " + std::to_string(tap + 1));
}

TGC_TEST(hugging_face_position_embedding_interpolation_at_another_size) {
    // transformers' interpolate_pos_encoding: bicubic, align_corners=False,
    // from the 4 x 4 grid to 6 x 5 (a 96 x 80 input).
    requireReferencePython();
    const TensorFile io(references() + "/io.safetensors");
    Towers towers(references() + "/hf/model.safetensors");
    torch::NoGradGuard noGrad;
    const auto out = towers.vision->forward(io["other"]);
    checkClose(out.pooled, io["hf.other.pooled"], kTolerance, "image embedding at 96 x 80");
    checkClose(asTokens(out.dense), io["hf.other.dense"], kTolerance,
               "dense patch embeddings at 96 x 80");
    checkClose(asTokens(out.taps.front()), io["hf.other.tap1"], kTolerance,
               "tap after block 1 at 96 x 80");
}

TGC_TEST(open_clip_text_and_image_embeddings) {
    requireReferencePython();
    const TensorFile io(references() + "/io.safetensors");
    Towers towers(references() + "/openai.safetensors");
    torch::NoGradGuard noGrad;
    checkClose(towers.text->forward(io["ids"]).pooled, io["openai.text.pooled"], kTolerance,
               "open_clip text embedding");
    checkClose(towers.vision->forward(io["images"]).pooled, io["openai.image.pooled"], kTolerance,
               "open_clip image embedding");
}

int main(int argc, char** argv) {
    return tgc::test::runReferenceTests(argc, argv);
}
