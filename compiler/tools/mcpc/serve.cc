// mcpc serve: the registry service (docs/service.md) over a registry directory, with the
// pipeline behind its generate and validate routes: description or spec -> checks -> backend
// -> package -> validate -> publish, in this process.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include "mcpc/codegen/backend.h"
#include "mcpc/codegen/output.h"
#include "mcpc/describe/describe.h"
#include "mcpc/package/package.h"
#include "mcpc/pipeline/pipeline.h"
#include "mcpc/probe/mcp_probe.h"
#include "mcpc/process/subprocess.h"
#include "mcpc/service/service.h"
#include "subcommand.h"

#ifndef MCPC_VERSION
#define MCPC_VERSION "0.0.0"
#endif

namespace mcpc::tool {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

// What running jobs get to finish when the service stops (docs/service.md).
constexpr std::chrono::seconds kStopGrace{5};

struct ServeOptions {
  std::string root;
  std::string db;
  std::string host = "127.0.0.1";
  int port = -1;
  std::string port_file;
  std::string read_auth = "public";
  std::vector<std::string> cors_origins;
  std::size_t rate_limit = 30;
  std::size_t workers = 2;
  std::size_t threads = 4;
  double health_interval = 30;
  double health_timeout = 5;
  double job_lease = 60;
  std::size_t max_body = 1 << 20;
  std::string access_log = "-";
  std::string create_api_key;
  bool list_api_keys = false;
  std::string revoke_api_key;
};

// The spec a generate job starts from, as text, with the file name its diagnostics carry.
std::pair<std::string, std::string> spec_text(const json& input,
                                              const std::function<void(const std::string&)>& progress) {
  if (input.contains("spec")) {
    const json& spec = input["spec"];
    if (spec.is_object()) return {spec.dump(2), "spec.json"};
    std::string text = spec.get<std::string>();
    std::size_t first = text.find_first_not_of(" \t\r\n");
    bool looks_json = first != std::string::npos && text[first] == '{';
    return {text, looks_json ? "spec.json" : "spec.yaml"};
  }
  describe::Options options;
  options.llm = describe::config_from_env();
  options.progress = progress;
  progress("drafting the spec with " + std::string(describe::provider_name(options.llm.provider)));
  SourceManager sources;
  DiagnosticEngine diags;
  describe::Result result = describe::describe(input["description"].get<std::string>(), options, diags);
  if (!result.ok) {
    throw service::JobError("the description could not be turned into a spec: " +
                            render_text(sources, diags.sorted(), TextRenderOptions{false, false}));
  }
  return {result.yaml, "spec.yaml"};
}

// The pipeline on a client's spec: the spec front end only (never mcpc-extract or an IR file),
// no includes (a spec from the network must not read the service's files), and diagnostics that
// name the spec by `display`, never by a path on this machine.
pipeline::Result check_client_spec(const std::string& text, const std::string& display, SourceManager& sources,
                                   DiagnosticEngine& diags) {
  pipeline::Request request;
  request.inputs.push_back({display, text});
  request.frontend = "spec";
  request.frontend_options.limits.max_files = 1;
  request.frontend_options.limits.max_include_depth = 0;
  return pipeline::run(request, sources, diags);
}

class PipelineRunner : public service::JobRunner {
 public:
  service::GeneratedPackage generate(const json& input, const fs::path& work,
                                     const std::function<void(const std::string&)>& progress) override {
    auto [text, file] = spec_text(input, progress);
    fs::path spec = work / file;
    if (!write_whole_file(spec.string(), text))
      throw service::JobError("cannot write the spec into the job's directory");
    SourceManager sources;
    DiagnosticEngine diags;
    pipeline::Result result = check_client_spec(text, file, sources, diags);
    if (diags.has_errors() || result.modules.empty()) {
      throw service::JobError("the spec has errors:\n" +
                              render_text(sources, diags.sorted(), TextRenderOptions{false, false}));
    }
    std::optional<sema::CheckedModule> checked = std::move(result.modules.front());
    // The request's name and version win over the spec's (a drafted spec's name is a guess);
    // the module is checked again with them.
    if (input.contains("name") || input.contains("version")) {
      ir::Module m = checked->module();
      if (input.contains("name")) m.server.name = input["name"].get<std::string>();
      if (input.contains("version")) m.server.version = input["version"].get<std::string>();
      checked = sema::check(std::move(m), diags);
      if (!checked || diags.has_errors()) {
        throw service::JobError("the name or version does not fit the spec:\n" +
                                render_text(sources, diags.sorted(), TextRenderOptions{false, false}));
      }
    }
    std::string runtime = input.value("runtime", "node");
    service::GeneratedPackage out;
    if (runtime == "node") {
      progress("generating the TypeScript server");
      const codegen::Backend* backend = codegen::find_backend("ts");
      if (backend == nullptr) throw service::JobError("this mcpc has no TypeScript backend");
      codegen::GenerateOptions go;
      go.tool_version = MCPC_VERSION;
      std::optional<codegen::Output> output = backend->generate(*checked, go, diags);
      fs::path dir = work / "server";
      if (!output || !codegen::write_files(dir, output->files, diags)) {
        throw service::JobError("the TypeScript server could not be generated:\n" +
                                render_text(sources, diags.sorted(), TextRenderOptions{false, false}));
      }
      progress("building and packaging it (npm)");
      package::PackageRequest r;
      r.module = &*checked;
      r.runtime = package::Runtime::Node;
      r.node_package = dir;
      r.output_dir = work / "package";
      package_into(r, out, progress);
      validate_protocol(dir, progress);
    } else {
      // The build runs mcpc on the spec file itself, so the request cannot rename it.
      if (input.contains("name") || input.contains("version")) {
        throw service::JobError(
            "runtime 'cpp' jobs take the server's name and version from the spec: send them in the spec");
      }
      build_native(*checked, spec, work, out, progress);
    }
    return out;
  }

