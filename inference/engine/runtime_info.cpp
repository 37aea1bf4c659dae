#include "runtime_info.h"

#include "device.h"

#include <torch/version.h>

namespace tgc::engine {

TorchRuntime torchRuntime() {
    TorchRuntime runtime;
    runtime.torchVersion = TORCH_VERSION;
#ifdef TGC_WITH_CUDA
    runtime.cudaCompiled = true;
#endif
    runtime.cudaDevices = int(torch::cuda::device_count());
    runtime.autoDevice = chooseDevice("auto").str();
    return runtime;
}

std::string describe(const TorchRuntime& runtime) {
    return "torch " + runtime.torchVersion + ", " +
           (runtime.cudaCompiled ? "CUDA build" : "CPU build") + ", " + runtime.autoDevice;
}

} // namespace tgc::engine
