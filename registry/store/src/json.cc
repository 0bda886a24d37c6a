#include "mcpc/registry/json.h"

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "mcpc/registry/registry.h"

namespace mcpc::registry {
namespace {

// Longest excerpt of a parser message kept: nlohmann quotes the token it stopped at, which can
// be megabytes of an unterminated string.
constexpr std::size_t kMaxParserMessage = 200;

// Thrown from the parser to stop at the first problem.
struct Refused {
  std::string why;
};

// A key for messages: JSON-quoted (control bytes and non-ASCII escaped), cut.
std::string shown_key(const std::string& key) {
  std::string cut = key.size() > 60 ? key.substr(0, 60) + "..." : key;
  return nlohmann::json(cut).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

// Objects with more keys than this get a hash set; smaller ones are searched in place, which is
// cheaper for the handful of keys most objects have (and never quadratic in a large one).
constexpr std::size_t kLinearKeySearch = 16;

// nlohmann's own DOM builder, with every container and key seen first. A SAX handler rather
// than a parser callback: the callback parser costs about half again as much per document, and
// publish reads two documents per version.
template <class Json>
class CheckingDomParser : public nlohmann::detail::json_sax_dom_parser<Json> {
  using Base = nlohmann::detail::json_sax_dom_parser<Json>;

 public:
  CheckingDomParser(Json& result, std::size_t max_depth)
      : Base(result, /*allow_exceptions=*/true), max_depth_(max_depth) {}

  bool start_object(std::size_t n) {
    enter();
    objects_.push_back({keys_.size(), nullptr});
    return Base::start_object(n);
  }
  bool end_object() {
    keys_.resize(objects_.back().first_key);
    objects_.pop_back();
    --depth_;
    return Base::end_object();
  }
  bool start_array(std::size_t n) {
    enter();
    return Base::start_array(n);
  }
  bool end_array() {
    --depth_;
    return Base::end_array();
  }
  bool key(typename Base::string_t& k) {
    // Keys only ever belong to the innermost open object: arrays inside it close before its next key.
    OpenObject& o = objects_.back();
    bool repeated;
    if (o.many) {
      repeated = !o.many->insert(k).second;
    } else {
      repeated = std::find(keys_.begin() + static_cast<std::ptrdiff_t>(o.first_key), keys_.end(), k) != keys_.end();
      keys_.push_back(k);
      if (keys_.size() - o.first_key > kLinearKeySearch) {
        o.many = std::make_unique<std::unordered_set<std::string>>(
            keys_.begin() + static_cast<std::ptrdiff_t>(o.first_key), keys_.end());
        keys_.resize(o.first_key);
      }
    }
    if (repeated) throw Refused{"it has the key " + shown_key(k) + " twice in one object (which value was meant?)"};
    return Base::key(k);
  }

 private:
  struct OpenObject {
    std::size_t first_key;  // its keys are keys_[first_key..] while it has few
    std::unique_ptr<std::unordered_set<std::string>> many;
  };
  void enter() {
    if (++depth_ > max_depth_) throw Refused{"it is nested deeper than " + std::to_string(max_depth_) + " levels"};
  }

  std::size_t max_depth_;
  std::size_t depth_ = 0;
  std::vector<std::string> keys_;
  std::vector<OpenObject> objects_;
};

template <class Json>
Json read(std::string_view text, std::string_view what, std::size_t max_depth) {
  Json result;
  try {
    CheckingDomParser<Json> parser(result, max_depth);
    Json::sax_parse(text.begin(), text.end(), &parser);
    return result;
  } catch (const Refused& r) {
    throw RegistryError(RegistryError::Kind::Invalid, std::string(what) + " is refused: " + r.why);
  } catch (const nlohmann::json::exception& e) {
    std::string message = e.what();
    if (std::size_t prefix = message.find("] "); prefix != std::string::npos) message.erase(0, prefix + 2);
    if (message.size() > kMaxParserMessage) message = message.substr(0, kMaxParserMessage) + "...";
    throw RegistryError(RegistryError::Kind::Invalid, std::string(what) + " is not valid JSON: " + message);
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
