// make_package: checks the request, stages every artifact in a directory inside the output
// directory, then renames them into place (manifest.json last), so a failed run leaves no
// half-written file behind.
#include "mcpc/package/package.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "documents.h"
#include "mcpc/package/archive.h"
#include "mcpc/process/subprocess.h"
#include "mcpc/process/temp_dir.h"
#include "mcpc/registry/sha256.h"

#ifndef MCPC_VERSION
#define MCPC_VERSION "0.0.0"
#endif

namespace mcpc::package {
namespace fs = std::filesystem;

namespace {

// npm ci on a cold cache is slow, but a hung npm or strip must not hang the packager. Their
// output is only shown (its tail) or parsed (npm pack --json): a cap well above either keeps a
// runaway child from filling memory.
constexpr std::chrono::minutes kToolTimeout{10};
constexpr std::size_t kMaxToolOutput = 16u << 20;

// Runs a tool in `cwd` with stdin from /dev/null: a PackageError when it cannot be started or
// does not finish in time; otherwise its result, whatever its exit status.
process::CommandResult run_tool(std::vector<std::string> argv, const fs::path& cwd, process::Stderr stderr_to) {
  process::SpawnOptions options;
  options.argv = std::move(argv);
  options.cwd = cwd.string();
  options.stderr_to = stderr_to;
  process::CommandResult result = process::run_command(options, kToolTimeout, kMaxToolOutput);
  if (!result.started) throw PackageError(result.error);
  if (result.timed_out) {
    std::string line;
    for (const std::string& a : options.argv) line += (line.empty() ? "" : " ") + a;
    throw PackageError("'" + line + "' in '" + cwd.string() + "' did not finish within " +
                       std::to_string(kToolTimeout.count()) + " minutes and was killed");
  }
  return result;
}

void say(const PackageRequest& r, const std::string& line) {
  if (r.progress) r.progress(line);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw PackageError("cannot read '" + p.string() + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << text;
  f.flush();
  if (!f) throw PackageError("cannot write '" + p.string() + "'");
}

std::string dump(const OrderedJson& j) { return j.dump(2) + "\n"; }

std::int64_t pick_epoch(const PackageRequest& r) {
  if (r.source_date_epoch) {
    if (*r.source_date_epoch < 0) throw PackageError("the source date epoch must not be negative");
    return *r.source_date_epoch;
  }
  if (const char* env = std::getenv("SOURCE_DATE_EPOCH"); env && *env) {
    std::string text(env);
    if (text.size() > 12 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      throw PackageError("SOURCE_DATE_EPOCH must be a number of seconds, not '" + text + "'");
    }
    return std::stoll(text);
  }
  return kDefaultEpoch;
}

std::string current_platform() {
#if defined(__APPLE__)
  return "darwin";
#elif defined(_WIN32)
  return "win32";
#else
  return "linux";
#endif
}

// Whether `inner` is `outer` or below it (both made absolute and normal, symlinks resolved
// where they exist).
bool is_within(const fs::path& inner, const fs::path& outer) {
  std::error_code ec;
  fs::path a = fs::weakly_canonical(inner, ec);
  if (ec) a = fs::absolute(inner).lexically_normal();
  fs::path b = fs::weakly_canonical(outer, ec);
  if (ec) b = fs::absolute(outer).lexically_normal();
  auto ai = a.begin(), bi = b.begin();
  for (; bi != b.end(); ++ai, ++bi) {
    if (bi->empty()) continue;  // trailing separator
    if (ai == a.end() || *ai != *bi) return false;
  }
  return true;
}

// Closes a descriptor on scope exit.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string tail(const std::string& text, std::size_t lines) {
  std::size_t pos = text.size();
  while (pos > 0 && (text[pos - 1] == '\n' || text[pos - 1] == ' ')) --pos;
  std::size_t end = pos;
  for (std::size_t n = 0; pos > 0 && n < lines; --pos) {
    if (text[pos - 1] == '\n' && ++n == lines) break;
  }
  return text.substr(pos, end - pos);
}

void run_npm(const PackageRequest& r, const std::vector<std::string>& args, const fs::path& cwd) {
  std::string line = "npm";
  for (const std::string& a : args) line += " " + a;
  say(r, "  " + line + " (in " + cwd.string() + ")");
  std::vector<std::string> argv{"npm"};
  argv.insert(argv.end(), args.begin(), args.end());
  process::CommandResult res = run_tool(argv, cwd, process::Stderr::Merge);
  if (res.exit_code != 0) {
    throw PackageError("'" + line + "' failed in '" + cwd.string() + "'" +
                       (res.output.empty() ? std::string() : ":\n" + tail(res.output, 15)));
  }
}

// ---- the native input ----------------------------------------------------------------------

struct NativeInput {
  fs::path binary;  // canonical
  std::string exe;  // its file name
};

NativeInput check_binary(const PackageRequest& r) {
  if (r.binary.empty()) throw PackageError("a native package needs the server's executable (--binary EXE)");
  std::error_code ec;
  fs::file_status st = fs::status(r.binary, ec);
  if (ec || !fs::exists(st)) throw PackageError("the binary '" + r.binary.string() + "' does not exist");
  if (!fs::is_regular_file(st)) throw PackageError("the binary '" + r.binary.string() + "' is not a regular file");
  if (access(r.binary.c_str(), X_OK) != 0) {
    throw PackageError("the binary '" + r.binary.string() + "' is not executable");
  }
  NativeInput in;
  in.binary = fs::canonical(r.binary, ec);
  if (ec) throw PackageError("cannot resolve '" + r.binary.string() + "': " + ec.message());
  in.exe = in.binary.filename().string();
  if (std::string err = check_plain_name("the binary's file name", in.exe, 128); !err.empty()) {
    throw PackageError(err);
  }
  return in;
}

// binutils' strip rather than an ELF rewriter of our own: it is right for every layout a linker
// writes (the system strip does Mach-O), and it is deterministic, so archives stay reproducible.
#if defined(__APPLE__)
const std::vector<std::string> kStripCommand = {"strip", "-S", "-x"};
#else
const std::vector<std::string> kStripCommand = {"strip", "--strip-unneeded"};
#endif

// Whether the file starts like an object file strip knows (ELF, Mach-O, a universal binary);
// anything else, a launcher script say, has nothing to strip.
bool is_object_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  unsigned char m[4] = {};
  if (!f.read(reinterpret_cast<char*>(m), sizeof m)) return false;
  const std::uint32_t be = (std::uint32_t{m[0]} << 24) | (m[1] << 16) | (m[2] << 8) | m[3];
  const std::uint32_t le = (std::uint32_t{m[3]} << 24) | (m[2] << 16) | (m[1] << 8) | m[0];
  return be == 0x7f454c46u || be == 0xcafebabeu || le == 0xfeedfaceu || le == 0xfeedfacfu || be == 0xfeedfaceu ||
         be == 0xfeedfacfu;
}

// A copy of the binary in `dir` without symbols and debug info; the binary is left alone. A
// file that is no object file is packaged as it is.
fs::path stripped_copy(const PackageRequest& r, const NativeInput& in, const fs::path& dir) {
  if (!is_object_file(in.binary)) {
    say(r, in.exe + " is not an ELF or Mach-O file: packaged as it is, without stripping");
    return in.binary;
  }
  if (process::find_program(kStripCommand.front()).empty()) {
    throw PackageError("packaging removes debug info from '" + in.exe +
                       "' with 'strip', which is not on PATH: install binutils, or keep the debug info "
                       "(--keep-debug)");
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::path copy = dir / in.exe;
  fs::copy_file(in.binary, copy, fs::copy_options::overwrite_existing, ec);
  if (ec) throw PackageError("cannot copy the binary for stripping: " + ec.message());
  std::vector<std::string> argv = kStripCommand;
  argv.push_back(copy.string());
  process::CommandResult stripped = run_tool(argv, dir, process::Stderr::Merge);
  if (stripped.exit_code != 0) {
    throw PackageError("strip failed on '" + in.binary.string() + "': " + tail(stripped.output, 5) +
                       " (--keep-debug packages the binary as built)");
  }
  std::uintmax_t before = fs::file_size(in.binary, ec), after = fs::file_size(copy, ec);
  say(r, "stripped " + in.exe + " of symbols and debug info: " + std::to_string(before) + " -> " +
             std::to_string(after) + " bytes (--keep-debug keeps them)");
  return copy;
}

// ---- the node input ------------------------------------------------------------------------

struct NodeInput {
  fs::path dir;  // canonical
  std::string name, version, engine;
  std::vector<std::string> files;     // npm pack's list, relative
  std::set<std::string> executables;  // package.json bin targets
  std::string bin;                    // the command npx runs: package.json's only bin name, else the name's
};

fs::file_time_type newest(const fs::path& p) {
  std::error_code ec;
  fs::file_time_type t = fs::last_write_time(p, ec);
  if (ec) return fs::file_time_type::min();
  if (fs::is_directory(p, ec)) {
    for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec)) t = std::max(t, it->last_write_time(ec));
    }
  }
  return t;
}

