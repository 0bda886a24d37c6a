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

# step(<name> NOTHING | REQUIRED <regex>... [ALLOWED <regex>...]): runs a build of ${build} (the
# caller's variable) and checks
# what it did: nothing at all, or each REQUIRED regex matches an edge that ran and every edge
# that ran matches a REQUIRED or ALLOWED regex.
function(step name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "NOTHING" "" "REQUIRED;ALLOWED")
  scratch_build("${build}" ran)
  list(JOIN ran "\n  " ran_text)
  # On failure, Ninja's output is printed as it is (FATAL_ERROR would reflow it).
  set(context "after ${name}, the build ran:\n  ${ran_text}\nNinja's output:\n${ran_raw}")
  if(arg_NOTHING)
    if(ran OR NOT ran_raw MATCHES "no work to do")
      message("${context}")
      message(FATAL_ERROR "after ${name}, the build should have had nothing to do")
    endif()
    message(STATUS "${name}: nothing to do")
    return()
  endif()
  foreach(edge IN LISTS ran)
    set(ok FALSE)
    foreach(re IN LISTS arg_ALLOWED arg_REQUIRED)
      if(edge MATCHES "${re}")
        set(ok TRUE)
        break()
      endif()
    endforeach()
    if(NOT ok)
      message("${context}")
      message(FATAL_ERROR "after ${name}, '${edge}' should not have run")
    endif()
  endforeach()
  foreach(re IN LISTS arg_REQUIRED)
    set(found FALSE)
    foreach(edge IN LISTS ran)
      if(edge MATCHES "${re}")
        set(found TRUE)
        break()
      endif()
    endforeach()
    if(NOT found)
      message("${context}")
      message(FATAL_ERROR "after ${name}, nothing matching '${re}' ran")
    endif()
  endforeach()
  message(STATUS "${name}: ran\n  ${ran_text}")
endfunction()

# File times come from a coarse clock (a few ms, or a second on some file systems): an input
# changed right after the build that last read it could look no newer than what Ninja
# recorded then. Users do not edit that fast; the test waits a second before each change.
function(touch file)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E sleep 1)
  file(TOUCH "${file}")
endfunction()

# replace(<file> <from> <to>): a real edit of a spec, failing if <from> is not there.
function(replace file from to)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E sleep 1)
  file(READ "${file}" text)
  string(FIND "${text}" "${from}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "'${from}' not found in ${file}")
  endif()
  string(REPLACE "${from}" "${to}" text "${text}")
  file(WRITE "${file}" "${text}")
endfunction()
