# add_mcp_server(): build a native MCP server from a spec, generating its C++ at build time.
#
#   add_mcp_server(<target> SPEC <file>
#                  [HANDLERS <src>...] [LINK <lib>...]
#                  [TARGET cpp|ts] [OUTPUT_DIR <dir>] [TEMPLATE_DIR <dir>] [PUBLISH])
#
# PUBLISH adds a <target>_publish target (package the built server and publish it to the
# registry: $MCPC_REGISTRY, the MCPC_REGISTRY cache variable, or mcpc's per-user default) and
# makes the global mcp_publish target depend on it.
#
# Works in the mcpc build itself (mcpc::mcpc and mcpc::runtime are aliases) and after
# find_package(mcpc CONFIG) (they are imported targets). See docs/cmake.md.
include_guard(GLOBAL)

# Functions run with the policies in force where they are defined, so this pins the Ninja
# DEPFILE handling for every caller, whatever its cmake_minimum_required(): NEW lets the
# depfile name absolute paths (mcpc writes nothing else) and have CMake map them to Ninja's.
cmake_policy(SET CMP0116 NEW)

set(MCPC_REGISTRY "" CACHE PATH
    "Registry directory <target>_publish publishes to (empty: $MCPC_REGISTRY, else mcpc's per-user default)")

function(add_mcp_server)
  set(keywords SPEC HANDLERS LINK TARGET OUTPUT_DIR TEMPLATE_DIR)
  if(ARGC EQUAL 0 OR ARGV0 STREQUAL "" OR ARGV0 IN_LIST keywords)
    message(SEND_ERROR "add_mcp_server(): missing the target name; "
                       "usage: add_mcp_server(<target> SPEC <file> [HANDLERS <src>...] ...)")
    return()
  endif()
  set(target "${ARGV0}")
  set(err "add_mcp_server(${target}):")

  cmake_parse_arguments(PARSE_ARGV 1 arg "PUBLISH" "SPEC;TARGET;OUTPUT_DIR;TEMPLATE_DIR" "HANDLERS;LINK")
  if(arg_UNPARSED_ARGUMENTS)
    list(JOIN arg_UNPARSED_ARGUMENTS " " unknown)
    message(SEND_ERROR "${err} unknown arguments: ${unknown} (expected SPEC, "
                       "HANDLERS, LINK, TARGET, OUTPUT_DIR, TEMPLATE_DIR or PUBLISH)")
    return()
  endif()
  if(arg_KEYWORDS_MISSING_VALUES)
    message(SEND_ERROR "${err} ${arg_KEYWORDS_MISSING_VALUES} given without a value")
    return()
  endif()
  if(TARGET "${target}")
    message(SEND_ERROR "${err} target name '${target}' is already taken")
    return()
  endif()

  if(NOT DEFINED arg_SPEC)
    message(SEND_ERROR "${err} SPEC is required (the server's mcp.yaml or mcp.json)")
    return()
  endif()
  cmake_path(ABSOLUTE_PATH arg_SPEC BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
             OUTPUT_VARIABLE spec)
  if(NOT EXISTS "${spec}")
    message(SEND_ERROR "${err} SPEC file '${spec}' does not exist")
    return()
  elseif(IS_DIRECTORY "${spec}")
    message(SEND_ERROR "${err} SPEC '${spec}' is a directory, not a spec file")
    return()
  endif()

  if(NOT DEFINED arg_TARGET)
    set(arg_TARGET cpp)
  endif()
  if(NOT arg_TARGET STREQUAL "cpp" AND NOT arg_TARGET STREQUAL "ts")
    message(SEND_ERROR "${err} unknown TARGET '${arg_TARGET}' (expected cpp or ts)")
    return()
  endif()
  if(arg_TARGET STREQUAL "ts" AND (arg_HANDLERS OR arg_LINK))
    message(SEND_ERROR "${err} HANDLERS and LINK are for TARGET cpp; a TypeScript package keeps "
                       "its handlers in its own src/handlers/")
    return()
  endif()

  set(template_args "")
  if(DEFINED arg_TEMPLATE_DIR)
    cmake_path(ABSOLUTE_PATH arg_TEMPLATE_DIR BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
               NORMALIZE OUTPUT_VARIABLE template_dir)
    if(NOT IS_DIRECTORY "${template_dir}")
      message(SEND_ERROR "${err} TEMPLATE_DIR '${template_dir}' is not a directory")
      return()
    endif()
    set(template_args --template-dir "${template_dir}")
  endif()

  if(DEFINED arg_OUTPUT_DIR)
    cmake_path(ABSOLUTE_PATH arg_OUTPUT_DIR BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
               NORMALIZE OUTPUT_VARIABLE out)
  else()
    set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_mcp")
  endif()
  string(REGEX REPLACE "(.)/+$" "\\1" out "${out}")  # "gen/" and "gen" name the same outputs

  foreach(tool mcpc::mcpc mcpc::runtime)
    if(NOT TARGET ${tool})
      message(SEND_ERROR "${err} target ${tool} is not defined; call "
                         "find_package(mcpc CONFIG REQUIRED) first")
      return()
    endif()
  endforeach()

  if(arg_TARGET STREQUAL "ts")
    # The npm package, generated at build time (no Node needed to configure). Handler files
    # under src/handlers/ are the user's: written once, then left alone. Build and test the
    # package with npm in OUTPUT_DIR.
    set(ts_outputs "${out}/package.json" "${out}/src/server.ts" "${out}/src/schemas.ts" "${out}/src/main.ts")
    add_custom_command(
      OUTPUT ${ts_outputs}
      COMMAND "$<TARGET_FILE:mcpc::mcpc>" compile "${spec}" --target ts -o "${out}"
              --depfile "${out}/mcpc.d" --quiet ${template_args}
      DEPENDS "${spec}" mcpc::mcpc
      DEPFILE "${out}/mcpc.d"
      COMMENT "Generating TypeScript MCP server ${target} from ${arg_SPEC}"
      VERBATIM)
    _mcpc_server_descriptor(descriptor)
    add_custom_target(${target} ALL DEPENDS ${ts_outputs} SOURCES "${descriptor}")
    set_target_properties(${target} PROPERTIES MCPC_SPEC "${spec}" MCPC_TARGET ts MCPC_OUTPUT_DIR "${out}")
    _mcpc_publish_target()
    return()
  endif()

  set(header "${out}/${target}.h")
  set(registration "${out}/${target}.cc")
  set(main "${out}/${target}_main.cc")
  set(unimplemented "${out}/${target}_unimplemented.cc")

  # mcpc rewrites only files whose content changed, and Ninja's restat on custom commands
  # then skips recompiling them: touching a spec costs one mcpc run and nothing more. The
  # depfile lists the spec, its includes, templates and embedded resources.
  add_custom_command(
    OUTPUT "${header}" "${registration}" "${main}" "${unimplemented}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${out}"
    COMMAND "$<TARGET_FILE:mcpc::mcpc>" compile "${spec}" --target ${arg_TARGET} -o "${out}"
            --basename "${target}" --depfile "${out}/${target}.d" --quiet ${template_args}
    DEPENDS "${spec}" mcpc::mcpc
    DEPFILE "${out}/${target}.d"
    COMMENT "Generating MCP server ${target} from ${arg_SPEC}"
    VERBATIM)

  if(arg_HANDLERS)
    set(handlers ${arg_HANDLERS})
  else()
    set(handlers "${unimplemented}")
  endif()
  # The header is listed so that handler sources, which include it, wait for generation.
  _mcpc_server_descriptor(descriptor)
  add_executable(${target} "${header}" "${registration}" "${main}" ${handlers} "${descriptor}")
  target_include_directories(${target} PRIVATE "${out}")
  target_link_libraries(${target} PRIVATE mcpc::runtime ${arg_LINK})
  target_compile_features(${target} PRIVATE cxx_std_20)
  set_target_properties(${target} PROPERTIES MCPC_SPEC "${spec}" MCPC_TARGET cpp MCPC_OUTPUT_DIR "${out}")
  _mcpc_publish_target()
