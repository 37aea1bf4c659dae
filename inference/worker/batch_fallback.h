// How the inference worker walks a request's slices in batches, and what it
// does when the GPU runs out of memory: the same batch again at half the
// size, down to one slice; then, on a GPU, once onto the CPU. Plain C++ with
// no Qt and no torch, so the policy is tested with an injected segment
// function (tests/worker) rather than with a real out-of-memory error.
#pragma once

#include <functional>
#include <string>

namespace tgc::worker {

// True for libtorch's out-of-memory errors ("CUDA out of memory. Tried to
// allocate ...", "CUDA error: out of memory", c10::OutOfMemoryError).
bool isOutOfMemory(const std::string& message);

struct BatchRunReport {
    int slicesDone = 0;
    int batchSize = 0;  // the batch size in effect at the end
    int oomRetries = 0; // batches run again after an out-of-memory error
    bool movedToCpu = false;
    bool cancelled = false;
};

struct BatchRunHooks {
    // Segments slices [first, first + count) and delivers their maps; throws
    // on failure (an out-of-memory error names itself in what()).
    std::function<void(int first, int count)> segment;
    // Moves the model to the CPU (reloads it there); throws when it cannot.
    // Called at most once, and only while onGpu is true.
    std::function<void()> moveToCpu;
    // Asked before each batch; true stops the run between batches.
    std::function<bool()> cancelled;
    // After an out-of-memory error: what is being tried next.
    std::function<void(const std::string& note)> note;
};

// Runs `total` slices from batches of `batchSize` (at least 1). On an
// out-of-memory error the failed batch is retried at half the size; once a
// single slice does not fit, a GPU run moves to the CPU (moveToCpu) and
// carries on at `cpuBatchSize`. Any other error, or running out of memory
// on the CPU with one slice, is rethrown. Slices already delivered stay
// delivered (the run resumes at the first slice not yet done).
BatchRunReport runBatches(int total, int batchSize, bool onGpu, int cpuBatchSize,
                          const BatchRunHooks& hooks);

} // namespace tgc::worker
