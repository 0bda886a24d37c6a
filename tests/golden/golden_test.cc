// Golden tests over the spec corpus: tests/golden/ir/<case>.{yaml,json} must check clean,
// dump to <case>.ir.json and make every backend generate tests/golden/<backend>/<case>/*;
// tests/golden/diagnostics/<case>.{yaml,json} must print <case>.stderr and report what the case
// states it must (case_statement.h, tests/README.md).
// Files in subdirectories are fixtures (includes, resource files), not cases.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "../support/cli_tester.h"
#include "../support/golden.h"
#include "case_statement.h"
#include "mcpc/codegen/backend.h"

namespace fs = std::filesystem;

namespace {

struct Case {
  std::string name;
  std::string relpath;  // relative to the source root, as mcpc will print it
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.relpath; }

bool is_case(const fs::path& p) {
  std::string name = p.filename().string();
  auto ends = [&](std::string_view s) {
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  if (ends(".ir.json") || ends(".sarif.json") || ends(".diag.json")) return false;
  return ends(".yaml") || ends(".yml") || ends(".json");
}

/// A test name from any text: gtest takes letters, digits and '_' only.
std::string test_name(std::string_view text) {
  std::string out;
  for (char ch : text) out += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return out;
}

std::vector<Case> cases_in(const std::string& dir) {
  std::vector<Case> out;
  fs::path root = fs::path(MCPC_SOURCE_DIR) / dir;
  if (!fs::is_directory(root)) return out;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (!entry.is_regular_file() || !is_case(entry.path())) continue;
    Case c;
    c.relpath = (fs::path(dir) / entry.path().filename()).string();
    c.name = test_name(entry.path().filename().string());
    out.push_back(c);
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return out;
}

using mcpc::testing::CliRun;
using mcpc::testing::run_mcpc;

std::string strip_ext(const std::string& p) { return p.substr(0, p.rfind('.')); }

class IrGolden : public ::testing::TestWithParam<Case> {};
class DiagnosticsGolden : public ::testing::TestWithParam<Case> {};

TEST_P(IrGolden, LowersToExpectedIr) {
  const Case& c = GetParam();
  CliRun r = run_mcpc({"ir", "--color=never", c.relpath});
  ASSERT_EQ(r.code, 0) << c.relpath << " should check clean:\n" << r.err;
  mcpc::testing::expect_golden(strip_ext(c.relpath) + ".ir.json", r.out);
}

TEST_P(DiagnosticsGolden, ReportsExpectedDiagnostics) {
  const Case& c = GetParam();
  CliRun r = run_mcpc({"check", "--color=never", c.relpath});
  EXPECT_NE(r.code, 2) << "a bad spec is an error in the input (exit 1), not a usage problem";
  mcpc::testing::expect_golden(strip_ext(c.relpath) + ".stderr", r.err + "exit code: " + std::to_string(r.code) + "\n");
}

// Each case states what mcpc must report (tests/README.md); the statement must hold, so a
// golden updated by mistake, or a case that no longer tests what it says, is caught.
TEST_P(DiagnosticsGolden, ReportsWhatTheCaseStates) {
  const Case& c = GetParam();
  mcpc::testing::CaseStatement statement =
      mcpc::testing::read_case_statement(mcpc::testing::read_file(c.relpath), c.relpath.ends_with(".json"));
  ASSERT_EQ(statement.problem, "") << c.relpath << ": cannot check what the case states: " << statement.problem
                                   << "\nstatement: " << statement.text;
  CliRun r = run_mcpc({"check", "--diagnostics-format=json", c.relpath});
  std::vector<std::string> unmet =
      mcpc::testing::unmet_expectations(statement, c.relpath, mcpc::testing::parse_reported(r.out));
  std::string list;
  for (const std::string& u : unmet) list += "\n  - " + u;
  EXPECT_TRUE(unmet.empty()) << c.relpath << " states: " << statement.text << "\nbut mcpc reported" << list << "\n(see "
                             << strip_ext(c.relpath) << ".stderr)";
  if (statement.clean) {
    EXPECT_EQ(r.code, 0) << c.relpath << " states exit status 0";
  }
}

// Each backend's output for every valid spec: tests/golden/<backend>/<case>/ holds every file
// it writes, for every backend of codegen::backends(). The C++ goldens are also compiled (and
// linked) with -Werror by tests/golden/CMakeLists.txt, and the TypeScript ones type-checked by
// tests/ts, so a golden that does not build fails CI too.
struct BackendCase {
  std::string backend;
  Case spec;
};

std::vector<BackendCase> backend_cases() {
  std::vector<BackendCase> out;
  for (const mcpc::codegen::Backend* backend : mcpc::codegen::backends()) {
    for (const Case& c : cases_in("tests/golden/ir")) out.push_back({std::string(backend->name()), c});
  }
  return out;
}

void PrintTo(const BackendCase& c, std::ostream* os) { *os << c.backend << " " << c.spec.relpath; }

class BackendGolden : public ::testing::TestWithParam<BackendCase> {};

std::string stem_of(const Case& c) { return fs::path(c.relpath).stem().string(); }

// Where the expected content of a generated file lives: tests/golden/<backend>/<case>/<file>,
// except that a file a backend writes alike for every server is kept once, in
// tests/golden/<backend>/_shared/<file>, and a package's copy of the IR (mcpc.ir.json) must be
// the case's IR golden.
fs::path expected_path(const std::string& backend, const Case& c, const fs::path& rel) {
  fs::path shared = fs::path("tests/golden") / backend / "_shared" / rel;
  if (fs::is_regular_file(shared)) return shared;
  if (rel == "mcpc.ir.json") return strip_ext(c.relpath) + ".ir.json";
  return fs::path("tests/golden") / backend / stem_of(c) / rel;
}

void expect_backend_golden(const std::string& target, const Case& c) {
  mcpc::testing::TempDir scratch("golden-" + target);
  fs::path out = scratch / "out";
  CliRun r = run_mcpc(
      {"compile", "--color=never", "-q", "--target", target, "--basename", stem_of(c), "-o", out.string(), c.relpath});
  ASSERT_EQ(r.code, 0) << r.err;
  fs::path expected_dir = fs::path("tests/golden") / target / stem_of(c);
  if (mcpc::testing::updating_goldens()) fs::create_directories(expected_dir);
  std::set<std::string> generated;
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    if (!entry.is_regular_file()) continue;
    fs::path rel = entry.path().lexically_relative(out);
    fs::path expected = expected_path(target, c, rel);
    if (expected.string().rfind(expected_dir.string(), 0) == 0) generated.insert(rel.string());
    if (mcpc::testing::updating_goldens()) fs::create_directories(expected.parent_path());
    mcpc::testing::expect_golden(expected, mcpc::testing::read_file(entry.path()));
  }
  // A golden the backend no longer writes would still be built by CI: flag it.
  if (fs::is_directory(expected_dir)) {
    std::vector<fs::path> stale;
    for (const auto& entry : fs::recursive_directory_iterator(expected_dir)) {
      if (entry.is_regular_file() && generated.count(entry.path().lexically_relative(expected_dir).string()) == 0) {
        stale.push_back(entry.path());
      }
    }
    for (const fs::path& p : stale) {
      if (mcpc::testing::updating_goldens()) {
        fs::remove(p);
      } else {
        ADD_FAILURE() << p << " is no longer generated; run scripts/update-goldens";
      }
    }
  }
}

TEST_P(BackendGolden, GeneratesExpectedFiles) { expect_backend_golden(GetParam().backend, GetParam().spec); }

std::string case_name(const ::testing::TestParamInfo<Case>& info) { return info.param.name; }
std::string backend_case_name(const ::testing::TestParamInfo<BackendCase>& info) {
  return test_name(info.param.backend) + "_" + info.param.spec.name;
}

INSTANTIATE_TEST_SUITE_P(Specs, IrGolden, ::testing::ValuesIn(cases_in("tests/golden/ir")), case_name);
INSTANTIATE_TEST_SUITE_P(Specs, DiagnosticsGolden, ::testing::ValuesIn(cases_in("tests/golden/diagnostics")),
                         case_name);
INSTANTIATE_TEST_SUITE_P(Specs, BackendGolden, ::testing::ValuesIn(backend_cases()), backend_case_name);

// Expectations are named by stem, so two cases must not share one ("x.yaml" and "x.json").
TEST(GoldenCorpus, CaseStemsAreUnique) {
  for (const char* dir : {"tests/golden/ir", "tests/golden/diagnostics"}) {
    std::set<std::string> stems;
    for (const Case& c : cases_in(dir)) EXPECT_TRUE(stems.insert(strip_ext(c.relpath)).second) << c.relpath;
  }
}

// The statement reader, on the forms the cases use (tests/README.md).
TEST(CaseStatement, ReadsChecksLinesAndTheExitStatus) {
  using mcpc::testing::read_case_statement;
  auto st = read_case_statement(
      "# Two: mcpc must report [semver] at line 3 and [type] or [uri] at lines 5-6.\n"
      "# Then line 9 (or 8), lines 10, 12 and 14; exit status 0.\nname: x\n",
      false);
  EXPECT_EQ(st.problem, "");
  EXPECT_EQ(st.text,
            "Two: mcpc must report [semver] at line 3 and [type] or [uri] at lines 5-6. "
            "Then line 9 (or 8), lines 10, 12 and 14; exit status 0.");
  EXPECT_EQ(st.checks, (std::vector<std::vector<std::string>>{{"semver"}, {"type", "uri"}}));
  std::vector<std::string> words;
  for (const mcpc::testing::LineChoice& l : st.lines) words.push_back(l.words);
  EXPECT_EQ(words,
            (std::vector<std::string>{"line 3", "lines 5-6", "line 9 (or 8)", "lines 10", "line 12", "line 14"}));
  ASSERT_EQ(st.lines.size(), 6u);
  EXPECT_EQ(st.lines[1].ranges, (std::vector<std::pair<unsigned, unsigned>>{{5, 6}}));
  EXPECT_EQ(st.lines[2].ranges, (std::vector<std::pair<unsigned, unsigned>>{{9, 9}, {8, 8}}));
  EXPECT_TRUE(st.clean);
  EXPECT_FALSE(st.warn);
  EXPECT_TRUE(read_case_statement("# mcpc must warn [unused-env] at line 5.\n", false).warn);
  auto near = read_case_statement("# mcpc must report [syntax] near line 9.\n", false);
  ASSERT_EQ(near.lines.size(), 1u);
  EXPECT_EQ(near.lines[0].ranges, (std::vector<std::pair<unsigned, unsigned>>{{8, 10}}));
}

TEST(CaseStatement, ReadsEndOfLineCommentsAndJsonDescriptions) {
  using mcpc::testing::read_case_statement;
  auto yaml = read_case_statement(
      "# One of each: see the end-of-line comments.\nname: x  # missing-field\n"
      "version: \"1.0\"   # semver (a note)\n  # not a check id\n",
      false);
  EXPECT_EQ(yaml.problem, "");
  EXPECT_EQ(yaml.line_checks, (std::vector<std::pair<unsigned, std::string>>{{2, "missing-field"}, {3, "semver"}}));
  auto json = read_case_statement(R"({"name": "x", "tools": [{"description": "d"}],
    "description": "no comments in JSON: mcpc must report [syntax] at line 2"})",
                                  true);
  EXPECT_EQ(json.text, "no comments in JSON: mcpc must report [syntax] at line 2");
  EXPECT_EQ(json.checks.size(), 1u);
}

