// copy_artifacts (`mcpc registry get --output DIR`): the output directory may be shared with
// someone hostile (a /tmp directory, a CI workspace), who can plant symlinks at the names we are
// about to write. So every directory below DIR is opened without following symlinks, temp files
// are created with O_EXCL | O_NOFOLLOW under random names, and targets are replaced by rename.
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "fd.h"
#include "mcpc/registry/registry.h"
#include "mcpc/registry/sha256.h"
#include "mcpc/registry/terminal.h"

namespace mcpc::registry {
namespace fs = std::filesystem;
namespace {

// Attempts at a fresh temp name before giving up (each collision needs 64 random bits to repeat).
constexpr int kTempNameAttempts = 16;

using store::Fd;

[[noreturn]] void fail(const std::string& file, const std::string& what, int err = 0) {
  throw RegistryError(RegistryError::Kind::Io, "cannot copy '" + terminal_safe(file) + "' out of the registry: " +
                                                   what + (err != 0 ? std::string(": ") + std::strerror(err) : ""));
}

std::string random_hex() {
  unsigned char bytes[8];
  std::size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw RegistryError(RegistryError::Kind::Io, std::string("getrandom failed: ") + std::strerror(errno));
    }
    got += static_cast<std::size_t>(n);
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

// The manifest's file name split at '/' (empty and "." parts dropped; publish refused '..').
std::vector<std::string> components(const std::string& file) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= file.size()) {
    std::size_t end = file.find('/', start);
    if (end == std::string::npos) end = file.size();
    std::string part = file.substr(start, end - start);
    if (!part.empty() && part != ".") parts.push_back(std::move(part));
    start = end + 1;
  }
  return parts;
}

// Opens (creating when missing) the directory `name` inside `parent`, refusing a symlink.
Fd open_subdirectory(int parent, const std::string& name, const std::string& file) {
  if (name == "..") fail(file, "its name has a '..' component");
  if (::mkdirat(parent, name.c_str(), 0777) != 0 && errno != EEXIST) fail(file, "cannot create '" + name + "'", errno);
  Fd fd(::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.get() < 0) {
    int err = errno;
    if (err == ELOOP || err == ENOTDIR) {
      fail(file, "'" + terminal_safe(name) + "' in the output directory is a symbolic link or not a directory");
    }
    fail(file, "cannot open '" + terminal_safe(name) + "'", err);
  }
  return fd;
}

void copy_one(const ArtifactRecord& a, int out_dir) {
  std::vector<std::string> parts = components(a.file);
  if (parts.empty()) fail(a.file, "it has no file name");
  std::optional<Fd> sub;
  int dir = out_dir;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    sub = open_subdirectory(dir, parts[i], a.file);
    dir = sub->get();
  }
  const std::string& leaf = parts.back();

  Fd in(::open(a.blob_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) fail(a.file, "cannot read its blob '" + a.blob_path.string() + "'", errno);

  // O_EXCL | O_NOFOLLOW: a name someone planted (file or symlink) is never opened, only skipped.
  std::string temp;
  Fd out;
  for (int attempt = 0; attempt < kTempNameAttempts && out.get() < 0; ++attempt) {
    temp = ".mcpc-" + random_hex() + ".tmp";
    out = Fd(::openat(dir, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666));
    if (out.get() < 0 && errno != EEXIST) fail(a.file, "cannot create a temp file", errno);
  }
  if (out.get() < 0) fail(a.file, "cannot find a free temp file name");
  try {
    Sha256 hash;
    std::uint64_t size = 0;
    char buf[1 << 16];
    while (true) {
      ssize_t n = ::read(in.get(), buf, sizeof buf);
      if (n < 0) {
        if (errno == EINTR) continue;
        fail(a.file, "cannot read its blob", errno);
      }
      if (n == 0) break;
      hash.update(std::string_view(buf, static_cast<std::size_t>(n)));
      if (!store::write_all(out.get(), buf, static_cast<std::size_t>(n))) fail(a.file, "write failed", errno);
      size += static_cast<std::uint64_t>(n);
    }
    if (hash.hex_digest() != a.sha256 || size != a.size) {
      throw RegistryError(RegistryError::Kind::Io, "the stored blob of '" + terminal_safe(a.file) +
                                                       "' does not match its digest: run 'mcpc registry verify'");
    }
    if (::fsync(out.get()) != 0) fail(a.file, "cannot sync the copy", errno);
    // rename replaces whatever is at the target (a symlink included) instead of writing through it.
    if (::renameat(dir, temp.c_str(), dir, leaf.c_str()) != 0) fail(a.file, "cannot move the copy into place", errno);
  } catch (...) {
    ::unlinkat(dir, temp.c_str(), 0);
    throw;
  }
}

}  // namespace

void copy_artifacts(const VersionRecord& version, const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw RegistryError(RegistryError::Kind::Io, "cannot create '" + dir.string() + "': " + ec.message());
  // DIR itself is the user's choice, symlink or not; below it nothing is followed.
  Fd out(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (out.get() < 0) {
    throw RegistryError(RegistryError::Kind::Io, "cannot open '" + dir.string() + "': " + std::strerror(errno));
  }
  for (const ArtifactRecord& a : version.artifacts) copy_one(a, out.get());
}

}  // namespace mcpc::registry
