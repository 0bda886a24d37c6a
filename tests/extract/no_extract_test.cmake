# mcpc with no mcpc-extract beside it, on PATH or in MCPC_EXTRACT: reading a header is an error
# that says how to get it (exit 2), not a crash or a spec parse of C++.
# cmake -DMCPC=... -DWORK_DIR=... -DHEADER=... -P no_extract_test.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
# A hard link: the running program's path (/proc/self/exe) is then WORK_DIR/mcpc.
file(CREATE_LINK "${MCPC}" "${WORK_DIR}/mcpc" RESULT linked)
if(NOT linked EQUAL 0)
  file(COPY_FILE "${MCPC}" "${WORK_DIR}/mcpc")
endif()
set(ENV{PATH} "/usr/bin:/bin")
unset(ENV{MCPC_EXTRACT})
execute_process(COMMAND "${WORK_DIR}/mcpc" check "${HEADER}" RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(NOT rc EQUAL 2 OR NOT err MATCHES "mcpc-extract is not installed")
  message(FATAL_ERROR "expected exit 2 and 'mcpc-extract is not installed', got ${rc}:\n${out}${err}")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
