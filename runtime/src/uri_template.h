// Matching URIs against RFC 6570 templates, to route resources/read to resource templates.
#pragma once

#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace mcpc::runtime {

class UriTemplate {
 public:
  /// Throws std::invalid_argument for a template that is not valid RFC 6570.
  explicit UriTemplate(const std::string& tmpl);
  /// The variables of `uri` if it matches (percent-decoded), else nothing.
  std::optional<std::map<std::string, std::string>> match(const std::string& uri) const;
  const std::vector<std::string>& variables() const { return variables_; }

 private:
  struct Group {
    char op;                         // 0, '+', '#', '/', '.', ';', '?', '&'
    std::vector<std::string> names;  // variables of the expression
  };
  std::regex regex_;
  std::vector<Group> groups_;
  std::vector<std::string> variables_;
};

std::string percent_decode(const std::string& s);

}  // namespace mcpc::runtime
