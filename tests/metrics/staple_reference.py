"""STAPLE by ITK (SimpleITK's STAPLEImageFilter) on masks test_consensus wrote.

Usage: staple_reference.py FOLDER. FOLDER holds case.txt ("x y z raters
label") and rater_<j>.raw (uint8, x fastest). Writes posterior.raw (float64,
the same order) and rates.txt (one "sensitivity specificity" line per
annotator). Exit code 3 when SimpleITK is missing, so the test can say why.
"""
import sys
from pathlib import Path

try:
    import numpy as np
    import SimpleITK as sitk
except ImportError as error:
    print(f"needs numpy and SimpleITK: {error}")
    sys.exit(3)

folder = Path(sys.argv[1])
x, y, z, raters, label = (int(v) for v in (folder / "case.txt").read_text().split())
images = []
for j in range(raters):
    voxels = np.fromfile(folder / f"rater_{j}.raw", dtype=np.uint8).reshape(z, y, x)
    images.append(sitk.GetImageFromArray(voxels))
staple = sitk.STAPLEImageFilter()
staple.SetForegroundValue(label)
staple.SetMaximumIterations(10000)
posterior = sitk.GetArrayFromImage(staple.Execute(images)).astype(np.float64)
posterior.tofile(folder / "posterior.raw")
rates = zip(staple.GetSensitivity(), staple.GetSpecificity())
(folder / "rates.txt").write_text("".join(f"{p!r} {q!r}\n" for p, q in rates))
print(f"{staple.GetElapsedIterations()} iterations")
