// Where artifact bytes live, content-addressed by SHA-256, behind one interface so the index
// never depends on how they are kept. The directory store (blobs.h: ROOT/blobs/sha256/ab/cdef...)
// is the one implementation today; an object store can be added without touching the index.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mcpc::registry::store {

/// A file copied into the store's temp area and hashed on the way: not yet visible as a blob.
struct StagedBlob {
  std::filesystem::path temp;
  std::string sha256;
  std::uint64_t size = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  /// Copies `source` into a new temp file (hashing and syncing it). Throws RegistryError(io).
  virtual StagedBlob stage(const std::filesystem::path& source) const = 0;
  /// Makes a staged blob visible under its digest, atomically. When the blob already exists
  /// the staged copy is dropped.
  virtual void commit(const StagedBlob& blob) const = 0;
  /// Deletes a staged temp; never throws.
  virtual void discard(const StagedBlob& blob) const noexcept = 0;

  /// Where readers (get, copy_artifacts) find a blob's bytes.
  virtual std::filesystem::path path_of(const std::string& sha256) const = 0;

  struct Entry {
    std::filesystem::path path;
    std::string sha256;  ///< from the name; empty when it is not a well-formed blob name
    std::uint64_t size = 0;
  };
  /// Everything where blobs live, well-formed or not (verify and gc judge them).
  virtual std::vector<Entry> list_blobs() const = 0;
  virtual std::vector<std::filesystem::path> list_temp_files() const = 0;
  /// Deletes every temp file; only when no publish is in flight. Never throws.
  virtual void remove_temp_files() const noexcept = 0;
  /// Deletes one entry of list_blobs() or list_temp_files(); the bytes freed, or std::nullopt
  /// when nothing was deleted. Never throws.
  virtual std::optional<std::uint64_t> remove(const std::filesystem::path& entry) const noexcept = 0;
};

}  // namespace mcpc::registry::store
