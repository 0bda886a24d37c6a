// The mcpc command line, driven in-process: exit codes, formats, stdin, help.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

#include "mcpc/tool/cli.h"

namespace mcpc {
namespace {

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run(const std::vector<std::string>& args, const std::string& input = "") {
  std::ostringstream out, err;
  std::istringstream in(input);
  int code = run_cli(args, {out, err, in, false});
  return {code, out.str(), err.str()};
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("mcpc-cli-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    good_ = write("good.yaml", "name: s\nversion: 1.0.0\ntools:\n  - {name: t, description: d}\n");
    warn_ = write("warn.yaml", "name: s\nversion: 1.0.0\ntools:\n  - {name: t}\n");
    bad_ = write("bad.yaml", "name: s\nversion: 1.0\ntools:\n  - {name: 'a b', description: d}\n");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::filesystem::path dir_;
  std::string good_, warn_, bad_;
};

TEST_F(CliTest, CheckExitCodes) {
  EXPECT_EQ(run({"check", good_}).code, 0);
  Result w = run({"check", warn_});
  EXPECT_EQ(w.code, 0);
  EXPECT_NE(w.err.find("warning:"), std::string::npos);
  EXPECT_EQ(run({"check", "-W", warn_}).code, 1);
  Result b = run({"check", bad_});
  EXPECT_EQ(b.code, 1);
  EXPECT_NE(b.err.find(bad_ + ":2:10: error:"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("2 errors and 0 warnings generated."), std::string::npos) << b.err;
  Result missing = run({"check", (dir_ / "nope.yaml").string()});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("no such file"), std::string::npos);
  EXPECT_EQ(run({"check", dir_.string()}).code, 2);
  EXPECT_EQ(run({"check"}).code, 2);
  EXPECT_EQ(run({"frobnicate"}).code, 2);
  EXPECT_EQ(run({}).code, 2);
}

TEST_F(CliTest, ChecksSeveralFilesInOneRun) {
  Result r = run({"check", good_, bad_, warn_});
  EXPECT_EQ(r.code, 1);
  EXPECT_LT(r.err.find(bad_), r.err.find(warn_));  // files in command-line order
}

TEST_F(CliTest, MachineReadableFormats) {
  Result j = run({"check", "--diagnostics-format=json", bad_});
  EXPECT_EQ(j.code, 1);
  auto arr = nlohmann::json::parse(j.out);
  ASSERT_EQ(arr.size(), 2u);
  EXPECT_EQ(arr[0]["check"], "type");
  Result s = run({"check", "--diagnostics-format", "sarif", bad_});
  EXPECT_EQ(s.code, 1);
  auto sarif = nlohmann::json::parse(s.out);
  EXPECT_EQ(sarif["runs"][0]["results"].size(), 2u);
  EXPECT_EQ(run({"check", "--diagnostics-format=xml", bad_}).code, 2);
}

TEST_F(CliTest, ReadsStandardInput) {
  Result r = run({"check", "-"}, "name: s\nversion: x\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("<stdin>.yaml:2:10: error:"), std::string::npos) << r.err;
  Result j = run({"check", "--stdin-filename=spec.json", "-"}, "{\"name\": \"s\", \"version\": \"1.0.0\"}");
  EXPECT_EQ(j.code, 0) << j.err;
}

TEST_F(CliTest, IrPrintsJsonOnlyForCleanSpecs) {
  Result r = run({"ir", good_});
  ASSERT_EQ(r.code, 0) << r.err;
  auto ir = nlohmann::json::parse(r.out);
  EXPECT_EQ(ir["irVersion"], 1);
  EXPECT_EQ(ir["tools"][0]["name"], "t");
  Result b = run({"ir", bad_});
  EXPECT_EQ(b.code, 1);
  EXPECT_EQ(b.out, "");
  std::string out = (dir_ / "ir.json").string();
  EXPECT_EQ(run({"ir", good_, "-o", out}).code, 0);
  EXPECT_TRUE(std::filesystem::file_size(out) > 10);
}

TEST_F(CliTest, HelpAndVersion) {
  Result h = run({"--help"});
  EXPECT_EQ(h.code, 0);
  EXPECT_NE(h.out.find("check"), std::string::npos);
  EXPECT_NE(h.out.find("Exit status"), std::string::npos);
  Result v = run({"--version"});
  EXPECT_EQ(v.code, 0);
  EXPECT_EQ(v.out.rfind("mcpc ", 0), 0u);
  EXPECT_EQ(run({"check", "--help"}).code, 0);
}

TEST_F(CliTest, OversizedFileIsRefused) {
  std::string big = write("big.yaml", "name: s\nversion: 1.0.0\n" + std::string(5000, '#') + "\n");
  Result r = run({"check", "--max-file-size=1000", big});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[limits]"), std::string::npos);
}

}  // namespace
}  // namespace mcpc
