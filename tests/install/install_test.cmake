# Installs the build into a scratch prefix and checks that PREFIX/bin/mcpc runs and the
# editor schema is installed. Run by CTest with -DBUILD_DIR=... -DPREFIX=...
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
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
file(REMOVE_RECURSE "${PREFIX}")
