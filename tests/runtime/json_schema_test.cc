// The JSON Schema validator, in the style of the JSON-Schema-Test-Suite: schema, instance,
// expected validity.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <cmath>
#include <fstream>
#include <limits>
#include <thread>
#include <vector>

#include "json_text.h"
#include "mcpc/json_schema/ecma_regex.h"
#include "mcpc/json_schema/validator.h"
#include "mcpc/runtime/typed.h"
#include "session_harness.h"

namespace mcpc::runtime {
namespace {

using namespace json_schema;

std::string validate_json_schema(const Json& schema, const Json& instance, const ValidationLimits& limits = {}) {
  return json_schema::validate(schema, instance, limits);
}

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
        Case{"prefixItems then items false", R"({"prefixItems":[{"type":"string"}],"items":false})", "[\"a\",1]",
             false},
        Case{"prefixItems ok", R"({"prefixItems":[{"type":"string"}],"items":false})", "[\"a\"]", true},
        Case{"contains", R"({"contains":{"const":3}})", "[1,2]", false},
        Case{"maxContains", R"({"contains":{"const":1},"maxContains":1})", "[1,1]", false},
        Case{"uniqueItems", R"({"uniqueItems":true})", "[1,1.0]", false},
        Case{"required", R"({"required":["a"]})", "{}", false},
        Case{"properties", R"({"properties":{"a":{"type":"string"}}})", R"({"a":1})", false},
        Case{"additionalProperties false", R"({"properties":{"a":{}},"additionalProperties":false})",
             R"({"a":1,"b":2})", false},
        Case{"patternProperties count as matched", R"({"patternProperties":{"^x-":{}},"additionalProperties":false})",
             R"({"x-a":1})", true},
        Case{"additionalProperties schema", R"({"additionalProperties":{"type":"integer"}})", R"({"a":"s"})", false},
        Case{"propertyNames", R"({"propertyNames":{"maxLength":2}})", R"({"abc":1})", false},
        Case{"dependentRequired", R"({"dependentRequired":{"a":["b"]}})", R"({"a":1})", false},
        Case{"allOf", R"({"allOf":[{"type":"integer"},{"minimum":3}]})", "2", false},
        Case{"anyOf", R"({"anyOf":[{"type":"string"},{"minimum":3}]})", "4", true},
        Case{"oneOf both match", R"({"oneOf":[{"type":"integer"},{"minimum":3}]})", "4", false},
        Case{"not", R"({"not":{"type":"string"}})", "\"s\"", false},
        Case{"if then", R"({"if":{"minimum":10},"then":{"multipleOf":5},"else":{"const":1}})", "12", false},
        Case{"if else", R"({"if":{"minimum":10},"then":{"multipleOf":5},"else":{"const":1}})", "1", true},
        Case{"$ref to $defs", R"({"$defs":{"n":{"type":"integer"}},"properties":{"a":{"$ref":"#/$defs/n"}}})",
             R"({"a":"x"})", false},
        Case{"$ref to $anchor", R"({"$defs":{"n":{"$anchor":"num","type":"integer"}},"items":{"$ref":"#num"}})",
             "[1,\"x\"]", false},
        Case{"recursive $ref", R"({"type":"object","properties":{"next":{"$ref":"#"}},"additionalProperties":false})",
             R"({"next":{"next":{"x":1}}})", false},
        Case{"boolean schema false", "false", "1", false}, Case{"boolean schema true", "true", "1", true},
        Case{"format is an annotation", R"({"format":"email"})", "\"not an email\"", true},
        // ECMA-262 spellings that RE2 writes differently.
        Case{"pattern \\u escape", R"({"pattern":"^\\u0041+$"})", "\"AAA\"", true},
        Case{"pattern \\u{} escape", R"({"pattern":"^\\u{1F600}$"})", "\"\U0001F600\"", true},
        Case{"pattern named group", R"({"pattern":"^(?<word>[a-z]+)$"})", "\"abc\"", true},
        Case{"pattern dot excludes CR", R"({"pattern":"^a.b$"})", "\"a\\rb\"", false},
        Case{"pattern dot matches a code point", R"({"pattern":"^a.b$"})", "\"a\u00e9b\"", true},
        Case{"pattern \\s covers NBSP", R"({"pattern":"^\\s$"})", "\"\u00a0\"", true},
        Case{"pattern \\S in a class", R"({"pattern":"^[\\S]+$"})", "\"ab\"", true},
        Case{"pattern [^] is any character", R"({"pattern":"^a[^]b$"})", "\"a\\nb\"", true},
        Case{"pattern [] matches nothing", R"({"pattern":"a[]"})", "\"a\"", false},
        Case{"pattern $ is the end of input", R"({"pattern":"^a$"})", "\"a\\n\"", false},
        Case{"patternProperties with \\d", R"({"patternProperties":{"^x\\d$":{"type":"integer"}}})", R"({"x1":"s"})",
             false},
        Case{"uniqueItems nested objects in any key order", R"({"uniqueItems":true})",
             R"([{"a":1,"b":[1,2]},{"b":[1.0,2],"a":1}])", false},
        Case{"uniqueItems distinct", R"({"uniqueItems":true})", R"([[1,2],[2,1],{"a":1},{"a":"1"},0,false,null,""])",
             true}));

