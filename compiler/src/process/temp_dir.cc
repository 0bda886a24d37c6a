// Scratch directories: see mcpc/process/temp_dir.h.
#include "mcpc/process/temp_dir.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace mcpc::process {
namespace fs = std::filesystem;

std::optional<TempDir> TempDir::create(const std::string& prefix, std::string* error, const fs::path& parent) {
  fs::path dir = parent;
  std::error_code ec;
  if (dir.empty()) dir = fs::temp_directory_path(ec);
  if (ec) {
    if (error) *error = "cannot find the temporary directory: " + ec.message();
    return std::nullopt;
  }
  std::string pattern = (dir / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    if (error) *error = "cannot create a temporary directory in '" + dir.string() + "': " + std::strerror(errno);
    return std::nullopt;
  }
  return TempDir(fs::path(pattern));
}

TempDir::~TempDir() { remove(); }

TempDir::TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, fs::path())) {}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::exchange(other.path_, fs::path());
  }
  return *this;
}

void TempDir::remove() noexcept {
  if (path_.empty()) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
  path_.clear();
}

}  // namespace mcpc::process
