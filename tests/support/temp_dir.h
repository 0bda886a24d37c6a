// A scratch directory for a test: a fresh private directory under $TMPDIR (mkdtemp, through
// mcpc::process::TempDir, so tests and mcpc make them one way), removed with its contents
// when the TempDir goes out of scope. Link mcpc_test_support.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "files.h"
#include "mcpc/process/temp_dir.h"

namespace mcpc::testing {

class TempDir {
 public:
  /// Creates $TMPDIR/mcpc-TAG-XXXXXX; throws (failing the test) when it cannot.
  explicit TempDir(const std::string& tag = "test") {
    std::string error;
    dir_ = process::TempDir::create("mcpc-" + tag, &error);
    if (!dir_) throw std::runtime_error(error);
  }
  /// Renames the directory aside instead when keep_if_failed() was called and the test failed.
  ~TempDir() {
    if (!keep_if_failed_ || path().empty() || !::testing::Test::HasFailure()) return;
    std::filesystem::path kept = path().string() + "-kept";
    std::error_code ec;
    std::filesystem::rename(path(), kept, ec);
    if (!ec) std::cerr << "test failed: its scratch directory is kept at " << kept.string() << "\n";
  }
  TempDir(TempDir&&) noexcept = default;
  TempDir& operator=(TempDir&&) noexcept = default;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return dir_->path(); }
  std::filesystem::path operator/(const std::filesystem::path& rel) const { return path() / rel; }

  /// Writes PATH/name (directories created as needed) and returns its path.
  std::filesystem::path write(const std::filesystem::path& name, std::string_view text) const {
    std::filesystem::path p = path() / name;
    write_file(p, text);
    return p;
  }

  /// Keeps the directory (renamed to PATH-kept) for a look when the current test fails.
  void keep_if_failed() { keep_if_failed_ = true; }

 private:
  std::optional<process::TempDir> dir_;
  bool keep_if_failed_ = false;
};

}  // namespace mcpc::testing
