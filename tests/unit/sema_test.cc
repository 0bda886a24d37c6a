// Semantic checks: each rule family on small specs, plus the helpers behind them.
#include <gtest/gtest.h>

#include <tuple>

#include "checks.h"
#include "test_util.h"

namespace mcpc {
namespace {

using testing::check_text;
using testing::kHeader;

TEST(Cron, AcceptsStandardSchedules) {
  for (const char* s : {"0 */6 * * *", "*/15 9-17 * * MON-FRI", "0 0 1 JAN,jul *", "5 4 * * 0,7", "@daily", "@hourly",
                        "0 0 29 2 *", "1-5/2 * * * *"}) {
    EXPECT_EQ(sema::cron_error(s), "") << s;
  }
}

TEST(Cron, RejectsBadSchedules) {
  EXPECT_NE(sema::cron_error("60 * * * *").find("minute 60 is out of range 0-59"), std::string::npos);
  EXPECT_NE(sema::cron_error("* 24 * * *").find("hour 24"), std::string::npos);
  EXPECT_NE(sema::cron_error("* * 0 * *").find("day of month 0"), std::string::npos);
  EXPECT_NE(sema::cron_error("* * * 13 *").find("month 13"), std::string::npos);
  EXPECT_NE(sema::cron_error("* * * * 8").find("day of week 8"), std::string::npos);
  EXPECT_NE(sema::cron_error("* * * *").find("has 4 fields"), std::string::npos);
  EXPECT_NE(sema::cron_error("*/0 * * * *").find("invalid step"), std::string::npos);
  EXPECT_NE(sema::cron_error("5-1 * * * *").find("backwards"), std::string::npos);
  EXPECT_NE(sema::cron_error("@sometimes").find("unknown cron macro"), std::string::npos);
  EXPECT_NE(sema::cron_error("a * * * *").find("invalid value 'a'"), std::string::npos);
  EXPECT_NE(sema::cron_error("1,,2 * * * *").find("empty list element"), std::string::npos);
}

TEST(Semver, FollowsSemverOrg) {
  for (const char* v : {"1.0.0", "0.0.1", "1.2.3-alpha.1", "1.2.3+build.5", "10.20.30-rc.1+meta"}) {
    EXPECT_TRUE(sema::is_semver(v)) << v;
  }
  for (const char* v : {"1.0", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0-01", "latest", ""}) {
    EXPECT_FALSE(sema::is_semver(v)) << v;
  }
}

TEST(Validate, CoversTheShorthandKeywords) {
  using J = OrderedJson;
  EXPECT_EQ(sema::validate(J{{"type", "integer"}}, 3), "");
  EXPECT_NE(sema::validate(J{{"type", "integer"}}, 3.5), "");
  EXPECT_EQ(sema::validate(J{{"type", "number"}}, 3), "");
  EXPECT_NE(sema::validate(J{{"type", "string"}, {"enum", {"a", "b"}}}, "c"), "");
  EXPECT_NE(sema::validate(J{{"maximum", 10}}, 11), "");
  EXPECT_NE(sema::validate(J{{"exclusiveMinimum", 0}}, 0), "");
  EXPECT_NE(sema::validate(J{{"multipleOf", 5}}, 7), "");
  EXPECT_NE(sema::validate(J{{"minLength", 2}}, "é"), "");  // code points, not bytes
  EXPECT_EQ(sema::validate(J{{"maxLength", 1}}, "é"), "");
  EXPECT_NE(sema::validate(J{{"pattern", "^a"}}, "ba"), "");
  EXPECT_NE(sema::validate(J{{"items", {{"type", "string"}}}}, J::array({"a", 1})), "");
  EXPECT_NE(sema::validate(J{{"uniqueItems", true}}, J::array({1, 1})), "");
  EXPECT_NE(sema::validate(J{{"required", {"x"}}}, J::object()), "");
  EXPECT_NE(sema::validate(J{{"additionalProperties", false}}, J{{"y", 1}}), "");
  EXPECT_NE(sema::validate(J{{"type", {"string", "null"}}}, 1), "");
  EXPECT_EQ(sema::validate(J{{"type", {"string", "null"}}}, nullptr), "");
}

// Defaults and enum members are checked by the servers' validator; its failures are worded for
// diagnostics. The keywords the checks knew before the validator was shared read as they did.
TEST(Validate, WordsFailuresForDiagnostics) {
  const std::tuple<const char*, const char*, const char*> cases[] = {
      {R"({"type":"integer"})", "3.5", "is number, not integer"},
      {R"({"type":["string","null"]})", "1", "is integer, not string or null"},
      {R"({"type":"strin"})", R"("x")", "is string, not strin"},
      {R"({"type":"string","enum":["a","b"]})", R"("c")", R"("c" is not one of the enum values ["a","b"])"},
      {R"({"enum":["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","b"]})",
       R"("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")",
       "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa... is not one of the enum values "
       "[\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa..."},
      {R"({"const":[1,2]})", "[1,3]", "[1,3] is not the const value [1,2]"},
      {R"({"minimum":0})", "-1", "-1 is less than minimum 0"},
      {R"({"maximum":10.5})", "11", "11 is greater than maximum 10.5"},
      {R"({"exclusiveMinimum":0})", "0", "0 is not greater than exclusiveMinimum 0"},
      {R"({"exclusiveMaximum":3})", "3", "3 is not less than exclusiveMaximum 3"},
      {R"({"multipleOf":5})", "7", "7 is not a multiple of 5"},
      {R"({"minLength":2})", "\"\u00e9\"", "\"\u00e9\" is shorter than minLength 2"},
      {R"({"maxLength":3})", R"("toolong")", R"("toolong" is longer than maxLength 3)"},
      {R"({"pattern":"^[A-Z]{3}$"})", R"("abc")", R"("abc" does not match pattern "^[A-Z]{3}$")"},
      {R"({"minItems":2})", "[1]", "has 1 items, fewer than minItems 2"},
      {R"({"maxItems":1})", "[1,2,3]", "has 3 items, more than maxItems 1"},
      {R"({"uniqueItems":true})", R"([{"a":1},{"a":1}])", "has duplicate items but uniqueItems is true"},
      {R"({"items":{"items":{"type":"integer"}}})", R"([[1],[2,"x"]])", "item 1 item 1 is string, not integer"},
      {R"({"required":["x","y"]})", R"({"x":1})", "is missing required property 'y'"},
      {R"({"properties":{"a":{"properties":{"b":{"minimum":3}}}}})", R"({"a":{"b":1}})",
       "property 'a' property 'b' 1 is less than minimum 3"},
      {R"({"properties":{"a~b/c":{"type":"string"}}})", R"({"a~b/c":1})", "property 'a~b/c' is integer, not string"},
      {R"({"properties":{"a":{}},"additionalProperties":false})", R"({"a":1,"b":2})",
       "has property 'b', which additionalProperties forbids"},
      {R"({"additionalProperties":{"type":"integer"}})", R"({"a":"s"})", "property 'a' is string, not integer"},
      {R"({"minProperties":2})", R"({"a":1})", "has fewer than minProperties 2 properties"},
      {R"({"maxProperties":1})", R"({"a":1,"b":2})", "has more than maxProperties 1 properties"},
      {R"({"properties":{"tags":{"type":"array","items":{"type":"string","maxLength":2}}}})",
       R"({"tags":["ab","abc"]})", R"(property 'tags' item 1 "abc" is longer than maxLength 2)"},
      // Keywords the checks learnt from sharing the servers' validator.
      {"false", "1", "is not allowed: its schema is false"},
      {R"({"prefixItems":[{"type":"string"}],"items":false})", R"(["a",1])",
       "item 1 is not allowed: its schema is false"},
      {R"({"contains":{"const":1},"minContains":2})", "[1,2]", "has 1 items matching contains, fewer than 2"},
      {R"({"contains":{"const":1},"maxContains":1})", "[1,1]",
       "has 2 items matching contains, more than maxContains 1"},
      {R"({"dependentRequired":{"a":["b"]}})", R"({"a":1})",
       "has property 'a' but not property 'b', which dependentRequired asks for"},
      {R"({"propertyNames":{"maxLength":2}})", R"({"abc":1})", "has property 'abc', whose name propertyNames forbids"},
      {R"({"patternProperties":{"^x":{}},"additionalProperties":false})", R"({"x1":1,"y":2})",
       "has property 'y', which additionalProperties forbids"},
      {R"({"anyOf":[{"type":"string"},{"type":"integer"}]})", "1.5",
       "matches none of the anyOf schemas (is number, not string)"},
      {R"({"oneOf":[{"type":"integer"},{"minimum":3}]})", "4", "matches 2 of the oneOf schemas, not exactly one"},
      {R"({"not":{"type":"string"}})", R"("s")", "matches the schema under 'not'"},
      {R"({"if":{"minimum":10},"then":{"multipleOf":5}})", "12", "12 is not a multiple of 5"},
      {R"({"allOf":[{"properties":{"a":{"type":"string"}}}]})", R"({"a":1})", "property 'a' is integer, not string"},
  };
  for (const auto& [schema, value, why] : cases) {
    EXPECT_EQ(sema::validate(OrderedJson::parse(schema), OrderedJson::parse(value)), why) << schema << " " << value;
  }
}

// $refs resolve within the whole schema a node is part of; what check_schemas reports on its own
// (patterns RE2 refuses, $refs that do not resolve, a `type` that is no type name) is skipped.
TEST(Validate, FollowsRefsAndSkipsWhatTheSchemaChecksReport) {
  OrderedJson document = OrderedJson::parse(R"({"$defs":{"n":{"type":"integer","minimum":1}},
      "properties":{"a":{"$ref":"#/$defs/n"},"b":{"type":"object","properties":{"next":{"$ref":"#/properties/b"}}}}})");
  const OrderedJson& a = document["properties"]["a"];
  EXPECT_EQ(sema::validate(a, 0, &document), "0 is less than minimum 1");
  EXPECT_EQ(sema::validate(a, 1, &document), "");
  const OrderedJson& b = document["properties"]["b"];
  EXPECT_EQ(sema::validate(b, OrderedJson::parse(R"({"next":{"next":1}})"), &document),
            "property 'next' property 'next' is integer, not object");
  for (const char* schema : {R"j({"pattern":"^(?=x)"})j", R"({"$ref":"#/nowhere"})", R"({"type":5})"}) {
    EXPECT_EQ(sema::validate(OrderedJson::parse(schema), "y"), "") << schema;
  }
  EXPECT_EQ(sema::validate(OrderedJson::parse(R"j({"pattern":"^(?=x)","maxLength":0})j"), "y"),
            "\"y\" is longer than maxLength 0");
}

TEST(Checks, DuplicateNamesPointBackAtTheFirst) {
  auto c = check_text(std::string(kHeader) +
                      "tools:\n  - {name: a, description: d}\n  - {name: a, description: d}\n"
                      "prompts:\n  - name: p\n  - name: p\n");
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"5:12 duplicate-name", "8:11 duplicate-name"}));
  EXPECT_EQ(c->diags.sorted()[0].notes.at(0), "first defined at line 4");
}

