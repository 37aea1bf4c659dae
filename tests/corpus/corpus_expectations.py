#!/usr/bin/env python3
"""Prints, as one JSON object, what pydicom and nibabel read from their own test files.

The corpus test holds the project's readers to these values. Usage:
    corpus_expectations.py            -> {"pydicom": DIR, "nibabel": DIR, "files": [...]}
Each file entry: {"path", "source", "outcome": "image"|"refused", "dims": [x, y, z],
"min", "max", "reason"}. "image" means the peer decoded it: dims are columns, rows and frames
(slices for NIfTI), min and max are taken after the modality rescale (DICOM) or the scaling
(NIfTI), ignoring NaN.
"""
import json
import math
import os
import sys
import warnings

warnings.simplefilter("ignore")


def finite_range(values):
    import numpy as np

    values = np.asarray(values, dtype=np.float64)
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None, None
    return float(finite.min()), float(finite.max())


def dicom_entry(path):
    import pydicom
    from pydicom.pixel_data_handlers.util import apply_modality_lut

    entry = {"path": path, "source": "pydicom"}
    try:
        ds = pydicom.dcmread(path, force=True)
    except Exception as e:  # the peer cannot parse it either
        entry.update(outcome="refused", reason="pydicom: %s" % e)
        return entry
    if "PixelData" not in ds:
        entry.update(outcome="refused", reason="no pixel data")
        return entry
    try:
        pixels = ds.pixel_array
    except Exception as e:
        entry.update(outcome="refused", reason="pydicom: %s" % e)
        return entry
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    samples = int(getattr(ds, "SamplesPerPixel", 1) or 1)
    rows, cols = int(ds.Rows), int(ds.Columns)
    if samples == 1:
        pixels = apply_modality_lut(pixels, ds)
    photometric = str(getattr(ds, "PhotometricInterpretation", ""))
    if samples == 3 and photometric.startswith("YBR"):
        from pydicom.pixel_data_handlers.util import convert_color_space

        pixels = convert_color_space(pixels, photometric, "RGB")
    lo, hi = finite_range(pixels)
    entry.update(outcome="image", dims=[cols, rows, frames], min=lo, max=hi,
                 samples=samples, photometric=photometric,
                 bits_stored=int(getattr(ds, "BitsStored", 0) or 0),
                 transfer_syntax=str(ds.file_meta.get("TransferSyntaxUID", "")),
                 sop_class=str(getattr(ds, "SOPClassUID", "")))
    return entry


def nifti_entry(path):
    import nibabel

    entry = {"path": path, "source": "nibabel"}
    try:
        img = nibabel.load(path)
    except Exception as e:
        entry.update(outcome="refused", reason="nibabel: %s" % e)
        return entry
    if not isinstance(img, (nibabel.Nifti1Image, nibabel.Nifti2Image, nibabel.Nifti1Pair,
                            nibabel.Nifti2Pair)):
        entry.update(outcome="refused", reason="not NIfTI: %s" % type(img).__name__)
        return entry
    try:
        data = img.get_fdata()
    except Exception as e:
        entry.update(outcome="refused", reason="nibabel: %s" % e)
        return entry
    shape = list(data.shape) + [1, 1, 1]
    # The project reads volume 0 of a 4D image (and says so).
    if data.ndim >= 4:
        data = data[..., 0]
        while data.ndim > 3:
            data = data[..., 0]
    lo, hi = finite_range(data)
    entry.update(outcome="image", dims=shape[:3], min=lo, max=hi,
                 ndim=len(img.shape))
    return entry


def main():
    import nibabel
    import pydicom

    pydicom_dir = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")
    nibabel_dir = os.path.join(os.path.dirname(nibabel.__file__), "tests", "data")
    files = []
    for root, dirs, names in os.walk(pydicom_dir):
        dirs.sort()
        for name in sorted(names):
            files.append(dicom_entry(os.path.join(root, name)))
    for root, dirs, names in os.walk(nibabel_dir):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            path = os.path.join(root, name)
            if name.endswith((".nii", ".nii.gz", ".hdr")):
                files.append(nifti_entry(path))
            elif name.endswith(".dcm"):
                files.append(dicom_entry(path))
            else:
                # Formats the project does not read (PAR/REC, MINC, MGH, AFNI, tracts...):
                # the only right outcome is a refusal that names the file.
                files.append({"path": path, "source": "nibabel", "outcome": "refused",
                              "reason": "not a format the project reads"})
    json.dump({"pydicom": pydicom_dir, "nibabel": nibabel_dir,
               "pydicom_version": pydicom.__version__, "nibabel_version": nibabel.__version__,
               "files": files}, sys.stdout, indent=None, allow_nan=False)
    print()


if __name__ == "__main__":
    main()
