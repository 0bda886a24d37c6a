// Reproducible tar.gz and zip writing with libarchive (see archive.h for the rules).
#include "mcpc/package/archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace mcpc::package {
namespace fs = std::filesystem;

std::string check_entry_path(const std::string& path) {
  if (path.empty()) return "an empty path";
  if (path.size() > 1024) return "a path longer than 1024 bytes";
  if (path.front() == '/') return "an absolute path '" + path + "'";
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return "a path with a control character";
    if (c == '\\') return "a path with a backslash '" + path + "'";
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string_view part(path.data() + start, end - start);
    if (part.empty()) return "a path with an empty component '" + path + "'";
    if (part == "." || part == "..") return "a path with a '" + std::string(part) + "' component '" + path + "'";
    start = end + 1;
  }
  return "";
}

std::vector<ArchiveEntry> entries_from_directory(const fs::path& dir, const std::string& prefix,
                                                 const std::function<bool(const std::string&)>& skip) {
  std::vector<ArchiveEntry> entries;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec);
  if (ec) throw PackageError("cannot read directory '" + dir.string() + "': " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) throw PackageError("cannot read directory '" + dir.string() + "': " + ec.message());
    const fs::directory_entry& e = *it;
    std::string rel = fs::relative(e.path(), dir).generic_string();
    if (skip && skip(rel)) {
      if (e.is_directory(ec) && !e.is_symlink(ec)) it.disable_recursion_pending();
      continue;
    }
    if (e.is_symlink(ec)) continue;  // recursive_directory_iterator does not follow them
    if (e.is_directory(ec)) {
      entries.push_back({prefix + rel, true, false, {}, {}});
    } else if (e.is_regular_file(ec)) {
      fs::perms p = e.status(ec).permissions();
      bool exec = (p & fs::perms::owner_exec) != fs::perms::none;
      entries.push_back({prefix + rel, false, exec, e.path(), {}});
    }
  }
  return entries;
}

