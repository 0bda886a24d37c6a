# The packager (docs/packaging.md): manifest.json, server.json, a reproducible tarball, an MCP
# Bundle and client snippets from a checked IR plus a built binary or TypeScript package.
add_library(mcpc_package STATIC
  src/package/archive.cc
  src/package/documents.cc
  src/package/package.cc)
target_include_directories(mcpc_package PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>)
target_compile_definitions(mcpc_package PRIVATE MCPC_VERSION="${PROJECT_VERSION}")
target_link_libraries(mcpc_package
  PUBLIC mcpc_ir nlohmann_json::nlohmann_json
  PRIVATE mcpc_sha256 mcpc_process LibArchive::LibArchive mcpc_build_flags)
