// The format-specific readers behind readImage (image_reader.cpp dispatches
// on the file's content and name). Each throws IoError naming the file.
#pragma once

#include "image_reader.h"

namespace tgc {

enum class ImageFileKind { Dicom, Nifti, MetaImage, Png, Jpeg, Tiff, Bmp, Unknown };

// From the first bytes (magic numbers), then the name.
ImageFileKind detectImageFileKind(const QString& path);

ImageVolume readDicomFile(const QString& path, const ReadProgress& progress, int* frames);
// PNG/JPEG/TIFF/BMP through OpenCV.
ImageVolume readRasterImage(const QString& path);
// NIfTI-1/2 (.nii, .nii.gz, .hdr/.img); timePoints gets the 4th dimension.
ImageVolume readNiftiImage(const QString& path, int* timePoints);
// MetaImage (.mha, .mhd + raw).
ImageVolume readMetaImage(const QString& path);

} // namespace tgc
