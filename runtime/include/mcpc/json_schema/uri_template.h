// RFC 6570 URI templates: read once, by `mcpc check` (is a resource template well formed, which
// variables does it use) and by servers (which template does a resources/read URI match).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/json.h"

namespace re2 {
class RE2;
}

namespace mcpc::json_schema {

/// A URI template as RFC 6570 (levels 1 to 4) spells it: literal text around expressions.
struct UriTemplateSyntax {
  struct Expression {
    char op = 0;                         ///< 0, '+', '#', '.', '/', ';', '?' or '&'
    std::vector<std::string> variables;  ///< names, without their ':' prefix length or '*'
  };
  std::vector<std::string> literals;  ///< the text before each expression, and after the last
  std::vector<Expression> expressions;
};

/// Reads `tmpl` into `syntax`. Returns "" when it is a valid template, else what is wrong, e.g.
/// "unterminated expression starting at offset 8" (`syntax` is then incomplete).
std::string parse_uri_template(std::string_view tmpl, UriTemplateSyntax& syntax);

class UriTemplate {
 public:
  /// Throws std::invalid_argument (saying what parse_uri_template says) for a template that is not
  /// valid RFC 6570. The expression it compiles to is cached per template text, so constructing
  /// one per request is cheap.
  explicit UriTemplate(const std::string& tmpl);
  /// The variables of `uri` if it matches (percent-decoded, so not necessarily UTF-8), else
  /// nothing. Matching is RE2: linear in the URI's length, no recursion.
  std::optional<std::map<std::string, std::string>> match(const std::string& uri) const;

 private:
  std::shared_ptr<const re2::RE2> regex_;
  std::vector<UriTemplateSyntax::Expression> groups_;  // one capture each
};

/// The variables of a matched URI as a JSON object to validate against `schema`, an object
/// schema whose properties are the variables' schemas: a variable whose schema's type is
/// integer, number or boolean becomes that JSON value when its text spells one (-?[0-9]+;
/// the same with a fraction or exponent; true or false) and fits (an integer within 64 bits, a
/// finite number); every other value stays a string, which validation then refuses if it must
/// not be one.
Json typed_variables(const Json& schema, const std::map<std::string, std::string>& variables);

}  // namespace mcpc::json_schema
