# add_mcp_server(... FROM_HEADERS) in a user's project, against the installed mcpc: a copy of
# examples/cpp-library builds into a server that answers, and editing the header, or a header
# it includes, reads the tools again on the next build (mcpc-extract's depfile), while a build
# with nothing changed does nothing.
# Run by CTest with -DPREFIX -DSOURCE_DIR -DWORK_DIR -DNINJA -DCXX_COMPILER -DCXX_FLAGS
# -DLINKER_FLAGS -DBUILD_TYPE.
include("${CMAKE_CURRENT_LIST_DIR}/../install/scratch_project.cmake")

scratch_lock("${WORK_DIR}")
file(REMOVE_RECURSE "${WORK_DIR}")
file(COPY "${SOURCE_DIR}/" DESTINATION "${WORK_DIR}/src")
set(src "${WORK_DIR}/src")
set(build "${WORK_DIR}/build")
set(header "${src}/include/geometry/geometry.h")

set(extract "^Reading the tools of MCP server geometry-server from its headers")
set(generate "^Generating MCP server geometry-server from ")
set(server_obj "^Building CXX object CMakeFiles/geometry-server\\.dir/")
set(library_obj "^Building CXX object CMakeFiles/geometry\\.dir/")
set(link "^Linking CXX (executable geometry-server|static library libgeometry\\.a)$")

# tools_list(<out_var>): the server's answer to tools/list.
function(tools_list out_var)
  file(WRITE "${WORK_DIR}/session.jsonl"
       "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
       "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"0\"}}}\n"
       "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
       "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n")
  execute_process(COMMAND "${build}/geometry-server" INPUT_FILE "${WORK_DIR}/session.jsonl"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 20)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "geometry-server exited with ${rc}:\n${out}\n${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

scratch_configure("${src}" "${build}")
step("the first build" REQUIRED "${extract}" "${generate}" "${link}" ALLOWED "${server_obj}" "${library_obj}")
step("a second build" NOTHING)
tools_list(out)
if(NOT out MATCHES "\"name\":\"distance\"" OR NOT out MATCHES "Distance between two points")
  message(FATAL_ERROR "tools/list does not list distance as the header declares it:\n${out}")
endif()

# A new description in the header: read again, regenerated, the server relinked.
replace("${header}" "MCPC_TOOL(\"Distance between two points\")" "MCPC_TOOL(\"Euclidean distance of two points\")")
step("editing the header" REQUIRED "${extract}" "${generate}" "${server_obj}" ALLOWED "${library_obj}" "${link}")
step("the build after editing the header" NOTHING)
tools_list(out)
if(NOT out MATCHES "Euclidean distance of two points")
  message(FATAL_ERROR "the edited description is not in tools/list:\n${out}")
endif()

# A header the annotated one includes is an input too.
file(WRITE "${src}/include/geometry/limits.h" "#pragma once\n// Limits of the library.\n")
replace("${header}" "#include <mcpc/annotations.h>" "#include <mcpc/annotations.h>\n\n#include \"geometry/limits.h\"")
step("including a new header" REQUIRED "${extract}" ALLOWED "${generate}" "${server_obj}" "${library_obj}" "${link}")
replace("${src}/include/geometry/limits.h" "// Limits of the library." "// The library's limits.")
step("editing the included header" REQUIRED "${extract}" ALLOWED "${generate}" "${server_obj}" "${library_obj}" "${link}")
step("the last build" NOTHING)
