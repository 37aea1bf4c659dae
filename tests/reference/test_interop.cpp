// Our DICOM and NIfTI files through the reference readers (pydicom strict,
// highdicom, nibabel), driven by interop_reference.py on tgc-cli's own
// output: a phantom DICOM series, DICOM SEG and nnU-Net exports.
#include "reference_support.h"

using namespace tgc::test;

TGC_TEST(reference_readers_read_our_dicom_seg_nifti_and_nnunet_files) {
    const std::string cli = (std::filesystem::path(TGC_BINARY_DIR) / "bin" / "tgc-cli").string();
    const std::string work = scratchFolder("interop");
    runReferenceScript("interop_reference.py", {cli, work});
    std::filesystem::remove_all(work);
}

int main(int argc, char** argv) {
    return tgc::test::runReferenceTests(argc, argv);
}