TEST(Checks, ToolNamesFollowMcpRules) {
  auto c = check_text(std::string(kHeader) +
                      "tools:\n  - {name: get weather, description: d}\n  - {name: ok.name-1_x, description: d}\n"
                      "  - {name: " +
                      std::string(129, 'a') + ", description: d}\n");
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"4:12 tool-name", "6:12 tool-name"}));
  EXPECT_NE(c->messages().find("contains a space"), std::string::npos);
}

// Generated servers do not run triggers: one note says so, at the first trigger, whatever the
// number of triggers and the files they are in; it is no warning or error.
TEST(Checks, TriggersGetOneNoteThatTheyAreNotRun) {
  auto none = check_text(std::string(kHeader) + "tools:\n  - {name: t, description: d}\n");
  EXPECT_FALSE(none->has(Check::Unimplemented));
  auto c = check_text(std::string(kHeader) +
                      "tools:\n  - {name: t, description: d}\ntriggers:\n"
                      "  - {type: webhook, path: /a, tool: t}\n  - {type: cron, schedule: '@daily', tool: t}\n");
  EXPECT_TRUE(c->passed);
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"6:5 unimplemented"}));
  EXPECT_EQ(c->diags.sorted().at(0).severity, Severity::Note);
  EXPECT_EQ(c->diags.warning_count() + c->diags.error_count(), 0u);
}

