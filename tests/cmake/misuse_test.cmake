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
  "add_mcp_server\\(ts_target\\): HANDLERS, LINK and BASENAME are for TARGET cpp"
  "add_mcp_server\\(rust_target\\): unknown TARGET 'rust' \\(expected cpp or ts\\)"
  "add_mcp_server\\(stray\\): unknown arguments: HANDLER h.cc"
  "add_mcp_server\\(taken\\): target name 'taken' is already taken"
  "add_mcp_server\\(empty_handlers\\): HANDLERS given without a value"
  "add_mcp_server\\(bad_templates\\): TEMPLATE_DIR '[^']*/no-such-dir' is not a directory"
  "add_mcp_server\\(missing_handlers\\): HANDLERS file '[^']*/misuse/nowhere.cc' does not exist\\. Write a starting point for it from the spec \\(including \"missing_handlers.h\", the header this server generates\\) with:"
  "add_mcp_server\\(bad_basename\\): BASENAME 'a/b' may hold only"
  "add_mcp_server\\(ts_basename\\): HANDLERS, LINK and BASENAME are for TARGET cpp"
  "add_mcp_server\\(cpp_npm\\): HANDLERS_DIR and NPM_BUILD are for TARGET ts"
  "add_mcp_server\\(ts_dir_is_file\\): HANDLERS_DIR '[^']*/spec.yaml' is a file"
  "add_mcp_server\\(ts_second\\): HANDLERS_DIR '[^']*/shared_handlers' is already add_mcp_server\\(ts_first\\)'s"
  "add_mcp_server\\(wrong_include\\): a C\\+\\+ server needs the CXX language")
# Warnings, which do not stop configuring.
set(expected_warnings
  "add_mcp_server\\(wrong_include\\): '[^']*/wrong_include.cc' includes \"misuse_mcp.h\", but the header this server generates is \"wrong_include.h\".*add BASENAME misuse_mcp to add_mcp_server\\(\\)")
set(problems "")
# The command is a line of its own, as it is to be copied, which CMake does not reflow.
set(command "\n +cd [^\n]*/misuse && mcpc compile spec.yaml --basename missing_handlers --emit-handler-skeleton nowhere.cc\n")
if(NOT out MATCHES "${command}")
  string(APPEND problems "\n  no line matching: ${command}")
endif()
foreach(re IN LISTS expected expected_warnings)
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
