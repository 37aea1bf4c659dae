// CLIP weight files: OpenAI and Hugging Face naming give the same towers,
// damaged checkpoints name the tensor, other grids and dtypes are converted.
#include "clip.h"
#include "model_test.h"
#include "safetensors.h"

#include <filesystem>
#include <fstream>
#include <torch/script.h>
#include <unistd.h>

using namespace tgc::model;
namespace fs = std::filesystem;

namespace {

ClipVisionConfig smallVision(int imageSize = 64) {
    ClipVisionConfig config;
    config.width = 64;
    config.layers = 2;
    config.heads = 2;
    config.patch = 16;
    config.imageSize = imageSize;
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

struct Towers {
    ClipVisionTransformer vision;
    ClipTextTransformer text;
    explicit Towers(uint64_t seed, int imageSize = 64)
        : vision((torch::manual_seed(seed), smallVision(imageSize))), text(smallText()) {}
};

struct Outputs {
    ClipVisionOutput vision;
    ClipTextOutput text;
};

Outputs run(Towers& towers) {
    torch::NoGradGuard noGrad;
    torch::manual_seed(1234);
    auto images = torch::randn({2, 3, 64, 64});
    auto ids = torch::zeros({2, 16}, torch::kLong);
    ids[0].slice(0, 0, 4).copy_(torch::tensor({98, 5, 6, 99}));
    ids[1].slice(0, 0, 6).copy_(torch::tensor({98, 7, 8, 9, 10, 99}));
    return {towers.vision->forward(images), towers.text->forward(ids)};
}

bool identical(const Outputs& a, const Outputs& b) {
    bool same = torch::equal(a.vision.dense, b.vision.dense) &&
                torch::equal(a.vision.pooled, b.vision.pooled) &&
                torch::equal(a.text.tokens, b.text.tokens) &&
                torch::equal(a.text.pooled, b.text.pooled);
    for (size_t i = 0; i < a.vision.taps.size(); ++i)
        same = same && torch::equal(a.vision.taps[i], b.vision.taps[i]);
    return same;
}

std::map<std::string, torch::Tensor> stateDict(Towers& towers, bool huggingFace) {
    std::map<std::string, torch::Tensor> dict;
    for (auto& [name, value] : clipStateDict(towers.vision, towers.text, huggingFace))
        dict[name] = value.clone();
    return dict;
}

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("tgc-clip-test-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(reinterpret_cast<uintptr_t>(this)));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

} // namespace

TGC_TEST(openai_and_hugging_face_files_give_identical_outputs) {
    TempDir dir;
    Towers original(11);
    const auto expected = run(original);
    saveClipWeights(original.vision, original.text, dir.file("openai.safetensors"), false);
    saveClipWeights(original.vision, original.text, dir.file("hf.safetensors"), true);

    for (const char* name : {"openai.safetensors", "hf.safetensors"}) {
        Towers fresh(99);
        TGC_CHECK(!identical(run(fresh), expected));
        const auto description = loadClipWeights(fresh.vision, fresh.text, dir.file(name));
        TGC_CHECK(description.find(name[0] == 'h' ? "Hugging Face" : "OpenAI") !=
                  std::string::npos);
        TGC_CHECK(identical(run(fresh), expected));
    }
}

TGC_TEST(hugging_face_file_uses_hugging_face_layout) {
    TempDir dir;
    Towers towers(12);
    saveClipWeights(towers.vision, towers.text, dir.file("hf.safetensors"), true);
    const auto file = SafeTensorsFile::open(dir.file("hf.safetensors"));
    // Projections are stored transposed, in_proj split into q, k, v.
    TGC_CHECK(file.info("visual_projection.weight").shape == (std::vector<int64_t>{32, 64}));
    TGC_CHECK(file.info("text_projection.weight").shape == (std::vector<int64_t>{32, 48}));
    const auto k = file.tensor("vision_model.encoder.layers.1.self_attn.k_proj.weight");
    TGC_CHECK(torch::equal(
        k, towers.vision->transformer->block(1)->attn->in_proj_weight.slice(0, 64, 128)));
    TGC_CHECK(file.contains("vision_model.pre_layrnorm.weight"));
    TGC_CHECK(file.contains("text_model.final_layer_norm.bias"));
    TGC_CHECK(file.contains("logit_scale"));
    TGC_CHECK(!file.contains("visual.proj"));
    // 2 layers x 16 entries per tower + 8 vision + 5 text + logit_scale.
    TGC_CHECK_EQ(file.names().size(), size_t(2 * 2 * 16 + 8 + 5 + 1));
}

TGC_TEST(wrong_shape_names_the_tensor) {
    Towers source(13);
    auto openai = stateDict(source, false);
    openai["visual.transformer.resblocks.1.mlp.c_fc.weight"] = torch::zeros({255, 64});
    Towers target(14);
    TGC_CHECK_THROWS_WITH(loadClipStateDict(target.vision, target.text, openai, "ckpt.safetensors"),
                          "ckpt.safetensors: tensor 'visual.transformer.resblocks.1.mlp.c_fc."
                          "weight' has shape [255, 64], the model expects [256, 64]");
    auto hf = stateDict(source, true);
    hf["text_model.encoder.layers.0.self_attn.k_proj.weight"] = torch::zeros({48, 47});
    TGC_CHECK_THROWS_WITH(loadClipStateDict(target.vision, target.text, hf, "hf"),
                          "'text_model.encoder.layers.0.self_attn.k_proj.weight' has shape "
                          "[48, 47], the model expects [48, 48]");
    // A width mismatch in the position embedding is not a grid change.
    auto positions = stateDict(source, false);
    positions["visual.positional_embedding"] = torch::zeros({17, 63});
    TGC_CHECK_THROWS_WITH(loadClipStateDict(target.vision, target.text, positions, "p"),
                          "visual.positional_embedding");
    positions["visual.positional_embedding"] = torch::zeros({12, 64}); // 11 cells: no grid
    TGC_CHECK_THROWS_WITH(loadClipStateDict(target.vision, target.text, positions, "p"),
                          "square grid");
}

TGC_TEST(missing_tensor_is_named) {
    Towers source(15);
    Towers target(16);
    auto openai = stateDict(source, false);
    openai.erase("ln_final.bias");
    TGC_CHECK_THROWS_WITH(loadClipStateDict(target.vision, target.text, openai, "a.safetensors"),
                          "a.safetensors: missing tensor 'ln_final.bias'");
    auto hf = stateDict(source, true);
    hf.erase("vision_model.encoder.layers.1.self_attn.v_proj.bias");
    TGC_CHECK_THROWS_WITH(loadClipStateDict(target.vision, target.text, hf, "b"),
                          "missing tensor 'vision_model.encoder.layers.1.self_attn.v_proj.bias'");
    std::map<std::string, torch::Tensor> unrelated{{"encoder.weight", torch::zeros({2})}};
    TGC_CHECK_THROWS_WITH(loadClipStateDict(target.vision, target.text, unrelated, "c"),
                          "c: no CLIP weights found");
    auto integers = stateDict(source, false);
    integers["visual.class_embedding"] = torch::zeros({64}, torch::kLong);
    TGC_CHECK_THROWS_WITH(loadClipStateDict(target.vision, target.text, integers, "d"),
                          "'visual.class_embedding' holds Long");
}

TGC_TEST(extra_entries_are_ignored_and_counted) {
    Towers source(17);
    auto hf = stateDict(source, true);
    hf["text_model.embeddings.position_ids"] = torch::arange(16).unsqueeze(0);
    hf["some_head.weight"] = torch::zeros({3});
    Towers target(18);
    const auto description = loadClipStateDict(target.vision, target.text, hf, "e");
    TGC_CHECK(description.find("1 unrelated tensors ignored") != std::string::npos);
    TGC_CHECK(identical(run(target), run(source)));
}

TGC_TEST(grid_14_checkpoint_loads_into_grid_21_tower) {
    TempDir dir;
    auto config14 = smallVision(224);
    config14.layers = 1;
    config14.taps = {1};
    torch::manual_seed(19);
    ClipVisionTransformer vision14(config14);
    ClipTextTransformer text(smallText());
    TGC_CHECK_EQ(vision14->gridSize(), 14);
    {
        torch::NoGradGuard noGrad;
        vision14->positional_embedding[0].fill_(-3.0);
        vision14->positional_embedding.slice(0, 1).fill_(0.5);
    }
    saveClipWeights(vision14, text, dir.file("grid14.safetensors"), true);

    auto config21 = config14;
    config21.imageSize = 336;
    ClipVisionTransformer vision21(config21);
    ClipTextTransformer text21(smallText());
    const auto description = loadClipWeights(vision21, text21, dir.file("grid14.safetensors"));
    TGC_CHECK(description.find("14x14 -> 21x21") != std::string::npos);
    const auto& positions = vision21->positional_embedding;
    TGC_CHECK(positions.sizes().vec() == (std::vector<int64_t>{21 * 21 + 1, 64}));
    TGC_CHECK(torch::equal(positions[0], torch::full({64}, -3.0f)));
    TGC_CHECK(torch::allclose(positions.slice(0, 1), torch::full({441, 64}, 0.5f), 0, 1e-6));
    torch::NoGradGuard noGrad;
    auto out = vision21->forward(torch::randn({1, 3, 336, 336}));
    TGC_CHECK(out.dense.sizes().vec() == (std::vector<int64_t>{1, 32, 21, 21}));
    TGC_CHECK(torch::isfinite(out.dense).all().item<bool>());
}

TGC_TEST(half_precision_checkpoints_load_into_fp32_towers) {
    TempDir dir;
    Towers source(20);
    for (auto dtype : {torch::kHalf, torch::kBFloat16}) {
        std::vector<std::pair<std::string, torch::Tensor>> reduced;
        for (auto& [name, value] : clipStateDict(source.vision, source.text, false))
            reduced.emplace_back(name, value.to(dtype));
        saveSafeTensors(dir.file("reduced.safetensors"), reduced);
        Towers target(21);
        const auto description =
            loadClipWeights(target.vision, target.text, dir.file("reduced.safetensors"));
        TGC_CHECK(description.find(dtype == torch::kHalf ? "Half" : "BFloat16") !=
                  std::string::npos);
        const auto loaded = target.vision->transformer->block(0)->mlp->c_fc->weight;
        TGC_CHECK(loaded.scalar_type() == torch::kFloat);
        TGC_CHECK(torch::equal(
            loaded,
            source.vision->transformer->block(0)->mlp->c_fc->weight.to(dtype).to(torch::kFloat)));
        const auto a = run(source), b = run(target);
        TGC_CHECK(torch::allclose(a.text.pooled, b.text.pooled, 0.05, 0.05));
        TGC_CHECK(torch::allclose(a.vision.pooled, b.vision.pooled, 0.05, 0.05));
    }
}

TGC_TEST(unreadable_files_give_clear_errors) {
    TempDir dir;
    Towers towers(22);
    TGC_CHECK_THROWS_WITH(loadClipWeights(towers.vision, towers.text, dir.file("none.pt")),
                          "none.pt");
    std::ofstream(dir.file("bad.pt"), std::ios::binary) << "PK\x03\x04 not really a zip";
    // A folder: model.safetensors, else its single weight file.
    TGC_CHECK_THROWS_WITH(loadClipWeights(towers.vision, towers.text, dir.path.string()),
                          "bad.pt: not a readable TorchScript archive"); // the folder's one file
    std::ofstream(dir.file("second.pt")) << "x";
    TGC_CHECK_THROWS_WITH(loadClipWeights(towers.vision, towers.text, dir.path.string()),
                          "found 2");
    fs::create_directories(dir.path / "clip");
    TGC_CHECK_THROWS_WITH(loadClipWeights(towers.vision, towers.text, dir.file("clip")), "found 0");
    saveClipWeights(towers.vision, towers.text, dir.file("clip/model.safetensors"), true);
    std::ofstream(dir.file("clip/other.pt")) << "x";
    TGC_CHECK(
        loadClipWeights(towers.vision, towers.text, dir.file("clip")).find("model.safetensors") !=
        std::string::npos);
    TGC_CHECK_THROWS_WITH(loadClipWeights(towers.vision, towers.text, dir.file("bad.pt")),
                          "bad.pt: not a readable TorchScript archive");
    std::ofstream(dir.file("short.safetensors"), std::ios::binary) << "abc";
    TGC_CHECK_THROWS_WITH(
        loadClipWeights(towers.vision, towers.text, dir.file("short.safetensors")),
        "short.safetensors");
}

// OpenAI's releases are TorchScript archives; build one with the same
// module tree (visual.transformer.resblocks.N...) from the towers.
TGC_TEST(torchscript_archive_in_openai_naming_loads) {
    TempDir dir;
    Towers source(23);
    torch::jit::Module root("__torch__.CLIP");
    for (auto& [name, value] : clipStateDict(source.vision, source.text, false)) {
        torch::jit::Module module = root; // a handle: registering on it changes the tree
        size_t start = 0, dot;
        std::string path;
        while ((dot = name.find('.', start)) != std::string::npos) {
            const std::string part = name.substr(start, dot - start);
            path += "_" + part;
            if (!module.hasattr(part))
                module.register_module(part, torch::jit::Module("__torch__.M" + path));
            module = module.attr(part).toModule();
            start = dot + 1;
        }
        module.register_parameter(name.substr(start), value.to(torch::kHalf), false);
    }
    root.save(dir.file("ViT-tiny.pt"));
    Towers target(24);
    const auto description = loadClipWeights(target.vision, target.text, dir.file("ViT-tiny.pt"));
    TGC_CHECK(description.find("OpenAI") != std::string::npos);
    TGC_CHECK(torch::equal(target.text->text_projection,
                           source.text->text_projection.to(torch::kHalf).to(torch::kFloat)));
    TGC_CHECK(torch::equal(target.vision->transformer->block(1)->attn->in_proj_bias,
                           source.vision->transformer->block(1)
                               ->attn->in_proj_bias.to(torch::kHalf)
                               .to(torch::kFloat)));
}

int main(int argc, char** argv) {
    return tgc::test::runAll(argc, argv);
}