  json validate(const json& input) override {
    const json& spec = input["spec"];
    std::string text = spec.is_object() ? spec.dump(2) : spec.get<std::string>();
    std::size_t first = text.find_first_not_of(" \t\r\n");
    bool looks_json = spec.is_object() || (first != std::string::npos && text[first] == '{');
    std::string name = looks_json ? "spec.json" : "spec.yaml";
    SourceManager sources;
    DiagnosticEngine diags;
    pipeline::Result result = check_client_spec(text, name, sources, diags);
    json report = json::parse(render_json(sources, diags.sorted()), nullptr, false);
    json out = {{"valid", !diags.has_errors() && !result.modules.empty()},
                {"errors", diags.error_count()},
                {"diagnostics", report.is_discarded() ? json::array() : report}};
    if (!result.modules.empty()) {
      const ir::Module& m = result.modules.front().module();
      out["server"] = {{"name", m.server.name}, {"version", m.server.version}, {"tools", m.tools.size()}};
    }
    return out;
  }

 private:
  // The packager on a generated server; its refusal is the job's error.
  static void package_into(package::PackageRequest& r, service::GeneratedPackage& out,
                           const std::function<void(const std::string&)>& progress) {
    r.progress = [&](std::string_view line) { progress(std::string(line)); };
    try {
      package::PackageResult p = package::make_package(r);
      out.manifest = p.manifest_path;
      out.warnings = p.warnings;
    } catch (const package::PackageError& e) {
      throw service::JobError(std::string("packaging failed: ") + e.what());
    }
  }

  // mcpc's installation prefix (PREFIX/bin/mcpc), when its CMake package is beside it.
  static std::optional<fs::path> installed_prefix() {
    fs::path prefix = self_path().parent_path().parent_path();
    for (const char* lib : {"lib", "lib64", "lib/x86_64-linux-gnu", "lib/aarch64-linux-gnu", "share"}) {
      std::error_code ec;
      if (fs::exists(prefix / lib / "cmake" / "mcpc" / "mcpcConfig.cmake", ec)) return prefix;
    }
    return std::nullopt;
  }

  static fs::path self_path() {
    char self[4096];
    ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) throw service::JobError("cannot find the mcpc executable");
    self[n] = '\0';
    return self;
  }

