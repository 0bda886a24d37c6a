// Lowering: shorthand to JSON Schema, structural errors, includes.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "../support/temp_dir.h"
#include "mcpc/ir/ir_json.h"
#include "test_util.h"

namespace mcpc {
namespace {

using testing::check_text;
using testing::kHeader;

TEST(Lowering, ShorthandBecomesJsonSchema) {
  auto c = check_text(std::string(kHeader) + R"(
tools:
  - name: search
    description: Search
    parameters:
      query: {type: string, required: true, minLength: 1, pattern: "^[a-z]+$"}
      limit: {type: integer, default: 50, minimum: 1, maximum: 100}
      tags: {type: array, items: string, maxItems: 5}
      since: {type: string, format: date-time, nullable: true}
      filter:
        type: object
        properties:
          field: {type: string, required: true}
          op: {type: string, enum: [eq, ne]}
        additionalProperties: false
      kind: string
)");
  ASSERT_TRUE(c->passed) << c->messages();
  const OrderedJson& s = c->module->tools.at(0).input_schema.json;
  EXPECT_EQ(s["type"], "object");
  EXPECT_EQ(s["required"], OrderedJson::array({"query"}));
  EXPECT_EQ(s["properties"]["query"], (OrderedJson{{"type", "string"}, {"minLength", 1}, {"pattern", "^[a-z]+$"}}));
  EXPECT_EQ(s["properties"]["limit"]["default"], 50);
  EXPECT_EQ(s["properties"]["tags"]["items"], (OrderedJson{{"type", "string"}}));
  EXPECT_EQ(s["properties"]["since"]["type"], OrderedJson::array({"string", "null"}));
  EXPECT_EQ(s["properties"]["filter"]["required"], OrderedJson::array({"field"}));
  EXPECT_EQ(s["properties"]["filter"]["additionalProperties"], false);
  EXPECT_EQ(s["properties"]["kind"], (OrderedJson{{"type", "string"}}));
  // Property order is source order (backends turn it into struct field order).
  std::vector<std::string> keys;
  for (auto it = s["properties"].begin(); it != s["properties"].end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"query", "limit", "tags", "since", "filter", "kind"}));
  // Every schema node remembers where it was written.
  const ir::Schema& schema = c->module->tools.at(0).input_schema;
  EXPECT_EQ(schema.loc_of("/properties/limit/default").line, 9u);
  EXPECT_EQ(schema.loc_of("/properties/filter/properties/op/enum/1").line, 16u);
}

TEST(Lowering, NonObjectReturnsAreWrapped) {
  auto c = check_text(std::string(kHeader) +
                      "tools:\n  - name: n\n    description: d\n    returns: {type: array, items: number}\n"
                      "  - name: o\n    description: d\n    returns: {type: object, properties: {x: integer}}\n");
  ASSERT_TRUE(c->passed) << c->messages();
  const ir::Tool& n = c->module->tools[0];
  EXPECT_TRUE(n.output_wrapped);
  EXPECT_EQ(n.output_schema->json["properties"]["result"]["type"], "array");
  EXPECT_EQ(n.output_schema->json["required"], OrderedJson::array({"result"}));
  EXPECT_FALSE(c->module->tools[1].output_wrapped);
  EXPECT_EQ(c->module->tools[1].output_schema->json["type"], "object");
}

TEST(Lowering, RawInputSchemaPassesThroughUnaltered) {
  auto c = check_text(std::string(kHeader) + R"(
tools:
  - name: raw
    description: d
    inputSchema:
      $schema: https://json-schema.org/draft/2020-12/schema
      type: object
      $defs: {id: {type: string}}
      properties: {id: {$ref: "#/$defs/id"}}
)");
  ASSERT_TRUE(c->passed) << c->messages();
  const OrderedJson& s = c->module->tools[0].input_schema.json;
  EXPECT_EQ(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(s["properties"]["id"]["$ref"], "#/$defs/id");
}

TEST(Lowering, UnknownKeysSuggestTheClosestKnownKey) {
  auto c = check_text(std::string(kHeader) +
                      "tools:\n  - name: t\n    descripton: d\n    parameters: {q: {type: string, requird: true}}\n");
  EXPECT_FALSE(c->passed);
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"4:11 missing-description", "5:5 unknown-key", "6:36 unknown-key"}));
  EXPECT_NE(c->messages().find("did you mean 'description'?"), std::string::npos);
  EXPECT_NE(c->messages().find("did you mean 'required'?"), std::string::npos);
}

