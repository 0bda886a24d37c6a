// mcpc registry: the file-backed registry store's command line (docs/registry.md).
// Human-readable output by default, --json for scripts. Failures are [registry] diagnostics
// (exit 1); a manifest or directory that cannot be read is [io] (exit 2).
#include "mcpc/registry/registry.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "mcpc/json.h"
#include "mcpc/package/package.h"
#include "mcpc/registry/json.h"
#include "mcpc/registry/terminal.h"
#include "subcommand.h"

namespace mcpc::tool {
namespace {

namespace fs = std::filesystem;
namespace reg = mcpc::registry;

struct RegistryOptions {
  std::string root;
  std::string db;  // --db: sqlite:PATH or postgresql://...
  bool json = false;
  std::string manifest;  // publish
  bool force = false;
  reg::ArchiveLimits archive_limits;
  std::string name, version;       // get, versions, remove, deprecate
  std::string output_dir;          // get --output
  reg::ListFilter filter;          // list
  std::vector<std::string> query;  // search
  std::size_t search_limit = 20;
  std::string message = "deprecated";  // deprecate
  bool undo = false;
  bool repair = false;  // verify
};

// ensure_ascii: the JSON stays JSON, and escape sequences in published text stay \u escapes
// instead of reaching a terminal that shows it.
std::string dump(const OrderedJson& j) { return j.dump(2, ' ', true, OrderedJson::error_handler_t::replace) + "\n"; }

// Published text (titles, descriptions, file names, messages) for a terminal.
std::string safe(std::string_view text) { return reg::terminal_safe(text); }

OrderedJson parsed_or_null(const std::string& text, const std::string& what) {
  if (text.empty()) return nullptr;
  return reg::read_ordered_json(text, what);
}

OrderedJson summary_json(const reg::ServerSummary& s) {
  return {
      {"name", s.name},       {"title", s.display_name}, {"description", s.description}, {"version", s.latest_version},
      {"runtime", s.runtime}, {"status", s.status},      {"updated_at", s.updated_at},   {"tags", s.tags}};
}

OrderedJson version_json(const reg::VersionSummary& v) {
  return {{"version", v.version},
          {"status", v.status},
          {"latest", v.is_latest},
          {"published_at", v.published_at},
          {"updated_at", v.updated_at},
          {"deprecation_message", v.deprecation_message},
          {"manifest_sha256", v.manifest_sha256}};
}

// Left-aligns `s` in a column `w` wide.
std::string pad(const std::string& s, std::size_t w) { return s + std::string(w > s.size() ? w - s.size() : 0, ' '); }

std::string human_size(std::uint64_t bytes) {
  if (bytes < 10 * 1024) return std::to_string(bytes) + " B";
  if (bytes < 10 * 1024 * 1024) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes / (1024 * 1024)) + " MiB";
}

void run_publish(reg::Registry& r, const RegistryOptions& o, Invocation& inv) {
  std::error_code ec;
  if (!fs::is_regular_file(o.manifest, ec)) {
    inv.report(Check::Io, "cannot read manifest '" + safe(o.manifest) +
                              "': " + (fs::exists(o.manifest, ec) ? "not a regular file" : "no such file"));
    return;
  }
  reg::PublishOptions options;
  options.force = o.force;
  options.archive_limits = o.archive_limits;
  reg::PublishResult p = r.publish(o.manifest, options);
  if (o.json) {
    inv.io.out << dump({{"name", p.name},
                        {"version", p.version},
                        {"unchanged", p.unchanged},
                        {"replaced", p.replaced},
                        {"latest", p.is_latest},
                        {"manifest_sha256", p.manifest_sha256}});
  } else if (p.unchanged) {
    inv.io.out << safe(p.name) << "@" << safe(p.version)
               << " is already published with identical content (unchanged)\n";
  } else {
    inv.io.out << (p.replaced ? "replaced " : "published ") << safe(p.name) << "@" << safe(p.version)
               << (p.is_latest ? " (latest)" : "") << "\n";
  }
  return;
}

void run_get(reg::Registry& r, const RegistryOptions& o, Invocation& inv) {
  std::optional<std::string_view> version;
  if (!o.version.empty()) version = o.version;
  std::optional<reg::VersionRecord> v = r.get(o.name, version);
  if (!v) {
    inv.report(Check::Registry,
               safe(o.version.empty() ? "no server '" + o.name + "'" : "no version " + o.name + "@" + o.version) +
                   " in the registry at " + r.root().string());
    return;
  }
  if (!o.output_dir.empty()) reg::copy_artifacts(*v, o.output_dir);
  std::vector<reg::VersionSummary> history = r.versions(o.name);
  if (o.json) {
    OrderedJson artifacts = OrderedJson::array();
    for (const reg::ArtifactRecord& a : v->artifacts) {
      artifacts.push_back({{"role", a.role},
                           {"file", a.file},
                           {"size", a.size},
                           {"sha256", a.sha256},
                           {"media_type", a.media_type},
                           {"path", a.blob_path.string()}});
    }
    OrderedJson tools = OrderedJson::array();
    for (const reg::ToolRecord& t : v->tools) tools.push_back({{"name", t.name}, {"description", t.description}});
    OrderedJson versions = OrderedJson::array();
    for (const reg::VersionSummary& h : history) versions.push_back(version_json(h));
    const std::string who = v->name + "@" + v->version;
    inv.io.out << dump({{"name", v->name},
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
                        {"manifest", parsed_or_null(v->manifest_json, "the stored manifest of " + who)},
                        {"server_json", parsed_or_null(v->server_json, "the stored server.json of " + who)}});
    return;
  }
  // Every field a publisher wrote goes through safe(): names and versions are validated at
  // publish, but the text around them (title, description, tools, file names) is free.
  inv.io.out << safe(v->name) << "@" << safe(v->version) << "  (" << (v->is_latest ? "latest, " : "") << safe(v->status)
             << ")\n";
  if (!v->deprecation_message.empty()) {
    inv.io.out << "  " << safe(v->status) << ": " << safe(v->deprecation_message) << "\n";
  }
  if (!v->display_name.empty()) inv.io.out << "  title:        " << safe(v->display_name) << "\n";
  if (!v->description.empty()) inv.io.out << "  description:  " << safe(v->description) << "\n";
  if (!v->runtime.empty()) inv.io.out << "  runtime:      " << safe(v->runtime) << "\n";
  inv.io.out << "  published:    " << safe(v->published_at) << "\n";
  inv.io.out << "  manifest:     sha256:" << safe(v->manifest_sha256) << "\n";
  if (!v->artifacts.empty()) inv.io.out << "  artifacts:\n";
  for (const reg::ArtifactRecord& a : v->artifacts) {
    inv.io.out << "    " << safe(a.file) << "  (" << safe(a.role) << ", " << human_size(a.size) << ")\n"
               << "      sha256:" << safe(a.sha256) << "\n"
               << "      " << safe(a.blob_path.string()) << "\n";
  }
  if (!v->tools.empty()) {
    inv.io.out << "  tools:       ";
    for (std::size_t i = 0; i < v->tools.size(); ++i) inv.io.out << (i ? ", " : " ") << safe(v->tools[i].name);
    inv.io.out << "\n";
  }
  if (history.size() > 1) {
    inv.io.out << "  versions:    ";
    for (std::size_t i = 0; i < history.size(); ++i) {
      inv.io.out << (i ? ", " : " ") << safe(history[i].version);
      if (history[i].status != "active") inv.io.out << " (" << safe(history[i].status) << ")";
    }
    inv.io.out << "\n";
  }
  if (!o.output_dir.empty()) {
    inv.io.out << "  copied " << v->artifacts.size() << " artifacts to " << safe(o.output_dir)
               << " (digests verified)\n";
  }
  return;
}

void run_versions(reg::Registry& r, const RegistryOptions& o, Invocation& inv) {
  std::vector<reg::VersionSummary> history = r.versions(o.name);
  if (history.empty()) {
    inv.report(Check::Registry, safe("no server '" + o.name + "'") + " in the registry at " + r.root().string());
    return;
  }
  if (o.json) {
    OrderedJson versions = OrderedJson::array();
    for (const reg::VersionSummary& v : history) versions.push_back(version_json(v));
    inv.io.out << dump({{"name", o.name}, {"versions", versions}});
    return;
  }
  std::size_t version_w = 7;
  for (const reg::VersionSummary& v : history) version_w = std::max(version_w, safe(v.version).size());
  inv.io.out << pad("VERSION", version_w) << "  " << pad("STATUS", 10) << "  " << pad("PUBLISHED", 24) << "  NOTE\n";
  for (const reg::VersionSummary& v : history) {
    std::string note = v.is_latest ? "latest" : "";
    if (!v.deprecation_message.empty()) note += (note.empty() ? "" : "; ") + safe(v.deprecation_message);
    std::string line = pad(safe(v.version), version_w) + "  " + pad(safe(v.status), 10) + "  " +
                       pad(safe(v.published_at), 24) + "  " + note;
    inv.io.out << line.substr(0, line.find_last_not_of(' ') + 1) << "\n";
  }
}

void print_summaries(const std::vector<reg::ServerSummary>& servers, Invocation& inv) {
  std::size_t name_w = 4, version_w = 7;
  for (const reg::ServerSummary& s : servers) {
    name_w = std::max(name_w, safe(s.name).size());
    version_w = std::max(version_w, safe(s.latest_version).size());
  }
  inv.io.out << pad("NAME", name_w) << "  " << pad("VERSION", version_w) << "  " << pad("STATUS", 10)
             << "  DESCRIPTION\n";
  for (const reg::ServerSummary& s : servers) {
    // Cut first, escape after: an escape is never cut in half.
    inv.io.out << pad(safe(s.name), name_w) << "  " << pad(safe(s.latest_version), version_w) << "  "
               << pad(safe(s.status), 10) << "  " << safe(mcpc::package::shorten(s.description, 60)) << "\n";
  }
}

void run_list(reg::Registry& r, const RegistryOptions& o, Invocation& inv) {
  reg::ListPage page = r.list(o.filter);
  if (o.json) {
    OrderedJson servers = OrderedJson::array();
    for (const reg::ServerSummary& s : page.servers) servers.push_back(summary_json(s));
    inv.io.out << dump(
        {{"servers", servers},
         {"next_cursor", page.next_cursor.empty() ? OrderedJson(nullptr) : OrderedJson(page.next_cursor)}});
    return;
  }
  if (page.servers.empty()) {
    inv.io.out << "no servers\n";
    return;
  }
  print_summaries(page.servers, inv);
  if (!page.next_cursor.empty()) inv.io.out << "more: mcpc registry list --cursor " << page.next_cursor << "\n";
  return;
}

void run_search(reg::Registry& r, const RegistryOptions& o, Invocation& inv) {
  std::string text;
  for (const std::string& q : o.query) text += (text.empty() ? "" : " ") + q;
  std::vector<reg::SearchHit> hits = r.search(text, o.search_limit);
  if (o.json) {
    OrderedJson results = OrderedJson::array();
    for (const reg::SearchHit& h : hits) {
      OrderedJson j = summary_json(h.server);
      j["score"] = h.score;
      results.push_back(j);
    }
    inv.io.out << dump({{"query", text}, {"results", results}});
    return;
  }
  if (hits.empty()) {
    inv.io.out << "no matches\n";
    return;
  }
  std::vector<reg::ServerSummary> servers;
  for (const reg::SearchHit& h : hits) servers.push_back(h.server);
  print_summaries(servers, inv);
  return;
}

void run_verify(reg::Registry& r, const RegistryOptions& o, Invocation& inv) {
  reg::VerifyReport report = r.verify(o.repair);
  reg::VerifyReport after = o.repair ? r.verify(false) : report;
  if (o.json) {
    inv.io.out << dump({{"consistent", after.consistent()},
                        {"clean", after.clean()},
                        {"versions_checked", report.versions_checked},
                        {"blobs_checked", report.blobs_checked},
                        {"missing_blobs", report.missing_blobs},
                        {"corrupt_blobs", report.corrupt_blobs},
                        {"orphan_blobs", report.orphan_blobs},
                        {"temp_files", report.temp_files},
                        {"index_drift", report.index_drift},
                        {"repairs", report.repairs}});
    if (!after.consistent()) inv.report(Check::Registry, "the registry index is inconsistent");
    return;
  }
  auto section = [&](const char* title, const std::vector<std::string>& lines) {
    if (lines.empty()) return;
    inv.io.out << title << " (" << lines.size() << "):\n";
    for (const std::string& l : lines) inv.io.out << "  " << safe(l) << "\n";
  };
  section("missing blobs", report.missing_blobs);
  section("corrupt blobs", report.corrupt_blobs);
  section("index drift", report.index_drift);
  section("orphan blobs", report.orphan_blobs);
  section("temp files", report.temp_files);
  section("repairs", report.repairs);
  inv.io.out << "checked " << report.versions_checked << " versions and " << report.blobs_checked << " blobs: ";
  if (!after.consistent()) {
    inv.io.out << "the index is inconsistent" << (o.repair ? " even after repair" : "; 'verify --repair' fixes it")
               << "\n";
    inv.report(Check::Registry, "the registry index is inconsistent");
    return;
  }
  inv.io.out << (o.repair && !report.consistent() ? "repaired, now consistent" : "consistent");
  if (!after.clean()) inv.io.out << " ('mcpc registry gc' removes the orphans and temp files)";
  inv.io.out << "\n";
  return;
}

void run(const RegistryOptions& o, const CLI::App& cmd, Invocation& inv) {
  const CLI::App* sub = cmd.get_subcommands().empty() ? nullptr : cmd.get_subcommands().front();
  if (sub == nullptr) return;  // CLI11 requires one
  const std::string which = sub->get_name();
  const fs::path root = o.root.empty() ? reg::default_registry_root() : fs::path(o.root);
  try {
    // Only publish creates a registry; the others refuse a root without one.
    reg::OpenOptions open_options;
    open_options.create = which == "publish";
    open_options.database_url = o.db;
    reg::Registry r = reg::Registry::open(root, open_options);
    if (which == "publish") return run_publish(r, o, inv);
    if (which == "get") return run_get(r, o, inv);
    if (which == "versions") return run_versions(r, o, inv);
    if (which == "list") return run_list(r, o, inv);
    if (which == "search") return run_search(r, o, inv);
    if (which == "verify") return run_verify(r, o, inv);
    if (which == "remove") {
      std::optional<std::string_view> version;
      if (!o.version.empty()) version = o.version;
      reg::RemoveResult res = r.remove(o.name, version);
      if (o.json) {
        inv.io.out << dump({{"versions_removed", res.versions_removed}, {"blobs_deleted", res.blobs_deleted}});
      } else {
        std::string what =
            version ? o.name + "@" + o.version : o.name + " (" + std::to_string(res.versions_removed) + " versions)";
        inv.io.out << "removed " << safe(what) << "; deleted " << res.blobs_deleted << " unreferenced blobs\n";
      }
      return;
    }
    if (which == "deprecate") {
      if (o.undo) {
        r.undeprecate(o.name, o.version);
      } else {
        r.deprecate(o.name, o.version, o.message);
      }
      std::optional<reg::VersionRecord> v = r.get(o.name, std::string_view(o.version));
      if (o.json) {
        inv.io.out << dump(
            {{"name", o.name}, {"version", o.version}, {"status", v ? v->status : ""}, {"latest", v && v->is_latest}});
      } else {
        inv.io.out << safe(o.name) << "@" << safe(o.version) << " is now " << (v ? safe(v->status) : "?") << "\n";
      }
      return;
    }
    if (which == "gc") {
      reg::GcResult g = r.gc();
      if (o.json) {
        inv.io.out << dump({{"blobs_deleted", g.blobs_deleted},
                            {"temp_files_deleted", g.temp_files_deleted},
                            {"bytes_freed", g.bytes_freed}});
      } else {
        inv.io.out << "deleted " << g.blobs_deleted << " unreferenced blobs and " << g.temp_files_deleted
                   << " temp files (" << human_size(g.bytes_freed) << ")\n";
      }
      return;
    }
  } catch (const reg::RegistryError& e) {
    inv.report(Check::Registry, safe(e.what()));
  } catch (const fs::filesystem_error& e) {
    inv.report(Check::Io, safe(e.what()));
  }
}

}  // namespace