  static void run_step(const std::vector<std::string>& argv, const std::string& what) {
    process::SpawnOptions spawn;
    spawn.argv = argv;
    process::CommandResult r = process::run_command(spawn, std::chrono::minutes(15));
    if (!r.ok()) {
      std::string tail = r.output.size() > 4000 ? r.output.substr(r.output.size() - 4000) : r.output;
      throw service::JobError(what + " failed (" + r.describe() + "):\n" + tail);
    }
  }

  // A native server: a CMake project with add_mcp_server() and the generated handler skeleton
  // (each tool answers that it is not implemented yet), built against the installed mcpc, then
  // packaged with its executable and validated over MCP.
  static void build_native(const sema::CheckedModule& checked, const fs::path& spec, const fs::path& work,
                           service::GeneratedPackage& out, const std::function<void(const std::string&)>& progress) {
    std::optional<fs::path> prefix = installed_prefix();
    if (!prefix) {
      throw service::JobError(
          "runtime 'cpp' jobs build against mcpc's CMake package, which is not installed beside this mcpc (install "
          "mcpc with cmake --install, or generate with runtime 'node')");
    }
    progress("generating the C++ server and its handler skeleton");
    SourceManager sources;
    DiagnosticEngine diags;
    pipeline::Request request;
    request.inputs.push_back({spec.string(), std::nullopt});
    request.frontend = "spec";
    request.frontend_options.limits.max_files = 1;
    request.frontend_options.limits.max_include_depth = 0;
    request.backend = "cpp";
    request.generate_files = false;
    request.generate_skeleton = true;
    request.generate_options.basename = "server";  // the add_mcp_server() target below
    pipeline::Result generated = pipeline::run(request, sources, diags);
    if (diags.has_errors() || !generated.skeleton) {
      throw service::JobError("the C++ server could not be generated:\n" +
                              render_text(sources, diags.sorted(), TextRenderOptions{false, false}));
    }
    fs::path project = work / "project";
    fs::create_directories(project);
    fs::copy_file(spec, project / spec.filename(), fs::copy_options::overwrite_existing);
    bool written = write_whole_file((project / "server_handlers.cc").string(), generated.skeleton->content) &&
                   write_whole_file((project / "CMakeLists.txt").string(),
                                    "cmake_minimum_required(VERSION 3.25)\n"
                                    "project(generated_server LANGUAGES CXX)\n"
                                    "find_package(mcpc CONFIG REQUIRED)\n"
                                    "add_mcp_server(server SPEC " +
                                        spec.filename().string() + " HANDLERS server_handlers.cc)\n");
    if (!written) throw service::JobError("cannot write the C++ project into the job's directory");
    progress("building it with CMake");
    fs::path build = project / "build";
    std::vector<std::string> configure{"cmake",
                                       "-S",
                                       project.string(),
                                       "-B",
                                       build.string(),
                                       "-DCMAKE_BUILD_TYPE=Release",
                                       "-DCMAKE_PREFIX_PATH=" + prefix->string()};
    if (!process::find_program("ninja").empty()) configure.insert(configure.begin() + 1, {"-G", "Ninja"});
    run_step(configure, "configuring the C++ project");
    run_step({"cmake", "--build", build.string()}, "building the C++ server");
    progress("packaging it");
    package::PackageRequest r;
    r.module = &checked;
    r.binary = build / "server";
    r.output_dir = work / "package";
    package_into(r, out, progress);
    progress("validating the server over MCP");
    run_step({self_path().string(), "validate", spec.string(), "--server", "'" + r.binary.string() + "'", "--skip",
              "compile", "--format", "json"},
             "validating the generated server");
  }

  // The protocol check of `mcpc validate` on the built package: the server starts, answers
  // initialize and lists the tools its spec declares.
  static void validate_protocol(const fs::path& dir, const std::function<void(const std::string&)>& progress) {
    progress("validating the server over MCP");
    process::SpawnOptions spawn;
    // Not its compile check: that is `tsc --noEmit`, and the package was just built with tsc.
    spawn.argv = {self_path().string(), "validate", dir.string(), "--skip", "dependencies", "--skip", "compile",
                  "--format",           "json"};
    process::CommandResult r = process::run_command(spawn, std::chrono::minutes(5));
    if (!r.ok()) {
      throw service::JobError("the generated server did not pass validation (" + r.describe() + "):\n" +
                              r.output.substr(0, 4000));
    }
  }
};

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