// YAML 1.1 read yes/no/on/off as booleans; YAML 1.2 reads them as strings. Where a schema wants
// a boolean, the failure says so.
TEST(Checks, Yaml11BooleansInDefaultsAndEnumsAreExplained) {
  auto c = check_text(std::string(kHeader) + R"(tools:
  - name: t
    description: d
    parameters:
      a: {type: boolean, default: yes}
      b: {type: [boolean, "null"], enum: [on, "off"]}
      c: {type: string, default: yes}
)");
  ASSERT_EQ(c->brief(), (std::vector<std::string>{"7:35 schema-default", "8:43 schema-enum", "8:47 schema-enum"}));
  std::vector<Diagnostic> d = c->diags.sorted();
  EXPECT_EQ(d[0].notes,
            (std::vector<std::string>{
                "YAML 1.2 reads 'yes' as a string (yes/no/on/off were booleans only in YAML 1.1); write true"}));
  EXPECT_EQ(d[1].notes.at(0).substr(0, 24), "YAML 1.2 reads 'on' as a");
  EXPECT_NE(d[2].notes.at(0).find("write false"), std::string::npos);  // quoted or not, a string
}

TEST(Checks, DefaultsAndEnumsMustSatisfyTheirSchema) {
  auto c = check_text(std::string(kHeader) + R"(tools:
  - name: t
    description: d
    parameters:
      a: {type: integer, default: "ten"}
      b: {type: string, enum: [x, y], default: z}
      c: {type: integer, maximum: 100, enum: [1, 200]}
      d: {enum: [1, "one"]}
      e: {type: string, pattern: "(", minLength: 5, maxLength: 2}
      f: {type: integer, required: true, default: 1}
)");
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"7:35 schema-default", "8:48 schema-default", "9:50 schema-enum",
                                                  "10:17 enum-mixed-types", "11:34 schema", "11:50 schema",
                                                  "12:36 required-with-default"}));
  EXPECT_FALSE(c->passed);
}

