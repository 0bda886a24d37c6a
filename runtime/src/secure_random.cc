#include "secure_random.h"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace mcpc::runtime {
namespace {

bool read_urandom(unsigned char* out, std::size_t size) {
  int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  while (size > 0) {
    ssize_t n = ::read(fd, out, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    out += n;
    size -= static_cast<std::size_t>(n);
  }
  ::close(fd);
  return true;
}

}  // namespace

void secure_random_bytes(void* out, std::size_t size) {
  auto* p = static_cast<unsigned char*>(out);
  while (size > 0) {
    ssize_t n = ::getrandom(p, size, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      if (errno == ENOSYS && read_urandom(p, size)) return;
      std::fputs("mcpc: no cryptographic random source (getrandom, /dev/urandom); refusing to make guessable ids\n",
                 stderr);
      std::abort();
    }
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

std::string secure_random_hex(std::size_t bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  unsigned char buf[64];
  std::string out;
  out.reserve(bytes * 2);
  while (bytes > 0) {
    std::size_t n = bytes < sizeof buf ? bytes : sizeof buf;
    secure_random_bytes(buf, n);
    for (std::size_t i = 0; i < n; ++i) {
      out += kHex[buf[i] >> 4];
      out += kHex[buf[i] & 0xF];
    }
    bytes -= n;
  }
  return out;
}

bool constant_time_equal(std::string_view guess, std::string_view secret) {
  // Every byte of the guess is compared against the secret (cycled), so the work depends on
  // the guess's length only; a length mismatch is folded into the same accumulator.
  unsigned diff = guess.size() == secret.size() ? 0u : 1u;
  if (secret.empty()) return guess.empty();
  std::size_t j = 0;
  for (std::size_t i = 0; i < guess.size(); ++i) {
    diff |= static_cast<unsigned char>(guess[i]) ^ static_cast<unsigned char>(secret[j]);
    j = (j + 1 == secret.size()) ? 0 : j + 1;
  }
  // Keep the compiler from turning the loop into an early-exit comparison.
  volatile unsigned result = diff;
  return result == 0;
}

}  // namespace mcpc::runtime