void run_serve(const ServeOptions& o, Invocation& inv) {
  service::ServiceOptions so;
  so.root = o.root.empty() ? registry::default_registry_root() : fs::path(o.root);
  so.database_url = o.db;
  // Keys management: print and exit, the service does not start.
  if (!o.create_api_key.empty() || o.list_api_keys || !o.revoke_api_key.empty()) {
    try {
      registry::OpenOptions open;
      open.database_url = o.db;
      registry::Registry reg = registry::Registry::open(so.root, open);
      if (!o.create_api_key.empty()) {
        registry::NewApiKey key = reg.create_api_key(o.create_api_key);
        inv.io.out << key.token << "\n";
        inv.io.err << "mcpc serve: created API key " << key.record.id << " (" << key.record.name
                   << "); it is shown once: send it as 'Authorization: Bearer <key>'\n";
      }
      if (!o.revoke_api_key.empty() && !reg.revoke_api_key(o.revoke_api_key)) {
        inv.report(Check::Usage, "no active API key '" + o.revoke_api_key + "'");
      }
      if (o.list_api_keys) {
        for (const registry::ApiKeyRecord& k : reg.api_keys()) {
          inv.io.out << k.id << "  " << k.name << "  created " << k.created_at
                     << (k.last_used_at.empty() ? "" : "  last used " + k.last_used_at)
                     << (k.revoked_at.empty() ? "" : "  revoked " + k.revoked_at) << "\n";
        }
      }
    } catch (const registry::RegistryError& e) {
      inv.report(Check::Registry, e.what());
    }
    return;
  }
  so.basic_username = env_or("REGISTRY_USERNAME", "");
  so.basic_password = env_or("REGISTRY_PASSWORD", "");
  so.cron_secret = env_or("CRON_SECRET", "");
  so.read_access = o.read_auth == "all"        ? service::ReadAccess::All
                   : o.read_auth == "registry" ? service::ReadAccess::RegistryApi
                                               : service::ReadAccess::Public;
  so.cors_origins = o.cors_origins;
  so.write_rate_per_minute = o.rate_limit;
  so.job_workers = o.workers;
  so.index_connections = o.threads + o.workers + 2;
  so.job_lease = std::chrono::milliseconds(static_cast<std::int64_t>(o.job_lease * 1000));
  so.health_interval = std::chrono::milliseconds(static_cast<std::int64_t>(o.health_interval * 1000));
  so.health_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(o.health_timeout * 1000));
  std::ofstream log_file;
  if (o.access_log == "-") {
    so.access_log = &std::cout;
  } else if (!o.access_log.empty() && o.access_log != "off") {
    log_file.open(o.access_log, std::ios::app);
    if (!log_file) {
      inv.report(Check::Io, "cannot open the access log '" + o.access_log + "'");
      return;
    }
    so.access_log = &log_file;
  }
  PipelineRunner runner;
  so.runner = &runner;
  so.probe = [](const std::string& url, std::chrono::milliseconds timeout) {
    probe::ProbeResult r = probe::probe_mcp_endpoint(url, timeout);
    return registry::HealthSample{r.healthy, r.response_time_ms, r.http_status, r.error, ""};
  };
  std::unique_ptr<service::Service> svc;
  try {
    svc = std::make_unique<service::Service>(so);
  } catch (const registry::RegistryError& e) {
    inv.report(Check::Registry, e.what());
    return;
  }
  runtime::http::ServerOptions http;
  http.host = o.host;
  int port = o.port >= 0 ? o.port : std::atoi(env_or("MCP_FACTORY_PORT", "8070").c_str());
  if (port < 0 || port > 65535) {
    inv.report(Check::Usage, "the port must be 0 to 65535");
    return;
  }
  http.port = static_cast<std::uint16_t>(port);
  http.max_body_bytes = o.max_body;
  http.threads = o.threads;
  std::ostream& err = inv.io.err;
  std::string port_file = o.port_file;
  http.on_listening = [&, port_file](std::uint16_t actual) {
    err << "mcpc serve: registry " << so.root.string() << " on http://" << o.host << ":" << actual
        << " (page /, API /api, /v0.1)\n"
        << std::flush;
    if (!port_file.empty()) write_whole_file(port_file, std::to_string(actual) + "\n");
  };
  http.on_shutdown = [&] { err << "mcpc serve: shutting down\n" << std::flush; };
  if (so.basic_username.empty() && so.basic_password.empty()) {
    err << "mcpc serve: note: writes need credentials: set REGISTRY_USERNAME and REGISTRY_PASSWORD, or create an "
           "API key with `mcpc serve --create-api-key NAME`\n";
  }
  svc->start();
  int rc = runtime::http::serve([&](const runtime::http::Request& r) { return svc->handle(r); }, http);
  // Running jobs get the grace, then fail with the reason; a build they still run (npm, the
  // protocol check) is killed a moment later, so the process exits instead of finishing it.
  std::atomic<bool> stopped{false};
  std::thread watchdog([&stopped] {
    auto deadline = std::chrono::steady_clock::now() + kStopGrace + std::chrono::seconds(1);
    while (!stopped.load() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!stopped.load()) process::cancel_commands();
  });
  svc->stop(kStopGrace);
  stopped.store(true);
  watchdog.join();
  if (rc != 0) inv.report(Check::Io, "cannot listen on " + o.host + ":" + std::to_string(port));
}

}  // namespace

