#include "model_input.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>

namespace tgc {

namespace {

// Grey values after the modality rescale (colour averaged), row-major.
std::vector<float> greySlice(const ImageVolume& image, int z) {
    const auto& dims = image.dims();
    std::vector<float> values(image.geometry().sliceVoxelCount());
    const int channels = image.components();
    for (int y = 0; y < dims[1]; ++y) {
        for (int x = 0; x < dims[0]; ++x) {
            double sum = 0;
            for (int c = 0; c < channels; ++c)
                sum += image.valueAt(x, y, z, c);
            values[std::size_t(y) * dims[0] + x] = float(sum / channels);
        }
    }
    return values;
}

} // namespace

WindowLevel modelInputWindow(const ImageVolume& image, const ModelInputConvention& convention) {
    const WindowLevel ct{convention.ctWindowCenter, convention.ctWindowWidth};
    switch (image.voxelType()) {
    case VoxelType::UInt8:
        return {127.5, 255.0};
    case VoxelType::UInt16:
        if (image.modality != QLatin1String("CT"))
            return {ct.center + 1024.0, ct.width};
        return ct;
    case VoxelType::Int16:
        if (image.modality == QLatin1String("CT") || image.valueRange().first <= -900.0)
            return ct;
        break;
    case VoxelType::Float32:
        if (image.modality == QLatin1String("CT"))
            return ct;
        break;
    }
    return image.fileWindow ? *image.fileWindow : image.defaultWindow();
}

std::vector<float> unitSlice(const ImageVolume& image, int z, const WindowLevel& window) {
    const double low = window.center - window.width / 2;
    std::vector<float> values = greySlice(image, z);
    for (float& value : values)
        value = float(std::clamp((double(value) - low) / window.width, 0.0, 1.0));
    return values;
}

ModelInputConvention modelInputConventionFromMetadata(const QByteArray& tgcMetadataJson) {
    ModelInputConvention convention;
    const QJsonObject input = QJsonDocument::fromJson(tgcMetadataJson)
                                  .object()
                                  .value(QLatin1String("training"))
                                  .toObject()
                                  .value(QLatin1String("input"))
                                  .toObject();
    const double center = input.value(QLatin1String("ct_window_center")).toDouble(NAN);
    const double width = input.value(QLatin1String("ct_window_width")).toDouble(NAN);
    if (std::isfinite(center) && std::isfinite(width) && width > 0) {
        convention.ctWindowCenter = center;
        convention.ctWindowWidth = width;
    }
    return convention;
}

} // namespace tgc
