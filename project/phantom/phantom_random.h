// Random numbers for the phantoms. The numbers come from std::mt19937_64's
// bits through our own formulas, because std::*_distribution differ between
// standard libraries and a seed must give the same phantom wherever it runs.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace tgc {

class PhantomRandom {
public:
    explicit PhantomRandom(std::uint64_t seed) : m_engine(seed) {}

    std::uint64_t bits() { return m_engine(); }
    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return double(m_engine() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Uniform integer in [lo, hi], both included.
    int integer(int lo, int hi) {
        const std::uint64_t span = std::uint64_t(std::int64_t(hi) - lo + 1);
        return lo + int(m_engine() % span);
    }
    bool chance(double probability) { return uniform() < probability; }
    // Standard normal (Box-Muller; the second value is kept for the next call).
    double normal() {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        double u = uniform();
        while (u <= 0.0)
            u = uniform();
        const double radius = std::sqrt(-2.0 * std::log(u));
        const double angle = 6.283185307179586 * uniform();
        m_spare = radius * std::sin(angle);
        m_hasSpare = true;
        return radius * std::cos(angle);
    }
    double normal(double mean, double sigma) { return mean + sigma * normal(); }
    // Near-normal (sum of four 16-bit uniforms, unit variance, tails cut at
    // 3.5 sigma) from one draw: for per-pixel image noise, where speed counts.
    double roughNormal() {
        const std::uint64_t b = m_engine();
        const double sum =
            double((b & 0xFFFF) + ((b >> 16) & 0xFFFF) + ((b >> 32) & 0xFFFF) + (b >> 48)) *
            (1.0 / 65536.0);
        return (sum - 2.0) * 1.7320508075688772;
    }
    template <typename T> const T& pick(const std::vector<T>& items) {
        return items[std::size_t(integer(0, int(items.size()) - 1))];
    }

private:
    std::mt19937_64 m_engine;
    bool m_hasSpare = false;
    double m_spare = 0.0;
};

// The seed of case `index` in a run: case i is the same whatever --count was
// asked, and the kinds do not share streams (SplitMix64 mixing).
inline std::uint64_t phantomCaseSeed(std::uint64_t runSeed, int index, std::uint64_t kindSalt) {
    std::uint64_t z =
        runSeed * 0x9E3779B97F4A7C15ull + std::uint64_t(index) * 0xD1B54A32D192ED03ull + kindSalt;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

} // namespace tgc
