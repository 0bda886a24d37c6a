// mcpc registry: the file-backed registry store's command line (docs/registry.md).
// Human-readable output by default, --json for scripts. Exit status: 0 ok, 1 the operation
// failed or was refused (or verify found a problem), 2 usage.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "mcpc/registry/registry.h"
#include "mcpc/registry/sha256.h"
#include "subcommand.h"

namespace mcpc::driver {
namespace {

namespace fs = std::filesystem;
namespace reg = mcpc::registry;
using Json = nlohmann::ordered_json;

struct RegistryOptions {
  std::string root;
  bool json = false;
  std::string manifest;  // publish
  bool force = false;
  std::string name, version;  // get, remove, deprecate
  std::string output_dir;     // get --output
  reg::ListFilter filter;     // list
  std::vector<std::string> query;  // search
  std::size_t search_limit = 20;
  std::string message = "deprecated";  // deprecate
  bool undo = false;
  bool repair = false;  // verify
};

std::string dump(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n"; }

Json parsed_or_null(const std::string& text) {
  if (text.empty()) return nullptr;
  return Json::parse(text, nullptr, false);
}

Json summary_json(const reg::ServerSummary& s) {
  return {{"name", s.name},           {"title", s.display_name}, {"description", s.description},
          {"version", s.latest_version}, {"runtime", s.runtime},   {"status", s.status},
          {"updated_at", s.updated_at}, {"tags", s.tags}};
}

std::string human_size(std::uint64_t bytes) {
  if (bytes < 10 * 1024) return std::to_string(bytes) + " B";
  if (bytes < 10 * 1024 * 1024) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes / (1024 * 1024)) + " MiB";
}

// Copies every artifact of `v` into `dir`, re-hashing each copy: what leaves the registry is
// what was published, or nothing.
void copy_out(const reg::VersionRecord& v, const fs::path& dir) {
  for (const reg::ArtifactRecord& a : v.artifacts) {
    fs::path target = dir / a.file;
    fs::create_directories(target.parent_path());
    fs::path temp = target;
    temp += ".mcpc-tmp";
    std::error_code ec;
    fs::copy_file(a.blob_path, temp, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      throw reg::RegistryError(reg::RegistryError::Kind::io,
                               "cannot copy '" + a.file + "' out of the registry: " + ec.message());
    }
    std::uintmax_t size = 0;
    if (reg::sha256_file(temp, &size) != a.sha256 || size != a.size) {
      fs::remove(temp, ec);
      throw reg::RegistryError(reg::RegistryError::Kind::io, "the stored blob of '" + a.file +
                                                                 "' does not match its digest: run 'mcpc registry verify'");
    }
    fs::rename(temp, target, ec);
    if (ec) throw reg::RegistryError(reg::RegistryError::Kind::io, "cannot write '" + target.string() + "': " + ec.message());
  }
}

int run_publish(reg::Registry& r, const RegistryOptions& o, CliStreams& io) {
  std::error_code ec;
  if (!fs::is_regular_file(o.manifest, ec)) {
    io.err << "mcpc: error: cannot read manifest '" << o.manifest << "': "
           << (fs::exists(o.manifest, ec) ? "not a regular file" : "no such file") << "\n";
    return kExitUsage;
  }
  reg::PublishResult p = r.publish(o.manifest, reg::PublishOptions{o.force});
  if (o.json) {
    io.out << dump({{"name", p.name}, {"version", p.version}, {"unchanged", p.unchanged}, {"replaced", p.replaced},
                    {"latest", p.is_latest}, {"manifest_sha256", p.manifest_sha256}});
  } else if (p.unchanged) {
    io.out << p.name << "@" << p.version << " is already published with identical content (unchanged)\n";
  } else {
    io.out << (p.replaced ? "replaced " : "published ") << p.name << "@" << p.version
           << (p.is_latest ? " (latest)" : "") << "\n";
  }
  return kExitOk;
}

int run_get(reg::Registry& r, const RegistryOptions& o, CliStreams& io) {
  std::optional<std::string_view> version;
  if (!o.version.empty()) version = o.version;
  std::optional<reg::VersionRecord> v = r.get(o.name, version);
  if (!v) {
    io.err << "mcpc: error: " << (o.version.empty() ? "no server '" + o.name + "'" : "no version " + o.name + "@" + o.version)
           << " in the registry at " << r.root().string() << "\n";
    return kExitErrors;
  }
  if (!o.output_dir.empty()) copy_out(*v, o.output_dir);
  std::vector<reg::VersionSummary> history = r.versions(o.name);
  if (o.json) {
    Json artifacts = Json::array();
    for (const reg::ArtifactRecord& a : v->artifacts) {
      artifacts.push_back({{"role", a.role}, {"file", a.file}, {"size", a.size}, {"sha256", a.sha256},
                           {"media_type", a.media_type}, {"path", a.blob_path.string()}});
    }
    Json tools = Json::array();
    for (const reg::ToolRecord& t : v->tools) tools.push_back({{"name", t.name}, {"description", t.description}});
    Json versions = Json::array();
    for (const reg::VersionSummary& h : history) {
      versions.push_back({{"version", h.version}, {"status", h.status}, {"latest", h.is_latest},
                          {"published_at", h.published_at}});
    }
    io.out << dump({{"name", v->name},
                    {"version", v->version},
                    {"title", v->display_name},
                    {"description", v->description},
                    {"runtime", v->runtime},
                    {"server_type", v->server_type},
                    {"registry_name", v->registry_name},
                    {"status", v->status},
                    {"deprecation_message", v->deprecation_message},
                    {"latest", v->is_latest},
                    {"published_at", v->published_at},
                    {"updated_at", v->updated_at},
                    {"manifest_sha256", v->manifest_sha256},
                    {"artifacts", artifacts},
                    {"tools", tools},
                    {"versions", versions},
                    {"manifest", parsed_or_null(v->manifest_json)},
                    {"server_json", parsed_or_null(v->server_json)}});
    return kExitOk;
  }
  io.out << v->name << "@" << v->version << "  (" << (v->is_latest ? "latest, " : "") << v->status << ")\n";
  if (!v->deprecation_message.empty()) io.out << "  " << v->status << ": " << v->deprecation_message << "\n";
  if (!v->display_name.empty()) io.out << "  title:        " << v->display_name << "\n";
  if (!v->description.empty()) io.out << "  description:  " << v->description << "\n";
  if (!v->runtime.empty()) io.out << "  runtime:      " << v->runtime << "\n";
  io.out << "  published:    " << v->published_at << "\n";
  io.out << "  manifest:     sha256:" << v->manifest_sha256 << "\n";
  if (!v->artifacts.empty()) io.out << "  artifacts:\n";
  for (const reg::ArtifactRecord& a : v->artifacts) {
    io.out << "    " << a.file << "  (" << a.role << ", " << human_size(a.size) << ")\n"
           << "      sha256:" << a.sha256 << "\n"
           << "      " << a.blob_path.string() << "\n";
  }
  if (!v->tools.empty()) {
    io.out << "  tools:       ";
    for (std::size_t i = 0; i < v->tools.size(); ++i) io.out << (i ? ", " : " ") << v->tools[i].name;
    io.out << "\n";
  }
  if (history.size() > 1) {
    io.out << "  versions:    ";
    for (std::size_t i = 0; i < history.size(); ++i) {
      io.out << (i ? ", " : " ") << history[i].version;
      if (history[i].status != "active") io.out << " (" << history[i].status << ")";
    }
    io.out << "\n";
  }
  if (!o.output_dir.empty()) io.out << "  copied " << v->artifacts.size() << " artifacts to " << o.output_dir << " (digests verified)\n";
  return kExitOk;
}

void print_summaries(const std::vector<reg::ServerSummary>& servers, CliStreams& io) {
  std::size_t name_w = 4, version_w = 7;
  for (const reg::ServerSummary& s : servers) {
    name_w = std::max(name_w, s.name.size());
    version_w = std::max(version_w, s.latest_version.size());
  }
  auto pad = [](const std::string& s, std::size_t w) { return s + std::string(w > s.size() ? w - s.size() : 0, ' '); };
  io.out << pad("NAME", name_w) << "  " << pad("VERSION", version_w) << "  " << pad("STATUS", 10) << "  DESCRIPTION\n";
  for (const reg::ServerSummary& s : servers) {
    std::string d = s.description.size() > 60 ? s.description.substr(0, 57) + "..." : s.description;
    io.out << pad(s.name, name_w) << "  " << pad(s.latest_version, version_w) << "  " << pad(s.status, 10) << "  " << d
           << "\n";
  }
}

int run_list(reg::Registry& r, const RegistryOptions& o, CliStreams& io) {
  reg::ListPage page = r.list(o.filter);
  if (o.json) {
    Json servers = Json::array();
    for (const reg::ServerSummary& s : page.servers) servers.push_back(summary_json(s));
    io.out << dump({{"servers", servers}, {"next_cursor", page.next_cursor.empty() ? Json(nullptr) : Json(page.next_cursor)}});
    return kExitOk;
  }
  if (page.servers.empty()) {
    io.out << "no servers\n";
    return kExitOk;
  }
  print_summaries(page.servers, io);
  if (!page.next_cursor.empty()) io.out << "more: mcpc registry list --cursor " << page.next_cursor << "\n";
  return kExitOk;
}

int run_search(reg::Registry& r, const RegistryOptions& o, CliStreams& io) {
  std::string text;
  for (const std::string& q : o.query) text += (text.empty() ? "" : " ") + q;
  std::vector<reg::SearchHit> hits = r.search(text, o.search_limit);
  if (o.json) {
    Json results = Json::array();
    for (const reg::SearchHit& h : hits) {
      Json j = summary_json(h.server);
      j["score"] = h.score;
      results.push_back(j);
    }
    io.out << dump({{"query", text}, {"results", results}});
    return kExitOk;
  }
  if (hits.empty()) {
    io.out << "no matches\n";
    return kExitOk;
  }
  std::vector<reg::ServerSummary> servers;
  for (const reg::SearchHit& h : hits) servers.push_back(h.server);
  print_summaries(servers, io);
  return kExitOk;
}

int run_verify(reg::Registry& r, const RegistryOptions& o, CliStreams& io) {
  reg::VerifyReport report = r.verify(o.repair);
  reg::VerifyReport after = o.repair ? r.verify(false) : report;
  if (o.json) {
    io.out << dump({{"consistent", after.consistent()},
                    {"clean", after.clean()},
                    {"versions_checked", report.versions_checked},
                    {"blobs_checked", report.blobs_checked},
                    {"missing_blobs", report.missing_blobs},
                    {"corrupt_blobs", report.corrupt_blobs},
                    {"orphan_blobs", report.orphan_blobs},
                    {"temp_files", report.temp_files},
                    {"index_drift", report.index_drift},
                    {"repairs", report.repairs}});
    return after.consistent() ? kExitOk : kExitErrors;
  }
  auto section = [&](const char* title, const std::vector<std::string>& lines) {
    if (lines.empty()) return;
    io.out << title << " (" << lines.size() << "):\n";
    for (const std::string& l : lines) io.out << "  " << l << "\n";
  };
  section("missing blobs", report.missing_blobs);
  section("corrupt blobs", report.corrupt_blobs);
  section("index drift", report.index_drift);
  section("orphan blobs", report.orphan_blobs);
  section("temp files", report.temp_files);
  section("repairs", report.repairs);
  io.out << "checked " << report.versions_checked << " versions and " << report.blobs_checked << " blobs: ";
  if (!after.consistent()) {
    io.out << "the index is inconsistent" << (o.repair ? " even after repair" : "; 'verify --repair' fixes it") << "\n";
    return kExitErrors;
  }
  io.out << (o.repair && !report.consistent() ? "repaired, now consistent" : "consistent");
  if (!after.clean()) io.out << " ('mcpc registry gc' removes the orphans and temp files)";
  io.out << "\n";
  return kExitOk;
}

int run(const RegistryOptions& o, const CLI::App& cmd, CliStreams& io) {
  const CLI::App* sub = cmd.get_subcommands().empty() ? nullptr : cmd.get_subcommands().front();
  if (sub == nullptr) return kExitUsage;
  const std::string which = sub->get_name();
  const fs::path root = o.root.empty() ? reg::default_registry_root() : fs::path(o.root);
  try {
    // Only publish creates a registry; the others refuse a root without one.
    reg::OpenOptions open_options;
    open_options.create = which == "publish";
    reg::Registry r = reg::Registry::open(root, open_options);
    if (which == "publish") return run_publish(r, o, io);
    if (which == "get") return run_get(r, o, io);
    if (which == "list") return run_list(r, o, io);
    if (which == "search") return run_search(r, o, io);
    if (which == "verify") return run_verify(r, o, io);
    if (which == "remove") {
      std::optional<std::string_view> version;
      if (!o.version.empty()) version = o.version;
      reg::RemoveResult res = r.remove(o.name, version);
      if (o.json) {
        io.out << dump({{"versions_removed", res.versions_removed}, {"blobs_deleted", res.blobs_deleted}});
      } else {
        io.out << "removed " << (version ? o.name + "@" + o.version : o.name + " (" + std::to_string(res.versions_removed) + " versions)")
               << "; deleted " << res.blobs_deleted << " unreferenced blobs\n";
      }
      return kExitOk;
    }
    if (which == "deprecate") {
      if (o.undo) {
        r.undeprecate(o.name, o.version);
      } else {
        r.deprecate(o.name, o.version, o.message);
      }
      std::optional<reg::VersionRecord> v = r.get(o.name, std::string_view(o.version));
      if (o.json) {
        io.out << dump({{"name", o.name}, {"version", o.version}, {"status", v ? v->status : ""},
                        {"latest", v && v->is_latest}});
      } else {
        io.out << o.name << "@" << o.version << " is now " << (v ? v->status : "?") << "\n";
      }
      return kExitOk;
    }
    if (which == "gc") {
      reg::GcResult g = r.gc();
      if (o.json) {
        io.out << dump({{"blobs_deleted", g.blobs_deleted}, {"temp_files_deleted", g.temp_files_deleted},
                        {"bytes_freed", g.bytes_freed}});
      } else {
        io.out << "deleted " << g.blobs_deleted << " unreferenced blobs and " << g.temp_files_deleted
               << " temp files (" << human_size(g.bytes_freed) << ")\n";
      }
      return kExitOk;
    }
  } catch (const reg::RegistryError& e) {
    io.err << "mcpc: error: " << e.what() << "\n";
    return kExitErrors;
  } catch (const fs::filesystem_error& e) {
    io.err << "mcpc: error: " << e.what() << "\n";
    return kExitErrors;
  }
  return kExitUsage;
}

}  // namespace

Subcommand add_registry_command(CLI::App& app) {
  auto o = std::make_shared<RegistryOptions>();
  Subcommand sub;
  CLI::App* cmd = app.add_subcommand("registry", "Publish to and query a file-backed registry (docs/registry.md)");
  sub.app = cmd;
  cmd->add_option("--root", o->root,
                  "Registry directory (default: $MCPC_REGISTRY, else $XDG_DATA_HOME/mcpc/registry, else "
                  "~/.local/share/mcpc/registry)");
  cmd->add_flag("--json", o->json, "Print JSON for scripts instead of text");
  cmd->require_subcommand(1);
  cmd->footer("Exit status: 0 ok, 1 the operation failed or was refused (or verify found a problem), 2 usage.");

  // fallthrough: --root and --json may also follow the action (`mcpc registry get X --json`).
  CLI::App* publish = cmd->add_subcommand("publish", "Publish a manifest.json and the artifacts it names")->fallthrough();
  publish->add_option("manifest", o->manifest, "The manifest.json written by 'mcpc package' (or seed 000's shape)")
      ->required();
  publish->add_flag("--force", o->force, "Replace name@version even if it was published with different content");

  CLI::App* get = cmd->add_subcommand("get", "Show a version (the latest by default), its artifacts and digests")
                      ->fallthrough();
  get->add_option("name", o->name, "Server name")->required();
  get->add_option("version", o->version, "Version (default: the latest)");
  get->add_option("--output,-o", o->output_dir, "Copy the artifacts into this directory, verifying their digests");

  CLI::App* list = cmd->add_subcommand("list", "List servers with their latest version, by name")->fallthrough();
  list->add_option("--status", o->filter.status, "Only servers whose latest version is active, deprecated or deleted")
      ->check(CLI::IsMember({"active", "deprecated", "deleted"}));
  list->add_option("--runtime", o->filter.runtime, "Only native or node servers");
  list->add_option("--tag", o->filter.tag, "Only servers with this tag");
  list->add_option("--prefix", o->filter.name_prefix, "Only names starting with this");
  list->add_option("--limit", o->filter.limit, "Page size (1-1000)")->capture_default_str()->check(CLI::Range(1, 1000));
  list->add_option("--cursor", o->filter.cursor, "Continue after the previous page (its 'more:' line)");

  CLI::App* search = cmd->add_subcommand("search", "Full-text search over names, descriptions and tools")->fallthrough();
  search->add_option("query", o->query, "Words to look for (all must match; the last one may be a prefix)")->required();
  search->add_option("--limit", o->search_limit, "At most this many results")->capture_default_str()->check(CLI::Range(1, 1000));

  CLI::App* remove = cmd->add_subcommand("remove", "Remove one version, or a whole server, and its unreferenced blobs")
                         ->fallthrough();
  remove->add_option("name", o->name, "Server name")->required();
  remove->add_option("version", o->version, "Version (default: every version of the server)");

  CLI::App* deprecate = cmd->add_subcommand("deprecate", "Mark a version deprecated (latest moves to an active one)")
                            ->fallthrough();
  deprecate->add_option("name", o->name, "Server name")->required();
  deprecate->add_option("version", o->version, "Version")->required();
  deprecate->add_option("--message,-m", o->message, "Why, shown by 'get'")->capture_default_str();
  deprecate->add_flag("--undo", o->undo, "Make the version active again");

  CLI::App* verify = cmd->add_subcommand("verify", "Re-hash every blob and check the index against the blobs")
                         ->fallthrough();
  verify->add_flag("--repair", o->repair,
                   "Fix index drift: versions with missing or corrupt blobs become deleted, latest flags and the "
                   "search index are rebuilt");

  cmd->add_subcommand("gc", "Delete unreferenced blobs and temp files of interrupted publishes")->fallthrough();

  sub.run = [o, cmd](CliStreams& io) { return run(*o, *cmd, io); };
  return sub;
}

}  // namespace mcpc::driver
