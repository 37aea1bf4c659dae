#include "safetensors.h"

#include "json.h"

#include <ATen/ATen.h>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace tgc::model {

namespace {

// The reference reader's bound: a lying length cannot make us allocate more.
constexpr uint64_t maxHeaderBytes = 100'000'000;

struct DtypeEntry {
    const char* name;
    uint64_t size;
    bool loadable;
    at::ScalarType scalar;
};

// Every dtype of the format; the unsigned wide and 8-bit float ones are valid
// in a header but have no libtorch 1.13 type, so they cannot be loaded.
const DtypeEntry dtypeTable[] = {
    {"BOOL", 1, true, at::kBool},     {"U8", 1, true, at::kByte},
    {"I8", 1, true, at::kChar},       {"I16", 2, true, at::kShort},
    {"U16", 2, false, at::kShort},    {"F16", 2, true, at::kHalf},
    {"BF16", 2, true, at::kBFloat16}, {"I32", 4, true, at::kInt},
    {"U32", 4, false, at::kInt},      {"F32", 4, true, at::kFloat},
    {"F64", 8, true, at::kDouble},    {"I64", 8, true, at::kLong},
    {"U64", 8, false, at::kLong},     {"F8_E4M3", 1, false, at::kByte},
    {"F8_E5M2", 1, false, at::kByte},
};

const DtypeEntry* findDtype(const std::string& name) {
    for (const DtypeEntry& entry : dtypeTable)
        if (name == entry.name)
            return &entry;
    return nullptr;
}

const DtypeEntry* findDtype(at::ScalarType scalar) {
    for (const DtypeEntry& entry : dtypeTable)
        if (entry.loadable && entry.scalar == scalar)
            return &entry;
    return nullptr;
}

[[noreturn]] void fail(const std::string& path, const std::string& reason) {
    throw std::runtime_error(path + ": " + reason);
}

std::string quoted(const std::string& name) {
    return "tensor '" + name + "'";
}

uint64_t readLittleEndian64(const unsigned char* bytes) {
    uint64_t value = 0;
    for (int i = 7; i >= 0; --i)
        value = (value << 8) | bytes[i];
    return value;
}

uint64_t nonNegativeInteger(const Json& value, const std::string& path, const std::string& what) {
    if (!value.isInteger() || value.asInt() < 0)
        fail(path, what + " must be a non-negative integer, found " + value.dump());
    return uint64_t(value.asInt());
}

TensorInfo parseEntry(const std::string& path, const std::string& name, const Json& entry) {
    const std::string who = quoted(name);
    if (!entry.isObject())
        fail(path, who + ": header entry is not an object");
    const Json* dtype = entry.find("dtype");
    const Json* shape = entry.find("shape");
    const Json* offsets = entry.find("data_offsets");
    if (!dtype || !shape || !offsets)
        fail(path, who + ": header entry needs dtype, shape and data_offsets");
    if (!dtype->isString())
        fail(path, who + ": dtype is not a string");
    const DtypeEntry* known = findDtype(dtype->asString());
    if (!known)
        fail(path, who + ": unknown dtype '" + dtype->asString() + "'");
    if (!shape->isArray())
        fail(path, who + ": shape is not an array");
    if (!offsets->isArray() || offsets->size() != 2)
        fail(path, who + ": data_offsets is not a pair [begin, end]");

    TensorInfo info;
    info.dtype = dtype->asString();
    uint64_t expectedBytes = known->size;
    bool overflow = false;
    for (const Json& dim : shape->asArray()) {
        const uint64_t extent = nonNegativeInteger(dim, path, who + ": shape entry");
        info.shape.push_back(int64_t(extent));
        overflow = overflow || (extent != 0 && expectedBytes > UINT64_MAX / extent);
        expectedBytes = overflow ? 0 : expectedBytes * extent;
    }
    info.begin = nonNegativeInteger(offsets->at(0), path, who + ": data_offsets begin");
    info.end = nonNegativeInteger(offsets->at(1), path, who + ": data_offsets end");
    if (info.end < info.begin)
        fail(path, who + ": data_offsets end " + std::to_string(info.end) + " is before begin " +
                       std::to_string(info.begin));
    if (overflow)
        fail(path, who + ": shape is too large (byte count overflows)");
    if (expectedBytes != info.end - info.begin)
        fail(path, who + ": shape and dtype " + info.dtype + " need " +
                       std::to_string(expectedBytes) + " bytes but data_offsets span " +
                       std::to_string(info.end - info.begin));
    return info;
}

} // namespace

