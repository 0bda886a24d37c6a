# Configures tests/cmake/layers, whose libraries break the layering, and checks that the
# layering check (cmake/McpcLayers.cmake) fails naming each violation and nothing else.
# Run by CTest with -DMCPC_SOURCE_DIR=... -DWORK_DIR=...
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${CMAKE_CURRENT_LIST_DIR}/layers" -B "${WORK_DIR}"
          "-DMCPC_SOURCE_DIR=${MCPC_SOURCE_DIR}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
string(REGEX REPLACE "[ \n]+" " " flat "${out}")
set(problems "")
foreach(re IN ITEMS "mcpc_ir links mcpc_codegen, which it may not see" "mcpc_stray: not in MCPC_LAYERS")
  if(NOT flat MATCHES "${re}")
    string(APPEND problems "\n  no message matching: ${re}")
  endif()
endforeach()
foreach(re IN ITEMS "mcpc_ir links mcpc_support" "mcpc_codegen links" "mcpc_build_flags")
  if(flat MATCHES "${re}")
    string(APPEND problems "\n  an allowed link was reported: ${re}")
  endif()
endforeach()
if(rc EQUAL 0)
  string(APPEND problems "\n  configuring succeeded")
endif()
if(problems)
  message("${out}")
  message(FATAL_ERROR "the layering check does not report as it should:${problems}")
endif()