void build_node_package(const PackageRequest& r, NodeInput& in) {
  std::error_code ec;
  fs::path main = in.dir / "dist" / "main.js";
  bool built = fs::exists(main, ec);
  if (built) {
    fs::file_time_type dist = fs::last_write_time(main, ec);
    fs::file_time_type inputs =
        std::max({newest(in.dir / "src"), newest(in.dir / "package.json"), newest(in.dir / "tsconfig.json")});
    if (inputs <= dist) return;
    say(r, "dist/ is older than the package's sources: rebuilding");
  } else {
    say(r, "dist/main.js is missing: building the package");
  }
  if (process::find_program("npm").empty()) {
    throw PackageError("building '" + in.dir.string() + "' needs npm, which is not on PATH");
  }
  if (!fs::exists(in.dir / "node_modules", ec)) {
    const char* shared = std::getenv("MCPC_NODE_MODULES");
    if (shared && *shared && fs::is_directory(shared, ec)) {
      say(r, std::string("  linking node_modules to $MCPC_NODE_MODULES (") + shared + ")");
      fs::create_directory_symlink(fs::absolute(shared), in.dir / "node_modules", ec);
      if (ec) throw PackageError("cannot link node_modules in '" + in.dir.string() + "': " + ec.message());
    } else if (fs::exists(in.dir / "package-lock.json", ec)) {
      run_npm(r, {"ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"}, in.dir);
    } else {
      run_npm(r, {"install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"}, in.dir);
    }
  }
  run_npm(r, {"run", "build", "--silent"}, in.dir);
  if (!fs::exists(main, ec)) throw PackageError("'npm run build' did not produce dist/main.js");
}