Subcommand add_serve_command(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Run the registry service: generate jobs, the registry APIs, health checks and the discovery page");
  cmd->add_option("--root", o->root,
                  "The registry directory (default: $MCPC_REGISTRY, else ~/.local/share/mcpc/registry)");
  cmd->add_option(
      "--db", o->db,
      "The index: sqlite:PATH or postgresql://... (default: ROOT/index.sqlite); artifacts stay under --root");
  cmd->add_option("--host", o->host, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port,-p", o->port, "Port (default $MCP_FACTORY_PORT, else 8070; 0 picks a free one)");
  cmd->add_option("--port-file", o->port_file, "Write the port listened on to this file");
  cmd->add_option("--read-auth", o->read_auth,
                  "Which reads need credentials: public (none), registry (the /api/registry routes), all")
      ->check(CLI::IsMember({"public", "registry", "all"}));
  cmd->add_option("--cors-origin", o->cors_origins,
                  "An origin allowed to call the /api routes from a browser ('*': any)");
  cmd->add_option("--rate-limit", o->rate_limit,
                  "Generate/publish requests per minute per client (0: unlimited; default 30)");
  cmd->add_option("--workers", o->workers, "Generate jobs run at once (default 2)")->check(CLI::Range(1, 64));
  cmd->add_option("--threads", o->threads, "Request threads (default 4)")->check(CLI::Range(1, 256));
  cmd->add_option("--health-interval", o->health_interval,
                  "Seconds between health checks of each endpoint (0: off; default 30)")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_option("--health-timeout", o->health_timeout, "Seconds one health check may take (default 5)")
      ->check(CLI::Range(0.1, 300.0));
  cmd->add_option("--job-lease", o->job_lease,
                  "Seconds a running job's lease lasts (renewed while it runs); another instance fails the job once "
                  "it ends (default 60)")
      ->check(CLI::Range(1.0, 3600.0));
  cmd->add_option("--max-body", o->max_body, "Largest request body in bytes (default 1048576)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30));
  cmd->add_option("--access-log", o->access_log, "Access log file (JSON lines); '-' standard output (default), 'off'");
  cmd->add_option("--create-api-key", o->create_api_key, "Create an API key with this name, print it once, and exit");
  cmd->add_flag("--list-api-keys", o->list_api_keys, "List the API keys (never their secrets) and exit");
  cmd->add_option("--revoke-api-key", o->revoke_api_key, "Revoke the API key with this id and exit");
  cmd->footer(
      "Environment: REGISTRY_USERNAME and REGISTRY_PASSWORD (HTTP Basic credentials), CRON_SECRET (the\n"
      "X-Cron-Secret of POST /api/jobs/health-check), MCP_FACTORY_PORT, and the language model settings of\n"
      "`mcpc new` for generate jobs from a description. SIGTERM or SIGINT stops it gracefully.");
  return {cmd, [o](Invocation& inv) { run_serve(*o, inv); }, nullptr};
}

}  // namespace mcpc::tool
