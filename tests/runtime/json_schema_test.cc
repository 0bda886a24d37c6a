// The JSON Schema validator, in the style of the JSON-Schema-Test-Suite: schema, instance,
// expected validity.
#include <gtest/gtest.h>

#include "json_schema.h"

namespace mcpc::runtime {
namespace {

struct Case {
  const char* description;
  const char* schema;
  const char* instance;
  bool valid;
};

class JsonSchemaSuite : public ::testing::TestWithParam<Case> {};

TEST_P(JsonSchemaSuite, Validates) {
  const Case& c = GetParam();
  std::string why = validate_json_schema(Json::parse(c.schema), Json::parse(c.instance));
  EXPECT_EQ(why.empty(), c.valid) << c.description << ": " << why;
}

INSTANTIATE_TEST_SUITE_P(
    Keywords, JsonSchemaSuite,
    ::testing::Values(
        Case{"type integer accepts 1.0", R"({"type":"integer"})", "1.0", true},
        Case{"type integer rejects 1.5", R"({"type":"integer"})", "1.5", false},
        Case{"type list", R"({"type":["string","null"]})", "null", true},
        Case{"type list rejects", R"({"type":["string","null"]})", "1", false},
        Case{"enum with 1 == 1.0", R"({"enum":[1,"a"]})", "1.0", true},
        Case{"enum miss", R"({"enum":[1,"a"]})", "\"b\"", false},
        Case{"const object", R"({"const":{"a":[1]}})", R"({"a":[1]})", true},
        Case{"minimum", R"({"minimum":2})", "1", false},
        Case{"exclusiveMaximum", R"({"exclusiveMaximum":2})", "2", false},
        Case{"multipleOf float", R"({"multipleOf":0.01})", "0.07", true},
        Case{"multipleOf miss", R"({"multipleOf":3})", "7", false},
        Case{"maxLength counts code points", R"({"maxLength":2})", "\"\u00e9\u00e9\"", true},
        Case{"minLength", R"({"minLength":3})", "\"ab\"", false},
        Case{"pattern is not anchored", R"({"pattern":"b"})", "\"abc\"", true},
        Case{"pattern miss", R"({"pattern":"^b"})", "\"abc\"", false},
        Case{"ignores non-applicable keywords", R"({"maxLength":1,"minimum":5})", "[1,2]", true},
        Case{"items", R"({"items":{"type":"integer"}})", "[1,\"x\"]", false},
        Case{"prefixItems then items false", R"({"prefixItems":[{"type":"string"}],"items":false})", "[\"a\",1]", false},
        Case{"prefixItems ok", R"({"prefixItems":[{"type":"string"}],"items":false})", "[\"a\"]", true},
        Case{"contains", R"({"contains":{"const":3}})", "[1,2]", false},
        Case{"maxContains", R"({"contains":{"const":1},"maxContains":1})", "[1,1]", false},
        Case{"uniqueItems", R"({"uniqueItems":true})", "[1,1.0]", false},
        Case{"required", R"({"required":["a"]})", "{}", false},
        Case{"properties", R"({"properties":{"a":{"type":"string"}}})", R"({"a":1})", false},
        Case{"additionalProperties false", R"({"properties":{"a":{}},"additionalProperties":false})", R"({"a":1,"b":2})", false},
        Case{"patternProperties count as matched", R"({"patternProperties":{"^x-":{}},"additionalProperties":false})", R"({"x-a":1})", true},
        Case{"additionalProperties schema", R"({"additionalProperties":{"type":"integer"}})", R"({"a":"s"})", false},
        Case{"propertyNames", R"({"propertyNames":{"maxLength":2}})", R"({"abc":1})", false},
        Case{"dependentRequired", R"({"dependentRequired":{"a":["b"]}})", R"({"a":1})", false},
        Case{"allOf", R"({"allOf":[{"type":"integer"},{"minimum":3}]})", "2", false},
        Case{"anyOf", R"({"anyOf":[{"type":"string"},{"minimum":3}]})", "4", true},
        Case{"oneOf both match", R"({"oneOf":[{"type":"integer"},{"minimum":3}]})", "4", false},
        Case{"not", R"({"not":{"type":"string"}})", "\"s\"", false},
        Case{"if then", R"({"if":{"minimum":10},"then":{"multipleOf":5},"else":{"const":1}})", "12", false},
        Case{"if else", R"({"if":{"minimum":10},"then":{"multipleOf":5},"else":{"const":1}})", "1", true},
        Case{"$ref to $defs", R"({"$defs":{"n":{"type":"integer"}},"properties":{"a":{"$ref":"#/$defs/n"}}})", R"({"a":"x"})", false},
        Case{"$ref to $anchor", R"({"$defs":{"n":{"$anchor":"num","type":"integer"}},"items":{"$ref":"#num"}})", "[1,\"x\"]", false},
        Case{"recursive $ref", R"({"type":"object","properties":{"next":{"$ref":"#"}},"additionalProperties":false})", R"({"next":{"next":{"x":1}}})", false},
        Case{"boolean schema false", "false", "1", false},
        Case{"boolean schema true", "true", "1", true},
        Case{"format is an annotation", R"({"format":"email"})", "\"not an email\"", true}));

TEST(JsonSchema, ReportsWhereTheInstanceFails) {
  Json schema = Json::parse(R"({"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"qty":{"type":"integer","minimum":1}}}}}})");
  EXPECT_EQ(validate_json_schema(schema, Json::parse(R"({"items":[{"qty":1},{"qty":0}]})")), "/items/1/qty: must be >= 1");
}

TEST(JsonSchema, Dialects) {
  EXPECT_TRUE(supported_schema_dialect(Json::parse(R"({"type":"object"})")));
  EXPECT_TRUE(supported_schema_dialect(Json::parse(R"({"$schema":"https://json-schema.org/draft/2020-12/schema"})")));
  EXPECT_TRUE(supported_schema_dialect(Json::parse(R"({"$schema":"http://json-schema.org/draft-07/schema#"})")));
  EXPECT_FALSE(supported_schema_dialect(Json::parse(R"({"$schema":"http://json-schema.org/draft-03/schema#"})")));
}

}  // namespace
}  // namespace mcpc::runtime
