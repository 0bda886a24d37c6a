# init.<template>.cpp: `mcpc init --template TEMPLATE` (the installed mcpc, in PREFIX), then the
# project is configured with Ninja against PREFIX, built, and its own CTest tests must pass.
# Run by CTest with the scratch project's -D options (tests/CMakeLists.txt) and -DTEMPLATE.
include("${CMAKE_CURRENT_LIST_DIR}/../install/scratch_project.cmake")

scratch_lock("${WORK_DIR}")
file(REMOVE_RECURSE "${WORK_DIR}")
set(project "${WORK_DIR}/project")
execute_process(COMMAND "${PREFIX}/bin/mcpc" init "${project}" --template "${TEMPLATE}" --name "${TEMPLATE}-server"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mcpc init --template ${TEMPLATE} failed (${rc}):\n${out}")
endif()
scratch_configure("${project}" "${project}/build")
scratch_build("${project}/build" ran)
execute_process(COMMAND "${CMAKE_CTEST_COMMAND}" --test-dir "${project}/build" --output-on-failure
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
message("${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the ${TEMPLATE} project's tests failed (${rc}); ctest's output is above")
endif()
if(NOT out MATCHES "100% tests passed, 0 tests failed out of [1-9]")
  message(FATAL_ERROR "the ${TEMPLATE} project ran no test")
endif()
