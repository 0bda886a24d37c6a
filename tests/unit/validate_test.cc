// mcpc validate in-process: the schema comparison, the subprocess and MCP stdio client
// pieces, and the checks that need no built server (tests/validate/ has those that do).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include "../support/cli_tester.h"
#include "mcpc/json_schema/comparison.h"
#include "mcpc/process/mcp_client.h"
#include "mcpc/process/subprocess.h"
#include "mcpc/process/temp_dir.h"
#include "mcpc/tool/cli.h"

namespace fs = std::filesystem;
using mcpc::OrderedJson;
using namespace std::chrono_literals;

namespace {

using mcpc::testing::CliRun;
using mcpc::testing::run_mcpc;
using mcpc::testing::TempDir;

const char* kCalculator = MCPC_SOURCE_DIR "/examples/calculator/mcp.yaml";

const OrderedJson* find_check(const OrderedJson& report, const std::string& name) {
  for (const OrderedJson& c : report["checks"]) {
    if (c["name"] == name) return &c;
  }
  return nullptr;
}

std::string details(const OrderedJson& check) {
  std::string s;
  for (const OrderedJson& d : check["details"]) s += d.get<std::string>() + "\n";
  return s;
}

std::vector<std::string> diff(const char* expected, const char* actual) {
  return mcpc::json_schema::compare_schemas(OrderedJson::parse(expected), OrderedJson::parse(actual));
}

// --- compare_schemas -----------------------------------------------------------------------

TEST(CompareSchemas, IgnoresWhatZodAndTheRuntimeAdd) {
  EXPECT_TRUE(diff(R"({"type":"object","properties":{"a":{"type":"number","description":"x"}},"required":["a"]})",
                   R"({"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
                       "properties":{"a":{"type":"number","description":"other words"}},"required":["a"],
                       "additionalProperties":false})")
                  .empty());
  // zod's z.int(): safe-integer bounds; and number + multipleOf 1 is an integer.
  EXPECT_TRUE(diff(R"({"type":"integer","minimum":1})", R"({"type":"integer","minimum":1,"maximum":9007199254740991})")
                  .empty());
  EXPECT_TRUE(diff(R"({"type":"integer"})", R"({"type":"number","multipleOf":1})").empty());
  EXPECT_TRUE(diff(R"({"type":"integer","multipleOf":5})", R"({"type":"number","multipleOf":5})").empty());
  EXPECT_TRUE(diff(R"({"type":"integer","minimum":-9007199254740991})", R"({"type":"integer"})").empty());
  // Nullable spelt as a type list, or as anyOf with null.
  EXPECT_TRUE(diff(R"({"type":["string","null"],"description":"d"})",
                   R"({"anyOf":[{"type":"string"},{"type":"null"}],"description":"d"})")
                  .empty());
  EXPECT_TRUE(diff(R"({"type":["null","string"]})", R"({"type":["string","null"]})").empty());
  // Enums as sets; const as a one-value enum; defaults and titles are annotations.
  EXPECT_TRUE(
      diff(R"({"type":"string","enum":["a","b"],"default":"a"})", R"({"type":"string","enum":["b","a"]})").empty());
  EXPECT_TRUE(diff(R"({"const":"x"})", R"({"enum":["x"]})").empty());
  // z.literal() spells out the type; z.record() the key type.
  EXPECT_TRUE(diff(R"({"const":"v1"})", R"({"type":"string","const":"v1"})").empty());
  EXPECT_TRUE(diff(R"({"enum":[1,2]})", R"({"type":"integer","enum":[1,2]})").empty());
  EXPECT_EQ(diff(R"({"enum":[1.5]})", R"({"type":"integer","enum":[1.5]})").size(), 1u);
  EXPECT_TRUE(diff(R"({"type":"object","additionalProperties":{"type":"string"}})",
                   R"({"type":"object","propertyNames":{"type":"string"},"additionalProperties":{"type":"string"}})")
                  .empty());
  // Local $refs are followed.
  EXPECT_TRUE(diff(R"({"type":"object","properties":{"p":{"type":"object","properties":{"x":{"type":"string"}}}}})",
                   R"({"type":"object","properties":{"p":{"$ref":"#/$defs/P"}},
                       "$defs":{"P":{"type":"object","properties":{"x":{"type":"string"}}}}})")
                  .empty());
}

