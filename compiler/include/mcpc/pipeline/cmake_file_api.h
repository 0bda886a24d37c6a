// Finding the servers a CMake build made with add_mcp_server(), through the CMake File API
// (codemodel v2): no parsing of CMakeLists.txt, and the artifact paths CMake itself reports.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace mcpc::pipeline {

/// One add_mcp_server() target of a configured build tree.
struct BuiltServer {
  std::string target;                ///< the CMake target name
  std::string backend;               ///< "cpp" or "ts"
  std::filesystem::path spec;        ///< absolute path of the spec it was generated from
  std::filesystem::path artifact;    ///< cpp: the built executable; ts: the generated package directory
  std::filesystem::path output_dir;  ///< where mcpc wrote the generated sources
  bool publish = false;              ///< add_mcp_server(... PUBLISH) was given

  /// Whether the build has made it yet: the executable, or the package's package.json.
  bool is_built() const;
};

struct FileApiResult {
  std::vector<BuiltServer> servers;  ///< sorted by target name
  bool query_written = false;        ///< the codemodel query was absent and has been written now
  bool needs_cmake = false;          ///< no reply answers the query yet: `cmake BUILD` must run once
  bool ran_cmake = false;            ///< find_built_servers ran `cmake BUILD` to get the reply
  std::string error;                 ///< non-empty when the build tree could not be read
};

/// The cmake that configured BUILD (CMAKE_COMMAND in its CMakeCache.txt), or empty.
std::filesystem::path cmake_of_build(const std::filesystem::path& build_dir);

/// Reads BUILD's File API reply. `config` picks a configuration of a multi-config generator
/// ("" = the first one). When the query is missing it is written, and `error` asks for cmake
/// to run again. When the query is there but unanswered (add_mcp_server() writes it while
/// CMake configures, and CMake reads queries before configuring) and `run_cmake` is set, the
/// cmake that configured BUILD is run once on it, which answers the query and changes nothing
/// else; otherwise `error` asks for that.
FileApiResult find_built_servers(const std::filesystem::path& build_dir, const std::string& config = "",
                                 bool run_cmake = false);

}  // namespace mcpc::pipeline
