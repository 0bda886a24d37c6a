#include "mcpc/registry/json.h"

#include <string>
#include <unordered_set>
#include <vector>

#include "mcpc/registry/registry.h"

namespace mcpc::registry {
namespace {

// Longest excerpt of a parser message kept: nlohmann quotes the token it stopped at, which can
// be megabytes of an unterminated string.
constexpr std::size_t kMaxParserMessage = 200;

// Thrown from the parser callback to stop at the first problem.
struct Refused {
  std::string why;
};

// A key for messages: JSON-quoted (control bytes and non-ASCII escaped), cut.
std::string shown_key(const std::string& key) {
  std::string cut = key.size() > 60 ? key.substr(0, 60) + "..." : key;
  return nlohmann::json(cut).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

template <class Json>
Json read(std::string_view text, std::string_view what, std::size_t max_depth) {
  // The keys seen so far in each object still open, innermost last (keys only ever belong to
  // the innermost open object: arrays inside it are closed before its next key).
  std::vector<std::unordered_set<std::string>> open_objects;
  auto check = [&](int depth, typename Json::parse_event_t event, Json& parsed) {
    using Event = typename Json::parse_event_t;
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        // `depth` counts the containers around the one starting.
        if (static_cast<std::size_t>(depth) + 1 > max_depth) {
          throw Refused{"it is nested deeper than " + std::to_string(max_depth) + " levels"};
        }
        if (event == Event::object_start) open_objects.emplace_back();
        break;
      case Event::object_end:
        if (!open_objects.empty()) open_objects.pop_back();
        break;
      case Event::key:
        if (!open_objects.empty() && !open_objects.back().insert(parsed.template get<std::string>()).second) {
          throw Refused{"it has the key " + shown_key(parsed.template get<std::string>()) +
                        " twice in one object (which value was meant?)"};
        }
        break;
      default:
        break;
    }
    return true;
  };
  try {
    return Json::parse(text.begin(), text.end(), check);
  } catch (const Refused& r) {
    throw RegistryError(RegistryError::Kind::invalid, std::string(what) + " is refused: " + r.why);
  } catch (const nlohmann::json::exception& e) {
    std::string message = e.what();
    if (std::size_t prefix = message.find("] "); prefix != std::string::npos) message.erase(0, prefix + 2);
    if (message.size() > kMaxParserMessage) message = message.substr(0, kMaxParserMessage) + "...";
    throw RegistryError(RegistryError::Kind::invalid, std::string(what) + " is not valid JSON: " + message);
  }
}

}  // namespace

nlohmann::json read_json(std::string_view text, std::string_view what, std::size_t max_depth) {
  return read<nlohmann::json>(text, what, max_depth);
}

nlohmann::ordered_json read_ordered_json(std::string_view text, std::string_view what, std::size_t max_depth) {
  return read<nlohmann::ordered_json>(text, what, max_depth);
}

}  // namespace mcpc::registry
