// Shared by the reference tests: the Python that runs the reference
// implementations (PyTorch, transformers, open_clip, highdicom, pydicom,
// nibabel from scripts/requirements-torch2.txt), a scratch folder, and
// tensors read back from the safetensors files the scripts write.
//
// Without that Python every case skips with the reason, unless
// TGC_REFERENCE_REQUIRED=1 (scripts/test sets it), when a missing Python
// fails the case instead: CI never passes by skipping.
#pragma once

#include "model_test.h"
#include "safetensors.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <torch/torch.h>
#include <unistd.h>
#include <vector>

namespace tgc::test {

inline std::string referencePython() {
    if (const char* env = std::getenv("TGC_REFERENCE_PYTHON"))
        return env;
    return TGC_REFERENCE_PYTHON;
}

inline bool referenceRequired() {
    const char* env = std::getenv("TGC_REFERENCE_REQUIRED");
    return env && std::string(env) == "1";
}

// Throws Skip (or Failure when required) where the Python is missing.
inline void requireReferencePython() {
    const std::string python = referencePython();
    if (::access(python.c_str(), X_OK) == 0)
        return;
    const std::string why = "no reference Python at " + python +
                            " (scripts/setup-deps --torch pytorch makes it; "
                            "TGC_REFERENCE_PYTHON names another)";
    if (referenceRequired())
        throw Failure{why + ", and TGC_REFERENCE_REQUIRED=1"};
    throw Skip{why};
}

inline std::string shellQuote(const std::string& text) {
    std::string quoted = "'";
    for (char c : text)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

// Runs tests/reference/<script> with the reference Python; fails with its
// output when it exits non-zero.
inline void runReferenceScript(const std::string& script, const std::vector<std::string>& args) {
    requireReferencePython();
    const std::string log = (std::filesystem::temp_directory_path() /
                             ("tgc-reference-" + std::to_string(::getpid()) + ".log"))
                                .string();
    const auto scriptPath = std::filesystem::path(TGC_SOURCE_DIR) / "tests" / "reference" / script;
    std::string command = shellQuote(referencePython()) + " " + shellQuote(scriptPath.string());
    for (const auto& arg : args)
        command += " " + shellQuote(arg);
    command += " >" + shellQuote(log) + " 2>&1";
    const int status = std::system(command.c_str());
    if (status != 0) {
        std::string output;
        if (FILE* f = std::fopen(log.c_str(), "r")) {
            char buffer[4096];
            size_t n;
            while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0)
                output.append(buffer, n);
            std::fclose(f);
        }
        std::remove(log.c_str());
        throw Failure{script + " failed (status " + std::to_string(status) + "):\n" + output};
    }
    std::remove(log.c_str());
}

// A fresh folder for one case, under the build folder.
inline std::string scratchFolder(const std::string& name) {
    const auto path = std::filesystem::path(TGC_BINARY_DIR) / "reference-scratch" /
                      (name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
    return path.string();
}

// Every tensor of a safetensors file, as float32 where it was floating point.
struct TensorFile {
    explicit TensorFile(const std::string& path) : file(model::SafeTensorsFile::open(path)) {}
    torch::Tensor operator[](const std::string& name) const {
        if (!file.contains(name))
            throw Failure{file.path() + ": no tensor " + name};
        return file.tensor(name);
    }
    model::SafeTensorsFile file;
};

// Largest absolute difference; the shapes must agree.
inline double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b, const std::string& what) {
    if (a.sizes() != b.sizes()) {
        std::ostringstream os;
        os << what << ": shape " << a.sizes() << " vs reference " << b.sizes();
        throw Failure{os.str()};
    }
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

// Fails naming what differed and by how much; prints the difference reached.
inline void checkClose(const torch::Tensor& ours, const torch::Tensor& reference, double tolerance,
                       const std::string& what) {
    const double diff = maxAbsDiff(ours, reference, what);
    std::cout << "       " << what << ": max |diff| " << diff << " (tolerance " << tolerance
              << ")\n";
    if (!(diff <= tolerance))
        throw Failure{what + ": max |diff| " + std::to_string(diff) + " > " +
                      std::to_string(tolerance)};
}

} // namespace tgc::test

namespace tgc::test {

// main() of a reference test: without the reference Python (and not
// required) every case is skipped and CTest is told so (exit code 77).
inline int runReferenceTests(int argc, char** argv) {
    try {
        requireReferencePython();
    } catch (const Skip& skip) {
        std::cout << "SKIP   every case: " << skip.reason << "\n0 passed, 0 failed, "
                  << registry().size() << " skipped\n";
        return 77;
    } catch (const Failure&) {
        // Required: each case fails with the reason.
    }
    return runAll(argc, argv);
}

} // namespace tgc::test
