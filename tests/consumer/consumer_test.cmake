# The package consumer test: builds tests/consumer (find_package(mcpc) + add_mcp_server) against
# the mcpc installed in PREFIX by the package.install fixture, then talks to the built server
# over stdio: initialize, notifications/initialized, tools/list and one tools/call.
# Run by CTest with -DPREFIX -DSOURCE_DIR -DWORK_DIR -DNINJA -DCXX_COMPILER -DCXX_FLAGS
# -DLINKER_FLAGS -DBUILD_TYPE.
include("${CMAKE_CURRENT_LIST_DIR}/../install/scratch_project.cmake")

scratch_lock("${WORK_DIR}")
file(REMOVE_RECURSE "${WORK_DIR}")
scratch_configure("${SOURCE_DIR}" "${WORK_DIR}/build")
scratch_build("${WORK_DIR}/build" ran)

set(gen "${WORK_DIR}/build/greeter_mcp")
foreach(f greeter.h greeter.cc greeter_types.cc greeter_main.cc greeter_unimplemented.cc greeter.d)
  if(NOT EXISTS "${gen}/${f}")
    message(FATAL_ERROR "add_mcp_server did not generate ${gen}/${f}")
  endif()
endforeach()

set(requests
  [=[{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"consumer-test","version":"1.0.0"}}}]=]
  [=[{"jsonrpc":"2.0","method":"notifications/initialized"}]=]
  [=[{"jsonrpc":"2.0","id":2,"method":"tools/list"}]=]
  [=[{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"greet","arguments":{"name":"Ada"}}}]=])
list(JOIN requests "\n" input)
file(WRITE "${WORK_DIR}/requests.jsonl" "${input}\n")
execute_process(COMMAND "${WORK_DIR}/build/greeter"
                INPUT_FILE "${WORK_DIR}/requests.jsonl"
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 60)
set(transcript "stdin:\n${input}\nstdout:\n${out}\nstderr:\n${err}")
if(NOT rc EQUAL 0)
  message("${transcript}")  # as it is: FATAL_ERROR would reflow it
  message(FATAL_ERROR "greeter exited with ${rc}")
endif()

# One answer per line; split by hand, since CMake lists would also split at ';' in JSON.
set(rest "${out}")
while(NOT rest STREQUAL "")
  string(FIND "${rest}" "\n" nl)
  if(nl EQUAL -1)
    set(line "${rest}")
    set(rest "")
  else()
    string(SUBSTRING "${rest}" 0 ${nl} line)
    math(EXPR nl "${nl} + 1")
    string(SUBSTRING "${rest}" ${nl} -1 rest)
  endif()
  if(line STREQUAL "")
    continue()
  endif()
  string(JSON id ERROR_VARIABLE no_id GET "${line}" id)
  if(no_id)
    message(FATAL_ERROR "unexpected message from greeter (not an answer): ${line}")
  endif()
  set(answer_${id} "${line}")
endwhile()

# expect_json(<id> <expected> <path>...): the answer to request <id> has <expected> at <path>.
function(expect_json id expected)
  if(NOT DEFINED answer_${id})
    message("${transcript}")
    message(FATAL_ERROR "no answer to request ${id}")
  endif()
  string(JSON value ERROR_VARIABLE e GET "${answer_${id}}" ${ARGN})
  if(e OR NOT value STREQUAL expected)
    list(JOIN ARGN "." path)
    message(FATAL_ERROR "answer ${id}: ${path} is '${value}' ${e}, expected '${expected}'\n"
                        "${answer_${id}}")
  endif()
endfunction()

expect_json(1 "greeter-mcp" result serverInfo name)
expect_json(1 "1.2.3" result serverInfo version)
expect_json(1 "2025-11-25" result protocolVersion)
expect_json(2 "greet" result tools 0 name)
string(JSON tool_count ERROR_VARIABLE e LENGTH "${answer_2}" result tools)
if(NOT tool_count EQUAL 1)
  message(FATAL_ERROR "tools/list should list exactly one tool: ${answer_2}")
endif()
expect_json(2 "Greet someone by name" result tools 0 description)
expect_json(2 "string" result tools 0 inputSchema properties name type)
expect_json(3 "Hello, Ada!" result structuredContent result)
string(JSON is_error ERROR_VARIABLE no_flag GET "${answer_3}" result isError)
if(is_error)
  message(FATAL_ERROR "tools/call answered an error result: ${answer_3}")
endif()
message(STATUS "greeter answered:\n${out}")
