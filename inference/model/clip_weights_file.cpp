// CLIP weight files: safetensors (OpenAI or Hugging Face naming) and
// OpenAI's released TorchScript archives (.pt, fp16).
#include "clip_weights.h"
#include "safetensors.h"

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

} // namespace

std::string loadClipWeights(ClipVisionTransformer& vision, ClipTextTransformer& text,
                            const std::string& path) {
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