TEST(JsonSchema, ReportsWhereTheInstanceFails) {
  Json schema = Json::parse(
      R"({"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"qty":{"type":"integer","minimum":1}}}}}})");
  EXPECT_EQ(validate_json_schema(schema, Json::parse(R"({"items":[{"qty":1},{"qty":0}]})")),
            "/items/1/qty: must be >= 1");
}

// The formats the official SDK clients assert, decided as they decide them: tests/runtime/
// formats.json, whose every case tests/e2e/formats.test.mjs checks against the clients themselves.
TEST(JsonSchemaFormats, AgreeWithTheSdkClients) {
  std::ifstream in(MCPC_FORMATS_JSON);
  ASSERT_TRUE(in) << MCPC_FORMATS_JSON;
  Json corpus = Json::parse(in);
  ValidationOptions<Json> asserted;
  asserted.assert_formats = true;
  std::size_t checked = 0;
  for (const auto& [format, cases] : corpus.at("formats").items()) {
    Json schema{{"format", format}};
    for (const Json& c : cases) {
      std::string why = validate(schema, c[0], {}, asserted);
      EXPECT_EQ(why.empty(), c[1].get<bool>()) << "format " << format << ", value " << c[0].dump() << ": " << why;
      ++checked;
    }
  }
  EXPECT_GT(checked, 150u);
}

TEST(JsonSchemaFormats, AreAnnotationsUnlessAsserted) {
  Json schema = Json::parse(
      R"({"type":"object","properties":{"bookmark":{"type":"object","properties":{"created":{"type":"string","format":"date-time"}}}}})");
  Json value = Json::parse(R"({"bookmark":{"created":"yesterday"}})");
  EXPECT_EQ(validate_json_schema(schema, value), "");
  ValidationOptions<Json> asserted;
  asserted.assert_formats = true;
  EXPECT_EQ(validate(schema, value, {}, asserted), "/bookmark/created: must match format \"date-time\"");
  // A format the clients do not know stays an annotation; so does a string format on a number.
  EXPECT_EQ(validate(Json::parse(R"({"format":"colour"})"), Json("red"), {}, asserted), "");
  EXPECT_EQ(validate(Json::parse(R"({"format":"email"})"), Json(42), {}, asserted), "");
  EXPECT_EQ(validate(Json::parse(R"({"format":"int32"})"), Json(1.5), {}, asserted), "/: must match format \"int32\"");
}

