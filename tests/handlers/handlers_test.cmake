# The edit loop of a C++ server whose handlers a user writes, through CMake as docs/cmake.md
# shows, against the mcpc installed in PREFIX (the package.install fixture):
#   1. bookmarks.v1.yaml with the user's bookmarks_handlers.cc builds and answers with them;
#   2. v2 adds a tool and a resource template: the build fails, and mcpc's [handler-interface]
#      warning naming them comes before the compiler's first error;
#   3. `mcpc compile --emit-handler-skeleton --add-stubs` adds their functions and changes no
#      byte the user wrote; the server builds and answers, the user's handlers included;
#   4. v3 changes what delete_bookmark returns: the warning says so, again before the errors.
# Run by CTest with -DPREFIX -DSOURCE_DIR -DWORK_DIR -DNINJA -DCXX_COMPILER -DCXX_FLAGS
# -DLINKER_FLAGS -DBUILD_TYPE.
include("${CMAKE_CURRENT_LIST_DIR}/../install/scratch_project.cmake")

scratch_lock("${WORK_DIR}")
file(REMOVE_RECURSE "${WORK_DIR}")
set(src "${WORK_DIR}/src")
set(build "${WORK_DIR}/build")
set(handlers "${src}/bookmarks_handlers.cc")
file(COPY "${SOURCE_DIR}/project/" DESTINATION "${src}")
file(COPY "${SOURCE_DIR}/bookmarks_handlers.cc" DESTINATION "${src}")
function(use_spec version)
  configure_file("${SOURCE_DIR}/bookmarks.${version}.yaml" "${src}/mcp.yaml" COPYONLY)
endfunction()

# Sends initialize, tools/list and a call of search to the server; fails unless its output
# matches every regex given.
function(expect_server)
  set(requests
    [=[{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"handlers-test","version":"1.0.0"}}}]=]
    [=[{"jsonrpc":"2.0","method":"notifications/initialized"}]=]
    [=[{"jsonrpc":"2.0","id":2,"method":"tools/list"}]=]
    [=[{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"search","arguments":{"q":"mcp"}}}]=])
  list(JOIN requests "\n" input)
  file(WRITE "${WORK_DIR}/requests.jsonl" "${input}\n")
  execute_process(COMMAND "${build}/bookmarks" INPUT_FILE "${WORK_DIR}/requests.jsonl"
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 60)
  foreach(re IN LISTS ARGN)
    if(NOT rc EQUAL 0 OR NOT out MATCHES "${re}")
      message("stdout:\n${out}\nstderr:\n${err}")
      message(FATAL_ERROR "the server (exit ${rc}) did not answer with '${re}'")
    endif()
  endforeach()
endfunction()

# Builds, expecting failure; fails unless mcpc's warning matches every regex given and comes
# before the compiler's first error.
function(expect_failed_build)
  execute_process(COMMAND "${NINJA}" -C "${build}" -j2 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  string(FIND "${out}" "[handler-interface]" warning)
  string(FIND "${out}" "error:" first_error)
  if(rc EQUAL 0 OR warning EQUAL -1 OR first_error EQUAL -1 OR NOT warning LESS first_error)
    message("${out}")
    message(FATAL_ERROR "the build should fail, with mcpc's [handler-interface] warning before the first error")
  endif()
  foreach(re IN LISTS ARGN)
    if(NOT out MATCHES "${re}")
      message("${out}")
      message(FATAL_ERROR "mcpc's warning does not say '${re}'")
    endif()
  endforeach()
endfunction()

# 1.
use_spec(v1)
scratch_configure("${src}" "${build}")
scratch_build("${build}" ran)
expect_server("\"name\":\"rename_bookmark\"" "found nothing like 'mcp' \\(written by hand\\)")

# 2.
use_spec(v2)
expect_failed_build("note: new tool 'add_tag': ToolResult add_tag\\(const AddTagParams& params, Context& ctx\\)"
                    "note: new resource template 'tag'" "note: new resource 'recent'")

# 3.
file(READ "${handlers}" mine)
execute_process(COMMAND "${PREFIX}/bin/mcpc" compile "${src}/mcp.yaml" --emit-handler-skeleton "${handlers}" --add-stubs
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "mcpc: added to ${handlers}: tool add_tag, resource template tag, resource recent\n")
  message(FATAL_ERROR "mcpc compile --add-stubs (exit ${rc}):\n${out}")
endif()
file(READ "${handlers}" now)
string(FIND "${mine}" "  // mcpc: stubs for new handlers go above this line" at)
string(LENGTH "${mine}" mine_length)
string(LENGTH "${now}" now_length)
math(EXPR added "${now_length} - ${mine_length}")
math(EXPR rest "${at} + ${added}")
string(SUBSTRING "${mine}" 0 ${at} mine_before)
string(SUBSTRING "${now}" 0 ${at} now_before)
string(SUBSTRING "${mine}" ${at} -1 mine_after)
string(SUBSTRING "${now}" ${rest} -1 now_after)
if(at EQUAL -1 OR added LESS 1 OR NOT mine_before STREQUAL now_before OR NOT mine_after STREQUAL now_after)
  message(FATAL_ERROR "--add-stubs changed what the user wrote; the file is now:\n${now}")
endif()
scratch_build("${build}" ran)
expect_server("\"name\":\"add_tag\"" "found nothing like 'mcp' \\(written by hand\\)")

# 4.
use_spec(v3)
expect_failed_build("note: delete_bookmark now returns ToolResult \\(was Outcome<DeleteBookmarkResult>\\)"
                    "note: tool 'rename_bookmark' was removed")
