# What users read speaks of the product and the protocol, never of the documents the product
# grew from ("seed 000", "Pattern 2", "the MCP Factory design"): a thing is described by what it
# is, not by where its idea came from. Searched, case-insensitively:
#   - the installed documents, man pages and templates (PREFIX/share),
#   - the --help of every subcommand (and of registry's subcommands),
#   - every file `mcpc compile` generates for each example spec (C++ with a handler skeleton,
#     and TypeScript), and `mcpc package`'s client configs and README are made from those,
#   - the diagnostics of every golden diagnostics case,
#   - the product's sources (compiler, codegen, runtime, registry, cmake, examples, docs,
#     README.md, scripts/demo), where help texts, messages and generated comments come from.
# Run by CTest with -DPREFIX=<an install> -DSOURCE_DIR=<the source tree> -DWORK_DIR=<scratch>.
cmake_minimum_required(VERSION 3.25)
set(words "seeds?[ _-]?[0-9]" "pattern [0-9]" "mcp factory" "factory design" "design document" "original design"
          "the design's")
set(mcpc "${PREFIX}/bin/mcpc")
set(failures "")

# Appends to `failures` each line of `text` (from `what`) holding one of the words.
function(search what text)
  string(TOLOWER "${text}" lower)
  foreach(word IN LISTS words)
    string(REGEX MATCHALL "[^\n]*${word}[^\n]*" hits "${lower}")
    foreach(hit IN LISTS hits)
      string(STRIP "${hit}" hit)
      string(APPEND failures "\n${what}: '${word}' in: ${hit}")
    endforeach()
  endforeach()
  set(failures "${failures}" PARENT_SCOPE)
endfunction()

function(search_files what)
  foreach(file IN LISTS ARGN)
    file(READ "${file}" text)
    file(RELATIVE_PATH name "${what}" "${file}")
    search("${name}" "${text}")
  endforeach()
  set(failures "${failures}" PARENT_SCOPE)
endfunction()

function(run out)
  execute_process(COMMAND "${mcpc}" ${ARGN} OUTPUT_VARIABLE text ERROR_VARIABLE err RESULT_VARIABLE rc)
  set(${out} "${text}${err}" PARENT_SCOPE)
  set(${out}_rc "${rc}" PARENT_SCOPE)
endfunction()

# The installed documents, man pages and templates.
file(GLOB_RECURSE installed "${PREFIX}/share/*")
search_files("${PREFIX}" ${installed})

# Every --help, found by walking the "Subcommands:" lists.
set(queue "-")
while(queue)
  list(POP_FRONT queue path)
  string(REPLACE "-" ";" args "${path}")
  list(FILTER args EXCLUDE REGEX "^$")
  run(help ${args} --help)
  search("mcpc ${args} --help" "${help}")
  if(help MATCHES "\nSubcommands:\n")
    string(REGEX REPLACE ".*\nSubcommands:\n" "" list "${help}")
    string(REGEX REPLACE "\n\n.*" "" list "${list}")
    string(REGEX MATCHALL "(^|\n)  [a-z]+" subs "${list}")
    foreach(sub IN LISTS subs)
      string(STRIP "${sub}" sub)
      if(NOT sub STREQUAL "help")
        list(APPEND queue "${path}-${sub}")
      endif()
    endforeach()
  endif()
endwhile()

# What mcpc generates for each example spec.
file(REMOVE_RECURSE "${WORK_DIR}")
file(GLOB specs "${SOURCE_DIR}/examples/*/mcp.yaml")
if(NOT specs)
  message(FATAL_ERROR "no example specs in ${SOURCE_DIR}/examples")
endif()
foreach(spec IN LISTS specs)
  get_filename_component(dir "${spec}" DIRECTORY)
  get_filename_component(example "${dir}" NAME)
  set(out "${WORK_DIR}/${example}")
  run(cpp compile "${spec}" -t cpp -o "${out}/cpp" --emit-handler-skeleton "${out}/cpp/skeleton.cc")
  run(ts compile "${spec}" -t ts -o "${out}/ts")
  if(NOT cpp_rc EQUAL 0 OR NOT ts_rc EQUAL 0)
    message(FATAL_ERROR "mcpc compile ${spec} failed:\n${cpp}\n${ts}")
  endif()
  search("mcpc compile ${example}" "${cpp}${ts}")
  file(GLOB_RECURSE generated "${out}/*")
  search_files("${WORK_DIR}" ${generated})
endforeach()

# The diagnostics of every golden diagnostics case (their messages, notes and fix-its).
file(GLOB cases "${SOURCE_DIR}/tests/golden/diagnostics/*.yaml" "${SOURCE_DIR}/tests/golden/diagnostics/*.json")
foreach(case IN LISTS cases)
  run(diagnostics check --no-source "${case}")
  search("mcpc check ${case}" "${diagnostics}")
endforeach()

# The sources of everything users read.
set(sources "")
foreach(dir compiler codegen runtime registry cmake examples docs)
  foreach(ext cc h ts mjs mustache md txt cmake yaml json in def)
    file(GLOB_RECURSE found "${SOURCE_DIR}/${dir}/*.${ext}")
    list(APPEND sources ${found})
  endforeach()
endforeach()
list(FILTER sources EXCLUDE REGEX "/node_modules/")
list(APPEND sources "${SOURCE_DIR}/README.md" "${SOURCE_DIR}/scripts/demo")
search_files("${SOURCE_DIR}" ${sources})

file(REMOVE_RECURSE "${WORK_DIR}")
if(NOT failures STREQUAL "")
  # Printed as it is: FATAL_ERROR would reflow the list.
  message("user-facing text cites the documents mcpc came from; say what the thing is instead:${failures}")
  message(FATAL_ERROR "origin documents named in user-facing text")
endif()