TEST(Checks, ReferencesResolveAndUnusedThingsWarn) {
  auto c = check_text(std::string(kHeader) + R"(auth: {type: bearer, envVar: TOKEN}
env:
  - {name: UNUSED_VAR}
  - {name: API_TOKEN, secret: true}
connections:
  - {name: db, type: sqlite, envVar: DB_PATH}
  - {name: idle, type: redis}
tools:
  - {name: t, description: d, connection: dbb, env: [API_TOKN]}
triggers:
  - {type: webhook, path: /hook, tool: tt}
  - {type: webhook, path: /hook/, tool: t}
  - {type: cron, schedule: "61 * * * *", tool: t}
)");
  EXPECT_EQ(c->brief(), (std::vector<std::string>{
                            "3:30 undefined-env", "5:12 unused-env", "6:12 unused-env", "8:12 unused-connection",
                            "9:12 unused-connection", "11:43 undefined-connection", "11:54 undefined-env",
                            "13:5 unimplemented", "13:40 undefined-tool", "14:27 webhook-collision", "15:28 cron"}));
  EXPECT_NE(c->messages().find("did you mean 'API_TOKEN'?"), std::string::npos);
  EXPECT_NE(c->messages().find("did you mean 'db'?"), std::string::npos);
  EXPECT_NE(c->messages().find("did you mean 't'?"), std::string::npos);
}

TEST(Checks, ConnectionEnvVarDeclaresASecretEnvEntry) {
  auto c = check_text(std::string(kHeader) +
                      "connections:\n  - {name: db, type: postgresql, envVar: DATABASE_URL}\n"
                      "tools:\n  - {name: t, description: d, connection: db, env: [DATABASE_URL]}\n");
  ASSERT_TRUE(c->passed) << c->messages();
  EXPECT_EQ(c->diags.warning_count(), 0u);
}

