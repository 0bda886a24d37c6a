// The mcpc command line, driven in-process: exit codes, formats, stdin, help.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "../support/cli_tester.h"

namespace mcpc {
namespace {

class CliTest : public ::testing::Test {
 protected:
  testing::CliTester cli_{"cli"};
  std::string good_ = cli_.write("good.yaml", "name: s\nversion: 1.0.0\ntools:\n  - {name: t, description: d}\n");
  std::string warn_ = cli_.write("warn.yaml", "name: s\nversion: 1.0.0\ntools:\n  - {name: t}\n");
  std::string bad_ = cli_.write("bad.yaml", "name: s\nversion: 1.0\ntools:\n  - {name: 'a b', description: d}\n");
};

TEST_F(CliTest, CheckExitCodes) {
  cli_.run({"check", good_});
  cli_.expect_no_errors();
  cli_.run({"check", warn_});
  cli_.expect_exit(0);
  cli_.expect_error_substring("warning:");
  cli_.run({"check", "-W", warn_});
  cli_.expect_exit(1);
  cli_.run({"check", bad_});
  cli_.expect_exit(1);
  cli_.expect_error_substring(bad_ + ":2:10: error:");
  cli_.expect_error_substring("2 errors and 0 warnings generated.");
  cli_.run({"check", cli_.path("nope.yaml")});
  cli_.expect_exit(2);
  cli_.expect_error_substring("no such file");
  for (std::vector<std::string> args :
       {std::vector<std::string>{"check", cli_.dir().path().string()}, {"check"}, {"frobnicate"}, {}}) {
    cli_.run(args);
    cli_.expect_exit(2);
  }
}

// A note (triggers are not run by generated servers) is said, but fails nothing, not even with -W.
TEST_F(CliTest, NotesDoNotFailTheCheck) {
  std::string triggers = cli_.write("triggers.yaml",
                                    "name: s\nversion: 1.0.0\ntools:\n  - {name: t, description: d}\n"
                                    "triggers:\n  - {type: cron, schedule: '@daily', tool: t}\n"
                                    "  - {type: webhook, path: /t, tool: t}\n");
  const testing::CliRun& r = cli_.run({"check", "-W", triggers});
  cli_.expect_exit(0);
  cli_.expect_error_substring(triggers +
                              ":6:5: note: triggers are declared and checked, but generated servers do "
                              "not run them yet");
  EXPECT_EQ(r.err.find("note: triggers", r.err.find("note: triggers") + 1), std::string::npos) << "one note per spec";
  cli_.run({"check", "-W", "--diagnostics-format=sarif", triggers});
  cli_.expect_exit(0);
  EXPECT_EQ(nlohmann::json::parse(cli_.last().out)["runs"][0]["results"][0]["level"], "note");
}

TEST_F(CliTest, ChecksSeveralFilesInOneRun) {
  const testing::CliRun& r = cli_.run({"check", good_, bad_, warn_});
  cli_.expect_exit(1);
  EXPECT_LT(r.err.find(bad_), r.err.find(warn_));  // files in command-line order
}

TEST_F(CliTest, MachineReadableFormats) {
  cli_.run({"check", "--diagnostics-format=json", bad_});
  cli_.expect_exit(1);
  auto arr = nlohmann::json::parse(cli_.last().out);
  ASSERT_EQ(arr.size(), 2u);
  EXPECT_EQ(arr[0]["check"], "type");
  cli_.run({"check", "--diagnostics-format", "sarif", bad_});
  cli_.expect_exit(1);
  auto sarif = nlohmann::json::parse(cli_.last().out);
  EXPECT_EQ(sarif["runs"][0]["results"].size(), 2u);
  cli_.run({"check", "--diagnostics-format=xml", bad_});
  cli_.expect_exit(2);
}

TEST_F(CliTest, ReadsStandardInput) {
  cli_.run({"check", "-"}, "name: s\nversion: x\n");
  cli_.expect_exit(1);
  cli_.expect_error_substring("<stdin>.yaml:2:10: error:");
  cli_.run({"check", "--stdin-filename=spec.json", "-"}, "{\"name\": \"s\", \"version\": \"1.0.0\"}");
  cli_.expect_exit(0);
}

TEST_F(CliTest, IrPrintsJsonOnlyForCleanSpecs) {
  cli_.run({"ir", good_});
  ASSERT_EQ(cli_.last().code, 0) << cli_.last().describe();
  auto ir = nlohmann::json::parse(cli_.last().out);
  EXPECT_EQ(ir["irVersion"], 1);
  EXPECT_EQ(ir["tools"][0]["name"], "t");
  cli_.run({"ir", bad_});
  cli_.expect_exit(1);
  EXPECT_EQ(cli_.last().out, "");
  cli_.run({"ir", bad_, "-o", cli_.path("bad.ir.json")});
  cli_.expect_exit(1);
  cli_.expect_no_file("bad.ir.json");
  cli_.run({"ir", good_});
  std::string printed = cli_.last().out;
  cli_.run({"ir", good_, "-o", cli_.path("ir.json")});
  cli_.expect_exit(0);
  EXPECT_EQ(cli_.last().out, "") << "the IR goes to the file";
  cli_.expect_file_content("ir.json", printed);
}

TEST_F(CliTest, HelpAndVersion) {
  cli_.run({"--help"});
  cli_.expect_exit(0);
  cli_.expect_output_substring("check");
  cli_.expect_output_substring("Exit status");
  cli_.run({"--version"});
  cli_.expect_exit(0);
  EXPECT_EQ(cli_.last().out.rfind("mcpc ", 0), 0u);
  cli_.run({"check", "--help"});
  cli_.expect_exit(0);
}

TEST_F(CliTest, OversizedFileIsRefused) {
  std::string big = cli_.write("big.yaml", "name: s\nversion: 1.0.0\n" + std::string(5000, '#') + "\n");
  cli_.run({"check", "--max-file-size=1000", big});
  cli_.expect_exit(1);
  cli_.expect_error_substring("[limits]");
}

}  // namespace
}  // namespace mcpc
