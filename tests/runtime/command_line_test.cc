// The shared command line of generated servers: flags, errors, help, environment checks.
#include "mcpc/runtime/command_line.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace mcpc::runtime {
namespace {

using Action = ParsedCommandLine::Action;

CommandLine defaults() {
  CommandLine cli;
  cli.program = "demo-mcp";
  cli.version = "1.2.3";
  cli.transport = "http";
  cli.http.host = "0.0.0.0";
  cli.http.port = 8080;
  return cli;
}

TEST(CommandLine, DefaultsComeFromTheSpec) {
  ParsedCommandLine p = parse_command_line(defaults(), {});
  EXPECT_EQ(p.action, Action::Serve);
  EXPECT_EQ(p.transport, "http");
  EXPECT_EQ(p.http.host, "0.0.0.0");
  EXPECT_EQ(p.http.port, 8080);
  EXPECT_EQ(p.http.path, "/mcp");
}

TEST(CommandLine, FlagsTakeSeparateOrInlineValues) {
  ParsedCommandLine p =
      parse_command_line(defaults(), {"--transport", "stdio", "--host=127.0.0.1", "--port", "0", "--path=/x"});
  ASSERT_EQ(p.action, Action::Serve) << p.error;
  EXPECT_EQ(p.transport, "stdio");
  EXPECT_EQ(p.http.host, "127.0.0.1");
  EXPECT_EQ(p.http.port, 0);
  EXPECT_EQ(p.http.path, "/x");
  EXPECT_EQ(parse_command_line(defaults(), {"--port", "1", "--help"}).action, Action::Help);
  EXPECT_EQ(parse_command_line(defaults(), {"--version"}).action, Action::Version);
}

TEST(CommandLine, BadArgumentsSayWhatIsWrong) {
  auto error = [](std::vector<std::string> args) {
    ParsedCommandLine p = parse_command_line(defaults(), args);
    EXPECT_EQ(p.action, Action::Error);
    return p.error;
  };
  EXPECT_EQ(error({"--transport", "ws"}), "--transport must be stdio or http, not 'ws'");
  EXPECT_EQ(error({"--transport"}), "--transport needs a value");
  EXPECT_EQ(error({"--port", "65536"}), "--port must be a number from 0 to 65535, not '65536'");
  EXPECT_EQ(error({"--port", "80x"}), "--port must be a number from 0 to 65535, not '80x'");
  EXPECT_EQ(error({"--port", "-1"}), "--port must be a number from 0 to 65535, not '-1'");
  EXPECT_EQ(error({"--path", "mcp"}), "--path must start with '/', not 'mcp'");
  EXPECT_EQ(error({"--verbose"}), "unknown argument '--verbose'");
}

TEST(CommandLine, UsageListsDefaultsAndEnvironment) {
  CommandLine cli = defaults();
  cli.env.push_back({"DEMO_TOKEN", "The token", true, std::nullopt});
  cli.env.push_back({"DEMO_DIR", "Where data goes", false, std::string("./data")});
  std::string usage = command_line_usage(cli);
  EXPECT_NE(usage.find("Usage: demo-mcp "), std::string::npos);
  EXPECT_NE(usage.find("(default: http)"), std::string::npos);
  EXPECT_NE(usage.find("(default: 8080)"), std::string::npos);
  EXPECT_NE(usage.find("DEMO_TOKEN"), std::string::npos);
  EXPECT_NE(usage.find("(required)"), std::string::npos);
  EXPECT_NE(usage.find("(default: ./data)"), std::string::npos);
}

TEST(CommandLine, EnvironmentDefaultsApplyAndMissingVariablesAreNamed) {
  ::unsetenv("MCPC_CLT_REQUIRED");
  ::unsetenv("MCPC_CLT_DEFAULTED");
  ::setenv("MCPC_CLT_SET", "mine", 1);
  CommandLine cli = defaults();
  cli.env.push_back({"MCPC_CLT_REQUIRED", "needed", true, std::nullopt});
  cli.env.push_back({"MCPC_CLT_DEFAULTED", "", false, std::string("fallback")});
  cli.env.push_back({"MCPC_CLT_SET", "", false, std::string("not used")});
  EXPECT_EQ(check_environment(cli), "environment variable MCPC_CLT_REQUIRED is not set (needed)\n");
  EXPECT_STREQ(std::getenv("MCPC_CLT_DEFAULTED"), "fallback");
  EXPECT_STREQ(std::getenv("MCPC_CLT_SET"), "mine") << "a default never replaces a value that is set";
  ::setenv("MCPC_CLT_REQUIRED", "x", 1);
  EXPECT_EQ(check_environment(cli), "");
}

}  // namespace
}  // namespace mcpc::runtime
