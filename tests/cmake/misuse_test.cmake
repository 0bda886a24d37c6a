# Configures tests/cmake/misuse, whose add_mcp_server() calls are all wrong, and checks that
# configuring fails with one message per call naming the target and the argument at fault.
# Run by CTest with -DMCPC_SOURCE_DIR=... -DWORK_DIR=...
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${CMAKE_CURRENT_LIST_DIR}/misuse" -B "${WORK_DIR}"
          "-DMCPC_SOURCE_DIR=${MCPC_SOURCE_DIR}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
string(REGEX REPLACE "[ \n]+" " " flat "${out}")  # CMake wraps messages at word boundaries

set(expected
  "add_mcp_server\\(\\): missing the target name"
  "add_mcp_server\\(\\): missing the target name"
  "add_mcp_server\\(no_spec\\): SPEC is required"
  "add_mcp_server\\(missing_spec\\): SPEC file '[^']*/nowhere.yaml' does not exist"
  "add_mcp_server\\(dir_spec\\): SPEC '[^']*' is a directory"
  "add_mcp_server\\(ts_target\\): HANDLERS and LINK are for TARGET cpp"
  "add_mcp_server\\(rust_target\\): unknown TARGET 'rust' \\(expected cpp or ts\\)"
  "add_mcp_server\\(stray\\): unknown arguments: HANDLER h.cc"
  "add_mcp_server\\(taken\\): target name 'taken' is already taken"
  "add_mcp_server\\(empty_handlers\\): HANDLERS given without a value"
  "add_mcp_server\\(bad_templates\\): TEMPLATE_DIR '[^']*/no-such-dir' is not a directory")
set(problems "")
foreach(re IN LISTS expected)
  if(NOT flat MATCHES "${re}")
    string(APPEND problems "\n  no message matching: ${re}")
  endif()
endforeach()
string(REGEX MATCHALL "CMake Error at [^ ]*McpcAddServer.cmake" errors "${flat}")
list(LENGTH errors n_errors)
list(LENGTH expected n_expected)
if(NOT n_errors EQUAL n_expected)
  string(APPEND problems "\n  ${n_errors} errors from add_mcp_server, expected ${n_expected}")
endif()
if(rc EQUAL 0)
  string(APPEND problems "\n  configuring succeeded")
endif()
if(problems)
  message("${out}")  # as it is: FATAL_ERROR would reflow it
  message(FATAL_ERROR "add_mcp_server misuse is not reported as it should be:${problems}")
endif()
