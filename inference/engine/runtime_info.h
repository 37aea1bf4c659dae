// Which libtorch this program runs on and what it can use, for the status
// bar, `tgc-cli bench` and `tgc-cli infer --json`. Plain C++ with no torch in
// this header, so Qt code may include it.
#pragma once

#include <string>

namespace tgc::engine {

struct TorchRuntime {
    std::string torchVersion;  // libtorch's version, "1.13.0" or "2.14.1"
    bool cudaCompiled = false; // this build links libtorch's CUDA back end
    int cudaDevices = 0;       // GPUs libtorch can use now
    std::string autoDevice;    // what device "auto" picks: "cpu" or "cuda:0"
};

TorchRuntime torchRuntime();

// "torch 2.14.1, CUDA build, cuda:0" / "torch 1.13.0, CPU build, cpu".
std::string describe(const TorchRuntime& runtime);

} // namespace tgc::engine
