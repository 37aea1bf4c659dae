// Reader and writer for the safetensors format (Hugging Face's spec): an 8-byte
// little-endian header length N, N bytes of JSON, then the tensor bytes.
//
// open() reads only the header and checks all of it against the file size
// before any tensor is read, so a truncated, oversized or lying file gives a
// clear error ("<path>: <reason>", naming the tensor involved) instead of a
// huge allocation or a short read later. tensor() reads one tensor on demand.
#pragma once

#include <ATen/core/Tensor.h>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace torch {
using at::Tensor;
}

namespace tgc::model {

struct TensorInfo {
    std::string dtype; // safetensors name: F32, F16, BF16, ...
    std::vector<int64_t> shape;
    uint64_t begin = 0, end = 0; // byte range in the data buffer (after the header)
};

class SafeTensorsFile {
public:
    static SafeTensorsFile open(const std::string& path);

    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    // In the order of the header.
    std::vector<std::string> names() const { return names_; }
    bool contains(const std::string& name) const { return infos_.count(name) != 0; }
    // Throws naming the tensor if absent.
    const TensorInfo& info(const std::string& name) const;
    // A CPU tensor of the stored dtype (F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL);
    // other valid dtypes (U16, U32, U64, F8_*) are reported as not loadable here.
    torch::Tensor tensor(const std::string& name) const;
    const std::string& path() const { return path_; }

private:
    SafeTensorsFile() = default;

    std::string path_;
    std::map<std::string, std::string> metadata_;
    std::vector<std::string> names_;
    std::map<std::string, TensorInfo> infos_;
    uint64_t dataStart_ = 0; // 8 + N
};

// "[768, 3, 16, 16]", for messages about a tensor's shape.
std::string shapeText(c10::IntArrayRef shape);

// Writes atomically (temp file + rename). Tensors are made contiguous and moved
// to the CPU. Throws std::runtime_error("<path>: <reason>").
void saveSafeTensors(const std::string& path,
                     const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                     const std::map<std::string, std::string>& metadata = {});

} // namespace tgc::model
