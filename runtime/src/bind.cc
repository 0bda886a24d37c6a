// The out-of-line parts of the native-function glue (mcpc/runtime/bind.h): its messages, and
// the few JSON operations the templates would otherwise instantiate per type.
#include "mcpc/runtime/bind.h"

#include <cmath>
#include <sstream>

#include "mcpc/runtime/server.h"

namespace mcpc::runtime::bind::detail {
namespace {

std::string number_text(long double value) {
  std::ostringstream out;
  if (std::fabs(value) < 1e18L && value == std::floor(value)) {
    out << static_cast<long long>(value);
  } else {
    out.precision(9);
    out << static_cast<double>(value);
  }
  return out.str();
}

}  // namespace

void out_of_range(std::string_view what, long double min, long double max) {
  throw McpError(kInvalidParams,
                 "expected " + std::string(what) + " from " + number_text(min) + " to " + number_text(max));
}

void wrong_size(std::size_t expected, std::size_t got) {
  throw McpError(kInvalidParams,
                 "expected an array of " + std::to_string(expected) + " elements, got " + std::to_string(got));
}

void each_member(const Json& json, void (*f)(void* context, const std::string& key, const Json& value), void* context) {
  codec::expect_object(json);
  for (auto it = json.begin(); it != json.end(); ++it) f(context, it.key(), it.value());
}

std::optional<std::uint64_t> large_unsigned(const Json& json) {
  if (json.is_number_unsigned()) {
    auto value = json.get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return value;
  }
  return std::nullopt;
}

void encode_unsigned(Json& json, std::uint64_t value) { json = value; }

}  // namespace mcpc::runtime::bind::detail
