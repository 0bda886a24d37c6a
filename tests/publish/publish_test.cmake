# The path CI takes: configure and build a project with add_mcp_server(... PUBLISH), publish it
# (the mcp_publish build target, then `mcpc publish --build-dir`), read it back with
# `mcpc registry get`, check the artifact against its digest, unpack it and run the server.
# Run by CTest with the scratch-project variables (tests/CMakeLists.txt).
include("${CMAKE_CURRENT_LIST_DIR}/../install/scratch_project.cmake")

scratch_lock("${WORK_DIR}")
file(REMOVE_RECURSE "${WORK_DIR}")
set(build "${WORK_DIR}/build")
set(registry "${WORK_DIR}/registry")
set(mcpc "${PREFIX}/bin/mcpc")
# <target>_publish publishes to $MCPC_REGISTRY when the MCPC_REGISTRY cache variable is empty.
set(ENV{MCPC_REGISTRY} "${registry}")

# run(<out_var> <expected exit code> <command>...): runs the command, fails the test on
# another exit code, and stores its standard output in <out_var>.
function(run out_var expected)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 600)
  if(NOT rc STREQUAL expected)
    list(JOIN ARGN " " cmd)
    message("stdout:\n${out}\nstderr:\n${err}")
    message(FATAL_ERROR "'${cmd}' exited with ${rc}, expected ${expected}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${out_var}_err "${err}" PARENT_SCOPE)
endfunction()

function(expect_match text regex what)
  if(NOT text MATCHES "${regex}")
    message(FATAL_ERROR "${what}: expected a match for '${regex}' in:\n${text}")
  endif()
endfunction()

# 1. Configure and build. add_mcp_server() writes mcpc's File API query while CMake
#    configures; CMake answers queries it sees before configuring, so there is no reply yet.
scratch_configure("${SOURCE_DIR}" "${build}")
if(NOT EXISTS "${build}/.cmake/api/v1/query/client-mcpc/codemodel-v2")
  message(FATAL_ERROR "add_mcp_server() did not write the File API query")
endif()
scratch_build("${build}" ran)

# 2. The mcp_publish target: packages and publishes greeter (PUBLISH), not greeter_stub.
#    mcpc re-runs cmake once to get the File API reply.
run(out 0 "${NINJA}" -C "${build}" mcp_publish)
expect_match("${out}${out_err}" "published greeter-mcp@1.2.3" "ninja mcp_publish")
file(GLOB replies "${build}/.cmake/api/v1/reply/index-*.json")
if(NOT replies)
  message(FATAL_ERROR "mcpc publish did not get CMake to answer the File API query")
endif()

# 3. mcpc publish --build-dir: every add_mcp_server() target; greeter is already there.
run(report 0 "${mcpc}" publish --build-dir "${build}" --registry "${registry}" --json)
string(JSON n LENGTH "${report}")
if(NOT n EQUAL 2)
  message(FATAL_ERROR "mcpc publish should report both servers:\n${report}")
endif()
string(JSON t0 GET "${report}" 0 target)
string(JSON unchanged0 GET "${report}" 0 unchanged)
string(JSON t1 GET "${report}" 1 target)
string(JSON name1 GET "${report}" 1 name)
if(NOT t0 STREQUAL "greeter" OR NOT unchanged0 STREQUAL "ON" OR NOT t1 STREQUAL "greeter_stub"
   OR NOT name1 STREQUAL "greeter-stub-mcp")
  message(FATAL_ERROR "unexpected publish report:\n${report}")
endif()

# 3b. Versions are immutable: the stub again, packaged differently, is refused; --force
#     replaces it. The packaging options reach server.json.
set(opts --target greeter_stub --namespace io.github.acme --base-url https://example.com/dl --tag demo --keep-debug)
run(out 1 "${mcpc}" publish --build-dir "${build}" --registry "${registry}" ${opts})
expect_match("${out_err}" "already published with different content" "republishing a changed version")
run(out 0 "${mcpc}" publish --build-dir "${build}" --registry "${registry}" ${opts} --force)
run(stub 0 "${mcpc}" registry --root "${registry}" get greeter-stub-mcp --json)
string(JSON stub_server_json GET "${stub}" server_json)
string(JSON stub_name GET "${stub_server_json}" name)
string(JSON stub_identifier GET "${stub_server_json}" packages 0 identifier)
if(NOT stub_name STREQUAL "io.github.acme/greeter-stub-mcp"
   OR NOT stub_identifier STREQUAL "https://example.com/dl/greeter-stub-mcp-0.1.0.mcpb")
  message(FATAL_ERROR "the republished server.json lacks the packaging options:\n${stub_server_json}")
endif()

# 4. mcpc registry get: the latest greeter-mcp, its tarball verified by digest.
run(got 0 "${mcpc}" registry --root "${registry}" get greeter-mcp --json)
string(JSON version GET "${got}" version)
if(NOT version STREQUAL "1.2.3")
  message(FATAL_ERROR "registry get: version '${version}', expected 1.2.3:\n${got}")
endif()
file(READ "${build}/mcpc-packages/greeter/manifest.json" manifest)
string(JSON artifact_file GET "${manifest}" artifact file)
string(JSON artifact_sha GET "${manifest}" artifact sha256)
file(SHA256 "${build}/mcpc-packages/greeter/${artifact_file}" local_sha)
if(NOT local_sha STREQUAL artifact_sha)
  message(FATAL_ERROR "the packaged ${artifact_file} does not match its manifest digest")
endif()
string(JSON n_artifacts LENGTH "${got}" artifacts)
set(blob "")
math(EXPR last "${n_artifacts} - 1")
foreach(i RANGE ${last})
  string(JSON role GET "${got}" artifacts ${i} role)
  if(role STREQUAL "tarball")
    string(JSON blob GET "${got}" artifacts ${i} path)
    string(JSON blob_sha GET "${got}" artifacts ${i} sha256)
  endif()
endforeach()
if(blob STREQUAL "" OR NOT EXISTS "${blob}")
  message(FATAL_ERROR "registry get lists no stored tarball:\n${got}")
endif()
file(SHA256 "${blob}" stored_sha)
if(NOT blob_sha STREQUAL artifact_sha OR NOT stored_sha STREQUAL artifact_sha)
  message(FATAL_ERROR "the registry's tarball (sha256 ${stored_sha}, listed as ${blob_sha}) is not "
                      "the packaged one (${artifact_sha})")
endif()

# 5. Copy the artifacts out (mcpc checks their digests), unpack the tarball and run the
#    server it holds: initialize and one tools/call over stdio.
run(out 0 "${mcpc}" registry --root "${registry}" get greeter-mcp 1.2.3 --output "${WORK_DIR}/fetched")
file(MAKE_DIRECTORY "${WORK_DIR}/unpacked")
execute_process(COMMAND "${CMAKE_COMMAND}" -E tar xzf "${WORK_DIR}/fetched/${artifact_file}"
                WORKING_DIRECTORY "${WORK_DIR}/unpacked" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT EXISTS "${WORK_DIR}/unpacked/bin/greeter")
  message(FATAL_ERROR "the fetched tarball does not unpack to bin/greeter")
endif()
file(WRITE "${WORK_DIR}/requests.jsonl"
  [=[{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"publish-test","version":"1.0.0"}}}
{"jsonrpc":"2.0","method":"notifications/initialized"}
{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"greet","arguments":{"name":"Ada"}}}
]=])
execute_process(COMMAND "${WORK_DIR}/unpacked/bin/greeter" INPUT_FILE "${WORK_DIR}/requests.jsonl"
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 60)
expect_match("${out}" "\"serverInfo\":{[^}]*\"name\":\"greeter-mcp\"" "the unpacked server's initialize answer")
expect_match("${out}" "Hello, Ada" "the unpacked server's greet answer")

# 6. The stub server was published by `mcpc publish` (it has no PUBLISH, so mcp_publish
#    skipped it); verify finds the registry consistent.
run(out 0 "${mcpc}" registry --root "${registry}" get greeter-stub-mcp)
run(out 0 "${mcpc}" registry --root "${registry}" verify)

# 7. A build tree whose File API query was deleted: mcpc writes it back and asks for cmake.
file(REMOVE_RECURSE "${build}/.cmake/api/v1/query" "${build}/.cmake/api/v1/reply")
run(out 2 "${mcpc}" publish --build-dir "${build}" --registry "${registry}")
expect_match("${out_err}" "run 'cmake ${build}' once" "mcpc publish without a File API reply")
if(NOT EXISTS "${build}/.cmake/api/v1/query/client-mcpc/codemodel-v2")
  message(FATAL_ERROR "mcpc publish did not write the File API query")
endif()