TEST(Checks, HardcodedSecretsWarnButDoNotFail) {
  auto c = check_text(std::string(kHeader) + R"(env:
  - {name: KEY, default: sk-ant-REDACTEDREDACTEDREDACTED00, secret: true}
tools:
  - name: t
    description: d
    parameters:
      password: {type: string, default: hunter2hunter2}
      url: {type: string, default: "postgres://admin:pw@db/x"}
      token: {type: string, default: "${TOKEN}"}
    env: [KEY]
)");
  EXPECT_EQ(c->brief(),
            (std::vector<std::string>{"4:26 hardcoded-secret", "9:41 hardcoded-secret", "10:36 hardcoded-secret"}));
  EXPECT_TRUE(c->passed);
}

TEST(Checks, SemverAndUris) {
  auto c = check_text(
      "name: s\nversion: v1.2\nwebsite: ftp://x\nresources:\n  - {uri: no-scheme, name: r, text: t}\n"
      "  - {uri: 'docs://a b', name: r2, text: t}\nresourceTemplates:\n"
      "  - {uriTemplate: 'notes://{id', name: t1}\n  - {uriTemplate: 'notes://{id}', name: t2, variables: {idd: "
      "string}}\n");
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"2:10 semver", "3:10 uri", "5:11 uri", "6:11 uri",
                                                  "8:19 uri-template", "9:57 uri-template"}));
  EXPECT_NE(c->messages().find("is not a semantic version"), std::string::npos);
}

TEST(Checks, PromptPlaceholdersNeedArguments) {
  auto c = check_text(std::string(kHeader) + R"(prompts:
  - name: p
    arguments: [{name: topic, required: true}]
    messages:
      - {role: user, text: "Write about {{topic}} for {{ audience }}"}
)");
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"7:28 prompt-argument"}));
}

