// Shared helpers of the phantom tests: masks as OpenCV images and the suites' entry points.
#pragma once

#include "label_map.h"

#include <opencv2/core.hpp>

namespace tgc::test {

// Non-zero voxels of slice z as a 0/255 image.
inline cv::Mat binarySlice(const LabelMap& labels, int z = 0, int id = -1) {
    const auto& dims = labels.dims();
    cv::Mat mask(dims[1], dims[0], CV_8U);
    const std::uint8_t* voxels = labels.slice(z);
    for (int i = 0; i < dims[0] * dims[1]; ++i)
        mask.data[i] = (id < 0 ? voxels[i] != 0 : voxels[i] == id) ? 255 : 0;
    return mask;
}

int runCxrPhantomTests(int argc, char** argv);
int runCtPhantomTests(int argc, char** argv);
int runQataDatasetTests(int argc, char** argv);
int runPhantomFilesTests(int argc, char** argv);

} // namespace tgc::test
