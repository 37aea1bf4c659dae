#include "device.h"

#include <ATen/autocast_mode.h>
#include <stdexcept>
#include <thread>
#include <torch/version.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__unix__)
#include <dlfcn.h>
#endif

#ifdef TGC_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#endif

namespace tgc::engine {

torch::Device chooseDevice(const std::string& request) {
    if (request == "cpu")
        return torch::kCPU;
    if (request == "auto")
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0)
                                           : torch::Device(torch::kCPU);
    if (request == "cuda") {
        if (!torch::cuda::is_available())
            throw std::invalid_argument(
                "device cuda: no CUDA device is available to this libtorch (a CPU-only build, or "
                "no GPU); use --device cpu or auto");
        return torch::Device(torch::kCUDA, 0);
    }
    throw std::invalid_argument("device '" + request + "': expected auto, cpu or cuda");
}

namespace {

// OpenBLAS (Debian's libopenblas0-pthread behind libblas.so.3) keeps a thread
// pool of its own, one thread per core, whatever libtorch's thread count.
// Those threads spin while they wait: with libtorch on one thread of a busy
// 2-core machine, the demo model's 48-slice volume took 8.3 s instead of
// 3.0 s. Looked up at run time: other BLAS libraries (MKL in PyTorch's
// libtorch, the reference BLAS) do not have it, and then nothing happens.
void setBlasThreads(int threads) {
#if defined(__unix__)
    using SetThreads = void (*)(int);
    static const auto set =
        reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    if (set)
        set(threads);
#else
    (void)threads;
#endif
}

} // namespace

int configureThreads(int requested) {
    int threads = requested;
    if (threads <= 0)
        threads = int(std::max(1u, std::thread::hardware_concurrency()));
    if (at::get_num_threads() != threads)
        at::set_num_threads(threads);
    setBlasThreads(threads);
    return at::get_num_threads();
}

bool bf16AutocastSupported(const torch::Device& device) {
    if (!device.is_cuda())
        return false;
#ifdef TGC_WITH_CUDA
    return at::cuda::getDeviceProperties(device.index() < 0 ? 0 : device.index())->major >= 8;
#else
    return false;
#endif
}

AutocastScope::AutocastScope(const torch::Device& device, bool enable) {
    if (!enable || !bf16AutocastSupported(device))
        return;
    active_ = true;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    previousEnabled_ = at::autocast::is_autocast_enabled(at::kCUDA);
    at::autocast::set_autocast_enabled(at::kCUDA, true);
    at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
#else
    previousEnabled_ = at::autocast::is_enabled();
    at::autocast::set_enabled(true);
    at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
#endif
}

AutocastScope::~AutocastScope() {
    if (!active_)
        return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    at::autocast::set_autocast_enabled(at::kCUDA, previousEnabled_);
#else
    at::autocast::set_enabled(previousEnabled_);
#endif
    at::autocast::clear_cache();
}

void keepFreedMemoryForReuse() {
#if defined(__GLIBC__)
    static const bool done = [] {
        mallopt(M_MMAP_MAX, 0);
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
        mallopt(M_TOP_PAD, 64 << 20);
        return true;
    }();
    (void)done;
#endif
}

void synchronize(const torch::Device& device) {
    if (device.is_cuda())
        torch::cuda::synchronize(device.index());
}

} // namespace tgc::engine
