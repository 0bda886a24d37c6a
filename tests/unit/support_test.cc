// The shared test support (tests/support): a scratch directory goes away with its contents,
// files round-trip, and the CLI tester's expectations fail when they should, at the test's line.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "../support/cli_tester.h"

namespace mcpc {
namespace {

namespace fs = std::filesystem;

TEST(TestTempDir, IsPrivateUniqueAndRemovedWithItsContents) {
  fs::path path;
  {
    testing::TempDir a("support");
    testing::TempDir b("support");
    path = a.path();
    EXPECT_NE(a.path(), b.path());
    EXPECT_EQ(path.filename().string().rfind("mcpc-support-", 0), 0u) << path;
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_all);
    fs::path file = a.write("deep/er/file.txt", "text");
    EXPECT_EQ(file, a / "deep/er/file.txt");
    EXPECT_EQ(testing::read_file(file), "text");
    testing::TempDir moved = std::move(a);
    EXPECT_EQ(moved.path(), path);
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(TestFiles, WriteReplacesAndReadGivesTheBytes) {
  testing::TempDir dir("support");
  std::string bytes("a\0b\r\n\xff", 6);
  testing::write_file(dir / "x", "longer content first");
  testing::write_file(dir / "x", bytes);
  EXPECT_EQ(testing::read_file(dir / "x"), bytes);
  EXPECT_EQ(testing::read_file(dir / "missing"), "");
}

TEST(CliTester, RunsMcpcInProcessWithStandardInput) {
  testing::CliTester cli;
  const testing::CliRun& r = cli.run({"check", "-"}, "name: s\nversion: x\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.args, (std::vector<std::string>{"check", "-"}));
  cli.expect_exit(1);
  cli.expect_error_substring("<stdin>.yaml:2:10: error:");
  cli.run({"ir", cli.write("s.yaml", "name: s\nversion: 1.0.0\n")});
  std::string printed = cli.last().out;
  cli.run({"ir", cli.path("s.yaml"), "-o", cli.path("s.ir.json")});
  cli.expect_no_errors();
  cli.expect_file_content("s.ir.json", printed);
  cli.expect_no_file("other.json");
}

TEST(CliTester, ExpectationsFailWithTheRunAtTheTestsLine) {
  testing::CliTester cli;
  cli.run({"--version"});
  EXPECT_NONFATAL_FAILURE(cli.expect_exit(2), "mcpc --version exited 0");
  EXPECT_NONFATAL_FAILURE(cli.expect_error_substring("nope"), "expected on stderr: nope");
  EXPECT_NONFATAL_FAILURE(cli.expect_output_substring("nope"), "--- stdout:\nmcpc ");
  EXPECT_NONFATAL_FAILURE(cli.expect_error_text("x"), "expected exactly this on stderr:\nx");
  EXPECT_NONFATAL_FAILURE(cli.expect_file_content("x.txt", "y"), "was not written");
  cli.write("x.txt", "z");
  EXPECT_NONFATAL_FAILURE(cli.expect_file_content("x.txt", "y"), "holds:\nz\nexpected:\ny");
  EXPECT_NONFATAL_FAILURE(cli.expect_no_file("x.txt"), "exists");
  cli.run({"frobnicate"});
  EXPECT_NONFATAL_FAILURE(cli.expect_no_errors(), "expected a clean run");

  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter intercept(&failures);
    cli.expect_exit(0);
  }
  int line = __LINE__ - 2;
  ASSERT_EQ(failures.size(), 1);
  EXPECT_STREQ(failures.GetTestPartResult(0).file_name(), __FILE__);
  EXPECT_EQ(failures.GetTestPartResult(0).line_number(), line);
}

}  // namespace
}  // namespace mcpc
