#include "row_schedule.h"

#include <algorithm>
#include <map>
#include <random>
#include <stdexcept>

namespace tgc::training {

RowSchedule::RowSchedule(const SampleSource& data, const std::vector<std::size_t>& trainRows,
                         int promptsPerImage, std::uint64_t seed)
    : m_promptsPerImage(promptsPerImage), m_seed(seed) {
    if (trainRows.empty())
        throw std::runtime_error("no training rows");
    if (promptsPerImage <= 0) {
        for (std::size_t row : trainRows)
            m_groups.push_back({row});
        m_epochLength = trainRows.size();
        return;
    }
    std::map<std::string, std::vector<std::size_t>> byImage;
    for (std::size_t row : trainRows)
        byImage[data.imageId(row)].push_back(row);
    for (auto& entry : byImage) {
        m_epochLength += std::min(entry.second.size(), std::size_t(promptsPerImage));
        m_groups.push_back(std::move(entry.second));
    }
}

RowSchedule::RowSchedule(const SampleSource& data, const std::vector<std::size_t>& trainRows,
                         int promptsPerImage, std::uint64_t seed,
                         std::vector<std::size_t> absentRows, double absentShare)
    : RowSchedule(data, trainRows, promptsPerImage, seed) {
    if (absentShare < 0 || absentShare > 1)
        throw std::runtime_error("the share of absent-target rows must lie in [0, 1]");
    m_absentRows = std::move(absentRows);
    m_absentShare = m_absentRows.empty() ? 0.0 : absentShare;
}

std::vector<std::size_t> RowSchedule::epoch(std::size_t index) const {
    std::mt19937_64 rng(m_seed * 1000003ull + index);
    std::vector<std::size_t> order(m_groups.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<std::size_t> rows;
    rows.reserve(m_epochLength);
    for (std::size_t g : order) {
        std::vector<std::size_t> group = m_groups[g];
        std::shuffle(group.begin(), group.end(), rng);
        const std::size_t take =
            m_promptsPerImage > 0 ? std::min(group.size(), std::size_t(m_promptsPerImage)) : 1;
        rows.insert(rows.end(), group.begin(), group.begin() + std::ptrdiff_t(take));
    }
    return rows;
}

std::vector<std::size_t> RowSchedule::rowsForStep(int step, int batch) const {
    std::vector<std::size_t> rows;
    std::size_t position = std::size_t(step) * std::size_t(batch);
    std::size_t current = std::size_t(-1);
    std::vector<std::size_t> order;
    for (int k = 0; k < batch; ++k, ++position) {
        const std::size_t e = position / m_epochLength;
        if (e != current) {
            current = e;
            order = epoch(e);
        }
        rows.push_back(order[position % m_epochLength]);
        if (m_absentShare > 0) {
            // Seeded by the position alone, like the epochs: a resumed run
            // draws the same rows.
            std::mt19937_64 rng(m_seed * 2000003ull + position);
            if (std::uniform_real_distribution<double>(0.0, 1.0)(rng) < m_absentShare)
                rows.back() = m_absentRows[std::uniform_int_distribution<std::size_t>(
                    0, m_absentRows.size() - 1)(rng)];
        }
    }
    return rows;
}

} // namespace tgc::training