NodeInput check_node_package(const PackageRequest& r) {
  if (r.node_package.empty()) throw PackageError("a Node package needs the generated TypeScript package directory");
  std::error_code ec;
  if (!fs::is_directory(r.node_package, ec)) {
    throw PackageError("'" + r.node_package.string() + "' is not a directory");
  }
  NodeInput in;
  in.dir = fs::canonical(r.node_package, ec);
  if (!fs::is_regular_file(in.dir / "package.json", ec)) {
    throw PackageError("'" + r.node_package.string() +
                       "' has no package.json (expected a package generated by "
                       "mcpc compile --target ts)");
  }
  Json pkg = Json::parse(slurp(in.dir / "package.json"), nullptr, false);
  if (!pkg.is_object() || !pkg.contains("name") || !pkg["name"].is_string() || !pkg.contains("version") ||
      !pkg["version"].is_string()) {
    throw PackageError(in.dir.string() + "/package.json: needs a string name and version");
  }
  in.name = pkg["name"].get<std::string>();
  in.version = pkg["version"].get<std::string>();
  bool name_ok = !in.name.empty() && in.name.size() <= 214 && in.name.find("..") == std::string::npos &&
                 std::all_of(in.name.begin(), in.name.end(), [](char c) {
                   return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
                          c == '-' || c == '.' || c == '_' || c == '~' || c == '@' || c == '/';
                 });
  if (!name_ok) throw PackageError("package.json: '" + in.name + "' is not a valid npm package name");
  if (std::string err = check_plain_name("package.json's version", in.version, 255); !err.empty()) {
    throw PackageError(err);
  }
  if (pkg.contains("engines") && pkg["engines"].is_object() && pkg["engines"].contains("node") &&
      pkg["engines"]["node"].is_string()) {
    in.engine = pkg["engines"]["node"].get<std::string>();
  }
  if (pkg.contains("bin")) {
    if (pkg["bin"].is_string()) {
      in.executables.insert(fs::path(pkg["bin"].get<std::string>()).lexically_normal().generic_string());
    } else if (pkg["bin"].is_object()) {
      if (pkg["bin"].size() == 1) in.bin = pkg["bin"].begin().key();
      for (const auto& [k, v] : pkg["bin"].items()) {
        if (v.is_string()) in.executables.insert(fs::path(v.get<std::string>()).lexically_normal().generic_string());
      }
    }
  }
  if (in.bin.empty()) in.bin = in.name.substr(in.name.rfind('/') + 1);
  // It is an argument of npx in the client snippets: nothing npx could take for an option.
  if (std::string err = check_plain_name("package.json's command (its bin name)", in.bin, 214); !err.empty()) {
    throw PackageError(err);
  }
  if (is_within(r.output_dir, in.dir)) {
    throw PackageError("the output directory '" + r.output_dir.string() + "' is inside the package '" +
                       in.dir.string() + "'; choose one outside it");
  }
  build_node_package(r, in);
  // npm's own idea of what the package contains ("files", .npmignore, always package.json).
  process::CommandResult pack =
      run_tool({"npm", "pack", "--dry-run", "--json", "--ignore-scripts"}, in.dir, process::Stderr::Discard);
  Json listing = Json::parse(pack.output, nullptr, false);
  if (pack.exit_code != 0 || !listing.is_array() || listing.empty() || !listing[0].contains("files")) {
    throw PackageError("'npm pack --dry-run --json' failed in '" + in.dir.string() + "'");
  }
  for (const Json& f : listing[0]["files"]) {
    std::string path = f.value("path", "");
    if (std::string err = check_entry_path(path); !err.empty()) {
      throw PackageError("the npm package lists " + err);
    }
    // Only plain files: a symbolic link could smuggle in anything on this machine.
    if (!fs::is_regular_file(fs::symlink_status(in.dir / path, ec))) {
      throw PackageError("the npm package lists '" + path +
                         "', which is not a regular file (symbolic links are refused)");
    }
    in.files.push_back(path);
  }
  std::sort(in.files.begin(), in.files.end());
  if (std::find(in.files.begin(), in.files.end(), "dist/main.js") == in.files.end()) {
    throw PackageError("the npm package does not include dist/main.js (check package.json's \"files\")");
  }
  return in;
}