TEST(CompareSchemas, ReportsPropertiesRequiredTypesAndEnums) {
  auto d = diff(R"({"type":"object","properties":{"a":{"type":"number"},"c":{"type":"number"}},"required":["a","c"]})",
                R"({"type":"object","properties":{"a":{"type":"number"}},"required":["a"]})");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0], "property 'c' is in the spec, not in the server's schema");
  EXPECT_EQ(d[1], "property 'c' is required in the spec, optional on the server");

  d = diff(R"({"type":"object","properties":{"a":{"type":"number"}}})",
           R"({"type":"object","properties":{"a":{"type":"string"},"z":{}}})");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0], "type is \"number\" in the spec, \"string\" on the server (at /properties/a)");
  EXPECT_EQ(d[1], "property 'z' is in the server's schema, not in the spec");

  d = diff(R"({"type":"string","enum":["a","b"]})", R"({"type":"string","enum":["a","c"]})");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0], "enum values in the spec but not on the server: \"b\"");
  EXPECT_EQ(d[1], "enum values on the server but not in the spec: \"c\"");

  d = diff(R"({"type":"integer"})", R"({"type":"number"})");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0], "type is \"integer\" in the spec, \"number\" on the server");

  d = diff(R"({"type":"string","minLength":1})", R"({"type":"string"})");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0], "minLength is 1 in the spec, absent on the server");
}

TEST(CompareSchemas, RecursesIntoItemsAndNestedObjects) {
  auto d = diff(R"({"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}})",
                R"({"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"}},"required":[]}})");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0], "type is \"string\" in the spec, \"integer\" on the server (at /items/properties/id)");
  EXPECT_EQ(d[1], "property 'id' is required in the spec, optional on the server (at /items)");
  d = diff(R"({"type":"object","additionalProperties":false})", R"({"type":"object"})");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].find("forbids additional properties"), std::string::npos);
  d = diff(R"({"type":"object","properties":{"m":{"type":"object","additionalProperties":{"type":"string"}}}})",
           R"({"type":"object","properties":{"m":{"type":"object","additionalProperties":{"type":"number"}}}})");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0], "type is \"string\" in the spec, \"number\" on the server (at /properties/m/additionalProperties)");
}

TEST(CompareSchemas, RecursiveRefsEnd) {
  const char* tree =
      R"({"$defs":{"N":{"type":"object","properties":{"kids":{"type":"array","items":{"$ref":"#/$defs/N"}}}}},
                         "$ref":"#/$defs/N"})";
  EXPECT_TRUE(diff(tree, tree).empty());
}

// --- subprocess and the stdio client -------------------------------------------------------

TEST(Subprocess, SplitsCommandLines) {
  std::string error;
  auto words = mcpc::process::split_command(R"(sh -c 'echo "a b"' x\ y "q\"z")", &error);
  ASSERT_TRUE(words);
  EXPECT_EQ(*words, (std::vector<std::string>{"sh", "-c", "echo \"a b\"", "x y", "q\"z"}));
  EXPECT_FALSE(mcpc::process::split_command("sh -c 'oops", &error));
  EXPECT_EQ(error, "unterminated single quote");
}

TEST(Subprocess, RunsCommandsWithATimeLimit) {
  mcpc::process::SpawnOptions so;
  so.argv = {"sh", "-c", "echo out; echo err >&2; exit 3"};
  auto r = mcpc::process::run_command(so, 10s);
  EXPECT_TRUE(r.started);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("out"), std::string::npos);
  EXPECT_NE(r.output.find("err"), std::string::npos);

  so.argv = {"sh", "-c", "sleep 30"};
  auto start = std::chrono::steady_clock::now();
  r = mcpc::process::run_command(so, 300ms);
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);

  so.argv = {"no-such-program-mcpc"};
  r = mcpc::process::run_command(so, 1s);
  EXPECT_FALSE(r.started);
  EXPECT_NE(r.error.find("not found"), std::string::npos) << r.error;
}

