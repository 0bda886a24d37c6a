// A scratch directory that goes away with everything in it: for generated sources that are
// compiled and thrown away, and for staging files before they are renamed into place.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace mcpc::process {

class TempDir {
 public:
  /// Creates PARENT/PREFIX-XXXXXX with mkdtemp(3): a fresh name, created exclusively and
  /// private (0700), so nobody sharing PARENT can have planted files or symlinks in it.
  /// An empty `parent` is the system's temporary directory ($TMPDIR, else /tmp).
  /// nullopt with `error` set ("cannot create a temporary directory in '/x': ...") on failure.
  static std::optional<TempDir> create(const std::string& prefix, std::string* error,
                                       const std::filesystem::path& parent = {});
  ~TempDir();
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
  void remove() noexcept;
  std::filesystem::path path_;
};

}  // namespace mcpc::process
