# The file-backed registry store (docs/registry.md): SQLite index + content-addressed blobs.
# Public headers: registry/include/mcpc/registry/{registry,names,json,terminal}.h; everything else is private.
add_library(mcpc_registry STATIC
  src/store/names.cc
  src/store/sqlite.cc
  src/store/schema.cc
  src/store/blobs.cc
  src/store/copy_out.cc
  src/store/json.cc
  src/store/terminal.cc
  src/store/manifest.cc
  src/store/search_rank.cc
  src/store/registry.cc)
target_include_directories(mcpc_registry PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>)
target_link_libraries(mcpc_registry
  PUBLIC mcpc_sha256 nlohmann_json::nlohmann_json
  PRIVATE SQLite::SQLite3 LibArchive::LibArchive mcpc_build_flags)
add_library(mcpc::registry ALIAS mcpc_registry)
