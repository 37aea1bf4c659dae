// Which training rows each step reads. A pass over the shuffled rows per
// epoch, derived from the step number alone, so a resumed run continues the
// same sequence. With prompts per image G > 0, an epoch visits images
// instead, taking up to G of each image's prompts next to one another: a
// batch then holds one image under several prompts, whose masks differ only
// by the text, which pushes a model trained from scratch to read it.
// With an absent share A > 0, each slot of a batch is, with probability A,
// one of the rows whose target is not in the image (drawn with replacement):
// those rows are a small minority of the data, and the presence head and the
// decoder learn to say "nothing here" only from them.
#pragma once

#include "training_sample.h"

#include <cstdint>
#include <vector>

namespace tgc::training {

class RowSchedule {
public:
    RowSchedule(const SampleSource& data, const std::vector<std::size_t>& trainRows,
                int promptsPerImage, std::uint64_t seed);
    // absentRows: the training rows with an empty mask; absentShare in [0, 1].
    RowSchedule(const SampleSource& data, const std::vector<std::size_t>& trainRows,
                int promptsPerImage, std::uint64_t seed, std::vector<std::size_t> absentRows,
                double absentShare);

    std::vector<std::size_t> rowsForStep(int step, int batch) const;
    std::size_t epochLength() const { return m_epochLength; }

private:
    std::vector<std::size_t> epoch(std::size_t index) const;

    std::vector<std::vector<std::size_t>> m_groups; // rows of each image (or single rows)
    std::vector<std::size_t> m_absentRows;
    double m_absentShare = 0;
    int m_promptsPerImage;
    std::uint64_t m_seed;
    std::size_t m_epochLength = 0;
};

} // namespace tgc::training