SafeTensorsFile SafeTensorsFile::open(const std::string& path) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        fail(path, "is a folder, not a safetensors file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail(path, "cannot open for reading");
    in.seekg(0, std::ios::end);
    const std::streamoff fileSize = in.tellg();
    in.seekg(0, std::ios::beg);
    if (fileSize < 0)
        fail(path, "cannot determine the file size");
    const uint64_t size = uint64_t(fileSize);
    if (size < 8)
        fail(path, "file too short for a safetensors header (" + std::to_string(size) + " bytes)");

    unsigned char lengthBytes[8];
    if (!in.read(reinterpret_cast<char*>(lengthBytes), 8))
        fail(path, "cannot read the header length");
    const uint64_t headerBytes = readLittleEndian64(lengthBytes);
    if (headerBytes > maxHeaderBytes)
        fail(path, "header length " + std::to_string(headerBytes) + " exceeds the limit of " +
                       std::to_string(maxHeaderBytes) + " bytes (not a safetensors file?)");
    if (8 + headerBytes > size)
        fail(path, "header length " + std::to_string(headerBytes) + " exceeds the file size " +
                       std::to_string(size) + " (truncated or not a safetensors file)");

    std::string headerText(headerBytes, '\0');
    if (!in.read(headerText.data(), std::streamsize(headerBytes)))
        fail(path, "cannot read the header");
    Json header;
    try {
        header = Json::parse(headerText);
    } catch (const std::exception& e) {
        fail(path, std::string("header is not valid: ") + e.what());
    }
    if (!header.isObject())
        fail(path, "header is not a JSON object");

    SafeTensorsFile file;
    file.path_ = path;
    file.dataStart_ = 8 + headerBytes;
    const uint64_t dataBytes = size - file.dataStart_;
    for (const auto& [name, entry] : header.asObject()) {
        if (name == "__metadata__") {
            if (!entry.isObject())
                fail(path, "__metadata__ is not an object");
            for (const auto& [key, value] : entry.asObject()) {
                if (!value.isString())
                    fail(path, "__metadata__ entry '" + key + "' is not a string");
                file.metadata_[key] = value.asString();
            }
            continue;
        }
        TensorInfo info = parseEntry(path, name, entry);
        if (info.end > dataBytes)
            fail(path, quoted(name) + " ends at data byte " + std::to_string(info.end) +
                           " but the file holds only " + std::to_string(dataBytes) +
                           " data bytes (truncated?)");
        file.names_.push_back(name);
        file.infos_.emplace(name, std::move(info));
    }

    // Tensors must tile the data buffer exactly: no gap, no overlap, no tail.
    std::vector<const std::string*> byOffset;
    for (const std::string& name : file.names_)
        byOffset.push_back(&name);
    std::sort(byOffset.begin(), byOffset.end(), [&](const std::string* a, const std::string* b) {
        const TensorInfo& x = file.infos_.at(*a);
        const TensorInfo& y = file.infos_.at(*b);
        return std::make_pair(x.begin, x.end) < std::make_pair(y.begin, y.end);
    });
    uint64_t expected = 0;
    const std::string* previous = nullptr;
    for (const std::string* name : byOffset) {
        const TensorInfo& info = file.infos_.at(*name);
        if (info.begin < expected)
            fail(path, quoted(*name) + " starts at data byte " + std::to_string(info.begin) +
                           ", overlapping " + quoted(*previous) + " which ends at " +
                           std::to_string(expected));
        if (info.begin > expected)
            fail(path, quoted(*name) + " starts at data byte " + std::to_string(info.begin) +
                           " leaving a gap after byte " + std::to_string(expected));
        expected = info.end;
        previous = name;
    }
    if (expected != dataBytes)
        fail(path, "the file holds " + std::to_string(dataBytes - expected) +
                       " bytes after the last tensor (trailing bytes)");
    return file;
}

