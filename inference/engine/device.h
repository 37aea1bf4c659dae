// Device choice and per-thread runtime settings for inference: "auto" picks
// CUDA when libtorch sees a GPU; CPU work uses every core (libtorch starts
// with one thread here); bf16 autocast on GPUs that support it.
#pragma once

#include <string>
#include <torch/torch.h>

namespace tgc::engine {

// "auto", "cpu" or "cuda". Throws std::invalid_argument for another name or
// for "cuda" when no GPU is usable.
torch::Device chooseDevice(const std::string& request);

// The cores CPU work may use: requested > 0, else the hardware cores. GEMMs
// get them all (OpenBLAS's threads, where libtorch's BLAS is OpenBLAS);
// libtorch's own intra-op pool gets intraOp > 0 threads, else
// intraOpThreadsFor(). Returns the cores.
int configureThreads(int requested, int intraOp = 0);
// libtorch's intra-op threads for a budget of `threads` cores: one when the
// BLAS keeps a pthread pool of its own (the pools would fight), else all.
int intraOpThreadsFor(int threads, bool blasHasOwnPool);
// True when libtorch's BLAS runs GEMMs on pthreads of its own rather than on
// libtorch's OpenMP pool (Debian's libopenblas0-pthread).
bool blasHasOwnThreadPool();

// True on CUDA devices with bf16 arithmetic (compute capability 8.0+).
bool bf16AutocastSupported(const torch::Device& device);

// bf16 autocast for CUDA for this scope (thread-local, restored after).
// Does nothing when disabled or on the CPU.
class AutocastScope {
public:
    AutocastScope(const torch::Device& device, bool enable);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool active_ = false;
    bool previousEnabled_ = false;
};

// Keeps memory freed by tensors in the process instead of returning it to
// the OS (glibc: no mmap for large blocks, no heap trimming). A page fault
// costs ~10 us on this kind of machine, and each forward pass frees and
// reallocates the same activations: tiny went from ~370 to ~150 ms/slice.
// Process-wide and idempotent; does nothing outside glibc.
void keepFreedMemoryForReuse();

// Waits for queued GPU work, so timings are real; no-op on the CPU.
void synchronize(const torch::Device& device);

} // namespace tgc::engine