TEST(Lowering, WrongTypesAndMissingFieldsAreAllReported) {
  auto c =
      check_text("version: 1.0\ntools:\n  - description: no name\n  - name: [a]\n    description: x\ntransport: ftp\n");
  EXPECT_FALSE(c->passed);
  EXPECT_TRUE(c->has(Check::MissingField));  // name of server and of tool 1
  EXPECT_TRUE(c->has(Check::Type));          // version 1.0 is a number; name [a]
  EXPECT_TRUE(c->has(Check::InvalidValue));  // transport ftp
  EXPECT_GE(c->diags.error_count(), 5u);
}

// A named type becomes a copy of its schema wherever it is used (declared before or after the
// use), so every schema stays self-contained; Schema::named says where, and the copy keeps the
// locations of the types section.
TEST(Lowering, NamedTypesAreInlinedWhereUsed) {
  auto c = check_text(std::string(kHeader) + R"(
tools:
  - name: get
    description: Get
    parameters:
      id: {type: Id, required: true, description: Which one}
    returns: Item
  - name: all
    description: All
    returns: {type: array, items: Item}
types:
  Id: {type: integer, minimum: 1}
  Item:
    type: object
    properties:
      id: Id
      parent: {type: Id, nullable: true}
)");
  ASSERT_TRUE(c->passed) << c->messages();
  const ir::Tool& get = c->module->tools.at(0);
  EXPECT_EQ(get.input_schema.json["properties"]["id"],
            (OrderedJson{{"type", "integer"}, {"minimum", 1}, {"description", "Which one"}}));
  EXPECT_EQ(get.input_schema.json["required"], OrderedJson::array({"id"}));
  EXPECT_EQ(get.input_schema.named, (std::map<std::string, std::string>{{"/properties/id", "Id"}}));
  // Where the type's keywords were written (line 14), where the use was (line 8).
  EXPECT_EQ(get.input_schema.locs.at("/properties/id/minimum").line, 14u);
  EXPECT_EQ(get.input_schema.locs.at("/properties/id/description").line, 8u);
  EXPECT_EQ(get.input_schema.locs.at("/properties/id").line, 8u);

  ASSERT_TRUE(get.output_schema.has_value());
  EXPECT_FALSE(get.output_wrapped);  // an object type: used as the output schema
  const OrderedJson& item = get.output_schema->json;
  EXPECT_EQ(item["properties"]["parent"]["type"], OrderedJson::array({"integer", "null"}));
  EXPECT_EQ(get.output_schema->named,
            (std::map<std::string, std::string>{{"", "Item"}, {"/properties/id", "Id"}, {"/properties/parent", "Id"}}));
  const ir::Tool& all = c->module->tools.at(1);
  EXPECT_TRUE(all.output_wrapped);
  EXPECT_EQ(all.output_schema->json["properties"]["result"]["items"], item);
  EXPECT_EQ(all.output_schema->named.at("/properties/result/items"), "Item");
  EXPECT_EQ(ir::to_json(*c->module).dump().find("$ref"), std::string::npos);
}

TEST(Lowering, NamedTypesServeTemplateVariables) {
  auto c = check_text(std::string(kHeader) + R"(
types:
  Slug: {type: string, pattern: "^[a-z-]+$"}
resourceTemplates:
  - uriTemplate: "docs://{slug}"
    name: doc
    variables:
      slug: Slug
)");
  ASSERT_TRUE(c->passed) << c->messages();
  const ir::TemplateVariable& v = c->module->resource_templates.at(0).variables.at(0);
  EXPECT_EQ(v.schema.json, (OrderedJson{{"type", "string"}, {"pattern", "^[a-z-]+$"}}));
  EXPECT_EQ(v.schema.named.at(""), "Slug");
}