// Long values: linear time (RE2), and charged to the step budget like patterns.
TEST(JsonSchemaFormats, LongValuesAreLinearAndBounded) {
  ValidationOptions<Json> asserted;
  asserted.assert_formats = true;
  std::string host;
  for (int i = 0; i < 200'000; ++i) host += "a.";
  Json uri = Json::parse(R"({"format":"uri"})");
  EXPECT_EQ(validate(uri, Json("http://" + host + "/"), {}, asserted), "");
  EXPECT_EQ(validate(uri, Json("http://" + host + " /"), {}, asserted), "/: must match format \"uri\"");
  ValidationLimits few;
  few.max_steps = 100;
  EXPECT_EQ(validate(Json::parse(R"({"format":"email"})"), Json(std::string(1 << 20, 'a') + "@b.c"), few, asserted)
                .find("validation stopped"),
            3u);
}

// Item 2 of issue 11: std::regex recursed per character, so a 100 KB argument overflowed the
// stack. RE2 matches in linear time and constant stack.
TEST(JsonSchema, LongStringsAgainstPatternsDoNotRecurse) {
  Json schema = Json::parse(R"({"type":"object","properties":{"slug":{"type":"string","pattern":"^[a-z0-9-]+$"}}})");
  std::string slug(100 * 1024, 'a');
  EXPECT_EQ(validate_json_schema(schema, Json{{"slug", slug}}), "");
  slug.back() = '_';
  EXPECT_EQ(validate_json_schema(schema, Json{{"slug", slug}}), "/slug: must match pattern \"^[a-z0-9-]+$\"");
  // A pattern whose std::regex form backtracks catastrophically.
  Json nested = Json::parse(R"({"pattern":"^(a+)+$"})");
  EXPECT_NE(validate_json_schema(nested, Json(std::string(10 * 1024 * 1024, 'a') + "!")), "");
  EXPECT_EQ(validate_json_schema(Json::parse(R"({"patternProperties":{"^(a|b)*$":{"type":"integer"}}})"),
                                 Json{{std::string(1 << 20, 'a'), 1}}),
            "");
}

// A pattern RE2 cannot compile is never silently accepted: every value it applies to fails, and
// says why.
TEST(JsonSchema, PatternsRe2CannotCompileRejectEveryValue) {
  EXPECT_EQ(validate_json_schema(Json::parse(R"({"pattern":"^(?=a)a"})"), "a"),
            "/: cannot check pattern \"^(?=a)a\": it uses lookahead or lookbehind, which RE2 (the regular "
            "expressions servers check with) does not support");
  EXPECT_NE(validate_json_schema(Json::parse(R"({"pattern":"(a)\\1"})"), "aa").find("uses a backreference"),
            std::string::npos);
  EXPECT_NE(validate_json_schema(Json::parse(R"({"pattern":"(("})"), "x").find("is not a valid regular expression"),
            std::string::npos);
  EXPECT_NE(validate_json_schema(Json::parse(R"j({"patternProperties":{"(?!x)":{}}})j"), Json{{"a", 1}}), "");
  // Strings are the only values a pattern applies to.
  EXPECT_EQ(validate_json_schema(Json::parse(R"j({"pattern":"(?=a)"})j"), 1), "");
}

TEST(JsonSchema, PatternsAreSharedSafelyBetweenThreads) {
  Json schema = Json::parse(R"({"items":{"pattern":"^[a-z]+[0-9]*$"}})");
  Json good = Json::array();
  for (int i = 0; i < 200; ++i) good.push_back("abc" + std::to_string(i));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) failures += !validate_json_schema(schema, good).empty();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
}

// Item 14: anyOf of two self-$refs applies the same schema to the same value twice at every
// level of a nested value: 2^depth without care. $ref results are memoised, so it is linear; a
// step budget bounds whatever else (and a cancellation predicate stops it early).
Json exponential_tree_schema() {
  return Json::parse(R"({"$defs":{"tree":{"type":["integer","array"],
      "items":{"anyOf":[{"$ref":"#/$defs/tree"},{"$ref":"#/$defs/tree"},{"$ref":"#/$defs/tree"}]}}},
      "$ref":"#/$defs/tree"})");
}
// [[[...leaf...]]] with a 0 beside each level: each anyOf branch descends into the same child.
Json nested(Json leaf, int depth) {
  for (int i = 0; i < depth; ++i) {
    Json outer = Json::array();
    outer.push_back(std::move(leaf));
    outer.push_back(0);
    leaf = std::move(outer);
  }
  return leaf;
}