TEST(CaseStatement, RefusesStatementsItCannotCheck) {
  using mcpc::testing::read_case_statement;
  EXPECT_NE(read_case_statement("name: x\n", false).problem, "");
  EXPECT_NE(read_case_statement("# mcpc must report that the name is missing.\nname: x\n", false).problem, "");
  EXPECT_NE(
      read_case_statement("# mcpc must report [no-such-check] at line 2.\n", false).problem.find("[no-such-check]"),
      std::string::npos);
  EXPECT_NE(read_case_statement(R"({"description": "nothing said"})", true).problem, "");
  EXPECT_EQ(read_case_statement("# Names must match [A-Z_]+: mcpc must report [invalid-value].\n", false).problem, "")
      << "bracketed text that is no check id is prose";
}

TEST(CaseStatement, ComparesWithWhatWasReported) {
  using mcpc::testing::Reported;
  auto st = mcpc::testing::read_case_statement(
      "# mcpc must report [duplicate-name] in inc/part.yaml at line 2, with a note pointing at line 7 of this file.\n",
      false);
  Reported dup{"dir/inc/part.yaml", 2, "error", "duplicate-name", {{"case.yaml", 7}}};
  EXPECT_EQ(mcpc::testing::unmet_expectations(st, "case.yaml", {dup}), std::vector<std::string>{});
  Reported elsewhere{"dir/other.yaml", 2, "error", "duplicate-name", {}};
  EXPECT_EQ(mcpc::testing::unmet_expectations(st, "case.yaml", {elsewhere}),
            (std::vector<std::string>{"nothing reported at line 2", "nothing reported at line 7"}));
  Reported warning = dup;
  warning.severity = "warning";
  EXPECT_EQ(mcpc::testing::unmet_expectations(st, "case.yaml", {warning}),
            std::vector<std::string>{"no error [duplicate-name]"});
  auto clean = mcpc::testing::read_case_statement("# mcpc must warn [unused-env]; exit status 0.\n", false);
  EXPECT_EQ(mcpc::testing::unmet_expectations(clean, "case.yaml", {{"case.yaml", 3, "warning", "unused-env", {}}}),
            std::vector<std::string>{});
  EXPECT_EQ(
      mcpc::testing::unmet_expectations(
          clean, "case.yaml", {{"case.yaml", 3, "warning", "unused-env", {}}, {"case.yaml", 4, "error", "type", {}}})
          .size(),
      1u);
}

// The corpus must stay big enough to mean something (issue: >= 10 valid, >= 40 invalid).
TEST(GoldenCorpus, HasEnoughCases) {
  EXPECT_GE(cases_in("tests/golden/ir").size(), 10u);
  EXPECT_GE(cases_in("tests/golden/diagnostics").size(), 40u);
}

}  // namespace

int main(int argc, char** argv) {
  // Paths in goldens are relative to the source root, wherever the binary is started.
  if (chdir(MCPC_SOURCE_DIR) != 0) return 2;
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
