// SHA-256 digests, as lowercase hex: what artifacts, blobs and server.json's fileSha256 use.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace mcpc::registry {

/// Incremental SHA-256 (OpenSSL's EVP, which uses the CPU's SHA extensions when present).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  /// The digest of everything given so far, as 64 lowercase hex characters. Ends the hash.
  std::string hex_digest();

 private:
  void* ctx_;  // EVP_MD_CTX, kept opaque so OpenSSL headers stay private
};

/// The digest of `bytes`.
std::string sha256_hex(std::string_view bytes);

/// The digest of a file's contents, streamed; std::nullopt when it cannot be read.
/// `size`, when given, receives the number of bytes hashed.
std::optional<std::string> sha256_file(const std::filesystem::path& path, std::uintmax_t* size = nullptr);

/// True for exactly 64 lowercase hex characters.
bool is_sha256_hex(std::string_view text);

/// `bytes` bytes from OpenSSL's CSPRNG as lowercase hex (tokens, ids). Throws
/// std::runtime_error when the generator fails.
std::string random_hex(std::size_t bytes);

}  // namespace mcpc::registry
