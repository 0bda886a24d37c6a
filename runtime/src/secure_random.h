// Unguessable ids and secret comparison for the HTTP transport: session ids come from the
// kernel's CSPRNG, and bearer tokens and API keys are compared in time that does not depend on
// how much of the secret a guess got right.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mcpc::runtime {

/// Fills `out` with `size` bytes from the kernel CSPRNG (getrandom(2), /dev/urandom if that
/// is unavailable). Aborts the process when neither works: there is no safe fallback.
void secure_random_bytes(void* out, std::size_t size);

/// `bytes` random bytes as lowercase hex (2 * bytes characters).
std::string secure_random_hex(std::size_t bytes);

/// True when `guess` equals `secret`. Runs in time that depends only on guess.size(), never on
/// where the two first differ (nor on the secret's length beyond the size of the guess).
bool constant_time_equal(std::string_view guess, std::string_view secret);

}  // namespace mcpc::runtime
