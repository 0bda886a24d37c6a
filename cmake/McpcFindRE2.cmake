# Defines mcpc::re2, the RE2 library the runtime matches JSON Schema patterns and URI templates
# with (and mcpc check compiles patterns with). Used by the build and by the installed package
# (mcpcConfig.cmake), because the static mcpc::runtime leaves RE2 for its consumers to link.
#
# RE2's own CMake config (re2::re2) is preferred where it is installed; Debian 12's libre2-dev
# ships only pkg-config metadata (re2.pc), so that is the fallback.
include_guard(DIRECTORY)

if(NOT TARGET mcpc::re2)
  find_package(re2 CONFIG QUIET)
  if(TARGET re2::re2)
    add_library(mcpc::re2 INTERFACE IMPORTED)
    set_target_properties(mcpc::re2 PROPERTIES INTERFACE_LINK_LIBRARIES re2::re2)
  else()
    find_package(PkgConfig QUIET)
    if(PKG_CONFIG_FOUND)
      pkg_check_modules(MCPC_RE2 QUIET IMPORTED_TARGET re2)
    endif()
    if(TARGET PkgConfig::MCPC_RE2)
      add_library(mcpc::re2 INTERFACE IMPORTED)
      set_target_properties(mcpc::re2 PROPERTIES INTERFACE_LINK_LIBRARIES PkgConfig::MCPC_RE2)
    else()
      # No metadata at all: the header and the library where the compiler looks by default.
      find_path(MCPC_RE2_INCLUDE_DIR re2/re2.h)
      find_library(MCPC_RE2_LIBRARY re2)
      if(MCPC_RE2_INCLUDE_DIR AND MCPC_RE2_LIBRARY)
        find_package(Threads QUIET)
        add_library(mcpc::re2 INTERFACE IMPORTED)
        set_target_properties(mcpc::re2 PROPERTIES
          INTERFACE_INCLUDE_DIRECTORIES "${MCPC_RE2_INCLUDE_DIR}"
          INTERFACE_LINK_LIBRARIES "${MCPC_RE2_LIBRARY};Threads::Threads")
      endif()
    endif()
  endif()
endif()

if(TARGET mcpc::re2)
  set(McpcRE2_FOUND TRUE)
else()
  set(McpcRE2_FOUND FALSE)
endif()
