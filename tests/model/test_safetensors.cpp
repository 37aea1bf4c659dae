#include "model_test.h"
#include "safetensors.h"

#include <filesystem>
#include <fstream>
#include <torch/torch.h>
#include <unistd.h>

using tgc::model::SafeTensorsFile;
using tgc::model::saveSafeTensors;

namespace {

std::string scratchDir() {
    static const std::string dir = [] {
        const auto path = std::filesystem::temp_directory_path() /
                          ("tgc-safetensors-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(path);
        return path.string();
    }();
    return dir;
}

std::string scratchFile(const std::string& name) {
    return scratchDir() + "/" + name;
}

// Writes a file by hand: length prefix (the true one unless told), header, data.
std::string writeRaw(const std::string& name, const std::string& header, const std::string& data,
                     int64_t claimedLength = -1) {
    const std::string path = scratchFile(name);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    uint64_t length = claimedLength < 0 ? header.size() : uint64_t(claimedLength);
    for (int i = 0; i < 8; ++i, length >>= 8)
        out.put(char(length & 0xFF));
    out << header << data;
    return path;
}

// Two F32 tensors of 2 elements each, 16 data bytes.
const std::string goodHeader = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                               R"("b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})";

} // namespace

TGC_TEST(hand_written_file_reads) {
    const float values[4] = {1.0f, -2.5f, 3.25f, 1e-3f};
    const std::string path = writeRaw("good.safetensors", goodHeader,
                                      std::string(reinterpret_cast<const char*>(values), 16));
    const SafeTensorsFile file = SafeTensorsFile::open(path);
    TGC_CHECK_EQ(file.path(), path);
    TGC_CHECK(file.names() == (std::vector<std::string>{"a", "b"}));
    TGC_CHECK(file.contains("b") && !file.contains("c"));
    TGC_CHECK_EQ(file.info("b").begin, 8u);
    TGC_CHECK_EQ(file.info("b").dtype, std::string("F32"));
    const torch::Tensor b = file.tensor("b");
    TGC_CHECK(b.scalar_type() == torch::kFloat && b.sizes() == torch::IntArrayRef({2}));
    TGC_CHECK_EQ(b[0].item<float>(), 3.25f);
    TGC_CHECK_EQ(b[1].item<float>(), 1e-3f);
    TGC_CHECK_THROWS_WITH(file.info("c"), path + ": no tensor 'c'");
    TGC_CHECK_THROWS_WITH(file.tensor("c"), "no tensor 'c'");
}

TGC_TEST(round_trip_every_dtype_and_metadata) {
    torch::manual_seed(7);
    const std::vector<std::pair<std::string, torch::Tensor>> tensors = {
        {"f32", torch::randn({3, 4})},
        {"f16", torch::randn({5}).to(torch::kHalf)},
        {"bf16", torch::randn({2, 3}).to(torch::kBFloat16)},
        {"f64", torch::randn({2, 2, 2}, torch::kDouble)},
        {"i64", torch::randint(-1000000, 1000000, {7}, torch::kLong)},
        {"i32", torch::randint(-100000, 100000, {3}, torch::kInt)},
        {"i16", torch::randint(-30000, 30000, {4}, torch::kShort)},
        {"i8", torch::randint(-128, 127, {6}, torch::kChar)},
        {"u8", torch::randint(0, 255, {2, 5}, torch::kByte)},
        {"bool", torch::randint(0, 2, {9}).to(torch::kBool)},
        {"scalar", torch::tensor(4.5)},
        {"empty", torch::zeros({0, 3})},
        {"strided", torch::arange(12, torch::kFloat).reshape({3, 4}).t()}, // non-contiguous
    };
    const std::map<std::string, std::string> metadata = {
        {"tgc", R"({"config":"tiny","dice":0.81})"}, {"format", "pt"}, {"note", "caf\xC3\xA9"}};
    const std::string path = scratchFile("all.safetensors");
    saveSafeTensors(path, tensors, metadata);
    const SafeTensorsFile file = SafeTensorsFile::open(path);
    TGC_CHECK(file.metadata() == metadata);
    std::vector<std::string> expectedNames;
    for (const auto& [name, tensor] : tensors)
        expectedNames.push_back(name);
    TGC_CHECK(file.names() == expectedNames);
    for (const auto& [name, tensor] : tensors) {
        const torch::Tensor back = file.tensor(name);
        if (back.scalar_type() != tensor.scalar_type() || !back.sizes().equals(tensor.sizes()) ||
            !torch::equal(back, tensor))
            TGC_FAIL("tensor " << name << " changed in the round trip");
    }
    TGC_CHECK_EQ(file.info("bf16").dtype, std::string("BF16"));
    TGC_CHECK_EQ(file.info("bool").dtype, std::string("BOOL"));
    TGC_CHECK(file.info("scalar").shape.empty());
    // The data starts 8-byte aligned, like files from the Python writer.
    std::ifstream in(path, std::ios::binary);
    unsigned char length[8];
    in.read(reinterpret_cast<char*>(length), 8);
    TGC_CHECK_EQ(length[0] % 8, 0);
}

