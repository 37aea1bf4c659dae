#include "batch_fallback.h"

#include <algorithm>
#include <cctype>
#include <exception>

namespace tgc::worker {

bool isOutOfMemory(const std::string& message) {
    std::string lower(message);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return lower.find("out of memory") != std::string::npos;
}

BatchRunReport runBatches(int total, int batchSize, bool onGpu, int cpuBatchSize,
                          const BatchRunHooks& hooks) {
    BatchRunReport report;
    report.batchSize = std::max(1, batchSize);
    int first = 0;
    while (first < total) {
        if (hooks.cancelled && hooks.cancelled()) {
            report.cancelled = true;
            break;
        }
        const int count = std::min(report.batchSize, total - first);
        try {
            hooks.segment(first, count);
        } catch (const std::exception& e) {
            if (!isOutOfMemory(e.what()))
                throw;
            ++report.oomRetries;
            if (count > 1) {
                report.batchSize = std::max(1, count / 2);
                if (hooks.note)
                    hooks.note("out of memory with " + std::to_string(count) +
                               " slices per batch: retrying with " +
                               std::to_string(report.batchSize));
                continue;
            }
            if (!onGpu || report.movedToCpu || !hooks.moveToCpu)
                throw;
            if (hooks.note)
                hooks.note("out of GPU memory with one slice per batch: continuing on the CPU");
            hooks.moveToCpu();
            onGpu = false;
            report.movedToCpu = true;
            report.batchSize = std::max(1, cpuBatchSize);
            continue;
        }
        first += count;
        report.slicesDone = first;
    }
    return report;
}

} // namespace tgc::worker