TEST(Subprocess, DiscardsStderrOnRequestAndCapsOutput) {
  mcpc::process::SpawnOptions so;
  so.argv = {"sh", "-c", "echo out; echo err >&2"};
  so.stderr_to = mcpc::process::Stderr::Discard;
  auto r = mcpc::process::run_command(so, 10s);
  ASSERT_TRUE(r.ok()) << r.describe();
  EXPECT_EQ(r.output, "out\n");

  so.argv = {"sh", "-c", "head -c 100000 /dev/zero"};
  r = mcpc::process::run_command(so, 10s, 1000);
  ASSERT_TRUE(r.ok()) << r.describe();
  EXPECT_EQ(r.output.size(), 1000u);
}

TEST(TempDir, IsPrivateAndRemovedWithItsContents) {
  std::string error;
  fs::path path;
  {
    std::optional<mcpc::process::TempDir> dir = mcpc::process::TempDir::create("mcpc-test", &error);
    ASSERT_TRUE(dir) << error;
    path = dir->path();
    EXPECT_EQ(path.filename().string().rfind("mcpc-test-", 0), 0u) << path;
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_all);
    fs::create_directories(path / "a" / "b");
    mcpc::testing::write_file(path / "a" / "b" / "file", "x");
    mcpc::process::TempDir moved = std::move(*dir);
    EXPECT_EQ(moved.path(), path);
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(mcpc::process::TempDir::create("x", &error, "/no/such/parent"));
  EXPECT_NE(error.find("/no/such/parent"), std::string::npos) << error;
}

