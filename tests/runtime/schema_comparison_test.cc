// The structural schema comparison `mcpc validate` reports with (mcpc/json_schema/comparison.h):
// its messages for a spread of differences, as they were when it lived in the validate command.
// (tests/unit/validate_test.cc covers what it deliberately ignores.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mcpc/json_schema/comparison.h"

namespace mcpc::json_schema {
namespace {

struct Comparison {
  const char* expected;
  const char* actual;
  std::vector<std::string> differences;
};

TEST(CompareSchemas, ReportsEachDifferenceOnce) {
  const Comparison cases[] = {
      {R"({"type":"object","properties":{"a":{"type":"number"},"c":{"type":"number"}},"required":["a","c"]})",
       R"({"type":"object","properties":{"a":{"type":"number"}},"required":["a"]})",
       {"property 'c' is in the spec, not in the server's schema",
        "property 'c' is required in the spec, optional on the server"}},
      {R"({"type":"object","properties":{"a":{"type":"number"}}})",
       R"({"type":"object","properties":{"a":{"type":"string"},"z":{}}})",
       {"type is \"number\" in the spec, \"string\" on the server (at /properties/a)",
        "property 'z' is in the server's schema, not in the spec"}},
      {R"({"type":"string","enum":["a","b","c"]})",
       R"({"type":"string","enum":["b","d"]})",
       {"enum values in the spec but not on the server: \"a\", \"c\"",
        "enum values on the server but not in the spec: \"d\""}},
      {R"({"type":"integer","minimum":1,"maximum":5,"multipleOf":2})",
       R"({"type":"number","minimum":0,"exclusiveMaximum":5})",
       {"type is \"integer\" in the spec, \"number\" on the server"}},
      {R"({"type":"array","items":{"type":"string","pattern":"^a"},"minItems":1})",
       R"({"type":"array","items":{"type":"string"},"uniqueItems":true})",
       {"minItems is 1 in the spec, absent on the server", "uniqueItems is absent in the spec, true on the server",
        "pattern is \"^a\" in the spec, absent on the server (at /items)"}},
      {R"({"type":"object","additionalProperties":false})",
       R"({"type":"object"})",
       {"the spec forbids additional properties, the server allows them"}},
      {R"({"type":"object","additionalProperties":{"type":"string"}})",
       R"({"type":"object","additionalProperties":{"type":"integer"}})",
       {"type is \"string\" in the spec, \"integer\" on the server (at /additionalProperties)"}},
      {R"({"type":"object"})",
       R"({"type":"object","additionalProperties":{"type":"integer"}})",
       {"the server constrains additional properties ({\"type\":\"integer\"}), the spec does not"}},
      {R"({"anyOf":[{"type":"string"},{"type":"object","properties":{"a":{}}}]})",
       R"({"anyOf":[{"type":"string"}]})",
       {"type is unconstrained in the spec, \"string\" on the server",
        "anyOf is [{\"type\":\"string\"},{\"type\":\"object\",\"properties\":{\"a\":{}}}] in the spec, "
        "absent on the server"}},
      {R"({"oneOf":[{"type":"string","minLength":1},{"type":"integer"}]})",
       R"({"oneOf":[{"type":"string"},{"type":"integer"}]})",
       {"type is unconstrained in the spec, [\"integer\",\"string\"] on the server",
        "oneOf is [{\"type\":\"string\",\"minLength\":1},{\"type\":\"integer\"}] in the spec, absent on the server"}},
      {R"({"$ref":"#/$defs/x","$defs":{"x":{"type":"string"}}})",
       R"({"$ref":"#/$defs/y"})",
       {"type is \"string\" in the spec, unconstrained on the server",
        "$ref is null in the spec, \"#/$defs/y\" on the server"}},
      {R"({"$ref":"#/nowhere"})",
       R"({"$ref":"#/elsewhere"})",
       {"$ref is \"#/nowhere\" in the spec, \"#/elsewhere\" on the server"}},
      {R"({"type":"string","format":"email"})",
       R"({"type":"string","format":"uri"})",
       {"format is \"email\" in the spec, \"uri\" on the server"}},
      {R"({"type":["string","null"],"enum":["a",null]})",
       R"({"anyOf":[{"type":"string","enum":["a"]},{"type":"null"}]})",
       {}},
      {R"({"const":"v1"})",
       R"({"type":"string","const":"v2"})",
       {"enum values in the spec but not on the server: \"v1\"",
        "enum values on the server but not in the spec: \"v2\""}},
      {R"(true)", R"({})", {}},
      {R"(false)", R"({"not":{}})", {"the schema is false in the spec, {\"not\":{}} on the server"}},
      {R"(true)", R"(false)", {"the schema is true in the spec, false on the server"}},
      {R"({"type":"string"})", R"(5)", {"the schema is {\"type\":[\"string\"]} in the spec, 5 on the server"}},
      {R"({"properties":{"a/b":{"type":"string"},"c~":{"type":"string"}}})",
       R"({"properties":{"a/b":{"type":"integer"},"c~":{"type":"integer"}}})",
       {"type is \"string\" in the spec, \"integer\" on the server (at /properties/a~1b)",
        "type is \"string\" in the spec, \"integer\" on the server (at /properties/c~0)"}},
      {R"({"type":"object","properties":{"n":{"$ref":"#"}}})",
       R"({"type":"object","properties":{"n":{"$ref":"#"}}})",
       {}},
      {R"({"prefixItems":[{"type":"string"}],"contains":{"const":1}})",
       R"({"prefixItems":[{"type":"string"},{"type":"integer"}]})",
       {"contains is {\"const\":1} in the spec, absent on the server",
        "prefixItems has 1 schemas in the spec, 2 on the server"}},
      {R"({"if":{"minimum":1},"then":{"maximum":2}})",
       R"({"if":{"minimum":1},"then":{"maximum":3}})",
       {"maximum is 2 in the spec, 3 on the server (at /then)"}},
      {R"({"enum":["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",1]})",
       R"({"enum":[2]})",
       {"enum values in the spec but not on the server: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa..., 1",
        "enum values on the server but not in the spec: 2"}},
      {R"({"dependentSchemas":{"a":{"required":["b"]}},"patternProperties":{"^x":{"type":"string"}}})",
       R"({"dependentSchemas":{"b":{}},"patternProperties":{"^x":{"type":"integer"}}})",
       {"type is \"string\" in the spec, \"integer\" on the server (at /patternProperties/^x)",
        "dependent schema 'a' is in the spec, not in the server's schema",
        "dependent schema 'b' is in the server's schema, not in the spec"}},
  };
  for (const Comparison& c : cases) {
    EXPECT_EQ(compare_schemas(OrderedJson::parse(c.expected), OrderedJson::parse(c.actual)), c.differences)
        << c.expected << " vs " << c.actual;
  }
}

}  // namespace
}  // namespace mcpc::json_schema
