# Helpers for the package tests (tests/consumer, tests/incremental), which configure and build
# small projects against the mcpc installed into PREFIX, as a user would.
# Expects PREFIX, NINJA, CXX_COMPILER, CXX_FLAGS, LINKER_FLAGS and BUILD_TYPE to be defined
# by the caller's -D options (see tests/CMakeLists.txt).

# Holds DIR.lock until this script ends, waiting for another holder (a second ctest run in
# the same build directory: people share build/) rather than deleting its work mid-build.
function(scratch_lock dir)
  file(LOCK "${dir}.lock" GUARD PROCESS TIMEOUT 600)
endfunction()

# Configures SOURCE into BINARY with Ninja; fails the test with CMake's output on error.
function(scratch_configure source binary)
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -S "${source}" -B "${binary}" -G Ninja
            "-DCMAKE_MAKE_PROGRAM=${NINJA}" "-DCMAKE_PREFIX_PATH=${PREFIX}"
            "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
            "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message("${out}")  # as it is: FATAL_ERROR would reflow it
    message(FATAL_ERROR "configuring ${source} failed (${rc}); CMake's output is above")
  endif()
endfunction()

# Builds BINARY with Ninja (-j2: the machines are small), one status line per edge that
# ran; stores the edge descriptions ("Generating MCP server x from ...", "Building CXX
# object ...", "Linking CXX executable x") as a list in OUT_VAR.
function(scratch_build binary out_var)
  set(ENV{NINJA_STATUS} "[%f/%t] ")  # the default, whatever the caller's environment says
  execute_process(COMMAND "${NINJA}" -C "${binary}" -j2
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message("${out}")
    message(FATAL_ERROR "building ${binary} failed (${rc}); Ninja's output is above")
  endif()
  string(REGEX MATCHALL "\\[[0-9]+/[0-9]+\\] [^\n]*" lines "${out}")
  list(TRANSFORM lines REPLACE "^\\[[0-9]+/[0-9]+\\] " "")
  set(${out_var} "${lines}" PARENT_SCOPE)
  set(${out_var}_raw "${out}" PARENT_SCOPE)
endfunction()
