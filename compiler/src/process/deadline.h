// Time left until a deadline, as poll(2) takes it. Private to mcpc_process.
#pragma once

#include <chrono>

namespace mcpc::process {

/// Milliseconds from now to `deadline`: 0 once it has passed, at most 1,000,000 (an int for poll).
inline int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  using std::chrono::milliseconds;
  auto left = std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now()).count();
  if (left <= 0) return 0;
  return left > 1'000'000 ? 1'000'000 : static_cast<int>(left);
}

}  // namespace mcpc::process