// The files of a set of client snippets, in clients/, their names prefixed with `prefix`.
std::vector<std::pair<std::string, const OrderedJson*>> client_config_files(const ClientConfigs& c,
                                                                            const std::string& prefix) {
  return {{"clients/" + prefix + "claude-desktop.json", &c.claude_desktop},
          {"clients/" + prefix + "claude-code.mcp.json", &c.claude_code},
          {"clients/" + prefix + "vscode.mcp.json", &c.vscode},
          {"clients/" + prefix + "cursor.mcp.json", &c.cursor}};
}

Artifact describe(const fs::path& staged, const std::string& file, const std::string& role,
                  const std::string& media_type) {
  std::uintmax_t size = 0;
  std::optional<std::string> digest = registry::sha256_file(staged, &size);
  if (!digest) throw PackageError("cannot read back '" + staged.string() + "'");
  return {role, file, size, *digest, media_type};
}

}  // namespace

PackageResult make_package(const PackageRequest& request) {
  if (request.module == nullptr) throw PackageError("no server module to package");
  const ir::Module& module = request.module->module();
  const ir::ServerInfo& server = module.server;
  if (std::string err = check_plain_name("the server name", server.name, 200); !err.empty()) throw PackageError(err);
  if (std::string err = check_plain_name("the server version", server.version, 255); !err.empty()) {
    throw PackageError(err);
  }
  std::string ns = request.registry_namespace.empty() ? std::string(kDefaultNamespace) : request.registry_namespace;
  std::string registry_name = ns + "/" + server.name;
  if (std::string err = check_registry_name(registry_name); !err.empty()) {
    throw PackageError("invalid registry name: " + err);
  }
  if (!request.metadata.repository.empty() && !is_http_url(request.metadata.repository)) {
    throw PackageError("the repository must be an http(s) URL, not '" + request.metadata.repository + "'");
  }
  if (!request.identifier_base_url.empty() && !is_http_url(request.identifier_base_url) &&
      request.identifier_base_url.rfind("file://", 0) != 0) {
    throw PackageError("the identifier base URL must be an http(s) or file:// URL, not '" +
                       request.identifier_base_url + "'");
  }
  if (request.output_dir.empty()) throw PackageError("no output directory given");
  std::int64_t epoch = pick_epoch(request);
  std::error_code ec;
  if (fs::exists(request.output_dir, ec) && !fs::is_directory(request.output_dir, ec)) {
    throw PackageError("the output '" + request.output_dir.string() + "' exists and is not a directory");
  }

  const bool native = request.runtime == Runtime::Native;
  std::optional<NativeInput> nat;
  std::optional<NodeInput> node;
  say(request, "packaging " + server.name + " " + server.version + " (" + (native ? "native" : "node") + ")");
  if (native) {
    nat = check_binary(request);
    if (is_within(request.output_dir, nat->binary)) {
      throw PackageError("the output directory is the binary '" + nat->binary.string() + "'");
    }
  } else {
    node = check_node_package(request);
  }

  fs::create_directories(request.output_dir, ec);
  if (ec) throw PackageError("cannot create '" + request.output_dir.string() + "': " + ec.message());
  fs::path out = fs::canonical(request.output_dir, ec);
  if (ec) throw PackageError("cannot resolve '" + request.output_dir.string() + "': " + ec.message());
  // The staging directory is private and freshly made (see TempDir::create), so nobody else
  // sharing the output directory can have planted files or symlinks in it for our writes to follow.
  std::string staging_error;
  std::optional<process::TempDir> staging = process::TempDir::create(".mcpc-package", &staging_error, out);
  if (!staging) throw PackageError(staging_error);
  const fs::path& st = staging->path();
  fs::create_directories(st / "clients");

  const std::string base = server.name + "-" + server.version;
  const std::string tgz = base + ".tgz", mcpb = base + ".mcpb";

  // What goes into the archives: a stripped copy of the binary, or (keep_debug) the binary.
  fs::path packaged_binary = native ? nat->binary : fs::path();
  if (native && !request.keep_debug) packaged_binary = stripped_copy(request, *nat, st / "stripped");
  std::vector<std::string> warnings;
  // The author: --author, else the spec's. The bundle cannot do without one.
  Metadata metadata = request.metadata;
  if (metadata.author.empty()) metadata.author = server.author;
  if (metadata.author.empty()) {
    warnings.push_back(mcpb + ": the bundle names its author, and neither the spec ('author: Name <email>') nor " +
                       "--author gives one: it says '" + server.name + "' until one does");
  }
  // npm: package.json's mcpName must be server.json's name for the official registry to list
  // the package; the packaged copies say so whatever the directory's package.json says.
  std::string package_json;
  if (!native) {
    std::string original = slurp(node->dir / "package.json");
    package_json = with_mcp_name(original, registry_name);
    if (package_json != original) {
      say(request, "package.json: mcpName set to '" + registry_name + "' (server.json's name) in the tarball and " +
                       "the bundle; publish the tarball to npm, not '" + node->dir.string() + "'");
    }
  }

  // The tarball.
  std::vector<ArchiveEntry> tar_entries;
  if (native) {
    tar_entries.push_back({"bin/" + nat->exe, false, true, packaged_binary, {}});
  } else {
    for (const std::string& f : node->files) {
      fs::path src = node->dir / f;
      std::error_code pec;
      bool exec = node->executables.count(f) > 0 ||
                  (fs::status(src, pec).permissions() & fs::perms::owner_exec) != fs::perms::none;
      if (f == "package.json") {
        tar_entries.push_back({"package/" + f, false, exec, {}, package_json});
      } else {
        tar_entries.push_back({"package/" + f, false, exec, src, {}});
      }
    }
  }
  write_tar_gz(st / tgz, tar_entries, epoch);
  Artifact tar_artifact = describe(st / tgz, tgz, "tarball", "application/gzip");
  say(request, "wrote " + tgz + " (" + std::to_string(tar_artifact.size) + " bytes)");

  // The MCP Bundle.
  McpbInputs mi;
  mi.runtime = request.runtime;
  mi.metadata = metadata;
  mi.fallback_author = server.name;
  mi.platform = current_platform();
  std::vector<ArchiveEntry> zip_entries;
  if (native) {
    mi.entry = nat->exe;
    zip_entries.push_back({"server/" + nat->exe, false, true, packaged_binary, {}});
  } else {
    mi.entry = "dist/main.js";
    mi.node_engine = node->engine;
    // The package's files plus its production dependencies, installed by npm.
    fs::path server_dir = st / "mcpb" / "server";
    for (const std::string& f : node->files) {
      fs::create_directories((server_dir / f).parent_path());
      fs::copy_file(node->dir / f, server_dir / f, fs::copy_options::overwrite_existing, ec);
      if (ec) throw PackageError("cannot copy '" + f + "' from the package: " + ec.message());
    }
    write_file(server_dir / "package.json", package_json);
    say(request, "installing production dependencies for the bundle");
    bool has_lock = fs::exists(server_dir / "package-lock.json", ec);
    run_npm(request,
            {has_lock ? "ci" : "install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund",
             "--prefer-offline", "--no-package-lock", "--loglevel=error"},
            server_dir);
    std::vector<ArchiveEntry> files = entries_from_directory(server_dir, "server/", [](const std::string& rel) {
      return rel == "node_modules/.bin" || rel == "node_modules/.package-lock.json" || rel == "node_modules/.cache";
    });
    for (ArchiveEntry& e : files) {
      if (node->executables.count(e.path.substr(7))) e.executable = true;
      zip_entries.push_back(std::move(e));
    }
  }
  OrderedJson bundle_manifest = make_mcpb_manifest(module, mi);
  zip_entries.push_back({"manifest.json", false, false, {}, dump(bundle_manifest)});
  write_zip(st / mcpb, zip_entries, std::max<std::int64_t>(epoch, 315532800));  // ZIP: 1980 or later
  Artifact mcpb_artifact = describe(st / mcpb, mcpb, "mcpb", "application/zip");
  say(request, "wrote " + mcpb + " (" + std::to_string(mcpb_artifact.size) + " bytes)");

  // server.json.
  ServerJsonInputs si;
  si.registry_name = registry_name;
  si.runtime = request.runtime;
  si.metadata = metadata;
  si.mcpc_version = MCPC_VERSION;
  if (native) {
    std::string prefix = request.identifier_base_url;
    if (!prefix.empty() && prefix.back() != '/') prefix += '/';
    si.identifier = prefix + mcpb;
    si.file_sha256 = mcpb_artifact.sha256;
  } else {
    si.identifier = node->name;
    si.package_version = node->version;
  }
  OrderedJson server_json = make_server_json(module, si, warnings);
  // What the official registry would refuse. mcpc's own registry takes it all.
  if (ns == kDefaultNamespace) {
    warnings.push_back("server.json: the name '" + registry_name + "' is in mcpc's default namespace '" + ns +
                       "', which the official MCP registry refuses: it publishes only under a namespace you have "
                       "shown you own (io.github.USER after a GitHub login, or a reversed domain such as com.example "
                       "for a domain you control); pass --namespace, e.g. --namespace io.github.USER");
  }
  if (native) {
    if (std::string problem = official_mcpb_identifier_problem(si.identifier); !problem.empty()) {
      warnings.push_back("server.json: the official MCP registry refuses the package identifier '" + si.identifier +
                         "' (" + problem +
                         "): it wants the https URL the bundle is downloaded from, a GitHub or GitLab release asset; "
                         "pass --base-url, e.g. --base-url "
                         "https://github.com/OWNER/REPO/releases/download/v" +
                         server.version);
    }
  }
  write_file(st / "server.json", dump(server_json));
  Artifact server_artifact = describe(st / "server.json", "server.json", "server.json", "application/json");

  // Client snippets.
  std::string command;
  std::vector<std::string> args = stdio_args();
  if (native) {
    command = nat->binary.string();
  } else {
    command = "npx";
    args.insert(args.begin(), {"-y", node->name + "@" + node->version});
  }
  ClientConfigs clients = make_client_configs(module, command, args, &warnings);
  std::vector<std::pair<std::string, const OrderedJson*>> client_files = client_config_files(clients, "");
  // npx fetches NAME@VERSION from npm, which has it only once it is published: until then the
  // local-* snippets run the packaged tarball (its dependencies still come from npm).
  ClientConfigs local;
  if (!native && !request.npm_published) {
    std::vector<std::string> local_args{"-y", "--package=" + (out / tgz).string(), node->bin};
    for (const std::string& a : stdio_args()) local_args.push_back(a);
    local = make_client_configs(module, "npx", local_args);
    for (auto& file : client_config_files(local, "local-")) client_files.push_back(std::move(file));
    warnings.push_back("clients/*.json run 'npx -y " + node->name + "@" + node->version + "', which works only once " +
                       node->name + "@" + node->version + " is published on npm (npm publish " + (out / tgz).string() +
                       "); until then use clients/local-*.json, which run the packaged tarball. Pass "
                       "--npm-published once it is on npm");
  }
  std::vector<Artifact> artifacts{tar_artifact, mcpb_artifact, server_artifact};
  for (const auto& [file, json] : client_files) {
    write_file(st / file, dump(*json));
    artifacts.push_back(describe(st / file, file, "client-config", "application/json"));
  }

  // manifest.json.
  ManifestInputs man;
  man.registry_name = registry_name;
  man.runtime = request.runtime;
  man.metadata = metadata;
  man.artifacts = artifacts;
  man.claude_config = clients.claude_desktop;
  man.mcpc_version = MCPC_VERSION;
  OrderedJson manifest = make_manifest(module, man);
  write_file(st / "manifest.json", dump(manifest));

  // Everything is written: move it into place, manifest.json last.
  PackageResult result;
  // rename(2) replaces whatever sits at a target, a planted symlink included, rather than
  // writing through it; OUT/clients itself is opened without following a symlink.
  Fd out_dir{::open(out.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (out_dir.fd < 0) throw PackageError("cannot open '" + out.string() + "': " + std::strerror(errno));
  if (::mkdirat(out_dir.fd, "clients", 0777) != 0 && errno != EEXIST) {
    throw PackageError("cannot create '" + (out / "clients").string() + "': " + std::strerror(errno));
  }
  Fd clients_dir{::openat(out_dir.fd, "clients", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
  if (clients_dir.fd < 0) {
    throw PackageError("cannot use '" + (out / "clients").string() + "': " +
                       (errno == ELOOP || errno == ENOTDIR ? std::string("it is a symbolic link or not a directory")
                                                           : std::string(std::strerror(errno))));
  }
  std::vector<std::string> order;
  for (const Artifact& a : artifacts) order.push_back(a.file);
  order.push_back("manifest.json");
  for (const std::string& file : order) {
    bool in_clients = file.rfind("clients/", 0) == 0;
    std::string leaf = in_clients ? file.substr(8) : file;
    if (::renameat(AT_FDCWD, (st / file).c_str(), in_clients ? clients_dir.fd : out_dir.fd, leaf.c_str()) != 0) {
      throw PackageError("cannot move '" + file + "' into '" + out.string() + "': " + std::strerror(errno));
    }
  }
  result.manifest_path = out / "manifest.json";
  result.files.push_back(result.manifest_path);
  for (const Artifact& a : artifacts) result.files.push_back(out / a.file);
  result.manifest = manifest;  // the same document, its keys sorted
  result.warnings = std::move(warnings);
  return result;
}

}  // namespace mcpc::package
