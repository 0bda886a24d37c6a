// The directory blob store under ROOT/blobs/sha256/ab/cdef..., its temp area ROOT/tmp, the
// store-wide lock, and the crash test hook.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "blob_store.h"

namespace mcpc::registry::store {

/// Dies by SIGKILL when $MCPC_REGISTRY_CRASH_AT names `step` (docs/registry.md lists the steps).
/// Lets the reliability tests interrupt a publish at every point that matters.
void crash_point(const char* step);

/// fsync of a directory, so a rename or create in it survives a power loss.
void fsync_directory(const std::filesystem::path& dir);

/// Blobs as files: ROOT/blobs/sha256/ab/cdef..., staged in ROOT/tmp.
class DirectoryBlobStore final : public BlobStore {
 public:
  DirectoryBlobStore(std::filesystem::path root, bool durable);

  std::filesystem::path path_of(const std::string& sha256) const override;
  const std::filesystem::path& temp_dir() const { return tmp_; }
  const std::filesystem::path& blob_dir() const { return blobs_; }

  StagedBlob stage(const std::filesystem::path& source) const override;
  /// Renames a staged blob into place (then fsyncs the directory). When the blob already
  /// exists the temp is dropped and the blob's mtime refreshed, which keeps gc's grace period.
  void commit(const StagedBlob& blob) const override;
  void discard(const StagedBlob& blob) const noexcept override;

  std::vector<Entry> list_blobs() const override;
  std::vector<std::filesystem::path> list_temp_files() const override;
  /// Only under an exclusive StoreLock (no publish in flight).
  void remove_temp_files() const noexcept override;
  std::optional<std::uint64_t> remove(const std::filesystem::path& entry) const noexcept override;

 private:
  std::filesystem::path blobs_, tmp_;
  bool durable_;
};

/// flock(2) on ROOT/lock. Publishers hold it shared from their first temp file to their
/// commit; blob deletion (remove, gc, verify) holds it exclusive, so it never deletes a blob a
/// publish in flight is about to reference. The kernel drops it when a process dies.
class StoreLock {
 public:
  enum class Mode { Shared, Exclusive };
  StoreLock(const std::filesystem::path& root, Mode mode);
  /// The exclusive lock if nobody holds the lock now, else std::nullopt (never waits).
  static std::optional<StoreLock> try_exclusive(const std::filesystem::path& root);
  StoreLock(StoreLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  ~StoreLock();
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

 private:
  explicit StoreLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace mcpc::registry::store
