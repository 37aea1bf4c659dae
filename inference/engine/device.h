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

// Sets libtorch's intra-op threads (and OpenBLAS's, where libtorch's BLAS is
// OpenBLAS): requested > 0, else the hardware cores. Returns the count now
// in effect.
int configureThreads(int requested);

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
