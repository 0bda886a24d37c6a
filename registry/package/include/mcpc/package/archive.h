// Reproducible archives through libarchive: the same entries give the same bytes, whatever the
// files' mtimes, owners and umask, the time zone, or the order they were listed in.
//   - entries sorted by path (byte order), parent directories added;
//   - every mtime the given epoch, uid/gid 0 and no user or group names;
//   - modes 0755 for directories and executables, 0644 for everything else;
//   - tar: pax_restricted (plain ustar headers unless a name needs more), gzip without a
//     timestamp or file name in its header;
//   - zip: deflate, Unix modes in the external attributes, DOS times computed in UTC.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "mcpc/package/error.h"

namespace mcpc::package {

struct ArchiveEntry {
  std::string path;  ///< relative, '/'-separated, no "." or ".." components
  bool directory = false;
  bool executable = false;
  std::filesystem::path source;  ///< a file to copy the bytes from, or
  std::string data;              ///< the bytes themselves (when source is empty)
};

/// Checks an archive member path: relative, '/'-separated, no empty, "." or ".." components,
/// no NUL, control characters or backslashes, at most 1024 bytes. Returns an error or "".
std::string check_entry_path(const std::string& path);

/// Every regular file under `dir` (recursively) as entries named `prefix` + relative path.
/// Symbolic links are skipped (they could point anywhere); `skip` gets relative paths and
/// returns true for files or directories to leave out.
std::vector<ArchiveEntry> entries_from_directory(const std::filesystem::path& dir, const std::string& prefix,
                                                 const std::function<bool(const std::string&)>& skip = {});

/// Writes a .tar.gz / a .zip at `out` (overwriting it). Throws PackageError.
void write_tar_gz(const std::filesystem::path& out, std::vector<ArchiveEntry> entries, std::int64_t mtime);
void write_zip(const std::filesystem::path& out, std::vector<ArchiveEntry> entries, std::int64_t mtime);

}  // namespace mcpc::package
