#include "device.h"

#include "torch_compat.h"

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
// 3.0 s until OpenBLAS was told the same count. Looked up at run time: other
// BLAS libraries (MKL in PyTorch's libtorch, the reference BLAS) do not have
// these symbols, and then nothing happens.
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

// OpenBLAS reports its threading with openblas_get_parallel: 1 for pthreads.
bool blasHasOwnThreadPool() {
#if defined(__unix__)
    using GetParallel = int (*)();
    static const auto get =
        reinterpret_cast<GetParallel>(dlsym(RTLD_DEFAULT, "openblas_get_parallel"));
    return get && get() == 1;
#else
    return false;
#endif
}

int intraOpThreadsFor(int threads, bool blasHasOwnPool) {
    // Two pools on the same cores fight: each spins after its work, stealing
    // the core the other needs next. paper-b16 on 2 cores with both pools at
    // 2 threads: 3.6 s/slice; libtorch's element-wise and convolution work on
    // the calling thread with OpenBLAS on 2: 2.1 s (also 2.1 s with
    // OMP_WAIT_POLICY=PASSIVE, which a program cannot set for itself once
    // libgomp has loaded).
    return blasHasOwnPool ? 1 : threads;
}

int configureThreads(int requested, int intraOp) {
    const int threads =
        requested > 0 ? requested : int(std::max(1u, std::thread::hardware_concurrency()));
    setBlasThreads(threads);
    if (intraOp <= 0)
        intraOp = intraOpThreadsFor(threads, blasHasOwnThreadPool());
    if (at::get_num_threads() != intraOp)
        at::set_num_threads(intraOp);
    return threads;
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
    previousEnabled_ = model::compat::cudaAutocastEnabled();
    model::compat::setCudaAutocast(true, at::kBFloat16);
}

AutocastScope::~AutocastScope() {
    if (!active_)
        return;
    model::compat::setCudaAutocast(previousEnabled_, at::kBFloat16);
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
