#include "manifest.h"

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "mcpc/registry/json.h"
#include "mcpc/registry/names.h"
#include "mcpc/registry/registry.h"
#include "mcpc/registry/sha256.h"

namespace mcpc::registry::store {
namespace fs = std::filesystem;
using nlohmann::json;
namespace {

constexpr std::uintmax_t kMaxManifestBytes = 16u << 20;
constexpr std::size_t kMaxFileNameLength = 1024;

[[noreturn]] void refuse(const std::string& message) { throw RegistryError(RegistryError::Kind::invalid, message); }

bool has_control_char(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// Why a path inside a manifest or an archive is unsafe to use, or empty when it is fine.
std::string unsafe_path(std::string_view p) {
  if (p.empty()) return "is empty";
  if (p.size() > kMaxFileNameLength) return "is longer than " + std::to_string(kMaxFileNameLength) + " characters";
  if (has_control_char(p)) return "contains a control character";
  if (p.front() == '/' || p.front() == '\\') return "is absolute";
  if (p.size() >= 2 && p[1] == ':') return "has a drive letter";
  std::size_t start = 0;
  while (start <= p.size()) {
    std::size_t end = p.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = p.size();
    if (p.substr(start, end - start) == "..") return "has a '..' component";
    start = end + 1;
  }
  return "";
}

std::string string_field(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::string> required_string(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return std::nullopt;
  if (!it->is_string()) refuse(std::string("manifest: '") + key + "' must be a string");
  return it->get<std::string>();
}

// A JSON string for messages: quoted, with control bytes escaped, cut at 80 characters.
std::string shown(const std::string& s) {
  std::string cut = s.size() > 80 ? s.substr(0, 80) + "..." : s;
  return json(cut).dump(-1, ' ', true, json::error_handler_t::replace);
}

ManifestArtifact artifact_from(const json& a, const std::string& default_role, const std::string& where) {
  if (!a.is_object()) refuse("manifest: " + where + " must be an object");
  ManifestArtifact out;
  auto file = a.find("file");
  if (file == a.end() || !file->is_string()) refuse("manifest: " + where + " has no 'file' string");
  out.file = file->get<std::string>();
  out.role = string_field(a, "role");
  if (out.role.empty()) out.role = default_role;
  out.media_type = string_field(a, "media_type");
  if (auto s = a.find("size"); s != a.end()) {
    if (!s->is_number_unsigned()) refuse("manifest: " + where + ": 'size' must be a non-negative integer");
    out.size = s->get<std::uint64_t>();
  }
  if (auto h = a.find("sha256"); h != a.end()) {
    if (!h->is_string() || !is_sha256_hex(h->get<std::string>()))
      refuse("manifest: " + where + ": 'sha256' must be 64 lowercase hex characters");
    out.sha256 = h->get<std::string>();
  }
  return out;
}

std::string media_type_for(const std::string& file) {
  auto ends = [&](std::string_view s) { return file.size() >= s.size() && file.compare(file.size() - s.size(), s.size(), s) == 0; };
  if (ends(".tgz") || ends(".tar.gz")) return "application/gzip";
  if (ends(".tar")) return "application/x-tar";
  if (ends(".mcpb") || ends(".zip")) return "application/zip";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

}  // namespace

Manifest read_manifest(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) refuse("cannot read manifest '" + file.string() + "': not a regular file");
  if (fs::file_size(file, ec) > kMaxManifestBytes) refuse("manifest '" + file.string() + "' is larger than 16 MiB");
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) refuse("cannot read manifest '" + file.string() + "'");

  Manifest m;
  m.json = read_json(text.str(), "manifest '" + file.string() + "'");
  if (!m.json.is_object()) refuse("manifest '" + file.string() + "' is not a JSON object");
  if (auto f = m.json.find("format"); f != m.json.end() && *f != "mcpc-manifest/1")
    refuse("manifest: unknown format " + shown(f->dump()) + " (this mcpc reads mcpc-manifest/1)");

  auto name = required_string(m.json, "name");
  auto version = required_string(m.json, "version");
  if (!name) refuse("manifest: 'name' is missing");
  if (!version) refuse("manifest: 'version' is missing");
  if (auto p = name_problem(*name)) refuse("refusing server name " + shown(*name) + ": " + *p);
  if (auto p = version_problem(*version)) refuse("refusing version " + shown(*version) + ": " + *p);
  m.name = *name;
  m.version = *version;

  // Every file: `artifacts[]`, the main `artifact`, or seed 000's `package` (path or object).
  std::vector<ManifestArtifact> found;
  if (auto a = m.json.find("artifacts"); a != m.json.end()) {
    if (!a->is_array()) refuse("manifest: 'artifacts' must be an array");
    for (std::size_t i = 0; i < a->size(); ++i)
      found.push_back(artifact_from((*a)[i], "", "artifacts[" + std::to_string(i) + "]"));
  }
  if (auto a = m.json.find("artifact"); a != m.json.end()) found.push_back(artifact_from(*a, "tarball", "'artifact'"));
  if (auto p = m.json.find("package"); p != m.json.end()) {
    if (p->is_string()) {
      ManifestArtifact seed;
      seed.role = "tarball";
      seed.file = p->get<std::string>();
      found.push_back(seed);
    } else {
      found.push_back(artifact_from(*p, "tarball", "'package'"));
    }
  }

  fs::path dir = fs::absolute(file, ec).parent_path();
  fs::path real_dir = fs::canonical(dir, ec);
  if (ec) refuse("cannot resolve the manifest's directory '" + dir.string() + "': " + ec.message());
  std::set<std::string> seen;
  for (ManifestArtifact& a : found) {
    if (std::string why = unsafe_path(a.file); !why.empty()) refuse("refusing artifact path " + shown(a.file) + ": it " + why);
    if (!seen.insert(a.file).second) {
      // The same file listed twice (`artifact` repeated in `artifacts`): digests must agree.
      for (const ManifestArtifact& b : m.artifacts) {
        if (b.file == a.file && ((a.sha256 && b.sha256 && a.sha256 != b.sha256) || (a.size && b.size && a.size != b.size)))
          refuse("manifest lists artifact " + shown(a.file) + " twice with different digests");
      }
      continue;
    }
    if (a.role.empty()) a.role = "file";
    if (a.media_type.empty()) a.media_type = media_type_for(a.file);
    fs::path real = fs::canonical(dir / a.file, ec);
    if (ec) refuse("artifact " + shown(a.file) + " named by the manifest does not exist (" + ec.message() + ")");
    auto [d, r] = std::mismatch(real_dir.begin(), real_dir.end(), real.begin(), real.end());
    if (d != real_dir.end()) refuse("refusing artifact " + shown(a.file) + ": it resolves outside the manifest's directory");
    if (!fs::is_regular_file(real, ec)) refuse("refusing artifact " + shown(a.file) + ": not a regular file");
    a.source = real;
    m.artifacts.push_back(a);
  }
  return m;
}

bool is_archive(const ManifestArtifact& a) {
  std::string mt = a.media_type;
  return a.role == "tarball" || a.role == "mcpb" || mt == "application/gzip" || mt == "application/x-tar" ||
         mt == "application/zip";
}

// libarchive leaves the error string NULL for some failures (a fuzzer found a truncated ZIP).
std::string archive_error(struct archive* a) {
  const char* text = archive_error_string(a);
  return text != nullptr ? text : "unreadable data";
}

void check_archive(const fs::path& archive_file, const std::string& name) {
  std::unique_ptr<struct archive, int (*)(struct archive*)> a(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_zip(a.get());
  if (archive_read_open_filename(a.get(), archive_file.c_str(), 1 << 16) != ARCHIVE_OK)
    refuse("artifact " + shown(name) + " is not a readable archive: " + archive_error(a.get()));
  archive_entry* entry = nullptr;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
    const char* path = archive_entry_pathname(entry);
    std::string p = path ? path : "";
    if (std::string why = unsafe_path(p); !why.empty())
      refuse("refusing archive " + shown(name) + ": entry " + shown(p) + " " + why);
    if (const char* target = archive_entry_hardlink(entry)) {
      if (std::string why = unsafe_path(target); !why.empty())
        refuse("refusing archive " + shown(name) + ": hard link " + shown(p) + " points to a path that " + why);
    }
    if (const char* target = archive_entry_symlink(entry)) {
      if (std::string why = unsafe_path(target); !why.empty())
        refuse("refusing archive " + shown(name) + ": symlink " + shown(p) + " points to a path that " + why);
    }
  }
  if (rc != ARCHIVE_EOF) refuse("artifact " + shown(name) + " is a damaged archive: " + archive_error(a.get()));
}

ManifestFacts manifest_facts(const json& m) {
  ManifestFacts f;
  f.title = string_field(m, "title");
  f.description = string_field(m, "description");
  f.runtime = string_field(m, "runtime");
  f.server_type = string_field(m, "server_type");
  if (f.server_type.empty()) f.server_type = "local";
  f.registry_name = string_field(m, "registry_name");
  if (auto t = m.find("transports"); t != m.end() && t->is_array()) {
    for (const json& tr : *t) {
      if (tr.is_object() && string_field(tr, "type") == "streamable-http") f.endpoint_url = string_field(tr, "url");
    }
  }
  if (auto md = m.find("metadata"); md != m.end() && md->is_object()) {
    f.author = string_field(*md, "author");
    auto url_of = [&](const char* key) {
      auto it = md->find(key);
      if (it == md->end()) return std::string();
      if (it->is_object()) return string_field(*it, "url");
      return it->is_string() ? it->get<std::string>() : std::string();
    };
    f.repository_url = url_of("repository");
    f.documentation_url = url_of("documentation");
    if (auto tags = md->find("tags"); tags != md->end() && tags->is_array()) {
      for (const json& t : *tags) {
        if (t.is_string()) f.tags.push_back(t.get<std::string>());
      }
    }
  }
  if (auto tools = m.find("tools"); tools != m.end() && tools->is_array()) {
    for (const json& t : *tools) {
      if (!t.is_object() || !t.contains("name") || !t["name"].is_string()) continue;
      ManifestFacts::Tool tool{t["name"].get<std::string>(), string_field(t, "description"), "{}", string_field(t, "category")};
      if (auto s = t.find("input_schema"); s != t.end()) tool.input_schema = s->dump();
      f.tools.push_back(std::move(tool));
    }
  }
  return f;
}

}  // namespace mcpc::registry::store