TGC_TEST(save_replaces_atomically_and_reports_errors) {
    const std::string path = scratchFile("replace.safetensors");
    saveSafeTensors(path, {{"x", torch::ones({2})}});
    saveSafeTensors(path, {{"y", torch::zeros({3})}});
    const SafeTensorsFile file = SafeTensorsFile::open(path);
    TGC_CHECK(file.names() == std::vector<std::string>{"y"});
    for (const auto& entry : std::filesystem::directory_iterator(scratchDir()))
        TGC_CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);
    TGC_CHECK_THROWS_WITH(saveSafeTensors(path, {{"x", torch::ones(1)}, {"x", torch::ones(1)}}),
                          "duplicate tensor 'x'");
    TGC_CHECK_THROWS_WITH(saveSafeTensors(path, {{"__metadata__", torch::ones(1)}}),
                          "cannot be a tensor name");
    TGC_CHECK_THROWS_WITH(saveSafeTensors(path, {{"c", torch::ones(1, torch::kComplexFloat)}}),
                          "tensor 'c': dtype");
    TGC_CHECK_THROWS_WITH(saveSafeTensors(scratchFile("no/such/dir/w.safetensors"), {}),
                          "no/such/dir/w.safetensors: cannot create");
    // The failed saves left the earlier file intact.
    TGC_CHECK(SafeTensorsFile::open(path).names() == std::vector<std::string>{"y"});
}

TGC_TEST(empty_file_of_tensors_is_valid) {
    const std::string path = scratchFile("none.safetensors");
    saveSafeTensors(path, {}, {{"k", "v"}});
    const SafeTensorsFile file = SafeTensorsFile::open(path);
    TGC_CHECK(file.names().empty());
    TGC_CHECK_EQ(file.metadata().at("k"), std::string("v"));
}

TGC_TEST(rejects_missing_and_truncated_files) {
    TGC_CHECK_THROWS_WITH(SafeTensorsFile::open(scratchFile("absent.safetensors")),
                          "absent.safetensors: cannot open");
    TGC_CHECK_THROWS_WITH(SafeTensorsFile::open(scratchDir()), "is a folder");
    const std::string tiny = writeRaw("tiny.safetensors", "", "");
    std::filesystem::resize_file(tiny, 5);
    TGC_CHECK_THROWS_WITH(SafeTensorsFile::open(tiny), tiny + ": file too short");
    // Data cut short: the last tensor runs past the end.
    const std::string cut = writeRaw("cut.safetensors", goodHeader, std::string(12, '\0'));
    TGC_CHECK_THROWS_WITH(SafeTensorsFile::open(cut),
                          "tensor 'b' ends at data byte 16 but the file holds only 12");
    // Header cut short.
    const std::string cutHeader = writeRaw("cut-header.safetensors", goodHeader, "");
    std::filesystem::resize_file(cutHeader, 8 + goodHeader.size() / 2);
    TGC_CHECK_THROWS_WITH(SafeTensorsFile::open(cutHeader), "exceeds the file size");
}

TGC_TEST(rejects_lying_and_oversized_header_lengths) {
    const std::string data(16, '\0');
    // Claims more than the file holds: must not allocate or read past the end.
    const std::string lying = writeRaw("lying.safetensors", goodHeader, data, 50'000'000);
    TGC_CHECK_THROWS_WITH(SafeTensorsFile::open(lying),
                          "header length 50000000 exceeds the file size");
    const std::string huge = writeRaw("huge.safetensors", goodHeader, data, int64_t(1) << 62);
    TGC_CHECK_THROWS_WITH(SafeTensorsFile::open(huge), "exceeds the limit of 100000000 bytes");
    // Claims fewer bytes: the JSON is cut.
    const std::string shorter = writeRaw("short.safetensors", goodHeader, data, 20);
    TGC_CHECK_THROWS_WITH(SafeTensorsFile::open(shorter), "header is not valid: JSON:");
}

