// mcpc-extract: the type table against goldens (types.h), what is skipped and why
// (unsupported.h), annotation mistakes, tricky mappings, the compile database, the depfile,
// and the command line's exit statuses. Runs from the source tree (paths in goldens are
// relative to it).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "../support/golden.h"
#include "mcpc/extract/extract.h"
#include "mcpc/ir/ir_json.h"
#include "mcpc/process/subprocess.h"
#include "../support/temp_dir.h"

namespace mcpc {
namespace {

const std::string kDir = "tests/extract/";

struct Run {
  SourceManager sm;
  DiagnosticEngine diags;
  extract::Result result;

  std::string diagnostics() const { return render_text(sm, diags.sorted(), {false, true}); }
  const ir::Tool* tool(std::string_view name) const { return result.module ? result.module->find_tool(name) : nullptr; }
};

extract::Options options_for(std::vector<std::string> headers) {
  extract::Options o;
  o.headers = std::move(headers);
  o.extra_args = {"-Icompiler/annotations/include"};
  o.include_dirs = {"tests"};
  return o;
}

std::unique_ptr<Run> run(const extract::Options& o) {
  auto r = std::make_unique<Run>();
  r->result = extract::extract(o, r->sm, r->diags);
  return r;
}

/// One header written to a scratch directory, extracted alone.
std::unique_ptr<Run> run_text(const testing::TempDir& dir, const std::string& text, std::size_t max_depth = 32) {
  std::string path = dir.write("t.h",
                               "#include \"mcpc/annotations.h\"\n#include <map>\n#include <optional>\n"
                               "#include <string>\n#include <vector>\n" +
                                   text)
                         .string();
  extract::Options o = options_for({path});
  o.extra_args = {"-I" + std::filesystem::absolute("compiler/annotations/include").string()};
  o.max_depth = max_depth;
  return run(o);
}

TEST(ExtractGolden, TypeTableIr) {
  auto r = run(options_for({kDir + "types.h"}));
  ASSERT_TRUE(r->result.module) << r->diagnostics();
  EXPECT_EQ(r->diags.raw().size(), 0u) << r->diagnostics();
  testing::expect_golden(kDir + "types.ir.json", ir::dump(*r->result.module));
}

TEST(ExtractGolden, TypeTableSpec) {
  auto r = run(options_for({kDir + "types.h"}));
  ASSERT_TRUE(r->result.module) << r->diagnostics();
  testing::expect_golden(kDir + "types.spec.yaml", extract::to_spec_yaml(*r->result.module));
}

TEST(ExtractGolden, UnsupportedFunctionsAreSkippedWithWarnings) {
  auto r = run(options_for({kDir + "unsupported.h"}));
  ASSERT_TRUE(r->result.module);
  EXPECT_FALSE(r->diags.has_errors()) << r->diagnostics();
  testing::expect_golden(kDir + "unsupported.diagnostics.txt", r->diagnostics());
  // Only the function with a non-constant default survives, with its argument required.
  ASSERT_EQ(r->result.module->tools.size(), 1u);
  const ir::Tool* fine = r->tool("fine");
  ASSERT_NE(fine, nullptr);
  EXPECT_EQ(fine->input_schema.json["required"], OrderedJson::array({"id"}));
  EXPECT_FALSE(fine->native->params[0].has_default);
}

TEST(ExtractGolden, AnnotationMistakesAreErrors) {
  auto r = run(options_for({kDir + "annotation_errors.h"}));
  EXPECT_TRUE(r->diags.has_errors());
  testing::expect_golden(kDir + "annotation_errors.diagnostics.txt", r->diagnostics());
}

TEST(ExtractMapping, NestedOptionalsAreNullableAndOptionalMembersNotRequired) {
  testing::TempDir dir("extract");
  auto r = run_text(dir, R"(
int counter();
struct Row { std::optional<int> a; int b = counter(); std::vector<std::optional<std::string>> c; };
MCPC_TOOL("t") std::optional<Row> f(std::map<std::string, std::optional<double>> m);
)");
  ASSERT_NE(r->tool("f"), nullptr) << r->diagnostics();
  const OrderedJson& in = r->tool("f")->input_schema.json;
  EXPECT_EQ(in["properties"]["m"]["additionalProperties"]["type"], OrderedJson::array({"number", "null"}));
  const ir::Tool* f = r->tool("f");
  const OrderedJson& row = f->output_schema->json["properties"]["result"];
  EXPECT_EQ(row["type"], OrderedJson::array({"object", "null"}));
  EXPECT_EQ(row["required"], OrderedJson::array({"c"}));
  EXPECT_FALSE(row["properties"]["b"].contains("default"));  // not a constant: left out
  EXPECT_EQ(row["properties"]["c"]["items"]["type"], OrderedJson::array({"string", "null"}));
  EXPECT_TRUE(f->output_wrapped);
  EXPECT_EQ(f->native->result_type, "std::optional<::Row>");
  ASSERT_EQ(r->result.module->native_types.size(), 1u);
  EXPECT_FALSE(r->result.module->native_types[0].members[0].required);
  EXPECT_FALSE(r->result.module->native_types[0].members[1].required);
  EXPECT_TRUE(r->result.module->native_types[0].members[2].required);
}

TEST(ExtractMapping, AliasesAnonymousTypedefsAndInstantiatedTemplates) {
  testing::TempDir dir("extract");
  auto r = run_text(dir, R"(
namespace lib { inline namespace v1 {
typedef struct { int id; } Handle;
template <typename T> struct Box { T value; };
using IntBox = Box<int>;
inline int peek(IntBox b) { return b.value; }
MCPC_TOOL("t") int use(Handle h, IntBox b, Box<long> never);
MCPC_TOOL("u") Handle make(IntBox b);
} }
)");
  EXPECT_EQ(r->tool("use"), nullptr);  // Box<long> is never instantiated
  EXPECT_NE(r->diagnostics().find("'Box<long>' is incomplete"), std::string::npos) << r->diagnostics();
  const ir::Tool* make = r->tool("make");
  ASSERT_NE(make, nullptr) << r->diagnostics();
  EXPECT_EQ(make->native->function, "::lib::make");
  EXPECT_EQ(make->native->params[0].value_type, "::lib::Box<int>");
  EXPECT_EQ(make->native->result_type, "::lib::Handle");
  EXPECT_FALSE(make->output_wrapped);
  EXPECT_EQ(make->output_schema->json["properties"]["id"]["maximum"], 2147483647);
}

TEST(ExtractMapping, NestingBeyondTheDepthLimitIsSkipped) {
  testing::TempDir dir("extract");
  auto r = run_text(dir, R"(
MCPC_TOOL("t") void deep(std::vector<std::vector<std::vector<std::vector<std::vector<int>>>>> v);
MCPC_TOOL("t") void shallow(std::vector<std::vector<int>> v);
)",
                    3);
  EXPECT_EQ(r->tool("deep"), nullptr);
  EXPECT_NE(r->tool("shallow"), nullptr);
  EXPECT_NE(r->diagnostics().find("nest deeper than 3 levels"), std::string::npos) << r->diagnostics();
}

TEST(ExtractMapping, SchemasThatWouldExplodeWhenWrittenOutAreSkipped) {
  testing::TempDir dir("extract");
  std::string text = "struct S0 { int v; };\n";
  for (int i = 1; i <= 6; ++i) {  // 10^6 nodes in S6, written out in full
    text += "struct S" + std::to_string(i) + " {";
    for (int j = 0; j < 10; ++j) text += " S" + std::to_string(i - 1) + " m" + std::to_string(j) + ";";
    text += " };\n";
  }
  text += "MCPC_TOOL(\"t\") void huge(S6 s);\nMCPC_TOOL(\"t\") void small(S2 s);\n";
  auto r = run_text(dir, text);
  EXPECT_EQ(r->tool("huge"), nullptr);
  EXPECT_NE(r->tool("small"), nullptr) << r->diagnostics();
  EXPECT_NE(r->diagnostics().find("more than 100000 nodes"), std::string::npos) << r->diagnostics();
}

TEST(ExtractMapping, ASyntaxErrorIsALocatedError) {
  testing::TempDir dir("extract");
  auto r = run_text(dir, "MCPC_TOOL(\"t\") int broken(int a;\n");
  ASSERT_TRUE(r->diags.has_errors());
  bool located = false;
  for (const Diagnostic& d : r->diags.raw()) {
    if (d.check == Check::Cpp && d.loc.valid() && d.loc.line == 6) located = true;
  }
  EXPECT_TRUE(located) << r->diagnostics();
}

TEST(ExtractMapping, AMissingHeaderIsAnIoError) {
  auto r = run(options_for({kDir + "no-such-header.h"}));
  ASSERT_TRUE(r->diags.has_errors());
  EXPECT_EQ(r->diags.raw()[0].check, Check::Io);
  EXPECT_FALSE(r->result.module);
}

TEST(ExtractMapping, TheCompileDatabaseGivesEachHeaderItsFlags) {
  testing::TempDir dir("extract");
  dir.write("src/value.h", "#include \"mcpc/annotations.h\"\nMCPC_TOOL(\"t\") VALUE_TYPE value();\n");
  dir.write("src/value.cc", "#include \"value.h\"\n");
  std::string include = std::filesystem::absolute("compiler/annotations/include").string();
  dir.write("build/compile_commands.json", "[{\"directory\": \"" + dir.path().string() + "/build\", \"file\": \"" +
                                               dir.path().string() +
                                               "/src/value.cc\", \"command\": \"c++ -std=c++20 -DVALUE_TYPE=double -I" +
                                               include + " -c ../src/value.cc -o value.o\"}]");
  extract::Options o;
  o.headers = {(dir / "src/value.h").string()};
  o.build_dir = (dir / "build").string();
  auto r = run(o);
  ASSERT_NE(r->tool("value"), nullptr) << r->diagnostics();
  EXPECT_EQ(r->tool("value")->native->result_type, "double");
}

TEST(ExtractDepfile, ListsTheHeadersItIncludesButNotSystemHeaders) {
  auto r = run(options_for({kDir + "types.h"}));
  const std::vector<std::string>& deps = r->result.dependencies;
  ASSERT_GE(deps.size(), 2u);
  EXPECT_EQ(deps[0], kDir + "types.h");
  EXPECT_NE(std::find(deps.begin(), deps.end(), "compiler/annotations/include/mcpc/annotations.h"), deps.end());
  for (const std::string& d : deps) EXPECT_EQ(d.find("/usr/"), std::string::npos) << d;
  EXPECT_EQ(extract::depfile("out dir/x.json", {"a.h", "b c.h", "$d#.h"}),
            "out\\ dir/x.json: \\\n  a.h \\\n  b\\ c.h \\\n  $$d\\#.h\n");
}

process::CommandResult extract_cli(std::vector<std::string> args) {
  process::SpawnOptions o;
  o.argv = {MCPC_EXTRACT_PATH};
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  return process::run_command(o, std::chrono::seconds(60));
}

TEST(ExtractCli, ExitStatusesAndOutputs) {
  testing::TempDir dir("extract-cli");
  process::CommandResult usage = extract_cli({});
  EXPECT_EQ(usage.exit_code, 2) << usage.output;
  process::CommandResult missing = extract_cli({"nope.h"});
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("mcpc-extract: error: cannot read header 'nope.h'"), std::string::npos)
      << missing.output;
  dir.write("broken.h", "struct S { int x };\nint f(S s;\n");
  process::CommandResult broken = extract_cli({(dir / "broken.h").string()});
  EXPECT_EQ(broken.exit_code, 1) << broken.output;
  EXPECT_NE(broken.output.find("broken.h:1:"), std::string::npos) << broken.output;
  EXPECT_NE(broken.output.find(": error: "), std::string::npos) << broken.output;
  process::CommandResult skipped = extract_cli(
      {kDir + "unsupported.h", "--extra-arg=-Icompiler/annotations/include", "-o", (dir / "u.yaml").string()});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.output;
  EXPECT_NE(skipped.output.find("warning: function 'pointer' is not a tool"), std::string::npos) << skipped.output;
  EXPECT_NE(testing::read_file(dir / "u.yaml").find("name: fine"), std::string::npos);

  std::string out = (dir / "types.ir.json").string();
  process::CommandResult ir = extract_cli({kDir + "types.h", "--extra-arg=-Icompiler/annotations/include",
                                           "--include-dir", "tests", "--emit=ir", "-o", out, "--depfile", out + ".d"});
  ASSERT_EQ(ir.exit_code, 0) << ir.output;
  EXPECT_EQ(testing::read_file(out), testing::read_file(kDir + "types.ir.json"));
  std::string dep = testing::read_file(out + ".d");
  EXPECT_EQ(dep.rfind(out + ": \\\n  tests/extract/types.h \\\n", 0), 0u) << dep;
  EXPECT_NE(dep.find("compiler/annotations/include/mcpc/annotations.h"), std::string::npos) << dep;
}

}  // namespace
}  // namespace mcpc
