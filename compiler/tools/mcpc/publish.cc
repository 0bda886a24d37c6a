// mcpc publish --build-dir BUILD: every add_mcp_server() target of a CMake build, found through
// the CMake File API (cmake_file_api.cc), packaged (mcpc::package) and published into a
// registry (mcpc::registry). What CI runs after build and test.
#include <filesystem>
#include <set>

#include "mcpc/json.h"
#include "mcpc/package/package.h"
#include "mcpc/pipeline/cmake_file_api.h"
#include "mcpc/pipeline/pipeline.h"
#include "mcpc/registry/registry.h"
#include "mcpc/registry/terminal.h"
#include "packaging_options.h"
#include "subcommand.h"

namespace mcpc::tool {
using pipeline::BuiltServer;
using pipeline::FileApiResult;
using pipeline::find_built_servers;
namespace fs = std::filesystem;

namespace {

struct PublishCommand {
  std::string build_dir;
  std::string registry;
  std::string db;  // --db: the registry's index elsewhere (sqlite:PATH or postgresql://...)
  std::string config;
  std::string packages_dir;
  PackagingOptions packaging;
  std::vector<std::string> targets;
  bool only_marked = false;
  bool force = false;
  bool no_reconfigure = false;
  bool dry_run = false;
  bool json = false;
  bool quiet = false;
};

void run_publish(const PublishCommand& o, Invocation& inv) {
  CliStreams& io = inv.io;
  auto say = [&](const std::string& line) {
    if (!o.quiet) io.err << line << "\n";
  };
  if (std::string problem = o.packaging.problem(); !problem.empty()) {
    return inv.usage_error(problem);
  }
  FileApiResult found = find_built_servers(o.build_dir, o.config, /*run_cmake=*/!o.no_reconfigure);
  if (found.ran_cmake) say("ran cmake on " + o.build_dir + " once, so that it answered mcpc's File API query");
  if (!found.error.empty()) {
    return inv.usage_error(found.error);
  }
  std::vector<BuiltServer> servers;
  const std::set<std::string> wanted(o.targets.begin(), o.targets.end());
  std::set<std::string> unknown = wanted;
  for (const BuiltServer& s : found.servers) {
    if (!wanted.empty() && !wanted.count(s.target)) continue;
    if (wanted.empty() && o.only_marked && !s.publish) continue;
    unknown.erase(s.target);
    servers.push_back(s);
  }
  for (const std::string& missing : unknown) {
    return inv.usage_error("'" + missing + "' is not an add_mcp_server() target of " + o.build_dir);
  }
  if (servers.empty()) {
    return inv.usage_error(o.build_dir + " has no add_mcp_server() targets" + (o.only_marked ? " marked PUBLISH" : ""));
  }

  fs::path packages = o.packages_dir.empty() ? fs::path(o.build_dir) / "mcpc-packages" : fs::path(o.packages_dir);
  fs::path root = o.registry.empty() ? registry::default_registry_root() : fs::path(o.registry);
  std::optional<registry::Registry> store;
  if (!o.dry_run) {
    try {
      registry::OpenOptions open_options;
      open_options.database_url = o.db;
      store.emplace(registry::Registry::open(root, open_options));
    } catch (const std::exception& e) {
      return inv.report(Check::Registry, registry::terminal_safe(e.what()));
    }
  }

  Json report = Json::array();
  for (const BuiltServer& s : servers) {
    if (!s.is_built()) {
      inv.report(Check::Package, s.target + " is not built yet (no " + s.artifact.string() + "); run: cmake --build " +
                                     o.build_dir + " --target " + s.target);
      continue;
    }
    // The spec as the build used it, checked again: the manifest describes what was built.
    std::optional<sema::CheckedModule> checked = pipeline::load_checked(s.spec.string(), inv.sources, inv.diags);
    if (!checked) {
      inv.report(Check::Package, s.target + ": its spec " + s.spec.string() + " has errors");
      continue;
    }
    package::PackageRequest request;
    request.module = &*checked;
    request.runtime = s.backend == "ts" ? package::Runtime::Node : package::Runtime::Native;
    if (request.runtime == package::Runtime::Native) {
      request.binary = s.artifact;
    } else {
      request.node_package = s.artifact;
    }
    request.output_dir = packages / s.target;
    o.packaging.apply_to(request);
    if (!o.quiet) request.progress = [&](std::string_view line) { io.err << "  " << line << "\n"; };
    say("packaging " + s.target + " (" + s.backend + ") into " + request.output_dir.string());
    Json entry{{"target", s.target}, {"backend", s.backend}};
    try {
      package::PackageResult packaged = package::make_package(request);
      for (const std::string& w : packaged.warnings) inv.report(Check::PackageCompat, s.target + ": " + w);
      entry["manifest"] = packaged.manifest_path.string();
      if (o.dry_run) {
        entry["published"] = false;
      } else {
        registry::PublishOptions options;
        options.force = o.force;
        registry::PublishResult published = store->publish(packaged.manifest_path, options);
        entry["name"] = published.name;
        entry["version"] = published.version;
        entry["unchanged"] = published.unchanged;
        entry["published"] = true;
        say((published.unchanged ? "unchanged " : "published ") + registry::terminal_safe(published.name) + "@" +
            registry::terminal_safe(published.version) + " in " + root.string());
      }
    } catch (const std::exception& e) {
      // Refusals quote what the package held (names, parser excerpts): never raw to a terminal.
      inv.report(Check::Package, s.target + ": " + registry::terminal_safe(e.what()));
      entry["error"] = e.what();
    }
    report.push_back(std::move(entry));
  }
  // ensure_ascii + replace: an error quoting invalid UTF-8 must not make dump() throw.
  if (o.json) io.out << report.dump(2, ' ', true, Json::error_handler_t::replace) << "\n";
}

}  // namespace

Subcommand add_publish_command(CLI::App& app) {
  auto o = std::make_shared<PublishCommand>();
  Subcommand sub;
  sub.app = app.add_subcommand("publish",
                               "Package every add_mcp_server() target of a CMake build and publish it to a registry");
  CLI::App& cmd = *sub.app;
  cmd.add_option("--build-dir,-B", o->build_dir, "The CMake build directory (configured and built)")->required();
  cmd.add_option("--registry", o->registry,
                 "Registry directory (default: $MCPC_REGISTRY, else the per-user data directory)");
  cmd.add_option("--db", o->db,
                 "The registry's index database: sqlite:PATH or postgresql://USER@HOST:PORT/DB (default: "
                 "REGISTRY/index.sqlite)");
  cmd.add_option("--target", o->targets, "Only these add_mcp_server() targets (repeatable)");
  cmd.add_flag("--only-marked", o->only_marked, "Only targets declared with add_mcp_server(... PUBLISH)");
  cmd.add_option("--config", o->config, "The configuration of a multi-config build (default: the first)");
  cmd.add_option("--packages-dir", o->packages_dir, "Where packages are written (default: BUILD/mcpc-packages/TARGET)");
  o->packaging.add_to(cmd);
  cmd.add_flag("--force", o->force, "Replace an already published version whose content differs");
  cmd.add_flag("--no-reconfigure", o->no_reconfigure,
               "Never re-run cmake on BUILD, even when its File API reply is missing");
  cmd.add_flag("--dry-run", o->dry_run, "Package, but do not publish");
  cmd.add_flag("--json", o->json, "Print a JSON report on standard output");
  cmd.add_flag("--quiet,-q", o->quiet, "Print only errors");
  cmd.footer(
      "The build is read through the CMake File API. add_mcp_server() writes mcpc's query; when\n"
      "CMake has not answered it yet, mcpc re-runs cmake on BUILD once (or, with --no-reconfigure\n"
      "or when the query was missing, asks you to).");
  sub.run = [o](Invocation& inv) { run_publish(*o, inv); };
  return sub;
}

}  // namespace mcpc::tool