TEST(McpStdioClient, TalksJsonRpcAndAnswersPing) {
  // A server in sh: answers a ping of its own first, then replies to request 1.
  mcpc::process::SpawnOptions so;
  so.argv = {"sh", "-c",
             "read line; echo '{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{}}';"
             "echo '{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"method\":\"ping\"}'; read pong; echo \"$pong\" >&2;"
             "echo '{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"ok\":true}}'; sleep 30"};
  std::string error;
  auto client = mcpc::process::McpStdioClient::start(so, &error);
  ASSERT_TRUE(client) << error;
  auto reply = client->request("anything", OrderedJson::object(), 5s);
  ASSERT_TRUE(reply.ok()) << reply.describe();
  EXPECT_EQ(reply.result["ok"], true);
  EXPECT_EQ(client->notifications().size(), 1u);
  // The client answered the server's ping.
  auto start = std::chrono::steady_clock::now();
  reply = client->request("second", OrderedJson(), 300ms);
  EXPECT_FALSE(reply.ok());
  EXPECT_NE(reply.failure.find("no answer to 'second'"), std::string::npos) << reply.failure;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  auto tail = client->stderr_tail();
  ASSERT_FALSE(tail.empty());
  EXPECT_NE(tail.back().find("\"id\":\"s1\""), std::string::npos) << tail.back();
  EXPECT_NE(tail.back().find("\"result\":{}"), std::string::npos) << tail.back();
  // Destruction kills the sleeping shell at once.
  start = std::chrono::steady_clock::now();
  client.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(McpStdioClient, ReportsGarbageAndEarlyExit) {
  mcpc::process::SpawnOptions so;
  std::string error;
  so.argv = {"sh", "-c", "echo garbage"};
  auto client = mcpc::process::McpStdioClient::start(so, &error);
  ASSERT_TRUE(client) << error;
  auto reply = client->request("initialize", OrderedJson::object(), 5s);
  EXPECT_NE(reply.failure.find("not JSON on stdout: 'garbage'"), std::string::npos) << reply.failure;
  // Later calls fail with the same message, at once.
  EXPECT_EQ(client->request("tools/list", OrderedJson(), 5s).failure, reply.failure);

  so.argv = {"sh", "-c", "echo oops >&2; exit 4"};
  client = mcpc::process::McpStdioClient::start(so, &error);
  ASSERT_TRUE(client) << error;
  reply = client->request("initialize", OrderedJson::object(), 5s);
  EXPECT_FALSE(reply.ok());
  EXPECT_NE(reply.failure.find("exited with status 4"), std::string::npos) << reply.failure;
  EXPECT_EQ(client->stderr_tail(), std::vector<std::string>{"oops"});

  so.argv = {"/nonexistent/server"};
  EXPECT_FALSE(mcpc::process::McpStdioClient::start(so, &error));
  EXPECT_NE(error.find("not an executable file"), std::string::npos) << error;
}

TEST(McpStdioClient, FollowsPages) {
  mcpc::process::SpawnOptions so;
  so.argv = {
      "sh", "-c",
      "read a; echo '{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[{\"name\":\"x\"}],\"nextCursor\":\"c2\"}}';"
      "read b; case \"$b\" in *'\"cursor\":\"c2\"'*) ;; *) exit 1;; esac;"
      "echo '{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[{\"name\":\"y\"}]}}'; sleep 30"};
  std::string error;
  auto client = mcpc::process::McpStdioClient::start(so, &error);
  ASSERT_TRUE(client) << error;
  auto all = client->list_all("tools/list", "tools", 5s);
  ASSERT_TRUE(all.ok()) << all.describe();
  EXPECT_EQ(all.result, OrderedJson::parse(R"([{"name":"x"},{"name":"y"}])"));
}

// --- mcpc validate -------------------------------------------------------------------------

TEST(ValidateCommand, SpecWithErrorsFails) {
  TempDir t;
  std::string bad = t.write("bad.yaml", "name: s\nversion: 1.0\ntools:\n  - {name: 'a b', description: d}\n");
  CliRun r = run_mcpc({"validate", bad, "--format", "json"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  OrderedJson report = OrderedJson::parse(r.out);
  EXPECT_EQ(report["target"], "cpp");
  EXPECT_EQ(report["ok"], false);
  ASSERT_EQ(report["checks"].size(), 4u);
  const OrderedJson* spec = find_check(report, "spec");
  ASSERT_TRUE(spec);
  EXPECT_EQ((*spec)["status"], "fail");
  EXPECT_NE(details(*spec).find(bad + ":2:10: error:"), std::string::npos) << details(*spec);
  EXPECT_EQ((*find_check(report, "compile"))["status"], "skipped");
  EXPECT_EQ((*find_check(report, "protocol"))["status"], "skipped");
  EXPECT_EQ((*find_check(report, "dependencies"))["status"], "skipped");

  CliRun text = run_mcpc({"validate", bad});
  EXPECT_EQ(text.code, 1);
  EXPECT_NE(text.out.find("mcpc validate: spec ........... fail\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("FAILED, 0 passed, 1 failed, 3 skipped"), std::string::npos) << text.out;
}

TEST(ValidateCommand, UsageProblemsExitTwo) {
  TempDir t;
  EXPECT_EQ(run_mcpc({"validate", (t / "nope.yaml").string()}).code, 2);
  EXPECT_EQ(run_mcpc({"validate", t.path().string(), "--server", "x"}).code, 2);
  EXPECT_EQ(run_mcpc({"validate", kCalculator, "--format", "xml"}).code, 2);
  EXPECT_EQ(run_mcpc({"validate", kCalculator, "--env", "NOEQUALS"}).code, 2);
  EXPECT_EQ(run_mcpc({"validate", kCalculator, "--server", "sh -c 'oops"}).code, 2);
  EXPECT_EQ(run_mcpc({"validate", kCalculator, "--skip", "spec"}).code, 2);
  EXPECT_EQ(run_mcpc({"validate", kCalculator, "--timeout", "0"}).code, 2);
}

TEST(ValidateCommand, SpecAloneSkipsTheProtocolCheck) {
  // Repeatable options take one value each: the spec after them is the input.
  CliRun r = run_mcpc(
      {"validate", "--skip", "compile", "--env", "A=1", "--skip", "dependencies", kCalculator, "--format", "json"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  OrderedJson report = OrderedJson::parse(r.out);
  EXPECT_EQ(report["ok"], true);
  EXPECT_EQ((*find_check(report, "spec"))["status"], "pass");
  const OrderedJson* protocol = find_check(report, "protocol");
  EXPECT_EQ((*protocol)["status"], "skipped");
  EXPECT_NE(details(*protocol).find("no --server given"), std::string::npos);
}

TEST(ValidateCommand, ServerThatPrintsGarbageFailsQuickly) {
  CliRun r =
      run_mcpc({"validate", kCalculator, "--skip", "compile", "--server", "sh -c 'echo garbage'", "--format", "json"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_LT(r.seconds, 5);
  OrderedJson report = OrderedJson::parse(r.out);
  const OrderedJson* protocol = find_check(report, "protocol");
  ASSERT_TRUE(protocol);
  EXPECT_EQ((*protocol)["status"], "fail");
  EXPECT_NE(details(*protocol).find("initialize: the server wrote a line that is not JSON on stdout: 'garbage'"),
            std::string::npos)
      << details(*protocol);
}

TEST(ValidateCommand, ServerThatExitsFailsQuickly) {
  CliRun r = run_mcpc({"validate", kCalculator, "--skip", "compile", "--server", "/bin/false", "--format", "json"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_LT(r.seconds, 5);
  OrderedJson report = OrderedJson::parse(r.out);
  const OrderedJson* protocol = find_check(report, "protocol");
  ASSERT_TRUE(protocol);
  EXPECT_EQ((*protocol)["status"], "fail");
  EXPECT_NE(details(*protocol).find("exited with status 1"), std::string::npos) << details(*protocol);
}

TEST(ValidateCommand, ServerThatHangsTimesOut) {
  CliRun r =
      run_mcpc({"validate", kCalculator, "--skip", "compile", "--server", "sh -c 'sleep 30'", "--timeout", "0.5"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_LT(r.seconds, 5);
  EXPECT_NE(r.out.find("no answer to 'initialize' within 500 ms"), std::string::npos) << r.out;
}

TEST(ValidateCommand, MissingServerProgramFails) {
  CliRun r = run_mcpc({"validate", kCalculator, "--skip", "compile", "--server", "/nonexistent/server"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("cannot start the server: cannot run '/nonexistent/server'"), std::string::npos) << r.out;
}

TEST(ValidateCommand, BrokenRuntimeIncludeFailsTheCompileCheck) {
  CliRun r = run_mcpc({"validate", kCalculator, "--runtime-include", "/nonexistent", "--format", "json"});
  OrderedJson report = OrderedJson::parse(r.out);
  const OrderedJson* compile = find_check(report, "compile");
  ASSERT_TRUE(compile);
  if ((*compile)["status"] == "skipped") GTEST_SKIP() << details(*compile);
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_EQ((*compile)["status"], "fail");
  EXPECT_NE(details(*compile).find("mcpc/runtime.h"), std::string::npos) << details(*compile);
}

TEST(ValidateCommand, PackageWithoutIrFailsTheSpecCheck) {
  TempDir t;
  CliRun r = run_mcpc({"validate", t.path().string(), "--format", "json", "--skip", "dependencies"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  OrderedJson report = OrderedJson::parse(r.out);
  EXPECT_EQ(report["target"], "ts");
  const OrderedJson* spec = find_check(report, "spec");
  EXPECT_EQ((*spec)["status"], "fail");
  EXPECT_NE(details(*spec).find("mcpc.ir.json is missing"), std::string::npos) << details(*spec);
  const OrderedJson* compile = find_check(report, "compile");
  EXPECT_EQ((*compile)["status"], "skipped");
  EXPECT_NE(details(*compile).find("node_modules is missing"), std::string::npos);
  EXPECT_EQ((*find_check(report, "protocol"))["status"], "skipped");
}

}  // namespace
