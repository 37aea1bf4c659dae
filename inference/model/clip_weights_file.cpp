// CLIP weight files: safetensors (OpenAI or Hugging Face naming) and
// OpenAI's released TorchScript archives (.pt, fp16).
#include "clip_weights.h"
#include "safetensors.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <torch/script.h>

namespace tgc::model {
namespace {

// TorchScript archives are zip files; safetensors start with a length.
bool isZipArchive(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error(path + ": cannot open the file");
    char magic[4] = {};
    in.read(magic, 4);
    return in.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

std::string loadTorchScript(ClipVisionTransformer& vision, ClipTextTransformer& text,
                            const std::string& path) {
    torch::jit::Module archive;
    try {
        archive = torch::jit::load(path, torch::kCPU);
    } catch (const std::exception& error) {
        throw std::runtime_error(path + ": not a readable TorchScript archive (" +
                                 std::string(error.what()).substr(0, 200) + ")");
    }
    std::map<std::string, torch::Tensor> stateDict;
    for (const auto& item : archive.named_parameters(true))
        stateDict.emplace(item.name, item.value);
    for (const auto& item : archive.named_buffers(true))
        stateDict.emplace(item.name, item.value);
    return loadClipStateDict(vision, text, stateDict, path);
}

// A CLIP folder as downloaded: Hugging Face's model.safetensors, else the
// single .safetensors or .pt file in it.
std::string weightsFileIn(const std::string& folder) {
    namespace fs = std::filesystem;
    if (fs::exists(fs::path(folder) / "model.safetensors"))
        return (fs::path(folder) / "model.safetensors").string();
    std::vector<std::string> candidates;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
        const auto extension = entry.path().extension().string();
        if (entry.is_regular_file() && (extension == ".safetensors" || extension == ".pt"))
            candidates.push_back(entry.path().string());
    }
    if (candidates.size() != 1)
        throw std::runtime_error(folder + ": expected model.safetensors or exactly one " +
                                 ".safetensors or .pt CLIP weight file in the folder, found " +
                                 std::to_string(candidates.size()));
    return candidates.front();
}

} // namespace

std::string loadClipWeights(ClipVisionTransformer& vision, ClipTextTransformer& text,
                            const std::string& location) {
    const std::string path =
        std::filesystem::is_directory(location) ? weightsFileIn(location) : location;
    if (isZipArchive(path))
        return loadTorchScript(vision, text, path);
    const SafeTensorsFile file = SafeTensorsFile::open(path);
    ClipTensorSource source;
    source.name = path;
    source.names = file.names();
    source.shape = [&](const std::string& name) { return file.info(name).shape; };
    source.read = [&](const std::string& name) { return file.tensor(name); };
    return loadClipFromSource(vision, text, source);
}

void saveClipWeights(ClipVisionTransformer& vision, ClipTextTransformer& text,
                     const std::string& path, bool huggingFaceNaming) {
    std::map<std::string, std::string> metadata{{"format", "pt"}};
    saveSafeTensors(path, clipStateDict(vision, text, huggingFaceNaming), metadata);
}

} // namespace tgc::model