TEST(JsonSchema, SelfReferencingCombinatorsAreLinear) {
  ValidationLimits limits;
  limits.max_steps = 20'000;  // 3^20 without the memo
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(validate_json_schema(exponential_tree_schema(), nested(1, 20), limits), "");
  std::string why = validate_json_schema(exponential_tree_schema(), nested("leaf", 20), limits);
  EXPECT_TRUE(why.starts_with("/0: must match at least one schema in anyOf (/0/0: must match")) << why;
  EXPECT_LT(why.size(), 400u) << "quoted failures are shortened";
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  // Past the nesting limit, too (the depth is part of the memo's key): refused, within budget.
  why = validate_json_schema(exponential_tree_schema(), nested(1, 40), limits);
  EXPECT_TRUE(why.starts_with("/0: must match at least one schema in anyOf")) << why;
  // Branches that reach the same recursion at different schema depths share results too.
  Json uneven = Json::parse(R"({"$defs":{"tree":{"type":["integer","array"],"items":{"anyOf":[
      {"$ref":"#/$defs/tree"},{"allOf":[{"$ref":"#/$defs/tree"}]},{"allOf":[{"allOf":[{"$ref":"#/$defs/tree"}]}]}]}}},
      "$ref":"#/$defs/tree"})");
  why = validate_json_schema(uneven, nested("leaf", 15), limits);
  EXPECT_TRUE(why.starts_with("/0: must match at least one schema in anyOf")) << why;
  // A self-$ref that does not descend into the value at all ends at the nesting limit.
  Json loop = Json::parse(R"({"anyOf":[{"$ref":"#"},{"$ref":"#"}]})");
  why = validate_json_schema(loop, 1, limits);
  EXPECT_TRUE(why.starts_with("/: must match at least one schema in anyOf")) << why;
}

