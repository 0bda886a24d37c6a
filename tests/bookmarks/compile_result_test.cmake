# A tool's result that leaves out a field its output schema requires must not compile, and the
# compiler must say which field; one that sets them all compiles. Run with cmake -P:
#   -DMCPC=... -DSPEC=mcp.yaml -DSOURCE_DIR=this directory -DINCLUDE_DIR=runtime/include
#   -DWORK_DIR=... -DCOMPILERS="c++;clang++"
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND "${MCPC}" compile "${SPEC}" -o "${WORK_DIR}" -q RESULT_VARIABLE status ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "mcpc compile failed (${status}):\n${err}")
endif()
foreach(cxx IN LISTS COMPILERS)
  set(flags -std=c++20 -fsyntax-only -Wall -Wextra -Werror -I "${WORK_DIR}" -I "${INCLUDE_DIR}")
  execute_process(COMMAND "${cxx}" ${flags} "${SOURCE_DIR}/result_all_fields.cc"
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${cxx}: a result that sets every required field does not compile:\n${out}${err}")
  endif()
  execute_process(COMMAND "${cxx}" ${flags} "${SOURCE_DIR}/result_missing_field.cc"
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(status EQUAL 0)
    message(FATAL_ERROR "${cxx}: a result without the required field 'created' compiles")
  endif()
  # g++ names it in the type (FieldName<8>{"created"}), clang++ in a note (field 'created').
  if(NOT "${out}${err}" MATCHES "[\"']created[\"']")
    message(FATAL_ERROR "${cxx}: the error does not name the field 'created':\n${out}${err}")
  endif()
  message(STATUS "${cxx}: a result without 'created' is refused, naming it; with it, it compiles")
endforeach()
