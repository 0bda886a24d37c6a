// Golden tests over the spec corpus: tests/golden/ir/<case>.{yaml,json} must check clean,
// dump to <case>.ir.json and make every backend generate tests/golden/<backend>/<case>/*;
// tests/golden/diagnostics/<case>.{yaml,json} must print <case>.stderr.
// Files in subdirectories are fixtures (includes, resource files), not cases.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "../support/golden.h"
#include "mcpc/codegen/backend.h"
#include "mcpc/tool/cli.h"

namespace fs = std::filesystem;

namespace {

struct Case {
  std::string name;
  std::string relpath;  // relative to the source root, as mcpc will print it
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.relpath; }

bool is_case(const fs::path& p) {
  std::string name = p.filename().string();
  auto ends = [&](std::string_view s) { return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0; };
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

struct RunResult {
  int code;
  std::string out;
  std::string err;
};

RunResult run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  std::istringstream in;
  int code = mcpc::run_cli(args, {out, err, in, false});
  return {code, out.str(), err.str()};
}

std::string strip_ext(const std::string& p) { return p.substr(0, p.rfind('.')); }

class IrGolden : public ::testing::TestWithParam<Case> {};
class DiagnosticsGolden : public ::testing::TestWithParam<Case> {};

TEST_P(IrGolden, LowersToExpectedIr) {
  const Case& c = GetParam();
  RunResult r = run({"ir", "--color=never", c.relpath});
  ASSERT_EQ(r.code, 0) << c.relpath << " should check clean:\n" << r.err;
  mcpc::testing::expect_golden(strip_ext(c.relpath) + ".ir.json", r.out);
}

TEST_P(DiagnosticsGolden, ReportsExpectedDiagnostics) {
  const Case& c = GetParam();
  RunResult r = run({"check", "--color=never", c.relpath});
  EXPECT_NE(r.code, 2) << "a bad spec is an error in the input (exit 1), not a usage problem";
  mcpc::testing::expect_golden(strip_ext(c.relpath) + ".stderr", r.err + "exit code: " + std::to_string(r.code) + "\n");
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
  fs::path out = fs::temp_directory_path() / ("mcpc-golden-" + target + "-" + std::to_string(getpid()) + "-" + c.name);
  fs::remove_all(out);
  RunResult r = run({"compile", "--color=never", "-q", "--target", target, "--basename", stem_of(c), "-o", out.string(),
                     c.relpath});
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
  fs::remove_all(out);
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