TEST(JsonSchema, WorkStopsAtTheStepBudget) {
  Json many = Json::array();
  for (int i = 0; i < 100'000; ++i) many.push_back(i);
  ValidationLimits limits;
  limits.max_steps = 1000;
  EXPECT_EQ(validate_json_schema(Json::parse(R"({"items":{"type":"integer"}})"), many, limits),
            "/999: validation stopped after 1000 steps: the value is too complex to check against this schema");
  // A stop is never turned into success by `not` (or any combinator).
  EXPECT_NE(validate_json_schema(Json::parse(R"({"not":{"items":{"type":"integer"}}})"), many, limits), "");
  EXPECT_NE(validate_json_schema(Json::parse(R"({"anyOf":[{"items":{"type":"integer"}},true]})"), many, limits), "");
  // The default budget is far above what a 4 MiB argument of small items takes.
  EXPECT_EQ(validate_json_schema(Json::parse(R"({"items":{"type":"integer"}})"), many), "");
}

TEST(JsonSchema, CancellationStopsValidation) {
  Json many = Json::array();
  for (int i = 0; i < 100'000; ++i) many.push_back(i);
  int polls = 0;
  ValidationLimits limits;
  limits.cancelled = [&] { return ++polls == 3; };
  EXPECT_EQ(validate_json_schema(Json::parse(R"({"items":{"type":"integer"}})"), many, limits), "validation cancelled");
  EXPECT_EQ(polls, 3);
}

// Comparisons are bounded too: uniqueItems hashes instead of comparing every pair, and equality
// is iterative, so deep or long arrays neither overflow the stack nor take quadratic time.
TEST(JsonSchema, UniqueItemsIsNotQuadraticOrRecursive) {
  Json many = Json::array();
  for (int i = 0; i < 200'000; ++i) many.push_back(i);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(validate_json_schema(Json::parse(R"({"uniqueItems":true})"), many), "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  many.push_back(199'999.0);
  EXPECT_EQ(validate_json_schema(Json::parse(R"({"uniqueItems":true})"), many), "/: items 199999 and 200000 are equal");

  // Deep enough that a recursive comparison would overflow the stack. Built and handed over by
  // moves: nlohmann copies and dumps recurse (its destructor does not).
  auto deep = [] {
    Json v = 1;
    for (int i = 0; i < 200'000; ++i) {
      Json outer = Json::array();
      outer.push_back(std::move(v));
      v = std::move(outer);
    }
    return v;
  };
  Json pair = Json::array();
  pair.push_back(deep());
  pair.push_back(deep());
  EXPECT_EQ(validate_json_schema(Json::parse(R"({"uniqueItems":true})"), pair), "/: items 0 and 1 are equal");
  Json schema = Json::object();
  schema["const"] = deep();
  EXPECT_EQ(validate_json_schema(schema, pair[0]), "");
}

// Item 20: JSON has no Infinity or NaN, and strings must be UTF-8.
TEST(JsonSchema, FindsWhatJsonCannotRepresent) {
  EXPECT_EQ(unrepresentable_in_json(Json::parse(R"({"a":[1,2.5,{"b":"c"}],"d":null})")), "");
  EXPECT_EQ(unrepresentable_in_json(Json{{"sum", std::numeric_limits<double>::infinity()}}),
            "/sum: an infinite number is not a JSON number");
  EXPECT_EQ(unrepresentable_in_json(Json{{"a", Json::array({1, std::nan("")})}}), "/a/1: NaN is not a JSON number");
  EXPECT_EQ(unrepresentable_in_json(Json(-std::numeric_limits<double>::infinity())),
            "/: an infinite number is not a JSON number");
  EXPECT_EQ(unrepresentable_in_json(Json{{"x/y", Json{{"t", "ok\xff"}}}}), "/x~1y/t: the string is not valid UTF-8");
  EXPECT_EQ(unrepresentable_in_json(Json{{"k", Json{{"\xc3\x28", 1}}}}), "/k: a property name is not valid UTF-8");
  EXPECT_EQ(unrepresentable_in_json(Json{{"e", Json::array()}, {"f", Json::object()}, {"g", "\u00e9\U0001F600"}}), "");
}

TEST(JsonSchema, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  for (const char* bad : {"\xff", "\xc3", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80"}) {
    EXPECT_FALSE(is_valid_utf8(bad)) << bad;
  }
}

// The session's use of the validator (SessionImpl::run_tool and read_resource).

// Item 14: a request that timed out (or was cancelled) stops validating its arguments; before,
// the worker validated on long after the client had its timeout error.
double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

TEST(SessionValidation, ATimedOutRequestStopsValidatingItsArguments) {
  ServerOptions o;
  o.request_timeout = std::chrono::milliseconds(100);
  o.max_message_bytes = 64u << 20;
  Server s(o);
  std::atomic<bool> ran{false};
  Tool t;
  t.name = "many";
  t.description = "d";
  // About 9 million steps for 3 million items: seconds of work, within the step budget.
  t.input_schema = Json::parse(
      R"({"type":"object","properties":{"xs":{"type":"array","items":{"anyOf":[{"type":"string"},{"type":"integer"}]}}}})");
  t.handler = [&](const Json&, Context&) {
    ran = true;
    return ToolResult::text("done");
  };
  s.add_tool(t);
  testing::Harness h(s);
  Json args = Json::object();
  args["xs"] = Json::array();
  for (int i = 0; i < 3'000'000; ++i) args["xs"].push_back(i);
  Json r = h.call(1, "tools/call", {{"name", "many"}, {"arguments", std::move(args)}});
  EXPECT_EQ(r["error"]["code"], kRequestTimeout) << r.dump().substr(0, 300);
  // The test's own threads are idle now: any CPU time is the worker still validating.
  double before = process_cpu_seconds();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_LT(process_cpu_seconds() - before, 0.3) << "validation went on after the request timed out";
  EXPECT_FALSE(ran);
}

// Item 20: JSON has no Infinity or NaN; nlohmann writes them as null.
TEST(SessionValidation, NonFiniteResultsAreHandlerErrors) {
  Server s;
  Tool t;
  t.name = "add";
  t.description = "d";
  t.input_schema = Json::parse(R"({"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}}})");
  t.output_schema = Json::parse(R"({"type":"object","properties":{"sum":{"type":"number"}}})");
  t.handler = [](const Json& a, Context&) {
    ToolResult r;
    r.structured = Json{{"sum", a.at("a").get<double>() + a.at("b").get<double>()}};
    return r;
  };
  s.add_tool(t);
  Tool text = t;
  text.name = "text";
  text.output_schema.reset();
  text.handler = [](const Json&, Context&) { return ToolResult::text("bytes \xff\xfe"); };
  s.add_tool(text);
  testing::Harness h(s);
  Json r = h.call(1, "tools/call", {{"name", "add"}, {"arguments", {{"a", 1e308}, {"b", 1e308}}}})["result"];
  EXPECT_EQ(r["isError"], true) << r.dump();
  EXPECT_FALSE(r.contains("structuredContent")) << r.dump();
  EXPECT_EQ(r["content"][0]["text"],
            "Tool 'add' returned a result JSON cannot represent: structuredContent/sum: an "
            "infinite number is not a JSON number");
  EXPECT_EQ(
      h.call(2, "tools/call", {{"name", "add"}, {"arguments", {{"a", 1}, {"b", 2}}}})["result"]["structuredContent"],
      Json({{"sum", 3.0}}));
  r = h.call(3, "tools/call", {{"name", "text"}})["result"];
  EXPECT_EQ(r["isError"], true) << r.dump();
  EXPECT_EQ(r["content"][0]["text"],
            "Tool 'text' returned a result JSON cannot represent: content/0/text: the string is not valid UTF-8");
}