endfunction()

# Writes <binary dir>/mcpc/<target>.mcpc-server.json, which add_mcp_server() lists among the
# target's sources: `mcpc publish --build-dir` finds servers through the CMake File API by this
# file, and reads from it what the File API does not know (spec, backend, PUBLISH). Macros, so
# they see add_mcp_server()'s variables.
macro(_mcpc_server_descriptor out_var)
  set(${out_var} "${CMAKE_CURRENT_BINARY_DIR}/mcpc/${target}.mcpc-server.json")
  set(_mcpc_publish_json false)
  if(arg_PUBLISH)
    set(_mcpc_publish_json true)
  endif()
  string(JSON _mcpc_json SET "{}" "format" "\"mcpc-server/1\"")
  foreach(_mcpc_field target backend spec output_dir)
    if(_mcpc_field STREQUAL "target")
      set(_mcpc_value "${target}")
    elseif(_mcpc_field STREQUAL "backend")
      set(_mcpc_value "${arg_TARGET}")
    elseif(_mcpc_field STREQUAL "spec")
      set(_mcpc_value "${spec}")
    else()
      set(_mcpc_value "${out}")
    endif()
    # JSON string escaping for paths with quotes or backslashes.
    string(REPLACE "\\" "\\\\" _mcpc_value "${_mcpc_value}")
    string(REPLACE "\"" "\\\"" _mcpc_value "${_mcpc_value}")
    string(JSON _mcpc_json SET "${_mcpc_json}" "${_mcpc_field}" "\"${_mcpc_value}\"")
  endforeach()
  string(JSON _mcpc_json SET "${_mcpc_json}" "publish" "${_mcpc_publish_json}")
  file(CONFIGURE OUTPUT "${${out_var}}" CONTENT "${_mcpc_json}\n" @ONLY)
  set_source_files_properties("${${out_var}}" PROPERTIES HEADER_FILE_ONLY ON)
  # Ask CMake to answer mcpc's File API query from this configure on: the query is read at
  # the generate step that follows, so `mcpc publish` works on the first build.
  file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/.cmake/api/v1/query/client-mcpc")
  if(NOT EXISTS "${CMAKE_BINARY_DIR}/.cmake/api/v1/query/client-mcpc/codemodel-v2")
    file(TOUCH "${CMAKE_BINARY_DIR}/.cmake/api/v1/query/client-mcpc/codemodel-v2")
  endif()
endmacro()

macro(_mcpc_publish_target)
  if(arg_PUBLISH)
    set(_mcpc_registry_args "")
    if(MCPC_REGISTRY)
      set(_mcpc_registry_args --registry "${MCPC_REGISTRY}")
    endif()
    add_custom_target(${target}_publish
      COMMAND "$<TARGET_FILE:mcpc::mcpc>" publish --build-dir "${CMAKE_BINARY_DIR}" --target ${target}
              --config "$<CONFIG>" ${_mcpc_registry_args}
      DEPENDS ${target}
      COMMENT "Packaging and publishing MCP server ${target}"
      USES_TERMINAL
      VERBATIM)
    if(NOT TARGET mcp_publish)
      add_custom_target(mcp_publish COMMENT "Published every add_mcp_server(... PUBLISH) target")
    endif()
    add_dependencies(mcp_publish ${target}_publish)
  endif()
endmacro()