Subcommand add_registry_command(CLI::App& app) {
  auto o = std::make_shared<RegistryOptions>();
  Subcommand sub;
  CLI::App* cmd = app.add_subcommand("registry", "Publish to and query a file-backed registry");
  sub.app = cmd;
  cmd->add_option("--root", o->root,
                  "Registry directory (default: $MCPC_REGISTRY, else $XDG_DATA_HOME/mcpc/registry, else "
                  "~/.local/share/mcpc/registry)");
  cmd->add_option("--db", o->db,
                  "Index database: sqlite:PATH or postgresql://USER@HOST:PORT/DB (default: ROOT/index.sqlite); "
                  "artifacts stay under the root");
  cmd->add_flag("--json", o->json, "Print JSON for scripts instead of text");
  cmd->require_subcommand(1);

  // fallthrough: --root and --json may also follow the action (`mcpc registry get X --json`).
  CLI::App* publish =
      cmd->add_subcommand("publish", "Publish a manifest.json and the artifacts it names")->fallthrough();
  publish
      ->add_option("manifest", o->manifest,
                   "The manifest.json written by 'mcpc package' (or a minimal one, without digests)")
      ->required();
  publish->add_flag("--force", o->force, "Replace name@version even if it was published with different content");
  // The archive limits (docs/security.md): every archive-like artifact is unpacked in memory to check it.
  publish
      ->add_option("--max-unpacked-bytes", o->archive_limits.max_unpacked_bytes,
                   "Refuse an archive artifact that unpacks to more bytes than this")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  publish
      ->add_option("--max-entry-bytes", o->archive_limits.max_entry_bytes,
                   "Refuse an archive artifact with an entry larger than this")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  publish
      ->add_option("--max-unpack-ratio", o->archive_limits.max_ratio,
                   "Refuse an archive artifact that unpacks to more than this many times its size (beyond " +
                       std::to_string(reg::kArchiveRatioGraceBytes >> 20) + " MiB)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  publish
      ->add_option("--max-archive-entries", o->archive_limits.max_entries,
                   "Refuse an archive artifact with more entries than this")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  CLI::App* get =
      cmd->add_subcommand("get", "Show a version (the latest by default), its artifacts and digests")->fallthrough();
  get->add_option("name", o->name, "Server name")->required();
  get->add_option("version", o->version, "Version (default: the latest)");
  get->add_option("--output,-o", o->output_dir, "Copy the artifacts into this directory, verifying their digests");

  CLI::App* versions =
      cmd->add_subcommand("versions", "List every version of a server, newest first, with its status")->fallthrough();
  versions->add_option("name", o->name, "Server name")->required();

  CLI::App* list = cmd->add_subcommand("list", "List servers with their latest version, by name")->fallthrough();
  list->add_option("--status", o->filter.status, "Only servers whose latest version is active, deprecated or deleted")
      ->check(CLI::IsMember({"active", "deprecated", "deleted"}));
  list->add_option("--runtime", o->filter.runtime, "Only native or node servers");
  list->add_option("--tag", o->filter.tag, "Only servers with this tag");
  list->add_option("--prefix", o->filter.name_prefix, "Only names starting with this");
  list->add_option("--limit", o->filter.limit, "Page size (1-1000)")->capture_default_str()->check(CLI::Range(1, 1000));
  list->add_option("--cursor", o->filter.cursor, "Continue after the previous page (its 'more:' line)");

  CLI::App* search =
      cmd->add_subcommand("search", "Full-text search over names, descriptions and tools")->fallthrough();
  search->add_option("query", o->query, "Words to look for (all must match; the last one may be a prefix)")->required();
  search->add_option("--limit", o->search_limit, "At most this many results")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));

  CLI::App* remove =
      cmd->add_subcommand("remove", "Remove one version, or a whole server, and its unreferenced blobs")->fallthrough();
  remove->add_option("name", o->name, "Server name")->required();
  remove->add_option("version", o->version, "Version (default: every version of the server)");

  CLI::App* deprecate =
      cmd->add_subcommand("deprecate", "Mark a version deprecated (latest moves to an active one)")->fallthrough();
  deprecate->add_option("name", o->name, "Server name")->required();
  deprecate->add_option("version", o->version, "Version")->required();
  deprecate->add_option("--message,-m", o->message, "Why, shown by 'get'")->capture_default_str();
  deprecate->add_flag("--undo", o->undo, "Make the version active again");

  CLI::App* verify =
      cmd->add_subcommand("verify", "Re-hash every blob and check the index against the blobs")->fallthrough();
  verify->add_flag("--repair", o->repair,
                   "Fix index drift: versions with missing or corrupt blobs become deleted, latest flags and the "
                   "search index are rebuilt");

  cmd->add_subcommand("gc", "Delete unreferenced blobs and temp files of interrupted publishes")->fallthrough();

  sub.run = [o, cmd](Invocation& inv) { run(*o, *cmd, inv); };
  return sub;
}

}  // namespace mcpc::tool
