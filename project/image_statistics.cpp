#include "image_statistics.h"

#include <cmath>
#include <type_traits>

namespace tgc {

namespace {

template <typename T> ImageStatistics statisticsOf(const T* values, std::size_t count) {
    ImageStatistics s;
    std::size_t counted = 0;
    T lo{}, hi{};
    double sum = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const T v = values[i];
        if constexpr (std::is_floating_point_v<T>) {
            if (std::isnan(v)) {
                ++s.nanSamples;
                continue;
            }
        }
        if (counted == 0) {
            lo = hi = v;
        } else {
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        sum += double(v);
        ++counted;
    }
    if (counted > 0) {
        s.min = double(lo);
        s.max = double(hi);
        s.mean = sum / double(counted);
    }
    return s;
}

} // namespace

ImageStatistics imageStatistics(const ImageVolume& image) {
    const std::size_t n = image.geometry().voxelCount() * std::size_t(image.components());
    if (image.isEmpty())
        return {};
    switch (image.voxelType()) {
    case VoxelType::UInt8:
        return statisticsOf(image.data<std::uint8_t>(), n);
    case VoxelType::Int16:
        return statisticsOf(image.data<std::int16_t>(), n);
    case VoxelType::UInt16:
        return statisticsOf(image.data<std::uint16_t>(), n);
    case VoxelType::Float32:
        return statisticsOf(image.data<float>(), n);
    }
    return {};
}

} // namespace tgc
