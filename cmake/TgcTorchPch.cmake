# Precompiled libtorch headers. A file that includes <torch/torch.h> spends
# 25 s (Debian's 1.13) to a minute (2.x as C++20) of its compile in those
# headers on the 2-core build machine; a cold CI run compiles about sixty
# such files once per torch build. With the headers precompiled once per
# target, or once for all model tests, the rest is the file's own code.
#
# A precompiled header only serves compiles with the same language standard,
# optimisation, debug and PIC flags and the same definitions of macros it
# uses; GCC ignores a mismatched one with -Winvalid-pch (which CMake adds),
# so a wrong pairing shows as a warning, never as a wrong build.
option(TGC_TORCH_PCH "Precompile <torch/torch.h> for the targets that include it" ON)

# A library target with several files that include torch: its own header.
function(tgc_torch_pch target)
    if(TGC_TORCH_PCH)
        target_precompile_headers(${target} PRIVATE <torch/torch.h>)
    endif()
endfunction()

# A test executable (tgc_add_test) that includes torch: one header shared by
# all of them, made by an object library with the tests' own flags.
function(tgc_torch_test_pch target)
    if(NOT TGC_TORCH_PCH)
        return()
    endif()
    if(NOT TARGET tgc_torch_test_pch)
        file(WRITE ${CMAKE_BINARY_DIR}/tgc_torch_test_pch.cpp
            "// Gives tgc_torch_test_pch a file to compile with the tests' flags.\n")
        add_library(tgc_torch_test_pch OBJECT ${CMAKE_BINARY_DIR}/tgc_torch_test_pch.cpp)
        target_link_libraries(tgc_torch_test_pch PRIVATE tgc_engine tgc_model tgc_warnings)
        target_compile_definitions(tgc_torch_test_pch PRIVATE ${TGC_TEST_DEFINITIONS})
        target_precompile_headers(tgc_torch_test_pch PRIVATE <torch/torch.h>)
    endif()
    target_precompile_headers(${target} REUSE_FROM tgc_torch_test_pch)
endfunction()
