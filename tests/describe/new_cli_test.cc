// mcpc new, as a user types it: offline drafts, the description from standard input or a file,
// no overwrite without --force, and the model path configured by the environment (a loopback
// server) with the key kept out of every output and file.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "../support/cli_tester.h"
#include "loopback_server.h"

namespace mcpc {
namespace {

using testing::LoopbackServer;

constexpr const char* kCalculator = "A calculator API with add, subtract, multiply, divide";
constexpr const char* kKey = "sk-cli-test-key-9876543210";

// Sets the model's environment for one test and restores a clean one after it.
class ModelEnv {
 public:
  ModelEnv(const std::string& url) {
    unsetenv("MCPC_LLM_URL");
    setenv("ANTHROPIC_API_KEY", kKey, 1);
    setenv("ANTHROPIC_BASE_URL", url.c_str(), 1);
    setenv("MCPC_LLM_MODEL", "claude-test", 1);
  }
  ~ModelEnv() {
    unsetenv("ANTHROPIC_API_KEY");
    unsetenv("ANTHROPIC_BASE_URL");
    unsetenv("MCPC_LLM_MODEL");
  }
};

std::string answer(const nlohmann::json& spec) {
  return nlohmann::json{
      {"content",
       nlohmann::json::array({{{"type", "tool_use"}, {"id", "toolu_1"}, {"name", "write_spec"}, {"input", spec}}})}}
      .dump();
}

TEST(NewCommand, OfflineDraftIsWrittenAndChecked) {
  testing::CliTester cli("new");
  const std::string out = cli.path("mcp.yaml");
  cli.run({"new", "--offline", "--prompt", kCalculator, "-o", out});
  cli.expect_exit(0);
  cli.expect_error_substring("mcpc: drafting the spec with the offline rules (--offline)\n");
  cli.expect_error_substring("mcpc: wrote " + out);
  cli.expect_error_substring(": no problems (4 tools)");
  std::string yaml = testing::read_file(out);
  for (const char* tool : {"add", "subtract", "multiply", "divide"})
    EXPECT_NE(yaml.find("  - name: " + std::string(tool) + "\n"), std::string::npos) << yaml;
  cli.run({"check", out});
  cli.expect_exit(0);

  // Never over the user's file without --force.
  cli.run({"new", "--offline", "--prompt", "tools: ping", "-o", out});
  cli.expect_exit(2);
  cli.expect_error_substring("exists; --force replaces it [usage]");
  EXPECT_EQ(testing::read_file(out), yaml);
  cli.run({"new", "--offline", "--force", "--prompt", "tools: ping", "-o", out});
  cli.expect_exit(0);
  EXPECT_NE(testing::read_file(out).find("- name: ping"), std::string::npos);
}

TEST(NewCommand, DescriptionFromStandardInputOrAFile) {
  testing::CliTester cli("new-input");
  cli.run({"new", "--offline", "--prompt", "-", "-o", cli.path("a.yaml")}, "Tools: list notes, delete a note\n");
  cli.expect_exit(0);
  EXPECT_NE(testing::read_file(cli.path("a.yaml")).find("- name: delete_note"), std::string::npos);
  std::string file = cli.write("idea.txt", "- search books by author\n- reserve a book\n");
  cli.run({"new", "--offline", "--prompt-file", file, "-o", cli.path("b.yaml")});
  cli.expect_exit(0);
  EXPECT_NE(testing::read_file(cli.path("b.yaml")).find("- name: reserve_book"), std::string::npos);

  cli.run({"new", "--offline", "--prompt-file", cli.path("nope.txt"), "-o", cli.path("c.yaml")});
  cli.expect_exit(2);
  cli.expect_error_substring("[io]");
  cli.run({"new", "--offline", "-o", cli.path("c.yaml")});
  cli.expect_exit(2);
  cli.expect_error_substring("new needs the description");
  cli.run({"new", "--offline", "--prompt", "  \n", "-o", cli.path("c.yaml")});
  cli.expect_exit(2);
  cli.expect_error_substring("the description is empty [usage]");
  cli.expect_no_file("c.yaml");
}

TEST(NewCommand, AnthropicPathSaysSoAndKeepsTheKeyOut) {
  LoopbackServer server([](const LoopbackServer::Request&, int) {
    nlohmann::json spec = {{"name", "calc-mcp"},
                           {"version", "0.1.0"},
                           {"description", std::string("Adds; key ") + kKey},
                           {"tools", {{{"name", "add"}, {"description", "Add two numbers"}}}}};
    return LoopbackServer::Reply{200, answer(spec)};
  });
  ModelEnv env(server.url());
  testing::CliTester cli("new-model");
  const std::string out = cli.path("mcp.yaml");
  cli.run({"new", "--prompt", kCalculator, "-o", out});
  cli.expect_exit(0);
  cli.expect_error_substring("mcpc: drafting the spec with Anthropic\n");
  cli.expect_error_substring("mcpc: asking Anthropic (claude-test) at " + server.url() + "/v1/messages");
  cli.expect_error_substring("mcpc: answer received in ");
  std::string yaml = testing::read_file(out);
  EXPECT_NE(yaml.find("name: calc-mcp"), std::string::npos) << yaml;
  EXPECT_EQ(yaml.find(kKey), std::string::npos) << yaml;
  EXPECT_EQ(cli.last().err.find(kKey), std::string::npos);
  EXPECT_EQ(cli.last().out.find(kKey), std::string::npos);

  // --offline wins over a configured model.
  cli.run({"new", "--offline", "--force", "--prompt", kCalculator, "-o", out});
  cli.expect_exit(0);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(NewCommand, RefusedKeyWritesNothingAndShowsNoKey) {
  LoopbackServer server([](const LoopbackServer::Request& r, int) {
    return LoopbackServer::Reply{401,
                                 R"({"error":{"message":"invalid x-api-key )" + r.headers.at("x-api-key") + "\"}}"};
  });
  ModelEnv env(server.url());
  testing::CliTester cli("new-401");
  cli.run({"new", "--prompt", kCalculator, "-o", cli.path("mcp.yaml")});
  cli.expect_exit(1);
  cli.expect_error_substring("Anthropic refused the API key (HTTP 401");
  cli.expect_error_substring("[llm]");
  cli.expect_error_substring("nothing was written; --offline drafts the spec without a language model");
  cli.expect_no_file("mcp.yaml");
  EXPECT_EQ(cli.last().err.find(kKey), std::string::npos) << cli.last().err;
}

TEST(NewCommand, SpecWithErrorsIsWrittenAndReportedAgainstTheFile) {
  LoopbackServer server([](const LoopbackServer::Request&, int) {
    nlohmann::json spec = {{"name", "calc-mcp"}, {"version", "1.0"}, {"tools", nlohmann::json::array()}};
    return LoopbackServer::Reply{200, answer(spec)};
  });
  ModelEnv env(server.url());
  setenv("MCPC_LLM_TIMEOUT", "5", 1);
  testing::CliTester cli("new-errors");
  const std::string out = cli.path("mcp.yaml");
  cli.run({"new", "--prompt", kCalculator, "-o", out});
  unsetenv("MCPC_LLM_TIMEOUT");
  cli.expect_exit(1);
  cli.expect_error_substring("asking for a repair (round 3 of 3)");
  cli.expect_error_substring(out + ":");
  cli.expect_error_substring("[semver]");
  EXPECT_EQ(server.requests().size(), 4u);
  EXPECT_TRUE(std::filesystem::exists(out)) << "the user gets the spec to fix";
}

}  // namespace
}  // namespace mcpc
