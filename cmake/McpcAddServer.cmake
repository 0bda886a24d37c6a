# add_mcp_server(): build an MCP server from a spec, generating its code at build time.
#
#   add_mcp_server(<target> SPEC <file> | FROM_HEADERS <header>...
#                  [HANDLERS <src>...] [LINK <lib>...] [BASENAME <name>]     (TARGET cpp)
#                  [HANDLERS_DIR <dir>] [NPM_BUILD]                          (TARGET ts)
#                  [TARGET cpp|ts] [OUTPUT_DIR <dir>] [TEMPLATE_DIR <dir>] [PUBLISH])
#
# The generated files are named after BASENAME, by default the target: <basename>.h, which
# the handler sources include. A HANDLERS file that does not exist yet fails configuring with
# the mcpc command that writes it. SPEC may also be an IR file (*.ir.json, from `mcpc ir` or
# mcpc-extract). FROM_HEADERS makes the tools from the functions the headers mark with
# MCPC_TOOL (<mcpc/annotations.h>): mcpc-extract reads them at build time with the target's
# include directories and definitions (those of the LINK libraries included), and again
# whenever one of them or a file they include changes; the server calls the functions of the
# LINK libraries directly, with no handler code. A TypeScript server keeps its handler files in HANDLERS_DIR
# (default <target>_handlers/ in the source tree), written there by the build when missing.
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
  set(keywords SPEC FROM_HEADERS HANDLERS LINK TARGET OUTPUT_DIR TEMPLATE_DIR BASENAME HANDLERS_DIR NPM_BUILD PUBLISH)
  if(ARGC EQUAL 0 OR ARGV0 STREQUAL "" OR ARGV0 IN_LIST keywords)
    message(SEND_ERROR "add_mcp_server(): missing the target name; "
                       "usage: add_mcp_server(<target> SPEC <file> [HANDLERS <src>...] ...)")
    return()
  endif()
  set(target "${ARGV0}")
  set(err "add_mcp_server(${target}):")

  cmake_parse_arguments(PARSE_ARGV 1 arg "PUBLISH;NPM_BUILD" "SPEC;TARGET;OUTPUT_DIR;TEMPLATE_DIR;BASENAME;HANDLERS_DIR"
                        "HANDLERS;LINK;FROM_HEADERS")
  if(arg_UNPARSED_ARGUMENTS)
    list(JOIN arg_UNPARSED_ARGUMENTS " " unknown)
    message(SEND_ERROR "${err} unknown arguments: ${unknown} (expected SPEC, FROM_HEADERS, HANDLERS, LINK, "
                       "BASENAME, HANDLERS_DIR, NPM_BUILD, TARGET, OUTPUT_DIR, TEMPLATE_DIR or PUBLISH)")
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

  if(DEFINED arg_SPEC AND DEFINED arg_FROM_HEADERS)
    message(SEND_ERROR "${err} give SPEC or FROM_HEADERS, not both")
    return()
  endif()
  if(DEFINED arg_FROM_HEADERS)
    if(DEFINED arg_TARGET AND NOT arg_TARGET STREQUAL "cpp")
      message(SEND_ERROR "${err} FROM_HEADERS is for TARGET cpp: the server calls C++ functions")
      return()
    endif()
    # The spec is the IR mcpc-extract writes into the output directory (_mcpc_headers_ir below).
  elseif(NOT DEFINED arg_SPEC)
    message(SEND_ERROR "${err} SPEC is required (the server's mcp.yaml or mcp.json), or FROM_HEADERS")
    return()
  else()
    cmake_path(ABSOLUTE_PATH arg_SPEC BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
               OUTPUT_VARIABLE spec)
  endif()
  if(DEFINED arg_FROM_HEADERS)
    # Written by the build: nothing to check yet.
  elseif(NOT EXISTS "${spec}")
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
  if(arg_TARGET STREQUAL "ts" AND (arg_HANDLERS OR arg_LINK OR DEFINED arg_BASENAME))
    message(SEND_ERROR "${err} HANDLERS, LINK and BASENAME are for TARGET cpp; a TypeScript "
                       "server keeps its handler files in HANDLERS_DIR")
    return()
  endif()
  if(arg_TARGET STREQUAL "cpp" AND (DEFINED arg_HANDLERS_DIR OR arg_NPM_BUILD))
    message(SEND_ERROR "${err} HANDLERS_DIR and NPM_BUILD are for TARGET ts; a C++ server "
                       "lists its handler sources in HANDLERS")
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

  set(tools mcpc::mcpc)
  if(arg_TARGET STREQUAL "cpp")
    list(APPEND tools mcpc::runtime)
  endif()
  foreach(tool IN LISTS tools)
    if(NOT TARGET ${tool})
      message(SEND_ERROR "${err} target ${tool} is not defined; call "
                         "find_package(mcpc CONFIG REQUIRED) first")
      return()
    endif()
  endforeach()

  set(from_ir_args "")
  if(spec MATCHES "\\.ir\\.json$")
    set(from_ir_args --from-ir)
  endif()
  if(arg_TARGET STREQUAL "ts")
    _mcpc_typescript_server()
    return()
  endif()

  set(basename "${target}")
  if(DEFINED arg_BASENAME)
    if(NOT arg_BASENAME MATCHES "^[A-Za-z0-9_.+-]+$")
      message(SEND_ERROR "${err} BASENAME '${arg_BASENAME}' may hold only letters, digits, '_', '-', '.' and '+'")
      return()
    endif()
    set(basename "${arg_BASENAME}")
  endif()
  _mcpc_check_handlers()
  if(handlers_missing)
    return()
  endif()
  if(DEFINED arg_FROM_HEADERS)
    _mcpc_headers_ir()
    if(NOT headers_ir)
      return()
    endif()
    set(spec "${headers_ir}")
    set(from_ir_args --from-ir)
    set(arg_SPEC "${arg_FROM_HEADERS}")  # named in build messages
  endif()

  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  get_property(skipped GLOBAL PROPERTY MCPC_RUNTIME_DEPENDENCIES_SKIPPED)
  if(NOT "CXX" IN_LIST languages)
    message(SEND_ERROR "${err} a C++ server needs the CXX language: project(<name> LANGUAGES CXX) "
                       "(TARGET ts builds without it)")
    return()
  elseif(skipped)
    message(SEND_ERROR "${err} find_package(mcpc) ran before the CXX language was enabled, so the "
                       "runtime's dependencies were not looked up; enable CXX first")
    return()
  endif()

  set(header "${out}/${basename}.h")
  set(registration "${out}/${basename}.cc")
  set(types "${out}/${basename}_types.cc")
  set(main "${out}/${basename}_main.cc")
  set(unimplemented "${out}/${basename}_unimplemented.cc")

  # mcpc rewrites only files whose content changed, and Ninja's restat on custom commands
  # then skips recompiling them: touching a spec costs one mcpc run and nothing more. The
  # depfile lists the spec, its includes, templates and embedded resources.
  add_custom_command(
    OUTPUT "${header}" "${registration}" "${types}" "${main}" "${unimplemented}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${out}"
    COMMAND "$<TARGET_FILE:mcpc::mcpc>" compile "${spec}" ${from_ir_args} --target ${arg_TARGET} -o "${out}"
            --basename "${basename}" --depfile "${out}/${basename}.d" --quiet ${template_args}
    DEPENDS "${spec}" mcpc::mcpc
    DEPFILE "${out}/${basename}.d"
    COMMENT "Generating MCP server ${target} from ${arg_SPEC}"
    VERBATIM)

  if(arg_HANDLERS)
    set(handlers ${arg_HANDLERS})
  else()
    set(handlers "${unimplemented}")
  endif()
  # The header is listed so that handler sources, which include it, wait for generation.
  _mcpc_server_descriptor(descriptor)
  # Two generated sources besides main, so that a parallel build compiles the registration and
  # the types' JSON code at once; the tool descriptions are only in the registration, so editing
  # one recompiles only it.
  add_executable(${target} "${header}" "${registration}" "${types}" "${main}" ${handlers} "${descriptor}")
  target_include_directories(${target} PRIVATE "${out}")
  target_link_libraries(${target} PRIVATE mcpc::runtime ${arg_LINK})
  target_compile_features(${target} PRIVATE cxx_std_20)
  # Each function in its own section, and the linker drops those nothing calls: the server keeps
  # only the parts of the runtime (built the same way) that it uses.
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang" AND NOT APPLE AND NOT WIN32)
    target_compile_options(${target} PRIVATE -ffunction-sections -fdata-sections)
    target_link_options(${target} PRIVATE -Wl,--gc-sections)
  endif()
  set_target_properties(${target} PROPERTIES MCPC_SPEC "${spec}" MCPC_TARGET cpp MCPC_OUTPUT_DIR "${out}")
  _mcpc_publish_target()
