# The mcpc_package fixture: an up-to-date `cmake --install` of the build in PREFIX, which the
# package tests (tests/consumer, tests/incremental) then use as CMAKE_PREFIX_PATH.
# Run by CTest with -DBUILD_DIR=... -DPREFIX=...
# The prefix is updated, not removed first: a concurrent ctest run in the same build directory
# may be building against it (and install_smoke checks for stray files in its own prefix).
file(LOCK "${PREFIX}.lock" GUARD PROCESS TIMEOUT 120)
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD_DIR} --prefix ${PREFIX} failed (${rc}):\n${out}")
endif()
