# The dependency direction between mcpc's libraries (docs/architecture.md), checked when the
# project is configured: a library that links one it may not see fails configuring, and so
# does a library missing from the table (every new library takes a place in it).
#
# Each entry: "target: the mcpc targets it may link". Lower layers first.
set(MCPC_LAYERS
  "mcpc_json:"
  "mcpc_json_schema: mcpc_json"
  "mcpc_runtime: mcpc_json_schema mcpc_json"
  "mcpc_support: mcpc_json"
  "mcpc_sha256:"
  "mcpc_web:"
  "mcpc_process: mcpc_support mcpc_json"
  "mcpc_ir: mcpc_support"
  "mcpc_frontend: mcpc_ir mcpc_support"
  "mcpc_extract: mcpc_ir mcpc_support"
  "mcpc_sema: mcpc_ir mcpc_support mcpc_json_schema"
  "mcpc_codegen: mcpc_sema mcpc_ir mcpc_support mcpc_json_schema"
  "mcpc_registry: mcpc_sha256"
  "mcpc_probe: mcpc_json"
  "mcpc_service: mcpc_registry mcpc_runtime mcpc_web"
  "mcpc_package: mcpc_sema mcpc_ir mcpc_support mcpc_sha256 mcpc_process"
  "mcpc_describe_rules: mcpc_frontend mcpc_ir mcpc_support"
  "mcpc_pipeline: mcpc_frontend mcpc_sema mcpc_codegen mcpc_package mcpc_registry mcpc_ir mcpc_support mcpc_process mcpc_describe_rules"
  "mcpc_describe: mcpc_describe_rules mcpc_pipeline mcpc_support"
  "mcpc_tool: mcpc_service mcpc_probe mcpc_runtime mcpc_describe mcpc_pipeline mcpc_frontend mcpc_sema mcpc_codegen mcpc_package mcpc_registry mcpc_ir mcpc_support mcpc_process mcpc_json_schema")

# The mcpc_* targets `target` links directly (aliases resolved, generator expressions
# like $<BUILD_INTERFACE:x> and $<LINK_ONLY:x> unwrapped).
function(_mcpc_direct_links target out)
  set(result "")
  foreach(property LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
    get_target_property(items ${target} ${property})
    if(NOT items)
      continue()
    endif()
    foreach(item IN LISTS items)
      string(REGEX REPLACE "^\\$<[A-Z_]+:(.*)>$" "\\1" item "${item}")
      if(NOT TARGET "${item}")
        continue()
      endif()
      get_target_property(aliased "${item}" ALIASED_TARGET)
      if(aliased)
        set(item ${aliased})
      endif()
      if(item MATCHES "^mcpc_" AND NOT item STREQUAL "mcpc_build_flags")
        list(APPEND result ${item})
      endif()
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES result)
  set(${out} ${result} PARENT_SCOPE)
endfunction()

# Library targets defined in `dir` and below.
function(_mcpc_libraries_in dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  set(result "")
  foreach(t IN LISTS targets)
    get_target_property(type ${t} TYPE)
    if(type MATCHES "_LIBRARY$" AND NOT type STREQUAL "INTERFACE_LIBRARY")
      list(APPEND result ${t})
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    _mcpc_libraries_in(${sub} more)
    list(APPEND result ${more})
  endforeach()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

# Fails configuring when a library of `dirs` is not in MCPC_LAYERS or links a target its
# entry does not allow.
function(mcpc_check_layers)
  set(known "")
  foreach(entry IN LISTS MCPC_LAYERS)
    string(REGEX MATCH "^([^:]+):(.*)$" _ "${entry}")
    set(name ${CMAKE_MATCH_1})
    string(STRIP "${CMAKE_MATCH_2}" allowed)
    string(REPLACE " " ";" allowed "${allowed}")
    set(allowed_${name} ${allowed})
    list(APPEND known ${name})
  endforeach()
  set(problems "")
  foreach(dir IN LISTS ARGN)
    _mcpc_libraries_in(${dir} libraries)
    foreach(lib IN LISTS libraries)
      if(NOT lib IN_LIST known)
        string(APPEND problems "\n  ${lib}: not in MCPC_LAYERS (cmake/McpcLayers.cmake); give it a place there")
        continue()
      endif()
      _mcpc_direct_links(${lib} links)
      foreach(dep IN LISTS links)
        # Only mcpc's own libraries are layered; wrappers of third-party ones (mcpc_yaml_cpp) are not.
        if(dep IN_LIST known AND NOT dep IN_LIST allowed_${lib})
          string(APPEND problems "\n  ${lib} links ${dep}, which it may not see (allowed: ${allowed_${lib}})")
        endif()
      endforeach()
    endforeach()
  endforeach()
  if(problems)
    message(FATAL_ERROR "mcpc: library dependencies break the layering (docs/architecture.md):${problems}")
  endif()
endfunction()
