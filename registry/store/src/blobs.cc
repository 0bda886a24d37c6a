#include "blobs.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "fd.h"
#include "mcpc/registry/registry.h"
#include "mcpc/registry/sha256.h"

namespace mcpc::registry::store {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void io_error(const std::string& what, int err) {
  throw RegistryError(RegistryError::Kind::Io, what + ": " + std::strerror(err));
}

}  // namespace

void crash_point(const char* step) {
  static const char* target = std::getenv("MCPC_REGISTRY_CRASH_AT");
  if (target != nullptr && std::strcmp(target, step) == 0) ::kill(::getpid(), SIGKILL);
}

void fsync_directory(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) io_error("cannot sync directory '" + dir.string() + "'", errno);
}

DirectoryBlobStore::DirectoryBlobStore(fs::path root, bool durable)
    : blobs_(root / "blobs" / "sha256"), tmp_(root / "tmp"), durable_(durable) {
  std::error_code ec;
  fs::create_directories(blobs_, ec);
  if (!ec) fs::create_directories(tmp_, ec);
  if (ec) {
    throw RegistryError(RegistryError::Kind::Io,
                        "cannot create the registry directories under '" + root.string() + "': " + ec.message());
  }
}

fs::path DirectoryBlobStore::path_of(const std::string& sha256) const {
  return blobs_ / sha256.substr(0, 2) / sha256.substr(2);
}

StagedBlob DirectoryBlobStore::stage(const fs::path& source) const {
  // O_NOFOLLOW: the manifest checks resolved symlinks already; a swap since then is refused.
  Fd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (in.get() < 0) io_error("cannot read '" + source.string() + "'", errno);
  StagedBlob blob;
  std::string pattern = (tmp_ / "blob-XXXXXX").string();
  Fd out(::mkostemp(pattern.data(), O_CLOEXEC));
  if (out.get() < 0) io_error("cannot create a temp file in '" + tmp_.string() + "'", errno);
  blob.temp = pattern;
  try {
    Sha256 hash;
    char buf[1 << 16];
    while (true) {
      ssize_t n = ::read(in.get(), buf, sizeof buf);
      if (n < 0) {
        if (errno == EINTR) continue;
        io_error("cannot read '" + source.string() + "'", errno);
      }
      if (n == 0) break;
      hash.update(std::string_view(buf, static_cast<std::size_t>(n)));
      if (!write_all(out.get(), buf, static_cast<std::size_t>(n))) {
        io_error("cannot write '" + blob.temp.string() + "'", errno);
      }
      blob.size += static_cast<std::uint64_t>(n);
    }
    blob.sha256 = hash.hex_digest();
    ::fchmod(out.get(), 0644);
    crash_point("blob-temp-written");
    if (durable_ && ::fsync(out.get()) != 0) io_error("cannot sync '" + blob.temp.string() + "'", errno);
  } catch (...) {
    discard(blob);
    throw;
  }
  return blob;
}

void DirectoryBlobStore::commit(const StagedBlob& blob) const {
  fs::path target = path_of(blob.sha256);
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) {
    // Content addressing: the same bytes are already stored.
    ::utimensat(AT_FDCWD, target.c_str(), nullptr, 0);
    discard(blob);
    return;
  }
  fs::path dir = target.parent_path();
  if (::mkdir(dir.c_str(), 0755) == 0) {
    if (durable_) fsync_directory(blobs_);
  } else if (errno != EEXIST) {
    io_error("cannot create '" + dir.string() + "'", errno);
  }
  crash_point("blob-before-rename");
  // rename(2) is atomic: readers see no blob or the whole blob, never a prefix.
  if (::rename(blob.temp.c_str(), target.c_str()) != 0)
    io_error("cannot move a blob into '" + dir.string() + "'", errno);
  crash_point("blob-after-rename");
  if (durable_) fsync_directory(dir);
}

void DirectoryBlobStore::discard(const StagedBlob& blob) const noexcept {
  if (!blob.temp.empty()) ::unlink(blob.temp.c_str());
}

std::vector<BlobStore::Entry> DirectoryBlobStore::list_blobs() const {
  std::vector<Entry> out;
  std::error_code ec;
  for (const fs::directory_entry& d : fs::directory_iterator(blobs_, ec)) {
    std::string prefix = d.path().filename().string();
    if (!d.is_directory(ec)) {
      out.push_back({d.path(), "", 0});
      continue;
    }
    for (const fs::directory_entry& f : fs::directory_iterator(d.path(), ec)) {
      Entry e{f.path(), prefix + f.path().filename().string(), 0};
      if (prefix.size() != 2 || !is_sha256_hex(e.sha256) || !f.is_regular_file(ec)) e.sha256.clear();
      e.size = f.is_regular_file(ec) ? f.file_size(ec) : 0;
      out.push_back(std::move(e));
    }
  }
  return out;
}

std::vector<fs::path> DirectoryBlobStore::list_temp_files() const {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const fs::directory_entry& d : fs::directory_iterator(tmp_, ec)) out.push_back(d.path());
  return out;
}

void DirectoryBlobStore::remove_temp_files() const noexcept {
  try {
    std::error_code ec;
    for (const fs::path& t : list_temp_files()) fs::remove_all(t, ec);
  } catch (...) {
    // Best effort: gc removes whatever is left.
  }
}

std::optional<std::uint64_t> DirectoryBlobStore::remove(const fs::path& entry) const noexcept {
  try {
    std::error_code size_ec, ec;
    std::uintmax_t size = fs::is_regular_file(entry, size_ec) ? fs::file_size(entry, size_ec) : 0;
    if (size_ec) size = 0;
    if (fs::remove_all(entry, ec) > 0 && !ec) return size;
  } catch (...) {
    // Best effort, like rm: the caller reports what was deleted.
  }
  return std::nullopt;
}

namespace {
int open_lock_file(const fs::path& file) {
  // O_NOFOLLOW: the lock file is ours; a symlink planted there must not make us create files elsewhere.
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) io_error("cannot open '" + file.string() + "'", errno);
  return fd;
}
}  // namespace

std::optional<StoreLock> StoreLock::try_exclusive(const fs::path& root) {
  int fd = open_lock_file(root / "lock");
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    ::close(fd);
    return std::nullopt;
  }
  return StoreLock(fd);
}

StoreLock::StoreLock(const fs::path& root, Mode mode) {
  fs::path file = root / "lock";
  fd_ = open_lock_file(file);
  int op = mode == Mode::Shared ? LOCK_SH : LOCK_EX;
  while (::flock(fd_, op) != 0) {
    if (errno != EINTR) {
      int err = errno;
      ::close(fd_);
      io_error("cannot lock '" + file.string() + "'", err);
    }
  }
}

StoreLock::~StoreLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace mcpc::registry::store
