// The CT images the proposal and click suites run the demo model on: one
// 512 x 512 slice and one 96 x 96 x 24 volume (phantoms, fixed seeds),
// written as NIfTI into the suite's folder.
#pragma once

#include "image_writer.h"
#include "phantom/ct_phantom.h"

#include <QDir>

namespace tgc::test {

struct PhantomImages {
    PhantomCase slice;
    QString slicePath;
    PhantomCase volume;
    QString volumePath;

    void write(const QDir& folder) {
        slice = CtSlicePhantom().generate(4242, 0); // 512 x 512, HU
        slicePath = folder.filePath("ct_slice.nii.gz");
        writeNifti(slice.image, slicePath);
        CtVolumeOptions options;
        options.dims = {96, 96, 24};
        volume = CtVolumePhantom(options).generate(77, 0);
        volumePath = folder.filePath("ct_volume.nii.gz");
        writeNifti(volume.image, volumePath);
    }
};

} // namespace tgc::test
