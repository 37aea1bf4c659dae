// A small parallel loop for readers: the calling thread takes part and is the
// only one that reports progress, so callbacks never run on helper threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tgc {

// Runs work(i) for i in [0, count) on up to maxThreads threads. progress(done)
// is called on the calling thread; returning false stops the loop early and
// makes parallelFor return false. The first exception thrown by work is rethrown.
inline bool parallelFor(int count, const std::function<void(int)>& work,
                        const std::function<bool(int)>& progress = {}, int maxThreads = 2) {
    std::atomic<int> next{0};
    std::atomic<int> done{0};
    std::atomic<bool> stop{false};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto loop = [&](bool reporting) {
        while (!stop.load()) {
            const int i = next.fetch_add(1);
            if (i >= count)
                break;
            try {
                work(i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(failureMutex);
                if (!failure)
                    failure = std::current_exception();
                stop = true;
                break;
            }
            const int finished = done.fetch_add(1) + 1;
            if (reporting && progress && !progress(finished))
                stop = true;
        }
    };
    const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
    const int helpers = std::max(0, std::min({maxThreads, int(hardware), count}) - 1);
    std::vector<std::thread> threads;
    for (int t = 0; t < helpers; ++t)
        threads.emplace_back(loop, false);
    loop(true);
    for (std::thread& t : threads)
        t.join();
    if (failure)
        std::rethrow_exception(failure);
    if (progress && !stop.load() && done.load() == count)
        progress(count);
    return !stop.load();
}

} // namespace tgc