const TensorInfo& SafeTensorsFile::info(const std::string& name) const {
    const auto it = infos_.find(name);
    if (it == infos_.end())
        fail(path_, "no " + quoted(name) + " in this file");
    return it->second;
}

torch::Tensor SafeTensorsFile::tensor(const std::string& name) const {
    const TensorInfo& entry = info(name);
    const DtypeEntry* dtype = findDtype(entry.dtype);
    if (!dtype->loadable)
        fail(path_, quoted(name) + ": dtype " + entry.dtype + " cannot be loaded by this libtorch");
    at::Tensor result = at::empty(entry.shape, at::TensorOptions().dtype(dtype->scalar));
    const uint64_t bytes = entry.end - entry.begin;
    if (bytes == 0)
        return result;
    std::ifstream in(path_, std::ios::binary);
    if (!in)
        fail(path_, "cannot open for reading");
    in.seekg(std::streamoff(dataStart_ + entry.begin));
    if (!in.read(static_cast<char*>(result.data_ptr()), std::streamsize(bytes)))
        fail(path_, quoted(name) + ": short read (was the file changed after opening?)");
    return result;
}

void saveSafeTensors(const std::string& path,
                     const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                     const std::map<std::string, std::string>& metadata) {
    Json header = Json::object();
    if (!metadata.empty()) {
        Json meta = Json::object();
        for (const auto& [key, value] : metadata)
            meta.set(key, value);
        header.set("__metadata__", std::move(meta));
    }
    std::vector<at::Tensor> prepared;
    prepared.reserve(tensors.size());
    uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        if (name == "__metadata__")
            fail(path, "'__metadata__' cannot be a tensor name");
        if (header.find(name))
            fail(path, "duplicate " + quoted(name));
        if (!tensor.defined())
            fail(path, quoted(name) + " is undefined");
        const DtypeEntry* dtype = findDtype(tensor.scalar_type());
        if (!dtype)
            fail(path, quoted(name) + ": dtype " +
                           std::string(c10::toString(tensor.scalar_type())) +
                           " has no safetensors equivalent here");
        at::Tensor cpu = tensor.detach().to(at::kCPU).contiguous();
        Json shape = Json::array();
        for (const int64_t extent : cpu.sizes())
            shape.push_back(extent);
        const uint64_t bytes = uint64_t(cpu.nbytes());
        Json entry = Json::object();
        entry.set("dtype", dtype->name);
        entry.set("shape", std::move(shape));
        entry.set("data_offsets", Json(Json::Array{Json(offset), Json(offset + bytes)}));
        header.set(name, std::move(entry));
        offset += bytes;
        prepared.push_back(std::move(cpu));
    }
    std::string headerText = header.dump();
    // Pad with spaces so the data starts 8-byte aligned, as the Python writer does.
    headerText.append((8 - headerText.size() % 8) % 8, ' ');

    std::random_device entropy;
    const std::string temporary = path + ".tmp" + std::to_string(entropy() % 1000000);
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            fail(path, "cannot create " + temporary + " (folder missing or read-only?)");
        unsigned char lengthBytes[8];
        uint64_t length = headerText.size();
        for (int i = 0; i < 8; ++i, length >>= 8)
            lengthBytes[i] = static_cast<unsigned char>(length & 0xFF);
        out.write(reinterpret_cast<const char*>(lengthBytes), 8);
        out.write(headerText.data(), std::streamsize(headerText.size()));
        for (const at::Tensor& tensor : prepared)
            out.write(static_cast<const char*>(tensor.data_ptr()),
                      std::streamsize(tensor.nbytes()));
        out.close();
        if (!out) {
            std::remove(temporary.c_str());
            fail(path, "write failed (disk full or read-only?)");
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::remove(temporary.c_str());
        fail(path, "cannot replace the file: " + error.message());
    }
}

std::string shapeText(c10::IntArrayRef shape) {
    std::ostringstream out;
    out << '[';
    for (size_t i = 0; i < shape.size(); ++i)
        out << (i ? ", " : "") << shape[i];
    out << ']';
    return out.str();
}

} // namespace tgc::model
