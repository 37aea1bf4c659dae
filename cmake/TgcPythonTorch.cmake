# libtorch from a Python environment's torch package (PyTorch 2.x wheels from
# PyPI, with CUDA): the torch2 preset sets TGC_TORCH_PYTHON to the virtual
# environment that scripts/setup-deps --torch pytorch made. Sets
# CMAKE_PREFIX_PATH for find_package(Torch) and the wheel's C++ ABI.
execute_process(
    COMMAND "${TGC_TORCH_PYTHON}" -c
        "import torch; print(torch.utils.cmake_prefix_path); print(int(torch._C._GLIBCXX_USE_CXX11_ABI)); print(torch.__version__); print(torch.version.cuda or '')"
    OUTPUT_VARIABLE _tgc_torch_facts ERROR_VARIABLE _tgc_torch_error
    RESULT_VARIABLE _tgc_torch_result OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT _tgc_torch_result EQUAL 0)
    message(FATAL_ERROR "TGC_TORCH_PYTHON=${TGC_TORCH_PYTHON} cannot import torch "
        "(run scripts/setup-deps --torch pytorch): ${_tgc_torch_error}")
endif()
string(REPLACE "\n" ";" _tgc_torch_facts "${_tgc_torch_facts}")
list(GET _tgc_torch_facts 0 _tgc_torch_prefix)
list(GET _tgc_torch_facts 1 TGC_TORCH_CXX11_ABI)
list(GET _tgc_torch_facts 2 TGC_TORCH_PY_VERSION)
list(LENGTH _tgc_torch_facts _tgc_torch_count)
set(TGC_TORCH_PY_CUDA "")
if(_tgc_torch_count GREATER 3)
    list(GET _tgc_torch_facts 3 TGC_TORCH_PY_CUDA)
endif()
# Debian's Qt, DCMTK, OpenCV and VTK use the C++11 ABI of libstdc++; a wheel
# built with the old one (PyTorch before 2.7) links only in model-only builds.
if(NOT TGC_TORCH_CXX11_ABI AND NOT TGC_MODEL_ONLY)
    message(FATAL_ERROR "torch ${TGC_TORCH_PY_VERSION} in ${TGC_TORCH_PYTHON} uses the pre-C++11 "
        "libstdc++ ABI, which cannot link with Debian's Qt and DCMTK: use PyTorch 2.7 or later "
        "(scripts/requirements-torch2.txt) or -DTGC_MODEL_ONLY=ON")
endif()
if(NOT TGC_TORCH_CXX11_ABI)
    # Every target, not only torch's users: our libraries pass std::string
    # between each other and into libtorch.
    add_compile_definitions(_GLIBCXX_USE_CXX11_ABI=0)
endif()
list(PREPEND CMAKE_PREFIX_PATH "${_tgc_torch_prefix}")
# TorchConfig finds its libraries with find_library(... PATHS <torch>/lib),
# which CMake searches after the system folders: with Debian's libtorch-dev
# installed too, libtorch.so and libc10.so would come from 1.13.
get_filename_component(_tgc_torch_lib "${_tgc_torch_prefix}/../../lib" ABSOLUTE)
list(PREPEND CMAKE_LIBRARY_PATH "${_tgc_torch_lib}")
# libtorch_cuda.so finds the wheels' NCCL, cuDNN and CUDA libraries through
# its own RPATH; the linker looks in the -rpath folders first, among them the
# toolkit's with an older NCCL (undefined ncclCommSuspend ...): point it at
# the wheels' folders before those.
file(GLOB _tgc_nvidia_libs "${_tgc_torch_prefix}/../../../nvidia/*/lib")
foreach(_tgc_dir IN LISTS _tgc_nvidia_libs)
    get_filename_component(_tgc_dir "${_tgc_dir}" ABSOLUTE)
    add_link_options("LINKER:-rpath-link,${_tgc_dir}")
endforeach()
# PyTorch's headers from 2.10 on refuse anything older than C++20: the
# targets that link torch compile as C++20 (set on the torch target after
# find_package), the rest stays C++17 and shares ccache entries with the
# Debian build.
get_filename_component(_tgc_torch_include "${_tgc_torch_prefix}/../../include" ABSOLUTE)
file(STRINGS "${_tgc_torch_include}/torch/csrc/api/include/torch/all.h" _tgc_torch_cxx20
    REGEX "C\\+\\+20 or later")
set(TGC_TORCH_NEEDS_CXX20 OFF)
if(_tgc_torch_cxx20)
    set(TGC_TORCH_NEEDS_CXX20 ON)
endif()
# TorchConfig gives CUDA the C++ standard unless one is set; CMake 3.25 has
# no C++20 flags for nvcc, and the only CUDA code compiled here is Torch's
# probe for the GPU architectures (the project has no .cu files).
if(NOT DEFINED CMAKE_CUDA_STANDARD)
    set(CMAKE_CUDA_STANDARD 17)
endif()
if(TGC_TORCH_PY_CUDA AND NOT CUDAToolkit_ROOT AND NOT DEFINED ENV{CUDAToolkit_ROOT})
    # The wheel's libtorch_cuda needs the toolkit's headers and nvcc to
    # configure; the toolkit's usual place where nvcc is not on PATH.
    find_program(_tgc_nvcc nvcc PATHS /usr/local/cuda/bin NO_CACHE)
    if(_tgc_nvcc)
        get_filename_component(CUDAToolkit_ROOT "${_tgc_nvcc}" DIRECTORY)
        get_filename_component(CUDAToolkit_ROOT "${CUDAToolkit_ROOT}" DIRECTORY)
    else()
        message(FATAL_ERROR "torch ${TGC_TORCH_PY_VERSION} was built with CUDA ${TGC_TORCH_PY_CUDA}: "
            "the CUDA toolkit (nvcc, cuDNN) is needed to build against it; none found on PATH "
            "or in /usr/local/cuda")
    endif()
endif()
message(STATUS "libtorch from ${TGC_TORCH_PYTHON}: torch ${TGC_TORCH_PY_VERSION}, "
    "CUDA ${TGC_TORCH_PY_CUDA}, C++11 ABI ${TGC_TORCH_CXX11_ABI}")