TGC_TEST(rejects_bad_json_and_bad_entries) {
    const std::string data(16, '\0');
    const auto openWith = [&](const std::string& header) {
        return SafeTensorsFile::open(writeRaw("bad.safetensors", header, data));
    };
    TGC_CHECK_THROWS_WITH(openWith("{\"a\": "), "header is not valid: JSON: unexpected end");
    TGC_CHECK_THROWS_WITH(openWith("{\"\xFF\":1}"), "invalid UTF-8");
    TGC_CHECK_THROWS_WITH(openWith("[1,2]"), "header is not a JSON object");
    TGC_CHECK_THROWS_WITH(openWith(R"({"a":{"dtype":"F31","shape":[4],"data_offsets":[0,16]}})"),
                          "tensor 'a': unknown dtype 'F31'");
    TGC_CHECK_THROWS_WITH(openWith(R"({"a":{"dtype":"F32","shape":[4]}})"),
                          "tensor 'a': header entry needs dtype, shape and data_offsets");
    TGC_CHECK_THROWS_WITH(openWith(R"({"a":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}})"),
                          "tensor 'a': shape entry must be a non-negative integer, found -4");
    TGC_CHECK_THROWS_WITH(openWith(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[16,0]}})"),
                          "tensor 'a': data_offsets end 0 is before begin 16");
    TGC_CHECK_THROWS_WITH(
        openWith(
            R"({"__metadata__":{"k":1},"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})"),
        "__metadata__ entry 'k' is not a string");
}

TGC_TEST(rejects_shape_size_mismatch_and_overflow) {
    const std::string data(16, '\0');
    const auto openWith = [&](const std::string& header) {
        return SafeTensorsFile::open(writeRaw("shape.safetensors", header, data));
    };
    TGC_CHECK_THROWS_WITH(openWith(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,16]}})"),
                          "tensor 'w': shape and dtype F32 need 24 bytes but data_offsets span 16");
    TGC_CHECK_THROWS_WITH(
        openWith(R"({"w":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,16]}})"),
        "tensor 'w': shape is too large");
}

TGC_TEST(rejects_overlap_gap_duplicate_and_trailing_bytes) {
    const auto openWith = [&](const std::string& header, std::size_t dataBytes) {
        return SafeTensorsFile::open(
            writeRaw("layout.safetensors", header, std::string(dataBytes, '\0')));
    };
    TGC_CHECK_THROWS_WITH(
        openWith(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                 R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                 12),
        "tensor 'b' starts at data byte 4, overlapping tensor 'a' which ends at 8");
    TGC_CHECK_THROWS_WITH(openWith(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                   R"("b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}})",
                                   20),
                          "tensor 'b' starts at data byte 12 leaving a gap after byte 8");
    TGC_CHECK_THROWS_WITH(
        openWith(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 12),
        "tensor 'a' starts at data byte 4 leaving a gap after byte 0");
    TGC_CHECK_THROWS_WITH(openWith(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                   R"("a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})",
                                   16),
                          "duplicate key \"a\"");
    TGC_CHECK_THROWS_WITH(openWith(goodHeader, 20),
                          "the file holds 4 bytes after the last tensor (trailing bytes)");
}

TGC_TEST(unloadable_dtypes_are_named) {
    const std::string path =
        writeRaw("u32.safetensors", R"({"ids":{"dtype":"U32","shape":[2],"data_offsets":[0,8]}})",
                 std::string(8, '\0'));
    const SafeTensorsFile file = SafeTensorsFile::open(path);
    TGC_CHECK_EQ(file.info("ids").dtype, std::string("U32"));
    TGC_CHECK_THROWS_WITH(file.tensor("ids"), "tensor 'ids': dtype U32 cannot be loaded");
}

int main(int argc, char** argv) {
    const int result = tgc::test::runAll(argc, argv);
    std::filesystem::remove_all(scratchDir());
    return result;
}