namespace {

struct ArchiveDeleter {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

[[noreturn]] void fail(archive* a, const fs::path& out, const std::string& what) {
  const char* msg = a ? archive_error_string(a) : nullptr;
  throw PackageError("cannot write '" + out.string() + "': " + what + (msg ? std::string(": ") + msg : ""));
}

// Sorted, checked, de-duplicated entries with every parent directory present.
std::vector<ArchiveEntry> normalise(std::vector<ArchiveEntry> entries) {
  std::map<std::string, ArchiveEntry> by_path;
  for (ArchiveEntry& e : entries) {
    while (!e.path.empty() && e.path.back() == '/') e.path.pop_back();
    if (std::string err = check_entry_path(e.path); !err.empty()) {
      throw PackageError("refusing to archive " + err);
    }
    for (std::size_t slash = e.path.find('/'); slash != std::string::npos; slash = e.path.find('/', slash + 1)) {
      std::string parent = e.path.substr(0, slash);
      auto [pos, inserted] = by_path.try_emplace(parent);
      if (inserted) {
        pos->second.path = parent;
        pos->second.directory = true;
      } else if (!pos->second.directory) {
        throw PackageError("refusing to archive '" + e.path + "': '" + parent + "' is a file");
      }
    }
    auto [pos, inserted] = by_path.try_emplace(e.path);
    if (!inserted) {
      if (pos->second.directory && e.directory) continue;
      throw PackageError("refusing to archive '" + e.path + "' twice");
    }
    pos->second = std::move(e);
  }
  std::vector<ArchiveEntry> sorted;
  sorted.reserve(by_path.size());
  for (auto& [path, e] : by_path) sorted.push_back(std::move(e));  // std::map: byte order
  return sorted;
}

void write_entries(archive* a, const fs::path& out, const std::vector<ArchiveEntry>& entries, std::int64_t mtime,
                   bool zip) {
  std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
  std::vector<char> buffer(1 << 16);
  for (const ArchiveEntry& e : entries) {
    archive_entry_clear(entry.get());
    std::string name = e.directory && zip ? e.path + "/" : e.path;
    archive_entry_set_pathname_utf8(entry.get(), name.c_str());
    archive_entry_set_mtime(entry.get(), static_cast<time_t>(mtime), 0);
    archive_entry_set_uid(entry.get(), 0);
    archive_entry_set_gid(entry.get(), 0);
    std::optional<std::ifstream> in;
    std::uintmax_t size = 0;
    if (e.directory) {
      archive_entry_set_filetype(entry.get(), AE_IFDIR);
      archive_entry_set_perm(entry.get(), 0755);
    } else {
      archive_entry_set_filetype(entry.get(), AE_IFREG);
      archive_entry_set_perm(entry.get(), e.executable ? 0755 : 0644);
      if (!e.source.empty()) {
        std::error_code ec;
        size = fs::file_size(e.source, ec);
        if (ec) throw PackageError("cannot read '" + e.source.string() + "': " + ec.message());
        in.emplace(e.source, std::ios::binary);
        if (!*in) throw PackageError("cannot read '" + e.source.string() + "'");
      } else {
        size = e.data.size();
      }
      archive_entry_set_size(entry.get(), static_cast<la_int64_t>(size));
    }
    if (archive_write_header(a, entry.get()) != ARCHIVE_OK) fail(a, out, "entry '" + e.path + "'");
    if (e.directory) continue;
    if (!in) {
      if (!e.data.empty() && archive_write_data(a, e.data.data(), e.data.size()) < 0) fail(a, out, e.path);
      continue;
    }
    std::uintmax_t written = 0;
    while (written < size) {
      in->read(buffer.data(), static_cast<std::streamsize>(std::min<std::uintmax_t>(buffer.size(), size - written)));
      std::streamsize got = in->gcount();
      if (got <= 0) throw PackageError("'" + e.source.string() + "' changed while it was being archived");
      if (archive_write_data(a, buffer.data(), static_cast<std::size_t>(got)) < 0) fail(a, out, e.path);
      written += static_cast<std::uintmax_t>(got);
    }
  }
}

// libarchive's zip writer turns mtimes into DOS times with localtime(): pin the zone to UTC
// while it runs, so the bytes do not depend on $TZ. (Process-wide; serialised here.)
class UtcZone {
 public:
  UtcZone() : lock_(mutex()) {
    if (const char* tz = std::getenv("TZ")) saved_ = tz;
    setenv("TZ", "UTC0", 1);
    tzset();
  }
  ~UtcZone() {
    if (saved_) {
      setenv("TZ", saved_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  UtcZone(const UtcZone&) = delete;
  UtcZone& operator=(const UtcZone&) = delete;

 private:
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  std::lock_guard<std::mutex> lock_;
  std::optional<std::string> saved_;
};

}  // namespace

void write_tar_gz(const fs::path& out, std::vector<ArchiveEntry> entries, std::int64_t mtime) {
  std::vector<ArchiveEntry> sorted = normalise(std::move(entries));
  std::unique_ptr<archive, ArchiveDeleter> a(archive_write_new());
  if (!a) fail(nullptr, out, "out of memory");
  if (archive_write_set_format_pax_restricted(a.get()) != ARCHIVE_OK) fail(a.get(), out, "tar format");
  if (archive_write_add_filter_gzip(a.get()) != ARCHIVE_OK) fail(a.get(), out, "gzip filter");
  // No mtime in the gzip header (the file name is only written when asked for).
  if (archive_write_set_filter_option(a.get(), "gzip", "timestamp", nullptr) != ARCHIVE_OK) {
    fail(a.get(), out, "gzip timestamp option");
  }
  if (archive_write_open_filename(a.get(), out.c_str()) != ARCHIVE_OK) fail(a.get(), out, "open");
  write_entries(a.get(), out, sorted, mtime, false);
  if (archive_write_close(a.get()) != ARCHIVE_OK) fail(a.get(), out, "close");
}

void write_zip(const fs::path& out, std::vector<ArchiveEntry> entries, std::int64_t mtime) {
  std::vector<ArchiveEntry> sorted = normalise(std::move(entries));
  UtcZone utc;
  std::unique_ptr<archive, ArchiveDeleter> a(archive_write_new());
  if (!a) fail(nullptr, out, "out of memory");
  if (archive_write_set_format_zip(a.get()) != ARCHIVE_OK) fail(a.get(), out, "zip format");
  if (archive_write_set_format_option(a.get(), "zip", "compression", "deflate") != ARCHIVE_OK) {
    fail(a.get(), out, "zip compression");
  }
  if (archive_write_open_filename(a.get(), out.c_str()) != ARCHIVE_OK) fail(a.get(), out, "open");
  write_entries(a.get(), out, sorted, mtime, true);
  if (archive_write_close(a.get()) != ARCHIVE_OK) fail(a.get(), out, "close");
}

}  // namespace mcpc::package
