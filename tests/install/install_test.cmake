# Installs the build into a scratch prefix the way README.md's "Building by hand" says, and
# checks that PREFIX/bin/mcpc runs, carries no debug info, and that the installed files are
# exactly those in tests/install/installed-files.txt.
# Run by CTest with -DBUILD_DIR=... -DPREFIX=... -DEXPECTED=<installed-files.txt>
#   [-DBINDIR=... -DLIBDIR=... -DINCLUDEDIR=... -DDATADIR=...] (the GNUInstallDirs values;
#   they are mapped back to bin, lib, include and share so the list is the same everywhere).
# MCPC_UPDATE_GOLDENS=1 in the environment rewrites EXPECTED instead of comparing.
file(LOCK "${PREFIX}.lock" GUARD PROCESS TIMEOUT 120)  # another ctest run in this build dir
include("${CMAKE_CURRENT_LIST_DIR}/documented_install.cmake")
documented_install(install_flags)
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}" ${install_flags}
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
foreach(f bin/mcpc share/mcpc/schema/mcp-spec.schema.json)
  if(NOT EXISTS "${PREFIX}/${f}")
    message(FATAL_ERROR "not installed: PREFIX/${f}")
  endif()
endforeach()
execute_process(COMMAND "${PREFIX}/bin/mcpc" --version OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "^mcpc [0-9]+\\.[0-9]+\\.[0-9]+")
  message(FATAL_ERROR "installed mcpc --version failed (${rc}): ${out}")
endif()

# No debug info in what the README's install installs: mcpc always (the flags strip it), the
# static libraries when this build is the kind the README installs (strip leaves archives alone).
load_cache("${BUILD_DIR}" READ_WITH_PREFIX build_ CMAKE_BUILD_TYPE)
set(no_debug bin/mcpc)
if(build_CMAKE_BUILD_TYPE MATCHES "^(Release|MinSizeRel)$")
  list(APPEND no_debug lib/libmcpc_runtime.a lib/libmcpc_json_schema.a)
endif()
foreach(f IN LISTS no_debug)
  if(DEFINED LIBDIR)
    string(REGEX REPLACE "^lib/" "${LIBDIR}/" f "${f}")
  endif()
  set(found "${PREFIX}/${f}")
  if(NOT EXISTS "${found}")
    message(FATAL_ERROR "not installed: PREFIX/${f}")
  endif()
  execute_process(COMMAND readelf -S --wide ${found} RESULT_VARIABLE rc OUTPUT_VARIABLE sections ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "readelf -S ${found} failed (${rc}): ${err}")
  endif()
  if(sections MATCHES "\\.debug_[a-z_]+")
    message(FATAL_ERROR "PREFIX/${f} has debug info (${CMAKE_MATCH_0}) after the install README.md documents")
  endif()
endforeach()

# The installed file list, normalised: default directory names, and <CONFIG> for the build
# type in the exported per-configuration targets file.
file(GLOB_RECURSE installed LIST_DIRECTORIES false RELATIVE "${PREFIX}" "${PREFIX}/*")
set(actual "")
foreach(f IN LISTS installed)
  foreach(pair BINDIR=bin LIBDIR=lib INCLUDEDIR=include DATADIR=share)
    string(REPLACE "=" ";" pair "${pair}")
    list(GET pair 0 var)
    list(GET pair 1 default)
    if(DEFINED ${var} AND NOT "${${var}}" STREQUAL "${default}")
      string(REGEX REPLACE "^${${var}}/" "${default}/" f "${f}")
    endif()
  endforeach()
  string(REGEX REPLACE "Targets-[a-z]+\\.cmake$" "Targets-<CONFIG>.cmake" f "${f}")
  list(APPEND actual "${f}")
endforeach()
list(SORT actual)

if("$ENV{MCPC_UPDATE_GOLDENS}" STREQUAL "1")
  file(STRINGS "${EXPECTED}" header REGEX "^#")  # the comment block stays on top
  list(APPEND header ${actual})
  list(JOIN header "\n" text)
  file(WRITE "${EXPECTED}" "${text}\n")
  message(STATUS "wrote ${EXPECTED}")
  file(REMOVE_RECURSE "${PREFIX}")
  return()
endif()

file(STRINGS "${EXPECTED}" expected REGEX "^[^#]")
# The list is that of a build with mcpc-extract (MCPC_BUILD_EXTRACT, on where Clang's libraries
# are); a build without it installs the same but that program.
if(DEFINED WITH_EXTRACT AND NOT WITH_EXTRACT)
  list(REMOVE_ITEM expected "bin/mcpc-extract")
endif()
list(SORT expected)
set(missing ${expected})
list(REMOVE_ITEM missing ${actual})
set(unexpected ${actual})
list(REMOVE_ITEM unexpected ${expected})
if(missing OR unexpected)
  set(diff "")
  foreach(f IN LISTS missing)
    string(APPEND diff "\n- ${f}")
  endforeach()
  foreach(f IN LISTS unexpected)
    string(APPEND diff "\n+ ${f}")
  endforeach()
  # Printed as it is: FATAL_ERROR would reflow the list.
  message("installed files differ from ${EXPECTED}\n"
          "(- expected but not installed, + installed but not expected):${diff}\n"
          "If the change is intended: MCPC_UPDATE_GOLDENS=1 ctest --test-dir build "
          "-R install_smoke, then review git diff tests/install.")
  message(FATAL_ERROR "the installed files are not those of ${EXPECTED}")
endif()
file(REMOVE_RECURSE "${PREFIX}")