// Issue 11, item 2: patterns are checked as servers run them (RE2), and the compiler's own
// matching of spec values (versions, URLs) is RE2 too: a long value cannot overflow the stack.
TEST(Checks, PatternsServersCannotRunAreErrors) {
  auto c = check_text(std::string(kHeader) + R"y(tools:
  - name: t
    description: d
    parameters:
      a: {type: string, pattern: "^(?=x)"}
      b: {type: string, pattern: "(a)\\1"}
      c: {type: string, pattern: "^\\u00e9(?<name>[a-z]+)\\s$", default: "\u00e9abc\u00a0"}
      d: {type: string, pattern: "^[a-z0-9-]+$", default: "UPPER"}
  - name: u
    description: d
    inputSchema:
      type: object
      patternProperties:
        "(?<!a)b": {type: string}
)y");
  EXPECT_EQ(c->brief(),
            (std::vector<std::string>{"7:34 schema", "8:34 schema", "10:59 schema-default", "16:20 schema"}));
  EXPECT_NE(c->messages().find("uses lookahead or lookbehind"), std::string::npos);
  EXPECT_NE(c->messages().find("uses a backreference"), std::string::npos);
  std::string error;
  EXPECT_EQ(sema::compiled_pattern("(?=x)", &error), nullptr);
  EXPECT_NE(error, "");
  EXPECT_NE(sema::compiled_pattern("^[a-z]+$"), nullptr);
  // A value long enough to overflow std::regex's recursion.
  EXPECT_EQ(sema::validate(OrderedJson{{"pattern", "^[a-z0-9-]+$"}}, std::string(200'000, 'a')), "");
  EXPECT_FALSE(sema::is_semver("1.0.0-" + std::string(200'000, 'a') + "."));
  auto long_version = check_text("name: s\nversion: '" + std::string(200'000, '1') + "'\n");
  EXPECT_TRUE(long_version->has(Check::Semver));
}

// Issue 11, item 14: combinators that re-apply their own schema make validation exponential.
TEST(Checks, RecursiveCombinatorsWarn) {
  auto c = check_text(std::string(kHeader) + R"y(tools:
  - name: tree
    description: d
    inputSchema:
      type: object
      properties:
        t: {$ref: "#/$defs/t"}
        ok: {$ref: "#/$defs/list"}
        loop: {$ref: "#/$defs/loop"}
      $defs:
        t:
          type: [integer, array]
          items: {anyOf: [{$ref: "#/$defs/t"}, {$ref: "#/$defs/t"}]}
        list:
          anyOf:
            - {type: "null"}
            - {type: object, properties: {next: {$ref: "#/$defs/list"}}}
        loop:
          allOf: [{$ref: "#/$defs/loop"}]
)y");
  // The linked list recurses through one branch only: linear, no warning.
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"15:27 recursive-combinator", "21:19 recursive-combinator"}));
  EXPECT_NE(c->messages().find("reaches itself again through anyOf/0 and anyOf/1"), std::string::npos);
  EXPECT_NE(c->messages().find("without descending into the value"), std::string::npos);
  EXPECT_TRUE(c->passed) << "a warning, not an error";
}

TEST(Checks, EverySpecErrorIsReportedNotJustTheFirst) {
  std::string spec = kHeader;
  spec += "tools:\n";
  for (int i = 0; i < 30; ++i) spec += "  - {name: 'bad name " + std::to_string(i) + "', description: d}\n";
  auto c = check_text(spec);
  EXPECT_EQ(c->diags.error_count(), 30u);
}

// What backends rely on for named types, checked on a module as an IR file could hold it: each
// recorded use is the declared schema inlined, names are declared, no type contains itself, and
// chains of types stay as shallow as a spec can nest.
TEST(Checks, NamedTypeUsesMatchTheirDeclarations) {
  auto c = check_text(std::string(kHeader) + R"(
types:
  Id: {type: integer, minimum: 1}
tools:
  - name: t
    description: T
    parameters:
      id: {type: Id, description: Which one, nullable: true}
)");
  ASSERT_TRUE(c->passed) << c->messages();
  auto recheck = [](ir::Module m) {
    DiagnosticEngine diags;
    bool ok = sema::check(std::move(m), diags).has_value();
    std::string out;
    for (const Diagnostic& d : diags.sorted()) out += std::string(check_info(d.check).name) + ": " + d.message + "\n";
    return std::pair{ok, out};
  };
  EXPECT_TRUE(recheck(*c->module).first);

  ir::Module changed = *c->module;
  changed.tools[0].input_schema.json["properties"]["id"]["minimum"] = 0;
  auto [ok, out] = recheck(changed);
  EXPECT_FALSE(ok);
  EXPECT_NE(out.find("schema: the schema at /properties/id in the input schema of tool 't' is marked as type 'Id' but "
                     "is not its schema as declared"),
            std::string::npos)
      << out;

  changed = *c->module;
  changed.tools[0].input_schema.named["/properties/id"] = "Ids";
  std::tie(ok, out) = recheck(changed);
  EXPECT_FALSE(ok);
  EXPECT_NE(out.find("is marked as type 'Ids', which is not declared"), std::string::npos) << out;

  changed = *c->module;
  changed.tools[0].input_schema.named["/properties/nothing"] = "Id";
  std::tie(ok, out) = recheck(changed);
  EXPECT_FALSE(ok);
  EXPECT_NE(out.find("has no schema at /properties/nothing"), std::string::npos) << out;

  // A type within itself would make a backend declare it forever.
  changed = *c->module;
  changed.types[0].schema.named[""] = "Id";
  std::tie(ok, out) = recheck(changed);
  EXPECT_FALSE(ok);
  EXPECT_NE(out.find("recursive-type: type 'Id' contains itself"), std::string::npos) << out;

  // 70 types, each the next one's alias: deeper than types may nest.
  changed = *c->module;
  for (int i = 0; i < 70; ++i) {
    ir::NamedType t = changed.types[0];
    t.name = "Id" + std::to_string(i);
    if (i < 69) t.schema.named[""] = "Id" + std::to_string(i + 1);
    changed.types.push_back(t);
  }
  changed.types[0].schema.named[""] = "Id0";
  std::tie(ok, out) = recheck(changed);
  EXPECT_FALSE(ok);
  EXPECT_NE(out.find("limits: named types refer to one another more than 64 levels deep"), std::string::npos) << out;
}

}  // namespace
}  // namespace mcpc
