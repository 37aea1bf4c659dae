// How an image's values become the [0, 1] intensities TGC-Net sees: the
// convention the trainer records in a checkpoint's training.input and that
// inference, evaluation and training share, so a model meets its images the
// way it learnt them.
#pragma once

#include "image_volume.h"

#include <QByteArray>
#include <vector>

namespace tgc {

struct ModelInputConvention {
    // The CT window in HU (soft tissue: the abdominal organs stay apart).
    double ctWindowCenter = 50.0;
    double ctWindowWidth = 400.0;
};

// The window mapping values to [0, 1]:
// - 8-bit images: 0..255;
// - 16-bit unsigned rasters (PNG/TIFF, the qata layout's CT slices) hold
//   HU + 1024: the CT window shifted by 1024;
// - CT (DICOM modality CT, or signed 16-bit volumes that reach air at
//   -900 HU or below, as NIfTI CT does): the CT window;
// - anything else: the file's own window, else the display default.
WindowLevel modelInputWindow(const ImageVolume& image, const ModelInputConvention& convention);

// Slice z (after the modality rescale, colour averaged) through a window into
// [0, 1] (clamped), computed in double: the exact intensities the worker,
// `infer`, `eval`, `compare` and training give the engine (with its own
// window at 0.5 / 1), so every path meets a model with the same input.
std::vector<float> unitSlice(const ImageVolume& image, int z, const WindowLevel& window);

// The convention a checkpoint was trained with, from its "tgc" metadata JSON
// (training.input); the defaults where it does not say.
ModelInputConvention modelInputConventionFromMetadata(const QByteArray& tgcMetadataJson);

} // namespace tgc
