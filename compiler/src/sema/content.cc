// Tool result content: the `content:` types a tool declares must be MCP content block types,
// each once, and a tool with structured output (returns/outputSchema) answers with that
// output mirrored as text, so it can declare no other type.
#include <algorithm>
#include <set>

#include "checks.h"

namespace mcpc::sema {

void check_content(const ir::Module& m, DiagnosticEngine& diags) {
  static const std::vector<std::string_view> content_types = {"text", "image", "audio", "resource_link", "resource"};
  for (const ir::Tool& t : m.tools) {
    std::set<std::string> seen;
    for (const ir::Ref& type : t.content_types) {
      if (std::find(content_types.begin(), content_types.end(), type.name) == content_types.end()) {
        std::string guess = closest_match(type.name, content_types);
        diags.report(Check::InvalidValue, type.loc,
                     "unknown content type '" + type.name + "' in tool '" + t.name +
                         "'; expected text, image, audio, resource_link or resource (an embedded resource)" +
                         (guess.empty() ? "" : "; did you mean '" + guess + "'?"));
        continue;
      }
      if (!seen.insert(type.name).second) {
        diags.report(Check::InvalidValue, type.loc,
                     "content type '" + type.name + "' is listed more than once in tool '" + t.name + "'");
        continue;
      }
      if (t.output_schema && type.name != "text") {
        diags.report(Check::InvalidValue, type.loc,
                     "tool '" + t.name + "' has structured output ('returns' or 'outputSchema'), which its results " +
                         "carry as text; '" + type.name + "' content needs a tool without it");
      }
    }
  }
}

}  // namespace mcpc::sema