endfunction()

# FROM_HEADERS: the rule that runs mcpc-extract on the headers, writing the server's IR into
# its output directory. Reads add_mcp_server()'s variables (out, basename); sets headers_ir in it
# (empty on an error).
function(_mcpc_headers_ir)
  set(headers_ir "" PARENT_SCOPE)
  if(NOT TARGET mcpc::extract)
    message(SEND_ERROR "${err} FROM_HEADERS needs mcpc-extract, which this mcpc was built without "
                       "(it needs Clang's libraries: configure mcpc with MCPC_BUILD_EXTRACT=ON)")
    return()
  endif()
  set(headers "")
  foreach(h IN LISTS arg_FROM_HEADERS)
    cmake_path(ABSOLUTE_PATH h BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE OUTPUT_VARIABLE path)
    if(NOT EXISTS "${path}" OR IS_DIRECTORY "${path}")
      message(SEND_ERROR "${err} FROM_HEADERS file '${path}' does not exist")
      return()
    endif()
    list(APPEND headers "${path}")
  endforeach()
  set(ir "${out}/${basename}.ir.json")
  # The server target's own include directories and definitions, with those of what it links
  # (generator expressions evaluate them transitively when the build is generated).
  set(incs "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
  set(defs "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  add_custom_command(
    OUTPUT "${ir}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${out}"
    COMMAND "$<TARGET_FILE:mcpc::extract>" ${headers} --emit=ir --name "${target}" -o "${ir}"
            --depfile "${out}/${basename}.ir.d"
            "$<$<BOOL:${incs}>:--include-dir=$<JOIN:${incs},;--include-dir=>>"
            "$<$<BOOL:${defs}>:--extra-arg=-D$<JOIN:${defs},;--extra-arg=-D>>"
    DEPENDS ${headers} mcpc::extract
    DEPFILE "${out}/${basename}.ir.d"
    COMMENT "Reading the tools of MCP server ${target} from its headers"
    COMMAND_EXPAND_LISTS
    VERBATIM)
  set(headers_ir "${ir}" PARENT_SCOPE)
endfunction()

# HANDLERS files must exist when configuring, unless a rule of the build generates them. A
# missing one fails here; in a new project (none of them exists yet) the message gives the
# command that writes it from the spec, which includes the header this server generates. An
# existing handler source defining make_handlers() that includes a header that is neither the
# generated one nor beside it gets a warning: a skeleton written without --basename.
# Reads add_mcp_server()'s variables; sets handlers_missing in it.
function(_mcpc_check_handlers)
  set(missing "")
  set(present "")
  foreach(h IN LISTS arg_HANDLERS)
    if(h MATCHES "\\$<")  # a generator expression: known only when generating
      continue()
    endif()
    cmake_path(ABSOLUTE_PATH h BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE OUTPUT_VARIABLE path)
    cmake_path(ABSOLUTE_PATH h BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}" NORMALIZE OUTPUT_VARIABLE in_build)
    get_source_file_property(generated "${path}" GENERATED)
    get_source_file_property(generated_in_build "${in_build}" GENERATED)
    if(EXISTS "${path}")
      list(APPEND present "${path}")
    elseif(NOT generated AND NOT generated_in_build)
      list(APPEND missing "${path}")
    endif()
  endforeach()

  if(missing)
    list(JOIN missing "', '" names)
    set(msg "${err} HANDLERS file '${names}' does not exist")
    list(FILTER missing INCLUDE REGEX "\\.(cc|cpp|cxx|c\\+\\+|C)$")
    if(missing AND NOT present)
      list(GET missing 0 first)
      _mcpc_skeleton_command(command "${first}")
      string(APPEND msg ". Write a starting point for it from the spec (including \"${basename}.h\", "
                        "the header this server generates) with:\n  ${command}\n")
    endif()
    message(SEND_ERROR "${msg}")
    set(handlers_missing TRUE PARENT_SCOPE)
    return()
  endif()

  string(REGEX REPLACE "([.+])" "\\\\\\1" basename_re "${basename}")
  foreach(path IN LISTS present)
    file(STRINGS "${path}" lines REGEX "make_handlers|^[ \t]*#[ \t]*include[ \t]*\"" LIMIT_INPUT 262144)
    if(NOT lines MATCHES "make_handlers" OR lines MATCHES "#[ \t]*include[ \t]*\"${basename_re}\\.h\"")
      continue()
    endif()
    string(REGEX MATCHALL "#[ \t]*include[ \t]*\"[^\"]+\\.h\"" includes "${lines}")
    cmake_path(GET path PARENT_PATH dir)
    foreach(include IN LISTS includes)
      string(REGEX REPLACE ".*\"([^\"]+)\\.h\"$" "\\1" header "${include}")
      if(NOT EXISTS "${dir}/${header}.h")
        message(WARNING "${err} '${path}' includes \"${header}.h\", but the header this server "
                        "generates is \"${basename}.h\" (the generated files are named after the target, "
                        "or BASENAME). Include \"${basename}.h\", or add BASENAME ${header} to add_mcp_server().")
        break()
      endif()
    endforeach()
  endforeach()
endfunction()

# The shell command that writes the handler skeleton FILE for this server: run in the source
# directory, with the mcpc of this package (by its path: another may come first on PATH), and
# --basename so that it includes "<basename>.h".
function(_mcpc_skeleton_command out_var file)
  set(mcpc mcpc)
  get_target_property(imported mcpc::mcpc IMPORTED)
  if(imported)
    get_target_property(location mcpc::mcpc IMPORTED_LOCATION)
    get_target_property(configs mcpc::mcpc IMPORTED_CONFIGURATIONS)
    if(NOT location AND configs)
      list(GET configs 0 config)
      string(TOUPPER "${config}" config)
      get_target_property(location mcpc::mcpc IMPORTED_LOCATION_${config})
    endif()
    if(location)
      set(mcpc "${location}")
    endif()
  endif()
  set(words "")
  foreach(word "${spec}" "${file}")
    file(RELATIVE_PATH relative "${CMAKE_CURRENT_SOURCE_DIR}" "${word}")
    if(NOT relative MATCHES "^\\.\\./")
      set(word "${relative}")
    endif()
    list(APPEND words "${word}")
  endforeach()
  list(GET words 0 spec_word)
  list(GET words 1 file_word)
  set(command "")
  foreach(word cd "${CMAKE_CURRENT_SOURCE_DIR}" && "${mcpc}" compile "${spec_word}" --basename "${basename}"
          --emit-handler-skeleton "${file_word}")
    if(NOT word MATCHES "^[A-Za-z0-9_./+=:,@%-]+$" AND NOT word STREQUAL "&&")
      string(REPLACE "'" "'\\''" word "${word}")
      set(word "'${word}'")
    endif()
    string(APPEND command " ${word}")
  endforeach()
  string(STRIP "${command}" command)
  set(${out_var} "${command}" PARENT_SCOPE)
endfunction()

# TARGET ts: the npm package is generated at build time into OUTPUT_DIR (no Node needed to
# configure). Its handler files are the user's and live in HANDLERS_DIR, in the source tree by
# default: mcpc writes the missing ones there, never touches the others, and copies them into
# the package, regenerating when one changes. NPM_BUILD adds `npm install` (when package.json
# changes) and `npm run build` to the build. Reads add_mcp_server()'s variables.
function(_mcpc_typescript_server)
  if(DEFINED arg_HANDLERS_DIR)
    cmake_path(ABSOLUTE_PATH arg_HANDLERS_DIR BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
               OUTPUT_VARIABLE handlers_dir)
    string(REGEX REPLACE "(.)/+$" "\\1" handlers_dir "${handlers_dir}")
  else()
    set(handlers_dir "${CMAKE_CURRENT_SOURCE_DIR}/${target}_handlers")
  endif()
  if(EXISTS "${handlers_dir}" AND NOT IS_DIRECTORY "${handlers_dir}")
    message(SEND_ERROR "${err} HANDLERS_DIR '${handlers_dir}' is a file, not a directory")
    return()
  endif()
  get_property(owner GLOBAL PROPERTY "MCPC_HANDLERS_DIR ${handlers_dir}")
  if(owner)
    message(SEND_ERROR "${err} HANDLERS_DIR '${handlers_dir}' is already add_mcp_server(${owner})'s; "
                       "give each server its own")
    return()
  endif()
  set_property(GLOBAL PROPERTY "MCPC_HANDLERS_DIR ${handlers_dir}" "${target}")
  cmake_path(IS_PREFIX CMAKE_BINARY_DIR "${handlers_dir}" NORMALIZE in_build_tree)
  if(in_build_tree AND NOT CMAKE_BINARY_DIR STREQUAL CMAKE_SOURCE_DIR)
    message(WARNING "${err} HANDLERS_DIR '${handlers_dir}' is in the build tree: deleting the build "
                    "tree deletes your handlers")
  endif()

  set(stamp "${out}/mcpc.stamp")  # touched whenever mcpc ran: a handler copy may have changed
  set(ts_outputs "${out}/package.json" "${out}/src/server.ts" "${out}/src/schemas.ts" "${out}/src/main.ts")
  add_custom_command(
    OUTPUT ${ts_outputs} "${stamp}"
    COMMAND "$<TARGET_FILE:mcpc::mcpc>" compile "${spec}" ${from_ir_args} --target ts -o "${out}"
            --handlers-dir "${handlers_dir}" --depfile "${out}/mcpc.d" --quiet ${template_args}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS "${spec}" mcpc::mcpc
    DEPFILE "${out}/mcpc.d"
    COMMENT "Generating TypeScript MCP server ${target} from ${arg_SPEC}"
    VERBATIM)
  set(built ${ts_outputs})

  if(arg_NPM_BUILD)
    find_program(MCPC_NPM NAMES npm DOC "npm, for add_mcp_server(... TARGET ts NPM_BUILD)")
    if(NOT MCPC_NPM)
      message(SEND_ERROR "${err} NPM_BUILD needs npm (Node.js 20 or newer), which was not found; "
                         "install it or set MCPC_NPM to its path")
      return()
    endif()
    # The stamp is in node_modules/, so that removing node_modules/ installs again.
    set(installed "${out}/node_modules/.mcpc-npm-install")
    add_custom_command(
      OUTPUT "${installed}"
      COMMAND "${MCPC_NPM}" install --no-audit --no-fund
      COMMAND "${CMAKE_COMMAND}" -E touch "${installed}"
      DEPENDS "${out}/package.json"
      WORKING_DIRECTORY "${out}"
      COMMENT "Installing the npm dependencies of ${target} (npm install)"
      VERBATIM)
    add_custom_command(
      OUTPUT "${out}/dist/main.js"
      COMMAND "${MCPC_NPM}" run build --silent
      COMMAND "${CMAKE_COMMAND}" -E touch "${out}/dist/main.js"
      DEPENDS "${stamp}" "${installed}"
      WORKING_DIRECTORY "${out}"
      COMMENT "Building TypeScript MCP server ${target} (npm run build)"
      VERBATIM)
    set(built "${out}/dist/main.js")
  endif()

  _mcpc_server_descriptor(descriptor)
  add_custom_target(${target} ALL DEPENDS ${built} SOURCES "${descriptor}")
  set_target_properties(${target} PROPERTIES MCPC_SPEC "${spec}" MCPC_TARGET ts MCPC_OUTPUT_DIR "${out}"
                                             MCPC_HANDLERS_DIR "${handlers_dir}")
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
