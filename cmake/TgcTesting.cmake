# tgc_add_test(NAME <name> SOURCES ... LIBS ... [LABELS ...] [TIMEOUT s])
# One executable per test area, registered with CTest. Qt suites run on the
# offscreen platform; suites that render with VTK need an X server and are run
# under Xvfb by scripts/test (xvfb-run around ctest).
set(TGC_TEST_DEFINITIONS
    TGC_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    TGC_SHARED_DIR="${TGC_SHARED_DIR}"
    TGC_BINARY_DIR="${CMAKE_BINARY_DIR}")

function(tgc_add_test)
    cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} tgc_warnings)
    target_compile_definitions(${T_NAME} PRIVATE ${TGC_TEST_DEFINITIONS})
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 600)
    endif()
    set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;OMP_NUM_THREADS=2"
        LABELS "${T_LABELS}")
endfunction()
