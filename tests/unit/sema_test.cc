// Semantic checks: each rule family on small specs, plus the helpers behind them.
#include <gtest/gtest.h>

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

TEST(UriTemplate, ParsesRfc6570Levels) {
  std::vector<std::string> vars;
  EXPECT_EQ(sema::uri_template_error("notes://{folder}/{id}{?q,limit}{#frag}", &vars), "");
  EXPECT_EQ(vars, (std::vector<std::string>{"folder", "id", "q", "limit", "frag"}));
  EXPECT_EQ(sema::uri_template_error("file:///{+path}{/seg*}{.ext:3}", nullptr), "");
  EXPECT_NE(sema::uri_template_error("x://{id", nullptr), "");
  EXPECT_NE(sema::uri_template_error("x://id}", nullptr), "");
  EXPECT_NE(sema::uri_template_error("x://{}", nullptr), "");
  EXPECT_NE(sema::uri_template_error("x://{=id}", nullptr), "");
  EXPECT_NE(sema::uri_template_error("x://{id:0}", nullptr), "");
  EXPECT_NE(sema::uri_template_error("x://{a-b}", nullptr), "");
  EXPECT_NE(sema::uri_template_error("x://a b/{id}", nullptr), "");
}

TEST(Validate, CoversTheShorthandKeywords) {
  using J = ir::Json;
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

TEST(Checks, DuplicateNamesPointBackAtTheFirst) {
  auto c = check_text(std::string(kHeader) + "tools:\n  - {name: a, description: d}\n  - {name: a, description: d}\n"
                                             "prompts:\n  - name: p\n  - name: p\n");
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"5:12 duplicate-name", "8:11 duplicate-name"}));
  EXPECT_EQ(c->diags.sorted()[0].notes.at(0), "first defined at line 4");
}

TEST(Checks, ToolNamesFollowMcpRules) {
  auto c = check_text(std::string(kHeader) + "tools:\n  - {name: get weather, description: d}\n  - {name: ok.name-1_x, description: d}\n"
                                             "  - {name: " + std::string(129, 'a') + ", description: d}\n");
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"4:12 tool-name", "6:12 tool-name"}));
  EXPECT_NE(c->messages().find("contains a space"), std::string::npos);
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
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"3:30 undefined-env", "5:12 unused-env", "6:12 unused-env",
                                                  "8:12 unused-connection", "9:12 unused-connection",
                                                  "11:43 undefined-connection", "11:54 undefined-env",
                                                  "13:40 undefined-tool", "14:27 webhook-collision", "15:28 cron"}));
  EXPECT_NE(c->messages().find("did you mean 'API_TOKEN'?"), std::string::npos);
  EXPECT_NE(c->messages().find("did you mean 'db'?"), std::string::npos);
  EXPECT_NE(c->messages().find("did you mean 't'?"), std::string::npos);
}

TEST(Checks, ConnectionEnvVarDeclaresASecretEnvEntry) {
  auto c = check_text(std::string(kHeader) + "connections:\n  - {name: db, type: postgresql, envVar: DATABASE_URL}\n"
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
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"4:26 hardcoded-secret", "9:41 hardcoded-secret",
                                                  "10:36 hardcoded-secret"}));
  EXPECT_TRUE(c->passed);
}

TEST(Checks, SemverAndUris) {
  auto c = check_text("name: s\nversion: v1.2\nwebsite: ftp://x\nresources:\n  - {uri: no-scheme, name: r, text: t}\n"
                      "  - {uri: 'docs://a b', name: r2, text: t}\nresourceTemplates:\n"
                      "  - {uriTemplate: 'notes://{id', name: t1}\n  - {uriTemplate: 'notes://{id}', name: t2, variables: {idd: string}}\n");
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"2:10 semver", "3:10 uri", "5:11 uri", "6:11 uri", "8:19 uri-template",
                                                  "9:57 uri-template"}));
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
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"7:34 schema", "8:34 schema", "10:59 schema-default", "16:20 schema"}));
  EXPECT_NE(c->messages().find("uses lookahead or lookbehind"), std::string::npos);
  EXPECT_NE(c->messages().find("uses a backreference"), std::string::npos);
  std::string error;
  EXPECT_EQ(sema::compiled_pattern("(?=x)", &error), nullptr);
  EXPECT_NE(error, "");
  EXPECT_NE(sema::compiled_pattern("^[a-z]+$"), nullptr);
  // A value long enough to overflow std::regex's recursion.
  EXPECT_EQ(sema::validate(ir::Json{{"pattern", "^[a-z0-9-]+$"}}, std::string(200'000, 'a')), "");
  EXPECT_FALSE(sema::is_semver("1.0.0-" + std::string(200'000, 'a') + "."));
  auto long_version = check_text("name: s\nversion: '" + std::string(200'000, '1') + "'\n");
  EXPECT_TRUE(long_version->has(Check::kSemver));
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

}  // namespace
}  // namespace mcpc