// The SDK clients assert formats on structured output: a native server checks them first, so a
// result a client would refuse is a tool error that says where, and a line on stderr. Inputs
// are not checked for formats (an annotation, as in the SDK's own servers).
TEST(SessionValidation, OutputFormatsAreCheckedInputFormatsAreNot) {
  Server s;
  Tool t;
  t.name = "add_bookmark";
  t.input_schema = Json::parse(R"({"type":"object","properties":{"url":{"type":"string","format":"uri"},
      "created":{"type":"string"}}})");
  t.output_schema = Json::parse(R"({"type":"object","properties":{"url":{"type":"string","format":"uri"},
      "created":{"type":"string","format":"date-time"}},"required":["url","created"]})");
  t.handler = [](const Json& a, Context&) {
    ToolResult r;
    r.structured = Json{{"url", a.value("url", "https://example.com")}, {"created", a.at("created")}};
    return r;
  };
  s.add_tool(t);
  testing::Harness h(s);
  ::testing::internal::CaptureStderr();
  Json r = h.call(1, "tools/call", {{"name", "add_bookmark"}, {"arguments", {{"created", "yesterday"}}}})["result"];
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(r["isError"], true) << r.dump();
  EXPECT_FALSE(r.contains("structuredContent"));
  std::string why =
      "Tool 'add_bookmark' returned structured content that does not match its output schema: /created: must "
      "match format \"date-time\"";
  EXPECT_EQ(r["content"][0]["text"], why);
  EXPECT_NE(log.find("mcpc: " + why + "\n"), std::string::npos) << log;
  r = h.call(2, "tools/call", {{"name", "add_bookmark"}, {"arguments", {{"created", "2024-01-31T12:00:00Z"}}}});
  EXPECT_EQ(r["result"]["structuredContent"]["created"], "2024-01-31T12:00:00Z") << r.dump();
  // "not a uri" as an argument is accepted (inputs: annotation); returned, it is refused.
  r = h.call(3, "tools/call",
             {{"name", "add_bookmark"}, {"arguments", {{"url", "not a uri"}, {"created", "2024-01-31T12:00:00Z"}}}});
  EXPECT_NE(r["result"]["content"][0]["text"].get<std::string>().find("/url: must match format \"uri\""),
            std::string::npos)
      << r.dump();
}

