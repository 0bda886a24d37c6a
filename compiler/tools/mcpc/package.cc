// mcpc package INPUT -o OUT: a spec (with --binary for a native server, or --target ts), a
// generated TypeScript package directory, or a CMake build directory (every add_mcp_server()
// target, through the File API) in; the artifacts of docs/packaging.md out.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mcpc/pipeline/cmake_file_api.h"
#include "mcpc/pipeline/pipeline.h"
#include "mcpc/codegen/backend.h"
#include "mcpc/codegen/output.h"
#include "mcpc/ir/ir_json.h"
#include "mcpc/package/package.h"
#include "mcpc/process/temp_dir.h"
#include "mcpc/sema/check.h"
#include "packaging_options.h"
#include "subcommand.h"

#ifndef MCPC_VERSION
#define MCPC_VERSION "0.0.0"
#endif

namespace mcpc::tool {
namespace {
namespace fs = std::filesystem;

struct PackageOptions {
  std::string input;
  std::string output_dir;
  std::string binary;
  std::string target;
  PackagingOptions packaging;
  bool json = false;
  bool quiet = false;
};

// A problem with the command line or a file it names ([usage] or [io], exit 2), thrown from
// deep inside and reported by run_package(); packaging failures are package::PackageError.
struct UsageError : std::runtime_error {
  UsageError(const std::string& message, Check kind = Check::Usage) : std::runtime_error(message), check(kind) {}
  Check check;
};

// Loads and checks a spec or an IR file through the pipeline; its diagnostics are reported
// with the command's. nullopt when it has errors.
std::optional<sema::CheckedModule> load_checked(const fs::path& input, Invocation& inv,
                                                const std::string& frontend = "") {
  pipeline::Request request;
  request.inputs.push_back({input.string(), std::nullopt});
  request.frontend = frontend;
  std::size_t errors_before = inv.diags.error_count();
  pipeline::Result result = pipeline::run(request, inv.sources, inv.diags);
  if (inv.diags.error_count() != errors_before || result.modules.empty()) return std::nullopt;
  return std::move(result.modules.front());
}

package::PackageRequest base_request(const PackageOptions& o, Invocation& inv) {
  CliStreams& io = inv.io;
  package::PackageRequest r;
  o.packaging.apply_to(r);
  if (!o.quiet) {
    r.progress = [&io](std::string_view line) { io.err << "mcpc: package: " << line << "\n"; };
  }
  return r;
}

void report(const PackageOptions& o, Invocation& inv, const std::vector<package::PackageResult>& results) {
  CliStreams& io = inv.io;
  for (const package::PackageResult& r : results) {
    std::string who = results.size() > 1 ? r.manifest.value("name", "") + ": " : "";
    for (const std::string& w : r.warnings) inv.report(Check::PackageCompat, who + w);
  }
  if (o.json) {
    if (results.size() == 1) {
      io.out << results.front().manifest.dump(2) << "\n";
    } else {
      nlohmann::json all = nlohmann::json::array();
      for (const package::PackageResult& r : results) all.push_back(r.manifest);
      io.out << all.dump(2) << "\n";
    }
    return;
  }
  if (o.quiet) return;
  for (const package::PackageResult& r : results) {
    io.out << "mcpc: packaged " << r.manifest.value("name", "") << " " << r.manifest.value("version", "") << " ("
           << r.manifest.value("runtime", "") << ") into " << r.manifest_path.parent_path().string() << ":\n";
    for (const fs::path& f : r.files) {
      std::error_code ec;
      io.out << "  " << fs::relative(f, r.manifest_path.parent_path(), ec).generic_string() << "  "
             << fs::file_size(f, ec) << " bytes\n";
    }
  }
}

package::PackageResult package_node_dir(const PackageOptions& o, Invocation& inv, const fs::path& dir,
                                        const fs::path& out, const sema::CheckedModule* module) {
  std::optional<sema::CheckedModule> loaded;
  if (module == nullptr) {
    // An IR file can say anything: only a checked module may be packaged.
    loaded = load_checked(dir / "mcpc.ir.json", inv, "ir");
    if (!loaded)
      throw package::PackageError("'" + (dir / "mcpc.ir.json").string() + "' has errors; fix them before packaging");
    module = &*loaded;
  }
  package::PackageRequest r = base_request(o, inv);
  r.module = module;
  r.runtime = package::Runtime::Node;
  r.node_package = dir;
  r.output_dir = out;
  return package::make_package(r);
}

std::vector<package::PackageResult> package_build_dir(const PackageOptions& o, Invocation& inv, const fs::path& build) {
  CliStreams& io = inv.io;
  if (!o.binary.empty()) throw UsageError("--binary is for a spec input; a build directory names its own binaries");
  pipeline::FileApiResult found = pipeline::find_built_servers(build, "", /*run_cmake=*/true);
  if (found.ran_cmake && !o.quiet)
    io.err << "mcpc: package: ran cmake on " << build.string() << " once for its File API reply\n";
  if (!found.error.empty()) throw UsageError(found.error);
  if (found.servers.empty()) {
    throw UsageError("'" + build.string() + "' has no add_mcp_server() targets");
  }
  std::vector<package::PackageResult> results;
  for (const pipeline::BuiltServer& s : found.servers) {
    fs::path out = fs::path(o.output_dir) / s.target;
    if (!s.is_built()) {
      // Package what is built; say what is not (cmake --build builds it).
      io.err << "mcpc: warning: skipping " << s.target << ": '" << s.artifact.string() << "' is not built\n";
      continue;
    }
    std::optional<sema::CheckedModule> checked = load_checked(s.spec, inv);
    if (!checked) throw package::PackageError(s.target + ": its spec '" + s.spec.string() + "' has errors");
    if (s.backend == "ts") {
      results.push_back(package_node_dir(o, inv, s.artifact, out, &*checked));
      continue;
    }
    package::PackageRequest r = base_request(o, inv);
    r.module = &*checked;
    r.binary = s.artifact;
    r.output_dir = out;
    results.push_back(package::make_package(r));
  }
  if (results.empty()) {
    throw UsageError("none of the " + std::to_string(found.servers.size()) + " add_mcp_server() targets in '" +
                     build.string() + "' is built yet (run cmake --build)");
  }
  return results;
}

std::vector<package::PackageResult> package_spec(const PackageOptions& o, Invocation& inv, const fs::path& spec) {
  CliStreams& io = inv.io;
  std::string target = o.target.empty() ? "cpp" : o.target;
  if (target == "cpp" && o.binary.empty()) {
    throw UsageError(
        "packaging a native server from its spec needs the built executable: --binary EXE "
        "(or --target ts for a TypeScript package)");
  }
  if (target == "ts" && !o.binary.empty()) throw UsageError("--binary is for native servers, not --target ts");
  std::optional<sema::CheckedModule> checked = load_checked(spec, inv);
  if (!checked) throw package::PackageError("'" + spec.string() + "' has errors; fix them before packaging");
  if (target == "cpp") {
    package::PackageRequest r = base_request(o, inv);
    r.module = &*checked;
    r.binary = o.binary;
    r.output_dir = o.output_dir;
    return {package::make_package(r)};
  }
  // --target ts: generate the package into a temporary directory, then build and package it.
  const codegen::Backend* backend = codegen::find_backend("ts");
  if (backend == nullptr) throw package::PackageError("this mcpc has no TypeScript backend");
  std::string temp_error;
  std::optional<process::TempDir> temp = process::TempDir::create("mcpc-package", &temp_error);
  if (!temp) throw package::PackageError(temp_error);
  fs::path dir = temp->path() / checked->module().server.name;
  codegen::GenerateOptions go;
  go.tool_version = MCPC_VERSION;
  std::optional<codegen::Output> output = backend->generate(*checked, go, inv.diags);
  if (!output || !codegen::write_files(dir, output->files, inv.diags)) {
    throw package::PackageError("the TypeScript package could not be generated");
  }
  if (!o.quiet) io.err << "mcpc: package: generated the TypeScript package in " << dir.string() << "\n";
  return {package_node_dir(o, inv, dir, o.output_dir, &*checked)};
}

void run_package(const PackageOptions& o, Invocation& inv) {
  try {
    if (!o.target.empty() && o.target != "cpp" && o.target != "ts") {
      throw UsageError("--target must be cpp or ts");
    }
    if (std::string problem = o.packaging.problem(); !problem.empty()) throw UsageError(problem);
    fs::path input(o.input);
    std::error_code ec;
    if (!fs::exists(input, ec)) throw UsageError("cannot read '" + o.input + "': no such file or directory", Check::Io);
    std::vector<package::PackageResult> results;
    if (fs::is_directory(input, ec)) {
      if (fs::exists(input / "mcpc.ir.json", ec) && fs::exists(input / "package.json", ec)) {
        if (!o.binary.empty())
          throw UsageError("--binary is for native servers; '" + o.input + "' is a TypeScript package");
        if (o.target == "cpp")
          throw UsageError("'" + o.input + "' is a TypeScript package; --target cpp does not apply");
        results.push_back(package_node_dir(o, inv, input, o.output_dir, nullptr));
      } else if (fs::exists(input / "CMakeCache.txt", ec)) {
        results = package_build_dir(o, inv, input);
      } else {
        throw UsageError("'" + o.input +
                         "' is neither a generated TypeScript package (mcpc.ir.json + package.json) nor a CMake "
                         "build directory (CMakeCache.txt)");
      }
    } else {
      results = package_spec(o, inv, input);
    }
    report(o, inv, results);
  } catch (const UsageError& e) {
    inv.report(e.check, e.what());
  } catch (const package::PackageError& e) {
    inv.report(Check::Package, e.what());
  } catch (const fs::filesystem_error& e) {
    inv.report(Check::Io, e.what());
  }
}

}  // namespace

Subcommand add_package_command(CLI::App& app) {
  auto o = std::make_shared<PackageOptions>();
  Subcommand sub;
  CLI::App* cmd = app.add_subcommand(
      "package", "Package a built server: manifest.json, server.json, a tarball, an .mcpb bundle, client configs");
  cmd->add_option("input", o->input,
                  "A spec (with --binary EXE, or --target ts), a generated TypeScript package directory, or a "
                  "CMake build directory")
      ->required();
  cmd->add_option("-o,--output-dir", o->output_dir, "Directory to write the artifacts into")->required();
  cmd->add_option("--binary", o->binary, "The built server executable (native servers packaged from a spec)");
  cmd->add_option("--target,-t", o->target, "With a spec: cpp (default, needs --binary) or ts (generate and build)")
      ->check(CLI::IsMember({"cpp", "ts"}));
  o->packaging.add_to(*cmd);
  cmd->add_flag("--json", o->json, "Print the manifest(s) as JSON on standard output");
  cmd->add_flag("--quiet,-q", o->quiet, "No progress lines and no summary");
  sub.app = cmd;
  sub.run = [o](Invocation& inv) { run_package(*o, inv); };
  return sub;
}

}  // namespace mcpc::tool
