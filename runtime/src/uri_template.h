// Matching URIs against RFC 6570 templates, to route resources/read to resource templates.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}

namespace mcpc::runtime {

class UriTemplate {
 public:
  /// Throws std::invalid_argument for a template that is not valid RFC 6570. The expression it
  /// compiles to is cached per template text, so constructing one per request is cheap.
  explicit UriTemplate(const std::string& tmpl);
  /// The variables of `uri` if it matches (percent-decoded, so not necessarily UTF-8), else
  /// nothing. Matching is RE2: linear in the URI's length, no recursion.
  std::optional<std::map<std::string, std::string>> match(const std::string& uri) const;
  const std::vector<std::string>& variables() const { return variables_; }

 private:
  struct Group {
    char op;                         // 0, '+', '#', '/', '.', ';', '?', '&'
    std::vector<std::string> names;  // variables of the expression
  };
  std::shared_ptr<const re2::RE2> regex_;
  std::vector<Group> groups_;
  std::vector<std::string> variables_;
};

std::string percent_decode(const std::string& s);

}  // namespace mcpc::runtime