// Item 22: %FF decodes to a byte that is not UTF-8, which JSON cannot carry: -32602, our words.
TEST(SessionValidation, TemplateVariablesMustDecodeToUtf8) {
  Server s;
  ResourceTemplate t;
  t.uri_template = "test://template/{id}/data";
  t.name = "template";
  t.read = [](const std::string& uri, const std::map<std::string, std::string>& vars, Context&) {
    return ResourceContents{resource_contents_text(uri, "application/json", Json{{"id", vars.at("id")}}.dump())};
  };
  s.add_resource_template(t);
  testing::Harness h(s);
  Json r = h.call(1, "resources/read", {{"uri", "test://template/%FF/data"}});
  EXPECT_EQ(r["error"]["code"], kInvalidParams) << r.dump();
  EXPECT_EQ(r["error"]["message"],
            "Invalid resource URI test://template/%FF/data: variable 'id' is not valid UTF-8 once percent-decoded");
  r = h.call(2, "resources/read", {{"uri", "test://template/%C3%A9/data"}});
  EXPECT_EQ(r["result"]["contents"][0]["text"], "{\"id\":\"\u00e9\"}") << r.dump();
}

// A variable declared integer is read as one and checked before the handler runs: a URI whose
// variable is no integer, or too small, is refused with -32602 naming the variable and why. The
// handler still gets the text, and generated code its typed struct (decode_variables).
TEST(SessionValidation, TemplateVariablesAreCheckedAsTheirDeclaredType) {
  Server s;
  ResourceTemplate t;
  t.uri_template = "bookmarks://item/{id}";
  t.name = "bookmark";
  t.variables_schema = Json::parse(R"({"type":"object","properties":{"id":{"type":"integer","minimum":1}}})");
  std::atomic<int> reads{0};
  t.read = [&](const std::string& uri, const std::map<std::string, std::string>& vars, Context&) {
    ++reads;
    Json typed = typed_variables(t.variables_schema, vars);
    return ResourceContents{
        resource_contents_text(uri, "application/json", Json{{"next", typed["id"].get<std::int64_t>() + 1}}.dump())};
  };
  s.add_resource_template(t);
  testing::Harness h(s);
  Json r = h.call(1, "resources/read", {{"uri", "bookmarks://item/abc"}});
  EXPECT_EQ(r["error"]["code"], kInvalidParams) << r.dump();
  EXPECT_EQ(r["error"]["message"], "Invalid resource URI bookmarks://item/abc: variable id: must be integer");
  r = h.call(2, "resources/read", {{"uri", "bookmarks://item/0"}});
  EXPECT_EQ(r["error"]["message"], "Invalid resource URI bookmarks://item/0: variable id: must be >= 1");
  EXPECT_EQ(reads, 0);
  r = h.call(3, "resources/read", {{"uri", "bookmarks://item/41"}});
  EXPECT_EQ(r["result"]["contents"][0]["text"], R"({"next":42})") << r.dump();
}

TEST(EcmaRegex, RewritesWhatRe2SpellsDifferently) {
  EXPECT_EQ(ecma_to_re2("\\u00e9"), "\\x{00e9}");
  EXPECT_EQ(ecma_to_re2("(?<y>\\d{4})"), "(?P<y>\\d{4})");
  EXPECT_EQ(ecma_to_re2("\\cJ\\0"), "\\x{0A}\\x{00}");
  EXPECT_EQ(ecma_to_re2("[.]"), "[.]");          // a dot in a class is a dot
  EXPECT_EQ(ecma_to_re2("(?<=a)b"), "(?<=a)b");  // left for RE2 to refuse
  std::string error;
  EXPECT_EQ(compile_ecma_pattern("a{2,1000}", &error) != nullptr, true) << error;
  EXPECT_EQ(compile_ecma_pattern("a\\1", &error), nullptr);
}

}  // namespace
}  // namespace mcpc::runtime