TEST(Lowering, NamedTypeMistakesAreReportedWhereWritten) {
  auto c = check_text(std::string(kHeader) + R"(
types:
  Node: {type: object, properties: {next: Node}}
  Tag: {type: string, maxLength: 8}
tools:
  - name: t
    description: T
    parameters:
      a: Tg
      b: {type: Tag, minLength: 2}
      c: Node
)");
  EXPECT_FALSE(c->passed);
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"5:43 recursive-type", "11:10 invalid-value", "12:33 schema"}))
      << c->messages();
  EXPECT_NE(c->messages().find("did you mean 'Tag'?"), std::string::npos) << c->messages();
}

TEST(Lowering, SameSpecInJsonGivesSameIr) {
  auto y = check_text(std::string(kHeader) +
                      "tools:\n  - name: t\n    description: d\n    parameters: {q: {type: string, required: true}}\n");
  auto j = check_text(R"({"name": "test-server", "version": "1.0.0", "tools": [{"name": "t", "description": "d",
      "parameters": {"q": {"type": "string", "required": true}}}]})",
                      "spec.json");
  ASSERT_TRUE(y->passed && j->passed) << y->messages() << j->messages();
  EXPECT_EQ(y->module->tools[0].input_schema.json, j->module->tools[0].input_schema.json);
}

// A keyword one level too shallow under a parameter is warned about where it passes for a
// parameter (type, items, properties, additionalProperties) and the member before it could own
// it; parameters that merely share a keyword's name are left alone.
TEST(KeywordParameter, WarnsWhereAKeywordProbablyBelongsToTheMemberBefore) {
  auto c = check_text(std::string(kHeader) + R"(tools:
  - name: t
    description: d
    parameters:
      tags:
        type: array
      items: string
      filter:
        description: a filter
      type: object
      rest: {type: object}
      additionalProperties: {type: string}
)");
  ASSERT_EQ(c->brief(),
            (std::vector<std::string>{"9:7 keyword-parameter", "12:7 keyword-parameter", "14:7 keyword-parameter"}));
  EXPECT_TRUE(c->passed);  // warnings
  std::vector<Diagnostic> d = c->diags.sorted();
  EXPECT_EQ(d[0].message,
            "'items' here declares a parameter named 'items'; if it belongs to 'tags', it is indented "
            "one level too shallow");
  EXPECT_EQ(d[0].notes, (std::vector<std::string>{
                            "indent it by 2 more spaces (to column 9) to put it in 'tags'",
                            "if a parameter named 'items' is meant, give it a description: 'items: {type: string, "
                            "description: ...}'"}));
  EXPECT_EQ(d[1].notes.at(0), "indent it by 2 more spaces (to column 9) to put it in 'filter'");
  EXPECT_EQ(d[2].notes,
            (std::vector<std::string>{"move it into the schema of 'rest'",  // a flow mapping: no indentation reaches it
                                      "if a parameter named 'additionalProperties' is meant, give it a description: a "
                                      "'description:' in its schema"}));
}

TEST(KeywordParameter, LeavesParametersNamedLikeKeywordsAlone) {
  auto c = check_text(std::string(kHeader) + R"(tools:
  - name: create_issue
    description: d
    parameters:
      type: string
      title:
        type: string
      description: string
      format: {type: string, enum: [md, html]}
  - name: list
    description: d
    parameters:
      query: string
      type: string
      count:
        type: integer
      items: string
      tags:
        type: array
        items: string
      properties: {type: object}
      folder:
        minLength: 1
      type2: string
  - name: described
    description: d
    parameters:
      where:
        description: a place
      type: {type: string, description: the kind}
      list:
        type: array
      items: {type: string, description: the items to add}
)");
  EXPECT_TRUE(c->passed) << c->messages();
  EXPECT_EQ(c->brief(), std::vector<std::string>{}) << c->messages();
}

