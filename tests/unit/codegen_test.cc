// The code generator's parts: the namer, C++ string literals, the schema -> C++ type mapping,
// the view both backends share, the all-or-nothing writer and depfiles, the problems backends
// report; and `mcpc compile` end to end in-process.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "../../codegen/src/cpp/cpp_types.h"
#include "../../codegen/src/escape.h"
#include "../../codegen/src/namer.h"
#include "../../codegen/src/resource_content.h"
#include "../../codegen/src/server_view.h"
#include "../support/cli_tester.h"
#include "mcpc/codegen/backend.h"
#include "mcpc/codegen/output.h"
#include "mcpc/frontend/spec.h"
#include "mcpc/sema/check.h"

namespace fs = std::filesystem;
using namespace mcpc::codegen;

namespace {

using mcpc::testing::CliRun;
using mcpc::testing::read_file;
using mcpc::testing::run_mcpc;
using mcpc::testing::TempDir;

const char* kCalculator = MCPC_SOURCE_DIR "/examples/calculator/mcp.yaml";

TEST(Namer, SplitsAndJoinsWords) {
  EXPECT_EQ(snake_case("list-orders"), "list_orders");
  EXPECT_EQ(snake_case("getHTTPStatus v2"), "get_http_status_v2");
  EXPECT_EQ(pascal_case("search_products"), "SearchProducts");
  EXPECT_EQ(pascal_case("in-stock"), "InStock");
  EXPECT_EQ(pascal_case("émoji 🚀 name"), "MojiName");  // non-ASCII is dropped
  EXPECT_EQ(snake_case("---"), "");
}

TEST(Namer, ScopeEscapesKeywordsDigitsAndCollisions) {
  CppScope scope;
  EXPECT_EQ(scope.claim("delete"), "delete_");
  EXPECT_EQ(scope.claim("class"), "class_");
  EXPECT_EQ(scope.claim("2fa"), "v2fa");
  EXPECT_EQ(scope.claim("a__b"), "a_b");      // a double underscore is reserved
  EXPECT_EQ(scope.claim("_Upper"), "Upper");  // so is a leading one
  EXPECT_EQ(scope.claim("errno"), "errno_");  // a macro
  EXPECT_EQ(scope.claim("x-"), "x_");
  EXPECT_EQ(scope.claim("x-"), "x_2");  // not x__2
  EXPECT_EQ(scope.claim(""), "value");
  EXPECT_EQ(scope.claim("name"), "name");
  EXPECT_EQ(scope.claim("name"), "name_2");
  EXPECT_EQ(scope.claim("name"), "name_3");
  CppScope reserved({"Handlers"});
  EXPECT_EQ(reserved.claim("Handlers"), "Handlers_2");
  EXPECT_TRUE(is_cpp_keyword("co_await"));
  EXPECT_FALSE(is_cpp_keyword("result"));
}

TEST(Namer, StringLiteralsEscapeEverythingThatMatters) {
  EXPECT_EQ(cpp_string_literal("a\"b\\c\n"), R"("a\"b\\c\n")");
  EXPECT_EQ(cpp_string_literal("?"), R"("\?")");  // so no trigraph can form
  // A hex escape followed by a hex digit would swallow it: the literal is split.
  EXPECT_EQ(cpp_string_literal(std::string("\x01") + "a"), R"("\x01" "a")");
  // Bytes outside printable ASCII are \x escapes: the value is the same whatever the compiler's
  // source and execution character sets.
  EXPECT_EQ(cpp_string_literal("é"), R"("\xc3\xa9")");
}

TEST(CppTypes, MapsSchemasToTypes) {
  cpp::TypeCollector types;
  auto j = [](const char* s) { return mcpc::OrderedJson::parse(s); };
  EXPECT_EQ(types.type_for(j(R"({"type":"string"})"), "A", ""), "std::string");
  EXPECT_EQ(types.type_for(j(R"({"type":"integer"})"), "A", ""), "std::int64_t");
  EXPECT_EQ(types.type_for(j(R"({"type":"number"})"), "A", ""), "double");
  EXPECT_EQ(types.type_for(j(R"({"type":"boolean"})"), "A", ""), "bool");
  EXPECT_EQ(types.type_for(j(R"({"type":"array","items":{"type":"integer"}})"), "A", ""), "std::vector<std::int64_t>");
  EXPECT_EQ(types.type_for(j(R"({"type":"array"})"), "A", ""), "std::vector<Json>");
  EXPECT_EQ(types.type_for(j(R"({"type":"object"})"), "A", ""), "Json");
  EXPECT_EQ(types.type_for(j(R"({"anyOf":[{"type":"string"},{"type":"integer"}]})"), "A", ""), "Json");
  EXPECT_EQ(types.type_for(j(R"({"$ref":"#/$defs/x"})"), "A", ""), "Json");
  EXPECT_EQ(types.type_for(j(R"({"type":["string","integer"]})"), "A", ""), "Json");
  EXPECT_EQ(types.type_for(j(R"({"enum":[1,2,3]})"), "A", ""), "std::int64_t");
  bool nullable = false;
  EXPECT_EQ(types.type_for(j(R"({"type":["string","null"]})"), "A", "", &nullable), "std::string");
  EXPECT_TRUE(nullable);
  EXPECT_EQ(types.type_for(j(R"({"type":"string","enum":["in-stock","sold out","2x"]})"), "Status", ""), "Status");
  ASSERT_EQ(types.enums().size(), 1u);
  EXPECT_EQ(types.enums()[0].values[0].identifier, "InStock");
  EXPECT_EQ(types.enums()[0].values[1].identifier, "SoldOut");
  EXPECT_EQ(types.enums()[0].values[2].identifier, "V2x");
}

TEST(CppTypes, StructsComeAfterWhatTheyUse) {
  cpp::TypeCollector types;
  auto schema = mcpc::OrderedJson::parse(R"({"type":"object","required":["ship"],"properties":{
      "ship":{"type":"object","properties":{"mode":{"enum":["air","sea"]},"days":{"type":"integer","default":3}}},
      "class":{"type":"string"},
      "lines":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"}}}}}})");
  EXPECT_EQ(types.root_type(schema, "OrderParams", ""), "OrderParams");
  std::vector<std::string> order;
  for (const auto& d : types.order())
    order.push_back(d.is_enum ? types.enums()[d.index].name : types.structs()[d.index].name);
  EXPECT_EQ(order, (std::vector<std::string>{"OrderParamsShipMode", "OrderParamsShip", "OrderParamsLinesItem",
                                             "OrderParams"}));
  const cpp::StructDecl& root = types.structs().back();
  ASSERT_EQ(root.fields.size(), 3u);
  EXPECT_EQ(root.fields[0].type, "OrderParamsShip");  // required: plain
  EXPECT_EQ(root.fields[1].member, "class_");         // keyword escaped
  EXPECT_EQ(root.fields[1].type, "std::optional<std::string>");
  const cpp::StructDecl& ship = types.structs()[0];
  EXPECT_EQ(ship.fields[1].type, "std::int64_t");  // optional with a default: plain, initialised
  EXPECT_EQ(ship.fields[1].initializer, " = 3");
}

// Three tools returning the same named type, and two using it inside other schemas, share one
// struct, declared under the type's own name before what uses it.
TEST(CppTypes, NamedTypesAreDeclaredOnce) {
  mcpc::SourceManager sm;
  mcpc::DiagnosticEngine diags;
  auto m = mcpc::load_spec_text("spec.yaml", R"(name: s
version: 1.0.0
types:
  Item: {type: object, properties: {id: {type: integer, required: true}, kind: Kind}}
  Kind: {type: string, enum: [a, b]}
tools:
  - {name: one, description: d, returns: Item}
  - {name: two, description: d, returns: Item}
  - {name: three, description: d, returns: {type: Item, description: The item}}
  - {name: many, description: d, returns: {type: array, items: Item}}
  - {name: put, description: d, parameters: {item: {type: Item, required: true}, maybe: {type: Item, nullable: true}}}
)",
                                sm, diags);
  ASSERT_TRUE(m.has_value());
  auto checked = mcpc::sema::check(*m, diags);
  ASSERT_TRUE(checked.has_value());
  cpp::TypeCollector types(&checked->module());
  for (const mcpc::ir::Tool& t : checked->module().tools) {
    if (t.name == "put") {
      EXPECT_EQ(types.root_type(t.input_schema, "PutParams", ""), "PutParams");
    } else if (t.name == "many") {
      EXPECT_EQ(types.root_type(*t.output_schema, "ManyResult", ""), "ManyResult");
    } else {
      EXPECT_EQ(types.root_type(*t.output_schema, "X", ""), "Item") << t.name;
    }
  }
  std::vector<std::string> order;
  for (const auto& d : types.order())
    order.push_back(d.is_enum ? types.enums()[d.index].name : types.structs()[d.index].name);
  EXPECT_EQ(order, (std::vector<std::string>{"Kind", "Item", "ManyResult", "PutParams"}));
  const cpp::StructDecl& many = types.structs()[1];
  EXPECT_EQ(many.fields.at(0).type, "std::vector<Item>");
  const cpp::StructDecl& put = types.structs()[2];
  EXPECT_EQ(put.fields.at(0).type, "Item");
  EXPECT_EQ(put.fields.at(1).type, "std::optional<Item>");
}

TEST(Output, RefusesPathsOutsideTheDirectory) {
  EXPECT_EQ(check_relative_path("a/b.h"), "");
  EXPECT_NE(check_relative_path("../x.h"), "");
  EXPECT_NE(check_relative_path("a/../../x.h"), "");
  EXPECT_NE(check_relative_path("/etc/passwd"), "");
  EXPECT_NE(check_relative_path(""), "");
  EXPECT_NE(check_relative_path(std::string("a\0b", 3)), "");
  TempDir tmp;
  mcpc::DiagnosticEngine diags;
  EXPECT_FALSE(write_files(tmp.path(), {{"ok.h", "x"}, {"../escape.h", "y"}}, diags));
  ASSERT_EQ(diags.raw().size(), 1u);
  EXPECT_EQ(diags.raw()[0].check, mcpc::Check::Io);
  EXPECT_NE(diags.raw()[0].message.find("'../escape.h'"), std::string::npos) << diags.raw()[0].message;
  // All or nothing: the good file was not written either.
  EXPECT_FALSE(fs::exists(tmp / "ok.h"));
  EXPECT_FALSE(fs::exists(tmp.path().parent_path() / "escape.h"));
}

TEST(Output, LeavesUnchangedFilesAlone) {
  TempDir tmp;
  mcpc::DiagnosticEngine diags;
  std::optional<WriteReport> first = write_files(tmp.path(), {{"a.h", "one"}, {"b.h", "two"}}, diags);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->written.size(), 2u);
  // Make the existing files look old, then write the same content again.
  auto old = fs::file_time_type::clock::now() - std::chrono::hours(1);
  fs::last_write_time(tmp / "a.h", old);
  fs::last_write_time(tmp / "b.h", old);
  std::optional<WriteReport> second = write_files(tmp.path(), {{"a.h", "one"}, {"b.h", "changed"}}, diags);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->unchanged, std::vector<std::string>{"a.h"});
  EXPECT_EQ(second->written, std::vector<std::string>{"b.h"});
  EXPECT_EQ(diags.raw().size(), 0u);
  EXPECT_EQ(fs::last_write_time(tmp / "a.h"), old);
  EXPECT_NE(fs::last_write_time(tmp / "b.h"), old);
  EXPECT_EQ(read_file(tmp / "b.h"), "changed");
  for (const auto& e : fs::directory_iterator(tmp.path())) {
    EXPECT_EQ(e.path().string().find("mcpc-tmp"), std::string::npos) << "temporary file left behind";
  }
}

TEST(Output, FailureLeavesPreviousOutputIntact) {
  TempDir tmp;
  mcpc::DiagnosticEngine diags;
  ASSERT_TRUE(write_files(tmp.path(), {{"a.h", "old a"}, {"b.h", "old b"}}, diags));
  tmp.write("sub", "a file where a directory is needed");
  fs::create_directories(tmp / "c.h");  // a directory where a file is needed
  EXPECT_FALSE(write_files(tmp.path(), {{"a.h", "new a"}, {"sub/x.h", "x"}}, diags));
  EXPECT_FALSE(write_files(tmp.path(), {{"b.h", "new b"}, {"c.h", "x"}}, diags));
  ASSERT_EQ(diags.raw().size(), 2u);
  for (const mcpc::Diagnostic& d : diags.raw()) {
    EXPECT_EQ(d.check, mcpc::Check::Io);
    EXPECT_FALSE(d.loc.valid()) << "a file mcpc writes has no place in the spec";
  }
  EXPECT_EQ(read_file(tmp / "a.h"), "old a");
  EXPECT_EQ(read_file(tmp / "b.h"), "old b");
  for (const auto& e : fs::directory_iterator(tmp.path())) {
    EXPECT_EQ(e.path().string().find("mcpc-tmp"), std::string::npos) << "temporary file left behind";
  }
}

TEST(Output, DepfileEscapesSpecialCharacters) {
  EXPECT_EQ(make_depfile("/out/a.h", {"/src/my spec.yaml", "/src/x#1.yaml", "/src/$v.yaml"}),
            "/out/a.h: \\\n  /src/my\\ spec.yaml \\\n  /src/x\\#1.yaml \\\n  /src/$$v.yaml\n");
}

TEST(Backends, TableListsCpp) {
  ASSERT_NE(find_backend("cpp"), nullptr);
  EXPECT_EQ(find_backend("cobol"), nullptr);
  for (const Backend* b : backends()) EXPECT_FALSE(b->description().empty());
}

// A spec file, loaded and checked: what a backend is given.
struct CheckedSpec {
  mcpc::SourceManager sm;
  mcpc::DiagnosticEngine diags;
  std::optional<mcpc::sema::CheckedModule> module;
  explicit CheckedSpec(const fs::path& path) {
    if (auto m = mcpc::load_spec(path.string(), sm, diags)) module = mcpc::sema::check(std::move(*m), diags);
  }
};

TEST(Backends, ReportNamesTheTypeScriptSdkCannotServeWhereTheyAreWritten) {
  TempDir tmp;
  tmp.write("mcp.yaml",
            "name: x\nversion: 1.0.0\ntools:\n  - name: constructor\n    description: d\n"
            "prompts:\n  - name: toString\n    messages:\n      - role: user\n"
            "        text: hi\n");
  CheckedSpec spec(tmp / "mcp.yaml");
  ASSERT_TRUE(spec.module) << mcpc::render_text(spec.sm, spec.diags.sorted(), {});
  ASSERT_EQ(spec.diags.error_count(), 0u);
  EXPECT_FALSE(find_backend("ts")->generate(*spec.module, {}, spec.diags));
  std::vector<mcpc::Diagnostic> found = spec.diags.sorted();
  ASSERT_EQ(found.size(), 2u) << mcpc::render_text(spec.sm, found, {});
  EXPECT_EQ(found[0].check, mcpc::Check::Generate);
  EXPECT_EQ(spec.sm.describe(found[0].loc), (tmp / "mcp.yaml").string() + ":4:11");
  EXPECT_NE(found[0].message.find("tool 'constructor'"), std::string::npos) << found[0].message;
  EXPECT_EQ(spec.sm.describe(found[1].loc), (tmp / "mcp.yaml").string() + ":7:11");
  EXPECT_NE(found[1].message.find("prompt 'toString'"), std::string::npos) << found[1].message;
  mcpc::DiagnosticEngine native;
  EXPECT_TRUE(find_backend("cpp")->generate(*spec.module, {}, native)) << "the native runtime serves them";
  EXPECT_FALSE(native.has_errors());
}

// A `file:` is read when the server is generated, after the checks, and is hostile too: it may
// be gone by then, and a device or a FIFO would hang the compiler, a huge file exhaust it. Each
// is reported at the `file:` key.
TEST(Backends, RefuseAResourceFileThatIsNotABoundedRegularFile) {
  TempDir tmp;
  tmp.write("mcp.yaml",
            "name: x\nversion: 1.0.0\nresources:\n  - uri: docs://a\n    name: a\n"
            "    file: a.txt\n");
  tmp.write("a.txt", "text");
  CheckedSpec spec(tmp / "mcp.yaml");
  ASSERT_TRUE(spec.module);
  ASSERT_EQ(spec.diags.error_count(), 0u);
  auto refused = [&](const std::string& why, mcpc::Check check, const std::string& says) {
    for (const Backend* backend : backends()) {
      mcpc::DiagnosticEngine diags;
      EXPECT_FALSE(backend->generate(*spec.module, {}, diags)) << why << ", " << backend->name();
      ASSERT_EQ(diags.raw().size(), 1u) << why << ", " << backend->name();
      EXPECT_EQ(diags.raw()[0].check, check) << why;
      EXPECT_NE(diags.raw()[0].message.find(says), std::string::npos) << why << ": " << diags.raw()[0].message;
      EXPECT_EQ(spec.sm.describe(diags.raw()[0].loc), (tmp / "mcp.yaml").string() + ":6:11") << why;
    }
  };
  // The limit exactly is served; one byte more is refused.
  fs::resize_file(tmp / "a.txt", mcpc::codegen::kMaxResourceFileBytes);
  for (const Backend* backend : backends()) {
    mcpc::DiagnosticEngine diags;
    EXPECT_TRUE(backend->generate(*spec.module, {}, diags)) << backend->name();
  }
  fs::resize_file(tmp / "a.txt", mcpc::codegen::kMaxResourceFileBytes + 1);
  refused("one byte over", mcpc::Check::Limits, "larger than 16 MiB");
  fs::remove(tmp / "a.txt");
  refused("gone", mcpc::Check::Io, "not a readable regular file");
  fs::create_symlink("/dev/zero", tmp / "a.txt");
  refused("a device", mcpc::Check::Io, "not a readable regular file");
  fs::remove(tmp / "a.txt");
  fs::create_directory(tmp / "a.txt");
  refused("a directory", mcpc::Check::Io, "not a readable regular file");
}

TEST(Backends, ReportWhatTheyCannotGenerateWithoutALocation) {
  TempDir tmp;
  tmp.write("mcp.yaml", "name: x\nversion: 1.0.0\n");
  CheckedSpec spec(tmp / "mcp.yaml");
  ASSERT_TRUE(spec.module);
  mcpc::DiagnosticEngine diags;
  EXPECT_FALSE(find_backend("ts")->handler_skeleton(*spec.module, {}, diags));
  GenerateOptions bad_basename;
  bad_basename.basename = "my server";
  EXPECT_FALSE(find_backend("cpp")->generate(*spec.module, bad_basename, diags));
  ASSERT_EQ(diags.raw().size(), 2u);
  EXPECT_NE(diags.raw()[0].message.find("there is no handler to write"), std::string::npos);
  EXPECT_NE(diags.raw()[1].message.find("basename 'my server'"), std::string::npos);
  EXPECT_EQ(diags.raw()[0].check, mcpc::Check::Generate);
  EXPECT_EQ(diags.raw()[1].check, mcpc::Check::Usage) << "--basename is an option";
  for (const mcpc::Diagnostic& d : diags.raw()) EXPECT_EQ(d.loc, mcpc::SourceLoc::none());
}

TEST(Backends, ReportEveryBrokenTemplate) {
  TempDir tmp;
  tmp.write("mcp.yaml", "name: x\nversion: 1.0.0\n");
  tmp.write("tpl/main.cc.mustache", "{{#unclosed}}\n");
  tmp.write("tpl/header.h.mustache", "{{/never_opened}}\n");
  CheckedSpec spec(tmp / "mcp.yaml");
  ASSERT_TRUE(spec.module);
  GenerateOptions options;
  options.template_dir = tmp / "tpl";
  mcpc::DiagnosticEngine diags;
  EXPECT_FALSE(find_backend("cpp")->generate(*spec.module, options, diags));
  ASSERT_EQ(diags.raw().size(), 2u) << "one run reports both";
  for (const mcpc::Diagnostic& d : diags.raw()) EXPECT_EQ(d.check, mcpc::Check::Template) << d.message;
}

// One view for both backends: a template variable's checks carry its format and its description.
TEST(ServerView, VariableChecksKeepFormatAndDescription) {
  mcpc::ir::TemplateVariable var;
  var.schema.json =
      mcpc::OrderedJson::parse(R"({"type":"string","description":"d","format":"date","pattern":"^a","title":"t"})");
  EXPECT_EQ(variable_checks(var).dump(), R"({"pattern":"^a","format":"date","description":"d"})");
  // An integer, number or boolean variable is read as one, and checked as one.
  var.schema.json = mcpc::OrderedJson::parse(R"({"type":"integer","minimum":1,"pattern":"x","description":"n"})");
  EXPECT_EQ(variable_checks(var).dump(), R"({"type":"integer","minimum":1,"description":"n"})");
  var.schema.json = mcpc::OrderedJson::parse(R"({"type":"boolean","enum":[true]})");
  EXPECT_EQ(variable_checks(var).dump(), R"({"type":"boolean","enum":[true]})");
  // Arrays and objects arrive as the URI's text: nothing of their schema applies to it.
  var.schema.json = mcpc::OrderedJson::parse(R"({"type":"array","minItems":1,"description":"a"})");
  EXPECT_EQ(variable_checks(var).dump(), R"({"description":"a"})");
  EXPECT_EQ(variable_type(var), "string");
}

TEST(ServerView, VariablesLeftOutOfAMatchingUri) {
  mcpc::ir::ResourceTemplate t;
  t.uri_template = "x://{a}/{+b}{/c}{.d}{;e}{?f,g}{&h}{#i}";
  for (const char* always : {"a", "b", "i"}) EXPECT_FALSE(variable_may_be_absent(t, always)) << always;
  for (const char* maybe : {"c", "d", "e", "f", "g", "h"}) EXPECT_TRUE(variable_may_be_absent(t, maybe)) << maybe;
}

TEST(ServerView, SpellsTheSameFieldsInEachLanguage) {
  mcpc::ir::Tool tool;
  tool.name = "t";
  tool.title = "Title";
  const Spelling cpp{&cpp_string_literal, &cpp_comment};
  const Spelling js{&js_string_literal, &js_comment};
  for (const Spelling* s : {&cpp, &js}) {
    View v = tool_view(tool, *s);
    EXPECT_EQ(v.get("name_lit")->string_value(), s->literal("t"));
    EXPECT_EQ(v.get("comment")->string_value(), s->comment("Title")) << "no description: the title";
    EXPECT_TRUE(v.get("has_title")->is_true());
    EXPECT_FALSE(v.get("has_description")->is_true());
  }
}

TEST(CompileCli, WritesDeterministicOutputAndADepfile) {
  TempDir tmp;
  CliRun a = run_mcpc({"compile", kCalculator, "-o", (tmp / "a").string(), "--depfile", (tmp / "a.d").string()});
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_NE(a.out.find("wrote 6 of 6 files"), std::string::npos) << a.out;
  CliRun b = run_mcpc({"compile", kCalculator, "-q", "-o", (tmp / "b").string()});
  ASSERT_EQ(b.code, 0) << b.err;
  EXPECT_EQ(b.out, "");
  for (const char* f : {"calculator_mcp.h", "calculator_mcp.cc", "calculator_mcp_types.cc", "calculator_mcp_main.cc",
                        "calculator_mcp_unimplemented.cc", "calculator_mcp.mcpc-interface"}) {
    ASSERT_TRUE(fs::exists(tmp / "a" / f)) << f;
    EXPECT_EQ(read_file(tmp / "a" / f), read_file(tmp / "b" / f)) << f << " differs between two runs";
  }
  std::string dep = read_file(tmp / "a.d");
  EXPECT_EQ(dep.rfind((tmp / "a" / "calculator_mcp.h").string() + ":", 0), 0u) << dep;
  EXPECT_NE(dep.find("examples/calculator/mcp.yaml"), std::string::npos) << dep;
  // A second run into the same directory rewrites nothing.
  CliRun again = run_mcpc({"compile", kCalculator, "-o", (tmp / "a").string()});
  EXPECT_NE(again.out.find("wrote 0 of 6 files"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("(6 unchanged)"), std::string::npos) << again.out;
}

TEST(CompileCli, DepfileListsIncludedSpecsAndEmbeddedFiles) {
  TempDir tmp;
  CliRun r = run_mcpc({"compile", MCPC_SOURCE_DIR "/tests/golden/ir/include.yaml", "-o", (tmp / "o").string(),
                       "--depfile", (tmp / "o.d").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string dep = read_file(tmp / "o.d");
  EXPECT_NE(dep.find("tests/golden/ir/include/tools.part.yaml"), std::string::npos) << dep;
  EXPECT_NE(dep.find("tests/golden/ir/include/nested/extra.part.yaml"), std::string::npos) << dep;
  EXPECT_NE(dep.find("tests/golden/ir/data/readme.txt"), std::string::npos) << dep;
}

TEST(CompileCli, RefusesBadSpecsAndBadArguments) {
  TempDir tmp;
  CliRun bad = run_mcpc({"compile", "--color=never",
                         MCPC_SOURCE_DIR "/tests/golden/diagnostics/triggers_call_undefined_tools.yaml", "-o",
                         (tmp / "o").string()});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("error: "), std::string::npos);
  EXPECT_FALSE(fs::exists(tmp / "o")) << "nothing is written for a spec with errors";
  EXPECT_EQ(run_mcpc({"compile", kCalculator}).code, 2);  // no -o
  EXPECT_EQ(run_mcpc({"compile", kCalculator, "--target", "cobol", "-o", tmp.path().string()}).code, 2);
  CliRun base = run_mcpc({"compile", kCalculator, "--basename", "../evil", "-o", (tmp / "o").string()});
  EXPECT_EQ(base.code, 2);
  EXPECT_NE(base.err.find("--basename"), std::string::npos);
  EXPECT_EQ(run_mcpc({"compile", kCalculator, "--template-dir", "/nonexistent", "-o", tmp.path().string()}).code, 2);
}

TEST(CompileCli, HandlerSkeletonIsWrittenOnceAndNeverOverwritten) {
  TempDir tmp;
  fs::path file = tmp / "handlers.cc";
  CliRun r = run_mcpc({"compile", kCalculator, "--emit-handler-skeleton", file.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string text = read_file(file);
  EXPECT_NE(text.find("#include \"calculator_mcp.h\""), std::string::npos);
  EXPECT_NE(text.find("Outcome<DivideResult> divide(["), std::string::npos) << text;
  EXPECT_NE(text.find("std::unique_ptr<Handlers> make_handlers()"), std::string::npos);
  mcpc::testing::write_file(file, "// my work");
  CliRun again = run_mcpc({"compile", kCalculator, "--emit-handler-skeleton", file.string()});
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("will not overwrite"), std::string::npos);
  EXPECT_EQ(read_file(file), "// my work");
  EXPECT_EQ(run_mcpc({"compile", kCalculator, "--force", "--emit-handler-skeleton", file.string()}).code, 0);
  EXPECT_NE(read_file(file), "// my work");
}

TEST(CompileCli, FromIrGivesTheSameOutputAsTheSpec) {
  TempDir tmp;
  fs::path ir = tmp / "notes.ir.json";
  ASSERT_EQ(run_mcpc({"ir", MCPC_SOURCE_DIR "/examples/notes/mcp.yaml", "-o", ir.string()}).code, 0);
  CliRun from_spec = run_mcpc({"compile", MCPC_SOURCE_DIR "/examples/notes/mcp.yaml", "-o", (tmp / "spec").string()});
  CliRun from_ir = run_mcpc({"compile", "--from-ir", ir.string(), "-o", (tmp / "ir").string()});
  ASSERT_EQ(from_spec.code, 0) << from_spec.err;
  ASSERT_EQ(from_ir.code, 0) << from_ir.err;
  int files = 0;
  for (const auto& e : fs::directory_iterator(tmp / "spec")) {
    ++files;
    EXPECT_EQ(read_file(e.path()), read_file(tmp / "ir" / e.path().filename())) << e.path().filename();
  }
  EXPECT_EQ(files, 6);  // NAME.h, NAME.cc, NAME_types.cc, NAME_main.cc, NAME_unimplemented.cc, NAME.mcpc-interface
  // A damaged IR file is refused with a message, not a crash.
  tmp.write("bad.ir.json", R"({"irVersion": 1, "server": 7})");
  CliRun bad = run_mcpc({"compile", "--from-ir", (tmp / "bad.ir.json").string(), "-o", (tmp / "bad").string()});
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.err.find("not a valid IR file"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(tmp / "bad"));
}

// --handlers-dir: a TypeScript package's handler files are the user's and live outside it (in a
// source tree); the package builds from copies that follow every edit, addition and removal.
TEST(CompileCli, HandlersDirKeepsTheUsersFilesOutsideThePackage) {
  TempDir tmp;
  fs::path pkg = tmp / "build" / "pkg";
  fs::path mine = tmp / "src" / "handlers";
  auto compile = [&] {
    return run_mcpc({"compile", kCalculator, "--target", "ts", "-o", pkg.string(), "--handlers-dir", mine.string(),
                     "--depfile", (tmp / "pkg.d").string()});
  };
  CliRun first = compile();
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_NE(first.out.find("wrote 4 new handler files (yours to edit) to " + mine.string()), std::string::npos)
      << first.out;
  for (const char* name : {"add.ts", "subtract.ts", "multiply.ts", "divide.ts"}) {
    ASSERT_TRUE(fs::exists(mine / name)) << name;
    EXPECT_EQ(read_file(pkg / "src" / "handlers" / name), read_file(mine / name)) << name;
  }

  mcpc::testing::write_file(mine / "add.ts", "// my add\n");
  mcpc::testing::write_file(mine / "lib" / "util.ts", "export const one = 1;\n");
  CliRun second = compile();
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_EQ(read_file(mine / "add.ts"), "// my add\n") << "never overwritten";
  EXPECT_EQ(read_file(pkg / "src" / "handlers" / "add.ts"), "// my add\n") << "the package has the edit";
  EXPECT_EQ(read_file(pkg / "src" / "handlers" / "lib" / "util.ts"), "export const one = 1;\n");
  EXPECT_NE(second.err.find((mine / "add.ts").string() + ": its signature changed"), std::string::npos) << second.err;
  std::string dep = read_file(tmp / "pkg.d");
  for (const fs::path& input : {mine, mine / "lib", mine / "lib" / "util.ts", mine / "divide.ts"}) {
    bool listed = dep.find("  " + input.string() + " \\\n") != std::string::npos ||
                  dep.find("  " + input.string() + "\n") != std::string::npos;
    EXPECT_TRUE(listed) << input << " is not in\n" << dep;
  }

  fs::remove(mine / "lib" / "util.ts");
  ASSERT_EQ(compile().code, 0);
  EXPECT_FALSE(fs::exists(pkg / "src" / "handlers" / "lib" / "util.ts")) << "the copy of a removed file stays";

  // Only a backend with handler files has a place for them; the C++ one has a skeleton instead.
  CliRun cpp = run_mcpc({"compile", kCalculator, "-o", (tmp / "cpp").string(), "--handlers-dir", mine.string()});
  EXPECT_EQ(cpp.code, 2);
  EXPECT_NE(cpp.err.find("--handlers-dir"), std::string::npos) << cpp.err;
  EXPECT_FALSE(fs::exists(tmp / "cpp"));
}

TEST(CompileCli, TemplateDirOverridesOneTemplate) {
  TempDir tmp;
  tmp.write("tpl/cpp/main.cc.mustache", "// custom main for {{server_name}}\n");
  CliRun r = run_mcpc({"compile", kCalculator, "--template-dir", (tmp / "tpl").string(), "-o", (tmp / "o").string(),
                       "--depfile", (tmp / "o.d").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read_file(tmp / "o" / "calculator_mcp_main.cc"), "// custom main for calculator-mcp\n");
  EXPECT_NE(read_file(tmp / "o" / "calculator_mcp.h").find("class Handlers"), std::string::npos)
      << "templates not overridden come from the built-in set";
  EXPECT_NE(read_file(tmp / "o.d").find("main.cc.mustache"), std::string::npos) << "overriding templates are inputs";
  // A broken template is reported, and nothing is written.
  tmp.write("tpl/cpp/main.cc.mustache", "{{#unclosed}}\n");
  CliRun broken =
      run_mcpc({"compile", kCalculator, "--template-dir", (tmp / "tpl").string(), "-o", (tmp / "o2").string()});
  EXPECT_EQ(broken.code, 1);
  EXPECT_NE(broken.err.find("template 'main.cc'"), std::string::npos) << broken.err;
  EXPECT_NE(broken.err.find("[template]"), std::string::npos) << broken.err;
  EXPECT_FALSE(fs::exists(tmp / "o2"));
}

}  // namespace
