#include "mcpc/pipeline/cmake_file_api.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "mcpc/json.h"
#include "mcpc/process/subprocess.h"

namespace mcpc::pipeline {
namespace fs = std::filesystem;

namespace {

// add_mcp_server() lists this file among the target's sources: it is how a target says it
// is an MCP server, and it carries what the File API cannot (spec, backend, PUBLISH).
constexpr std::string_view kDescriptorSuffix = ".mcpc-server.json";

// A client-stateless query: CMake answers it on every generate step, under our own name.
fs::path query_file(const fs::path& build_dir) {
  return build_dir / ".cmake" / "api" / "v1" / "query" / "client-mcpc" / "codemodel-v2";
}

std::optional<Json> read_json(const fs::path& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read '" + path.string() + "'";
    return std::nullopt;
  }
  Json doc = Json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    error = "'" + path.string() + "' is not valid JSON";
    return std::nullopt;
  }
  return doc;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

fs::path resolve(const fs::path& base, const std::string& path) {
  fs::path p(path);
  return p.is_absolute() ? p : (base / p).lexically_normal();
}

}  // namespace

fs::path cmake_of_build(const fs::path& build_dir) {
  std::ifstream cache(build_dir / "CMakeCache.txt");
  std::string line;
  while (std::getline(cache, line)) {
    if (line.rfind("CMAKE_COMMAND:", 0) == 0) {
      std::size_t eq = line.find('=');
      if (eq != std::string::npos) return line.substr(eq + 1);
    }
  }
  return {};
}

bool BuiltServer::is_built() const {
  std::error_code ec;
  if (artifact.empty()) return false;
  return backend == "ts" ? fs::exists(artifact / "package.json", ec) : fs::exists(artifact, ec);
}

namespace {

FileApiResult read_reply(const fs::path& build_dir, const std::string& config) {
  FileApiResult result;
  std::error_code ec;
  if (!fs::is_directory(build_dir, ec)) {
    result.error = "'" + build_dir.string() + "' is not a directory";
    return result;
  }
  if (!fs::exists(build_dir / "CMakeCache.txt", ec)) {
    result.error = "'" + build_dir.string() + "' is not a CMake build directory (no CMakeCache.txt)";
    return result;
  }

  fs::path query = query_file(build_dir);
  if (!fs::exists(query, ec)) {
    fs::create_directories(query.parent_path(), ec);
    std::ofstream touch(query);
    if (!touch) {
      result.error = "cannot write the CMake File API query '" + query.string() + "'";
      return result;
    }
    result.query_written = true;
  }

  // The reply index with the largest name is the current one.
  fs::path reply_dir = build_dir / ".cmake" / "api" / "v1" / "reply";
  fs::path index_path;
  if (fs::is_directory(reply_dir, ec)) {
    for (const fs::directory_entry& e : fs::directory_iterator(reply_dir, ec)) {
      std::string name = e.path().filename().string();
      if (name.rfind("index-", 0) == 0 && ends_with(name, ".json") && e.path() > index_path) index_path = e.path();
    }
  }
  auto rerun = [&](const std::string& why) {
    result.needs_cmake = true;
    result.error =
        why + "; run 'cmake " + build_dir.string() + "' once so CMake answers mcpc's File API query, then retry";
    return result;
  };
  if (index_path.empty()) return rerun("the build tree has no CMake File API reply yet");
  std::optional<Json> index = read_json(index_path, result.error);
  if (!index) return result;

  const Json* codemodel_ref = nullptr;
  const Json& reply = (*index)["reply"];
  if (reply.contains("client-mcpc") && reply["client-mcpc"].contains("codemodel-v2") &&
      reply["client-mcpc"]["codemodel-v2"].contains("jsonFile")) {
    codemodel_ref = &reply["client-mcpc"]["codemodel-v2"];
  } else if (reply.contains("codemodel-v2") && reply["codemodel-v2"].contains("jsonFile")) {
    codemodel_ref = &reply["codemodel-v2"];  // someone else's shared query does as well
  }
  if (codemodel_ref == nullptr) return rerun("the CMake File API reply has no codemodel");
  std::optional<Json> codemodel = read_json(reply_dir / (*codemodel_ref)["jsonFile"].get<std::string>(), result.error);
  if (!codemodel) return result;

  fs::path source_root = codemodel->value(Json::json_pointer("/paths/source"), std::string());
  fs::path build_root = codemodel->value(Json::json_pointer("/paths/build"), build_dir.string());
  const Json& configurations = (*codemodel)["configurations"];
  const Json* chosen = nullptr;
  std::string names;
  for (const Json& c : configurations) {
    std::string name = c.value("name", "");
    names += (names.empty() ? "" : ", ") + (name.empty() ? std::string("\"\"") : name);
    if (chosen == nullptr && (config.empty() || name == config)) chosen = &c;
  }
  if (chosen == nullptr) {
    result.error = "the build has no configuration '" + config + "' (it has: " + names + ")";
    return result;
  }

  for (const Json& t : (*chosen)["targets"]) {
    std::optional<Json> target = read_json(reply_dir / t.value("jsonFile", ""), result.error);
    if (!target) return result;
    for (const Json& source : target->value("sources", Json::array())) {
      std::string path = source.value("path", "");
      if (!ends_with(path, kDescriptorSuffix)) continue;
      fs::path descriptor_path = resolve(source_root, path);
      std::optional<Json> d = read_json(descriptor_path, result.error);
      if (!d) return result;
      BuiltServer server;
      server.target = target->value("name", "");
      server.backend = d->value("backend", "cpp");
      server.spec = d->value("spec", "");
      server.output_dir = d->value("output_dir", "");
      server.publish = d->value("publish", false);
      if (server.backend == "ts") {
        server.artifact = server.output_dir;
      } else {
        const Json& artifacts = target->value("artifacts", Json::array());
        if (!artifacts.empty()) server.artifact = resolve(build_root, artifacts[0].value("path", ""));
      }
      result.servers.push_back(std::move(server));
      break;
    }
  }
  std::sort(result.servers.begin(), result.servers.end(),
            [](const BuiltServer& a, const BuiltServer& b) { return a.target < b.target; });
  return result;
}

}  // namespace

FileApiResult find_built_servers(const fs::path& build_dir, const std::string& config, bool run_cmake) {
  FileApiResult result = read_reply(build_dir, config);
  if (!run_cmake || !result.needs_cmake || result.query_written) return result;
  fs::path cmake = cmake_of_build(build_dir);
  if (cmake.empty()) return result;
  process::SpawnOptions spawn;
  spawn.argv = {cmake.string(), build_dir.string()};
  process::CommandResult ran = process::run_command(spawn, std::chrono::minutes(10));
  if (!ran.ok()) {
    result.error = "re-running '" + cmake.string() + " " + build_dir.string() + "' for the File API reply " +
                   ran.describe() + ":\n" + ran.output;
    return result;
  }
  result = read_reply(build_dir, config);
  result.ran_cmake = true;
  return result;
}

}  // namespace mcpc::pipeline