TEST(KeywordParameter, ReachesNestedPropertiesReturnsAndTemplateVariables) {
  auto c = check_text(std::string(kHeader) + R"(tools:
  - name: t
    description: d
    returns:
      type: object
      properties:
        list:
          type: array
        items: {type: integer}
resourceTemplates:
  - uriTemplate: notes://{id}{?type}
    name: n
    variables:
      id:
        minimum: 1
      type: integer
)");
  EXPECT_EQ(c->brief(), (std::vector<std::string>{"11:9 keyword-parameter", "18:7 keyword-parameter"}));
  EXPECT_NE(c->messages().find("'items' here declares a property named 'items'; if it belongs to 'list'"),
            std::string::npos);
  EXPECT_NE(c->messages().find("'type' here declares a variable named 'type'; if it belongs to 'id'"),
            std::string::npos);
}

// A keyword whose value cannot be a parameter's schema is an error from lowering already; a note
// says where the line belongs.
TEST(KeywordParameter, NotesWhereAKeywordThatIsNoSchemaBelongs) {
  auto c = check_text(std::string(kHeader) + R"(tools:
  - name: t
    description: d
    parameters:
      limit:
        type: integer
      minimum: 1
      maximum: 100
      query: string
      enum: [a, b]
      filter:
        type: object
      properties:
        a: string
)");
  EXPECT_FALSE(c->passed);
  ASSERT_EQ(c->brief(), (std::vector<std::string>{"9:16 type", "9:16 keyword-parameter", "10:16 type",
                                                  "10:16 keyword-parameter", "12:13 type", "12:13 keyword-parameter",
                                                  "16:9 unknown-key", "16:9 keyword-parameter"}));
  std::vector<Diagnostic> d = c->diags.sorted();
  EXPECT_EQ(d[1].severity, Severity::Note);
  EXPECT_EQ(d[1].message,
            "'minimum' is a JSON Schema keyword, not a parameter name; indent it by 2 more spaces (to column 9) to "
            "put it in 'limit'");
  EXPECT_EQ(d[3].message.substr(d[3].message.size() - 20), "to put it in 'limit'");  // past 'minimum', moved with it
  EXPECT_EQ(d[5].message,
            "'enum' is a JSON Schema keyword, not a parameter name; it belongs inside the schema of the parameter it "
            "describes");
  EXPECT_EQ(d[7].message.substr(d[7].message.size() - 21), "to put it in 'filter'");
}

// `parameters:` written as a whole JSON Schema object: one error that says what to write, and
// nothing about the keys under it.
TEST(KeywordParameter, ParametersWrittenAsJsonSchemaGetOneError) {
  for (std::string params :
       {"{type: object, properties: {q: {type: string}}, required: [q]}",
        "{properties: {q: {type: string}}, required: [q]}", "{required: [q], q: string}",
        "{$schema: 'https://json-schema.org/draft/2020-12/schema', q: string}", "{type: object}"}) {
    auto c =
        check_text(std::string(kHeader) + "tools:\n  - name: t\n    description: d\n    parameters: " + params + "\n");
    EXPECT_EQ(c->brief(), (std::vector<std::string>{"6:18 keyword-parameter"})) << params << "\n" << c->messages();
    EXPECT_NE(c->messages().find("for raw JSON Schema write 'inputSchema:' instead of 'parameters:'"),
              std::string::npos);
  }
  // A parameter named type, or properties holding shorthand keys, is no JSON Schema object.
  for (std::string params : {"{type: string}", "{properties: {type: object}}", "{type: {type: object}}"}) {
    auto c =
        check_text(std::string(kHeader) + "tools:\n  - name: t\n    description: d\n    parameters: " + params + "\n");
    EXPECT_TRUE(c->passed) << params << "\n" << c->messages();
  }
}

