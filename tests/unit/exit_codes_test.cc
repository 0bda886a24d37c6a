// The exit status of every subcommand for each kind of failure (docs/architecture.md, README):
// 0 clean, 1 the input has errors or the operation failed, 2 the command line is wrong or a
// file it names cannot be used. One table, so a subcommand that drifts is caught.
#include <gtest/gtest.h>

#include "../support/cli_tester.h"

namespace mcpc {
namespace {

struct Case {
  std::string name;
  std::vector<std::string> args;  ///< "$D" is replaced by the scratch directory
  int expected;
  std::string check;  ///< the check id the error names on stderr, e.g. "[io]"; empty: none
};

// The inputs every case may name, made once for the whole table.
const testing::TempDir& scratch() {
  static const testing::TempDir dir = [] {
    testing::TempDir d("exit-codes");
    std::filesystem::create_directories(d / "not-a-file.yaml");
    d.write("good.yaml", "name: s\nversion: 1.0.0\ntools:\n  - {name: t, description: d}\n");
    d.write("warn.yaml", "name: s\nversion: 1.0.0\ntools:\n  - {name: t}\n");
    d.write("bad.yaml", "name: s\nversion: 1.0\ntools:\n  - {name: 'a b', description: d}\n");
    d.write("garbage.ir.json", "{\"irVersion\": \"one\"}");
    return d;
  }();
  return dir;
}

std::vector<Case> cases() {
  return {
      {"check_clean", {"check", "$D/good.yaml"}, kExitOk, ""},
      {"check_warning", {"check", "$D/warn.yaml"}, kExitOk, ""},
      {"check_warning_as_error", {"check", "-W", "$D/warn.yaml"}, kExitErrors, ""},
      {"check_errors", {"check", "$D/bad.yaml"}, kExitErrors, "[type]"},
      {"check_missing_file", {"check", "$D/nope.yaml"}, kExitUsage, "[io]"},
      {"check_directory", {"check", "$D/not-a-file.yaml"}, kExitUsage, "[io]"},
      {"check_bad_option", {"check", "--bogus", "$D/good.yaml"}, kExitUsage, "[usage]"},
      {"ir_errors", {"ir", "$D/bad.yaml"}, kExitErrors, "[type]"},
      {"ir_missing_file", {"ir", "$D/nope.yaml"}, kExitUsage, "[io]"},
      {"ir_unwritable_output", {"ir", "$D/good.yaml", "-o", "$D/no/such/dir/x.json"}, kExitUsage, "[io]"},
      {"compile_errors", {"compile", "$D/bad.yaml", "-o", "$D/out"}, kExitErrors, "[type]"},
      {"compile_missing_file", {"compile", "$D/nope.yaml", "-o", "$D/out"}, kExitUsage, "[io]"},
      {"compile_no_output", {"compile", "$D/good.yaml"}, kExitUsage, "[usage]"},
      {"compile_bad_ir", {"compile", "--from-ir", "$D/garbage.ir.json", "-o", "$D/out"}, kExitErrors, "[syntax]"},
      {"compile_unknown_target", {"compile", "-t", "cobol", "$D/good.yaml", "-o", "$D/out"}, kExitUsage, "[usage]"},
      {"validate_missing_input", {"validate", "$D/nope.yaml"}, kExitUsage, "[io]"},
      {"validate_errors",
       {"validate", "$D/bad.yaml", "--skip", "compile", "--skip", "protocol"},
       kExitErrors,
       "[validation]"},
      {"extract_no_header", {"extract"}, kExitUsage, "[usage]"},
      {"init_list", {"init", "--list-templates"}, kExitOk, ""},
      {"init_unknown_template", {"init", "$D/new", "--template", "nope"}, kExitUsage, "[usage]"},
      {"init_bad_name", {"init", "$D/new", "--name", "Bad Name"}, kExitUsage, "[usage]"},
      {"init_dir_is_a_file", {"init", "$D/good.yaml", "--name", "x"}, kExitUsage, "[usage]"},
      {"package_missing_input", {"package", "$D/nope.yaml", "-o", "$D/pkg"}, kExitUsage, "[io]"},
      {"package_errors", {"package", "$D/bad.yaml", "--target", "ts", "-o", "$D/pkg"}, kExitErrors, "[type]"},
      {"package_needs_binary", {"package", "$D/good.yaml", "-o", "$D/pkg"}, kExitUsage, "[usage]"},
      {"registry_no_such_server", {"registry", "--root", "$D/reg", "get", "nobody"}, kExitErrors, "[registry]"},
      {"registry_missing_manifest", {"registry", "--root", "$D/reg", "publish", "$D/nope.json"}, kExitUsage, "[io]"},
      {"publish_not_a_build_dir", {"publish", "--build-dir", "$D/nope", "--registry", "$D/reg"}, kExitUsage, "[usage]"},
      {"new_clean", {"new", "--offline", "--prompt", "tools: ping", "-o", "$D/new.yaml", "--force"}, kExitOk, ""},
      {"new_exists", {"new", "--offline", "--prompt", "tools: ping", "-o", "$D/good.yaml"}, kExitUsage, "[usage]"},
      {"new_missing_prompt_file", {"new", "--offline", "--prompt-file", "$D/nope.txt"}, kExitUsage, "[io]"},
      {"no_subcommand", {}, kExitUsage, ""},
  };
}

// gtest prints the case by name, not as bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class ExitCodes : public ::testing::TestWithParam<Case> {};

TEST_P(ExitCodes, SameKindOfFailureSameStatus) {
  const Case& c = GetParam();
  std::vector<std::string> args;
  for (std::string a : c.args) {
    if (std::size_t at = a.find("$D"); at != std::string::npos) a.replace(at, 2, scratch().path().string());
    args.push_back(a);
  }
  testing::CliRun r = testing::run_mcpc(args);
  EXPECT_EQ(r.code, c.expected) << r.describe();
  if (!c.check.empty()) {
    EXPECT_NE(r.err.find(c.check), std::string::npos) << r.describe();
  }
  // The subcommand's --help says what this status means for it.
  std::vector<std::string> help_args{"--help"};
  if (!c.args.empty()) help_args.insert(help_args.begin(), c.args.front());
  testing::CliRun help = testing::run_mcpc(help_args);
  std::size_t statuses = help.out.find("\nExit status:\n");
  ASSERT_NE(statuses, std::string::npos) << help.describe();
  EXPECT_NE(help.out.find("\n  " + std::to_string(c.expected) + "  ", statuses), std::string::npos)
      << "the help of '" << (c.args.empty() ? "mcpc" : c.args.front()) << "' does not explain exit status "
      << c.expected << ":\n"
      << help.out.substr(statuses);
}

INSTANTIATE_TEST_SUITE_P(EverySubcommand, ExitCodes, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& param) { return param.param.name; });

}  // namespace
}  // namespace mcpc
