// Reading messages: Boost.JSON's incremental parser builds the Json handlers get
// directly. nlohmann's own lexer reads one character at a time through an input adapter; on a
// 2 KB string argument it took ~15 µs where Boost.JSON takes under 0.5 µs (bench/json,
// docs/performance.md "The runtime's JSON path"). nlohmann stays the judge of what is JSON: any
// text Boost.JSON refuses, or that it reads differently (a number out of double range, a byte
// order mark), is handed to nlohmann's parser, so the accepted set and every value are the same.
#include <boost/json/basic_parser_impl.hpp>
#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "internal.h"

namespace mcpc::runtime {
namespace {

namespace bj = boost::json;

// Builds a Json the way nlohmann's DOM parser does: non-negative integers unsigned, negative
// ones signed, other numbers read from their text as double, the last of duplicate keys wins.
// Containers are tracked with an explicit stack, so deep input never recurses here.
class DomBuilder {
 public:
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);

  Json root;

  bool on_document_begin(bj::error_code&) { return true; }
  bool on_document_end(bj::error_code&) { return true; }
  bool on_object_begin(bj::error_code&) { return open(Json::value_t::object); }
  bool on_object_end(std::size_t, bj::error_code&) { return close(); }
  bool on_array_begin(bj::error_code&) { return open(Json::value_t::array); }
  bool on_array_end(std::size_t, bj::error_code&) { return close(); }
  bool on_key_part(bj::string_view s, std::size_t, bj::error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(bj::string_view s, std::size_t, bj::error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_string_part(bj::string_view s, std::size_t, bj::error_code&) {
    text_.append(s.data(), s.size());
    return true;
  }
  bool on_string(bj::string_view s, std::size_t, bj::error_code&) {
    if (text_.empty()) {
      place(Json(std::string(s.data(), s.size())));
    } else {
      text_.append(s.data(), s.size());
      place(Json(std::move(text_)));
      text_.clear();
    }
    return true;
  }
  bool on_number_part(bj::string_view s, bj::error_code&) {
    text_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t v, bj::string_view s, bj::error_code&) {
    bool negative = text_.empty() ? (!s.empty() && s[0] == '-') : text_[0] == '-';
    text_.clear();
    // nlohmann reads "-0" as the signed integer 0 and every non-negative integer as unsigned.
    place(negative ? Json(v) : Json(static_cast<std::uint64_t>(v)));
    return true;
  }
  bool on_uint64(std::uint64_t v, bj::string_view, bj::error_code&) {
    text_.clear();
    place(Json(v));
    return true;
  }
  bool on_double(double, bj::string_view s, bj::error_code& ec) {
    // Boost.JSON 1.81 may round the last bit differently from strtod, which nlohmann uses:
    // the number is read again from its text, correctly rounded. Out of range (1e400, 1e-400)
    // is left to nlohmann, which refuses the one and reads the other as it always did.
    text_.append(s.data(), s.size());
    double d = 0;
    auto [end, err] = std::from_chars(text_.data(), text_.data() + text_.size(), d);
    bool ok = err == std::errc() && end == text_.data() + text_.size();
    text_.clear();
    if (!ok) {
      ec = bj::error::exponent_overflow;
      return false;
    }
    place(Json(d));
    return true;
  }
  bool on_bool(bool b, bj::error_code&) {
    place(Json(b));
    return true;
  }
  bool on_null(bj::error_code&) {
    place(Json(nullptr));
    return true;
  }
  bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
  bool on_comment(bj::string_view, bj::error_code&) { return true; }

 private:
  Json* place(Json&& value) {
    if (stack_.empty()) {
      root = std::move(value);
      return &root;
    }
    Json& top = *stack_.back();
    if (top.is_array()) {
      auto& items = top.get_ref<Json::array_t&>();
      items.push_back(std::move(value));
      return &items.back();  // stays valid: this array grows again only after the child closes
    }
    Json& slot = top.get_ref<Json::object_t&>()[key_];
    key_.clear();
    slot = std::move(value);
    return &slot;
  }
  bool open(Json::value_t type) {
    stack_.push_back(place(Json(type)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  std::vector<Json*> stack_;
  std::string key_;
  std::string text_;  // a string or number given in parts
};

}  // namespace

Json parse_message(std::string_view text) {
  // The parser takes a NUL for the end of input, so `{...}\0garbage` would pass as `{...}`; a raw
  // NUL is never valid JSON (inside a string it must be escaped), so the whole text is refused.
  if (text.find('\0') != std::string_view::npos) return Json(Json::value_t::discarded);
  bj::parse_options options;
  // Boost.JSON recurses per level: deeper text (a server may raise max_json_depth) goes to
  // nlohmann's parser, which does not.
  options.max_depth = 1000;
  bj::basic_parser<DomBuilder> parser(options);
  bj::error_code ec;
  std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && parser.done() && used == text.size()) return std::move(parser.handler().root);
  return Json::parse(text, nullptr, /*allow_exceptions=*/false);
}

}  // namespace mcpc::runtime