// Where a boolean is wanted, yes/no/on/off (booleans in YAML 1.1, strings in YAML 1.2) get a note.
TEST(Lowering, Yaml11BooleansWhereABooleanIsWantedAreExplained) {
  auto c = check_text(std::string(kHeader) + R"(env:
  - {name: A, required: no, secret: Yes}
tools:
  - name: t
    description: d
    env: [A]
    parameters:
      a: {type: string, nullable: y}
      b: {type: object, additionalProperties: off}
      c: {type: array, uniqueItems: "ON"}
    annotations: {readOnlyHint: n}
prompts:
  - name: p
    arguments:
      - {name: x, required: yes}
    messages:
      - {role: user, text: "{{x}}"}
)");
  std::vector<std::string> notes;
  for (const Diagnostic& d : c->diags.sorted()) {
    EXPECT_EQ(d.check, Check::Type) << d.message;
    notes.push_back(d.notes.empty() ? ""
                                    : d.notes[0].substr(0, d.notes[0].find(" as a string")) + " / " +
                                          d.notes[0].substr(d.notes[0].rfind(';') + 2));
  }
  EXPECT_EQ(notes, (std::vector<std::string>{"YAML 1.2 reads 'no' / write false", "YAML 1.2 reads 'Yes' / write true",
                                             "YAML 1.2 reads 'y' / write true", "YAML 1.2 reads 'off' / write false",
                                             "YAML 1.2 reads 'ON' / write true", "YAML 1.2 reads 'n' / write false",
                                             "YAML 1.2 reads 'yes' / write true"}));
  // Other strings where a boolean is wanted get no such note.
  auto other = check_text(std::string(kHeader) +
                          "tools:\n  - {name: t, description: d, annotations: {readOnlyHint: "
                          "nope}}\n");
  ASSERT_EQ(other->diags.sorted().size(), 1u);
  EXPECT_TRUE(other->diags.sorted()[0].notes.empty());
}

class IncludeTest : public ::testing::Test {
 protected:
  void write(const std::string& name, const std::string& text) { dir_.write(name, text); }
  testing::TempDir dir_{"include"};
};

TEST_F(IncludeTest, MergesListsAndKeepsIncludedLocations) {
  write("root.yaml", std::string(kHeader) + "include: parts/tools.yaml\ntools:\n  - {name: a, description: d}\n");
  write("parts/tools.yaml",
        "tools:\n  - name: b\n    description: d\ntriggers:\n  - {type: cron, schedule: '@daily', tool: a}\n");
  SourceManager sm;
  DiagnosticEngine diags;
  auto m = load_spec((dir_ / "root.yaml").string(), sm, diags);
  ASSERT_TRUE(m);
  ASSERT_FALSE(diags.has_errors());
  ASSERT_EQ(m->tools.size(), 2u);
  EXPECT_EQ(m->tools[1].name, "b");
  EXPECT_EQ(m->files.at(m->tools[1].loc.file), (dir_ / "parts/tools.yaml").string());
  EXPECT_EQ(m->tools[1].name_loc.line, 2u);
  EXPECT_EQ(m->triggers.size(), 1u);
}

TEST_F(IncludeTest, ReportsCyclesMissingFilesAndRootOnlyKeys) {
  write("root.yaml", std::string(kHeader) + "include: [a.yaml, missing.yaml]\n");
  write("a.yaml", "name: nope\ninclude: root.yaml\n");
  SourceManager sm;
  DiagnosticEngine diags;
  auto m = load_spec((dir_ / "root.yaml").string(), sm, diags);
  ASSERT_TRUE(m);
  std::vector<std::string> msgs;
  for (const auto& d : diags.sorted()) msgs.push_back(d.message);
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_NE(msgs[0].find("no such file"), std::string::npos);                  // root.yaml:3
  EXPECT_NE(msgs[1].find("only appear in the root spec"), std::string::npos);  // a.yaml:1
  EXPECT_NE(msgs[2].find("include cycle"), std::string::npos);                 // a.yaml:2
}

TEST(Limits, OversizedTextIsRefused) {
  FrontendOptions o;
  o.limits.max_file_bytes = 100;
  auto c = check_text(std::string(200, '#'), "big.yaml", o);
  EXPECT_FALSE(c->module);
  EXPECT_TRUE(c->has(Check::Limits));
}

}  // namespace
}  // namespace mcpc
