"""Our DICOM and NIfTI files read back by the reference readers.

usage: interop_reference.py TGC_CLI WORK_DIR

Makes a phantom CT as a DICOM series with tgc-cli, imports it with an organ
mask into a project and exports it as DICOM SEG (plain and de-identified)
and as an nnU-Net dataset, then checks:
- pydicom, in its strict mode, reads every DICOM file written here, pixels
  included, with file meta agreeing with the data set;
- highdicom reads each SEG, and its frames put back in space give the same
  mask, voxel for voxel, as the NIfTI mask that was imported;
- nibabel reads every NIfTI written here (phantom, project mask, nnU-Net
  images and labels) with the affine that the DICOM series' geometry gives,
  and the phantom's NIfTI image holds the DICOM series' values.
Prints one line per check; exits non-zero at the first difference.
"""
import glob
import json
import os
import subprocess
import sys

import highdicom as hd
import nibabel as nib
import numpy as np
import pydicom
from pydicom.pixels import apply_modality_lut

LPS_TO_RAS = np.diag([-1.0, -1.0, 1.0, 1.0])


def run(cli, *args):
    done = subprocess.run([cli, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"tgc-cli {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return json.loads(done.stdout) if "--json" in args else None


def fail(message):
    sys.exit("FAIL " + message)


def series_geometry(folder):
    """Sorted data sets and the voxel -> RAS affine the series defines
    (voxel i along a row, j down the columns, k along the slice normal)."""
    datasets = [pydicom.dcmread(f) for f in glob.glob(os.path.join(folder, "*.dcm"))]
    orientation = np.array(datasets[0].ImageOrientationPatient, dtype=float)
    row, column = orientation[:3], orientation[3:]
    normal = np.cross(row, column)
    datasets.sort(key=lambda d: float(np.dot(normal, np.array(d.ImagePositionPatient, float))))
    first = np.array(datasets[0].ImagePositionPatient, float)
    last = np.array(datasets[-1].ImagePositionPatient, float)
    step = (last - first) / (len(datasets) - 1)
    row_spacing, column_spacing = (float(v) for v in datasets[0].PixelSpacing)
    lps = np.eye(4)
    lps[:3, 0] = row * column_spacing
    lps[:3, 1] = column * row_spacing
    lps[:3, 2] = step
    lps[:3, 3] = first
    return datasets, LPS_TO_RAS @ lps


def check_pydicom_reads(path):
    ds = pydicom.dcmread(path)
    meta = ds.file_meta
    if meta.MediaStorageSOPClassUID != ds.SOPClassUID:
        fail(f"{path}: file meta SOP class {meta.MediaStorageSOPClassUID} != {ds.SOPClassUID}")
    if meta.MediaStorageSOPInstanceUID != ds.SOPInstanceUID:
        fail(f"{path}: file meta SOP instance differs from the data set's")
    for element in ds.iterall():  # every element decoded, sequences included
        _ = element.value
    if "PixelData" in ds:
        pixels = ds.pixel_array
        frames = int(ds.get("NumberOfFrames", 1))
        expected = (ds.Rows, ds.Columns) if frames == 1 else (frames, ds.Rows, ds.Columns)
        if pixels.shape != expected:
            fail(f"{path}: pixel array {pixels.shape}, expected {expected}")
    return ds


def check_seg(path, mask_nifti):
    seg = hd.seg.segread(path)
    if seg.number_of_segments != 1:
        fail(f"{path}: {seg.number_of_segments} segments, expected 1")
    volume = seg.get_volume()
    labels = volume.array[..., 0] if volume.array.ndim == 4 else volume.array
    mask = np.asarray(mask_nifti.dataobj) > 0
    # Every SEG voxel centre lands on a voxel centre of the NIfTI mask.
    index = np.indices(labels.shape).reshape(3, -1)
    world = LPS_TO_RAS @ np.vstack([volume.affine[:3, :3] @ index + volume.affine[:3, 3:4],
                                    np.ones(index.shape[1])])
    voxel = np.linalg.inv(mask_nifti.affine) @ world
    nearest = np.rint(voxel[:3]).astype(int)
    if np.abs(voxel[:3] - nearest).max() > 1e-3:
        fail(f"{path}: SEG frames are not on the image's voxel grid")
    inside = np.all((nearest >= 0) & (nearest < np.array(mask.shape)[:, None]), axis=0)
    if not inside.all():
        fail(f"{path}: SEG frames reach outside the image")
    got = labels.reshape(-1) > 0
    want = mask[nearest[0], nearest[1], nearest[2]]
    if (got != want).any() or got.sum() != mask.sum():
        fail(f"{path}: highdicom's mask differs: {int((got != want).sum())} voxels, "
             f"{int(got.sum())} vs {int(mask.sum())} set")
    print(f"highdicom {path}: {int(got.sum())} mask voxels in {labels.shape[0]} frames, "
          "the same as the imported mask")


def main():
    cli, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    os.chdir(work)
    pydicom.config.settings.reading_validation_mode = pydicom.config.RAISE

    run(cli, "phantom", "--kind", "ct3d", "--count", "1", "--size", "48x40x6", "--dicom",
        "--seed", "1", "--out", "phantom", "--json")
    series = glob.glob("phantom/dicom/*")[0]
    case = os.path.basename(series)
    mask_path = os.path.abspath(f"phantom/masks/{case}_spleen.nii.gz")
    with open("list.csv", "w") as f:
        f.write(f"path,mask,report\n{os.path.abspath(series)},{mask_path},the spleen\n")
    run(cli, "import", "--project", "project", "--status", "done", "--json", "list.csv")
    run(cli, "export", "--project", "project", "--format", "dicom-seg", "--out", "seg", "--json")
    run(cli, "export", "--project", "project", "--format", "dicom-seg", "--deidentify", "--out",
        "seg-deid", "--json")
    run(cli, "export", "--project", "project", "--format", "nnunet", "--out", "nnunet", "--json")

    written = sorted(glob.glob("**/*.dcm", recursive=True))
    if len(written) < 8:
        fail(f"expected the 6 slices and 2 SEG files, found {written}")
    for path in written:
        check_pydicom_reads(path)
    print(f"pydicom (strict) read {len(written)} DICOM files, pixels included")

    datasets, affine = series_geometry(series)
    mask_nifti = nib.load(mask_path)
    for path in sorted(glob.glob("seg*/**/*.dcm", recursive=True)):
        check_seg(path, mask_nifti)

    niftis = sorted(glob.glob("**/*.nii.gz", recursive=True))
    for path in niftis:
        image = nib.load(path)
        if not np.allclose(image.affine, affine, atol=1e-4):
            fail(f"{path}: affine\n{image.affine}\ndiffers from the DICOM series'\n{affine}")
    print(f"nibabel read {len(niftis)} NIfTI files, each with the series' affine")

    dicom_values = np.stack([apply_modality_lut(d.pixel_array, d) for d in datasets], -1)
    for path in (f"phantom/images/{case}.nii.gz", f"nnunet/Dataset001_project/imagesTr/{case}_0000.nii.gz"):
        values = np.asarray(nib.load(path).get_fdata()).transpose(1, 0, 2)  # -> rows, columns
        if values.shape != dicom_values.shape or np.abs(values - dicom_values).max() > 0.5:
            fail(f"{path}: values differ from the DICOM series'")
    labels = np.asarray(nib.load(f"nnunet/Dataset001_project/labelsTr/{case}.nii.gz").dataobj)
    if not np.array_equal(labels > 0, np.asarray(mask_nifti.dataobj) > 0):
        fail("nnU-Net label differs from the imported mask")
    print("the NIfTI images hold the DICOM values; the nnU-Net label is the imported mask")


if __name__ == "__main__":
    main()
