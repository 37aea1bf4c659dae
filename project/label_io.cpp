#include "label_io.h"

#include "image_reader.h"

#include <algorithm>
#include <cmath>

namespace tgc {

std::array<std::uint8_t, 3> defaultLabelColour(int id) {
    static const std::array<std::array<std::uint8_t, 3>, 8> palette = {{{230, 60, 60},
                                                                        {60, 180, 75},
                                                                        {0, 130, 200},
                                                                        {255, 225, 25},
                                                                        {145, 30, 180},
                                                                        {70, 240, 240},
                                                                        {245, 130, 48},
                                                                        {240, 50, 230}}};
    return palette[std::size_t((id - 1 + 8 * 32) % 8)];
}

LabelMap readLabelMap(const QString& path) {
    const ImageVolume image = readImage(path);
    if (image.components() != 1)
        throw IoError(path, QStringLiteral("a label map must be a grey image; this one is colour"));
    LabelMap labels(image.geometry());
    std::array<bool, 256> present{};
    const int w = image.dims()[0], h = image.dims()[1];
    std::uint8_t* out = labels.data();
    std::size_t i = 0;
    for (int z = 0; z < image.dims()[2]; ++z)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x, ++i) {
                const double v = image.valueAt(x, y, z);
                if (v < 0 || v > 255 || v != std::floor(v))
                    throw IoError(
                        path,
                        QStringLiteral("not a label map: voxel (%1, %2, %3) holds %4; label ids "
                                       "are whole numbers 0..255")
                            .arg(x)
                            .arg(y)
                            .arg(z)
                            .arg(v));
                out[i] = std::uint8_t(v);
                present[out[i]] = true;
            }
    const std::vector<Label> defaults = LabelMap::defaultLabels();
    std::vector<Label> table;
    for (int id = 1; id < 256; ++id) {
        if (!present[std::size_t(id)])
            continue;
        const auto known = std::find_if(defaults.begin(), defaults.end(),
                                        [id](const Label& l) { return l.id == id; });
        table.push_back(known != defaults.end()
                            ? *known
                            : Label{std::uint8_t(id), QStringLiteral("label %1").arg(id),
                                    defaultLabelColour(id), true});
    }
    if (table.empty())
        table = LabelMap::defaultLabels();
    labels.labels() = table;
    return labels;
}

} // namespace tgc
