# The installed CMake package: find_package(mcpc CONFIG) gives mcpc::mcpc (the compiler),
# mcpc::runtime (the library generated servers link, with the mcpc::json_schema and mcpc::json
# it links) and add_mcp_server().
include(CMakePackageConfigHelpers)

set(MCPC_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/mcpc" CACHE STRING
    "Where the mcpc CMake package files are installed, relative to the prefix")
mark_as_advanced(MCPC_INSTALL_CMAKEDIR)

install(EXPORT mcpcTargets NAMESPACE mcpc:: DESTINATION "${MCPC_INSTALL_CMAKEDIR}")

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/mcpcConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/mcpcConfig.cmake"
  INSTALL_DESTINATION "${MCPC_INSTALL_CMAKEDIR}")

# SameMajorVersion: a request for 1.2 accepts 1.x (x >= 2) but never 2.0, because generated
# code is compiled against the installed runtime headers and a new major may break that API.
# AnyNewerVersion would promise exactly that compatibility falsely. (While at 0.x, every
# release is "major 0"; pin an exact version with find_package(mcpc 0.1.0 EXACT) if needed.)
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/mcpcConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMajorVersion)

install(FILES
          "${PROJECT_BINARY_DIR}/mcpcConfig.cmake"
          "${PROJECT_BINARY_DIR}/mcpcConfigVersion.cmake"
          "${CMAKE_CURRENT_LIST_DIR}/McpcAddServer.cmake"
          "${CMAKE_CURRENT_LIST_DIR}/McpcFindRE2.cmake"
        DESTINATION "${MCPC_INSTALL_CMAKEDIR}")
