// mcpc init, in-process: the template list, the files of each project and that its spec checks
// clean for both targets, and each refusal (unknown template, existing files, bad names).
// tests/init builds every template's project and runs its own test.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../support/cli_tester.h"

namespace mcpc {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kTemplates = {"api", "communication", "custom", "database", "devops", "filesystem"};

TEST(Init, ListsEveryTemplateWithWhatItIsFor) {
  testing::CliRun r = testing::run_mcpc({"init", "--list-templates"});
  ASSERT_EQ(r.code, kExitOk) << r.describe();
  std::istringstream lines(r.out);
  std::vector<std::string> names;
  for (std::string line; std::getline(lines, line);) {
    std::size_t gap = line.find("  ");
    ASSERT_NE(gap, std::string::npos) << line;
    EXPECT_GT(line.size(), gap + 10) << "no description: " << line;
    names.push_back(line.substr(0, gap));
  }
  EXPECT_EQ(names, kTemplates);
}

// Every template, both targets: the files a project needs, and a spec that checks clean (-W).
TEST(Init, EveryTemplateWritesAProjectWhoseSpecChecksClean) {
  testing::CliTester cli("init");
  for (const std::string& name : kTemplates) {
    for (std::string target : {"cpp", "ts"}) {
      SCOPED_TRACE(name + " " + target);
      std::string dir = cli.path(name + "-" + target);
      cli.run({"init", dir, "--template", name, "--target", target, "--name", "my-" + name});
      cli.expect_exit(kExitOk);
      cli.expect_output_substring("Next steps:");
      for (const char* f : {"mcp.yaml", "README.md", ".gitignore", ".pre-commit-config.yaml"})
        EXPECT_TRUE(fs::is_regular_file(fs::path(dir) / f)) << f;
      cli.run({"check", "-W", dir + "/mcp.yaml"});
      cli.expect_no_errors();
      std::string snake = "my_" + name;
      if (target == "cpp") {
        std::string cmake = testing::read_file(fs::path(dir) / "CMakeLists.txt");
        EXPECT_NE(cmake.find("find_package(mcpc CONFIG REQUIRED)"), std::string::npos);
        EXPECT_NE(cmake.find("add_mcp_server(" + snake + " SPEC mcp.yaml HANDLERS " + snake + "_handlers.cc)"),
                  std::string::npos)
            << cmake;
        // The skeleton mcpc compile writes, for the build's basename.
        cli.run({"compile", dir + "/mcp.yaml", "--basename", snake, "--emit-handler-skeleton", cli.path("skeleton.cc"),
                 "--force", "-q"});
        cli.expect_exit(kExitOk);
        EXPECT_EQ(testing::read_file(fs::path(dir) / (snake + "_handlers.cc")),
                  testing::read_file(cli.path("skeleton.cc")));
      } else {
        // package.json pins what the generated package pins, and the handler files are those
        // mcpc compile --handlers-dir writes.
        nlohmann::json package = nlohmann::json::parse(testing::read_file(fs::path(dir) / "package.json"));
        cli.run({"compile", dir + "/mcp.yaml", "--target", "ts", "-q", "-o", cli.path("gen"), "--handlers-dir",
                 cli.path("gen-handlers")});
        cli.expect_exit(kExitOk);
        nlohmann::json generated = nlohmann::json::parse(testing::read_file(cli.path("gen/package.json")));
        EXPECT_EQ(package["dependencies"], generated["dependencies"]);
        EXPECT_EQ(package["devDependencies"], generated["devDependencies"]);
        EXPECT_EQ(package["name"], "my-" + name);
        for (const fs::directory_entry& e : fs::recursive_directory_iterator(cli.path("gen-handlers"))) {
          if (!e.is_regular_file()) continue;
          fs::path rel = fs::relative(e.path(), cli.path("gen-handlers"));
          EXPECT_EQ(testing::read_file(fs::path(dir) / "handlers" / rel), testing::read_file(e.path())) << rel;
        }
        fs::remove_all(cli.path("gen"));
        fs::remove_all(cli.path("gen-handlers"));
      }
    }
  }
}

// The project's hook is the one this repository publishes (.pre-commit-hooks.yaml).
TEST(Init, PreCommitConfigUsesTheMcpcHook) {
  testing::CliTester cli("init");
  cli.run({"init", cli.path("p"), "--name", "p"});
  cli.expect_exit(kExitOk);
  std::string config = testing::read_file(cli.path("p/.pre-commit-config.yaml"));
  std::string hooks = testing::read_file(fs::path(MCPC_SOURCE_DIR) / ".pre-commit-hooks.yaml");
  ASSERT_NE(hooks.find("\n- id: mcpc-check\n"), std::string::npos);
  EXPECT_NE(config.find("\n      - id: mcpc-check\n"), std::string::npos) << config;
  for (const char* key : {"entry: ", "language: ", "files: ", "require_serial: "}) {
    std::size_t at = hooks.find(std::string("\n  ") + key);
    ASSERT_NE(at, std::string::npos) << key;
    std::string line = hooks.substr(at + 3, hooks.find('\n', at + 1) - at - 3);
    EXPECT_NE(config.find("        " + line + "\n"), std::string::npos) << line << "\n" << config;
  }
}

TEST(Init, UnknownTemplateIsAUsageErrorNamingTheTemplates) {
  testing::CliTester cli("init");
  cli.run({"init", cli.path("p"), "--template", "databse"});
  cli.expect_exit(kExitUsage);
  cli.expect_error_substring("unknown template 'databse'; did you mean 'database'?");
  cli.expect_error_substring("api, communication, custom, database, devops, filesystem");
  cli.expect_no_file("p");
}

TEST(Init, RefusesToOverwriteWithoutForce) {
  testing::CliTester cli("init");
  cli.run({"init", cli.path("p"), "--name", "p"});
  cli.expect_exit(kExitOk);
  std::string spec = testing::read_file(cli.path("p/mcp.yaml"));
  cli.write("p/mcp.yaml", "mine\n");
  cli.write("p/other.txt", "mine too\n");
  cli.run({"init", cli.path("p"), "--name", "p", "--template", "api"});
  cli.expect_exit(kExitUsage);
  cli.expect_error_substring("already has mcp.yaml, CMakeLists.txt, README.md, .gitignore");
  cli.expect_error_substring("--force");
  cli.expect_file_content("p/mcp.yaml", "mine\n");
  // Nothing at all was written, not even the files that were missing.
  fs::remove(cli.path("p/README.md"));
  cli.run({"init", cli.path("p"), "--name", "p"});
  cli.expect_exit(kExitUsage);
  cli.expect_no_file("p/README.md");
  cli.run({"init", cli.path("p"), "--name", "p", "--force"});
  cli.expect_exit(kExitOk);
  cli.expect_file_content("p/mcp.yaml", spec);
  cli.expect_file_content("p/other.txt", "mine too\n");
  EXPECT_TRUE(fs::is_regular_file(cli.path("p/README.md")));
}

TEST(Init, RefusesNamesThatAreNotSafeEverywhere) {
  testing::CliTester cli("init");
  for (const std::string& bad :
       std::vector<std::string>{"My-Server", "1st", "a_b", "a b", "ends-", "", "x\"y", "a/b", std::string(65, 'a')}) {
    SCOPED_TRACE(bad);
    cli.run({"init", cli.path("p"), "--name", bad});
    cli.expect_exit(kExitUsage);
    cli.expect_error_substring("--name '");
    cli.expect_no_file("p");
  }
  // CMake keeps "test" for itself; an npm package may be called that.
  cli.run({"init", cli.path("p"), "--name", "test"});
  cli.expect_exit(kExitUsage);
  cli.expect_error_substring("CMake reserves the target name 'test'");
  cli.run({"init", cli.path("p"), "--name", "test", "--target", "ts"});
  cli.expect_exit(kExitOk);
}

TEST(Init, NameComesFromTheDirectory) {
  testing::CliTester cli("init");
  cli.run({"init", cli.path("My_Cool Server")});
  cli.expect_exit(kExitOk);
  EXPECT_NE(testing::read_file(cli.path("My_Cool Server/mcp.yaml")).find("\nname: my-cool-server\n"),
            std::string::npos);
  EXPECT_TRUE(fs::is_regular_file(cli.path("My_Cool Server/my_cool_server_handlers.cc")));
  cli.run({"init", cli.path("2024")});
  cli.expect_exit(kExitUsage);
  cli.expect_error_substring("give one with --name");
}

TEST(Init, DirectoryThatIsAFileIsAUsageError) {
  testing::CliTester cli("init");
  cli.write("file", "x");
  cli.run({"init", cli.path("file"), "--name", "p"});
  cli.expect_exit(kExitUsage);
  cli.expect_error_substring("is not a directory");
}

}  // namespace
}  // namespace mcpc
