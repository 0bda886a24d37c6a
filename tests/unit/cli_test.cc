// The mcpc command line, driven in-process: exit codes, formats, stdin, help.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "../support/cli_tester.h"
#include "mcpc/ir/module.h"

namespace mcpc {
namespace {

struct ProcessRun {
  int code = -1;
  std::string output;  ///< standard output and error together, as a terminal shows them
};

// Runs the real mcpc binary with standard output and error on a new pseudo-terminal (as when a
// user types the command) or on a pipe (as in scripts and CI logs).
ProcessRun run_mcpc_binary(const std::vector<std::string>& args, bool on_terminal) {
  int reader = -1, writer = -1;
  if (on_terminal) {
    if (openpty(&reader, &writer, nullptr, nullptr, nullptr) != 0) return {-1, "openpty failed"};
  } else {
    int fds[2];
    if (pipe(fds) != 0) return {-1, "pipe failed"};
    reader = fds[0];
    writer = fds[1];
  }
  std::vector<std::string> words{MCPC_BIN};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    setsid();
    int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(writer, 1);
    dup2(writer, 2);
    close(reader);
    close(writer);
    execv(MCPC_BIN, argv.data());
    _exit(127);
  }
  close(writer);
  ProcessRun run;
  char buf[4096];
  for (;;) {  // a terminal's reader gets EIO once the child is gone
    ssize_t n = read(reader, buf, sizeof buf);
    if (n > 0) {
      run.output.append(buf, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;
    }
  }
  close(reader);
  int status = 0;
  waitpid(pid, &status, 0);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::erase(run.output, '\r');  // the terminal's newline translation
  return run;
}

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
  EXPECT_EQ(ir["irVersion"], mcpc::ir::kIrVersion);
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

TEST_F(CliTest, HelpSubcommandExplainsMcpcOrASubcommand) {
  std::string overview = cli_.run({"--help"}).out;
  cli_.run({"help"});
  cli_.expect_exit(0);
  EXPECT_EQ(cli_.last().out, overview);
  cli_.expect_output_substring("Usage: mcpc [OPTIONS] SUBCOMMAND");
  cli_.expect_output_substring("help  ");

  std::string check_help = cli_.run({"check", "--help"}).out;
  cli_.run({"help", "check"});
  cli_.expect_exit(0);
  EXPECT_EQ(cli_.last().out, check_help);
  cli_.expect_output_substring("Usage: mcpc check [OPTIONS] specs...");

  std::string versions_help = cli_.run({"registry", "versions", "--help"}).out;
  cli_.run({"help", "registry", "versions"});
  cli_.expect_exit(0);
  EXPECT_EQ(cli_.last().out, versions_help);
  cli_.expect_output_substring("Usage: mcpc registry versions [OPTIONS] name");

  cli_.run({"help", "chek"});
  cli_.expect_exit(2);
  cli_.expect_error_substring("unknown subcommand 'chek'; did you mean 'check'? [usage]");
  cli_.run({"help", "registry", "frob"});
  cli_.expect_exit(2);
  cli_.expect_error_substring("unknown registry subcommand 'frob' [usage]");
  cli_.expect_error_substring("Subcommands: publish, get, versions, list,");
}

TEST_F(CliTest, UnknownSubcommandIsNamedWithTheChoices) {
  const std::string choices =
      "Subcommands: check, ir, compile, validate, package, registry, publish, init, new, extract, serve, help\n";
  for (std::string name : {"foo", "build"}) {
    cli_.run({name, good_});
    cli_.expect_exit(2);
    cli_.expect_error_text("mcpc: error: unknown subcommand '" + name + "' [usage]\n" + choices +
                           "Run 'mcpc help' for usage.\n");
  }
  cli_.run({"compil", good_});
  cli_.expect_exit(2);
  cli_.expect_error_substring("unknown subcommand 'compil'; did you mean 'compile'? [usage]");
  cli_.run({"\x1b[2J"});
  cli_.expect_exit(2);
  EXPECT_EQ(cli_.last().err.find('\x1b'), std::string::npos) << "an argument never reaches the terminal raw";

  cli_.run({});
  cli_.expect_exit(2);
  cli_.expect_error_text("mcpc: error: 'mcpc' needs a subcommand [usage]\n" + choices + "Run 'mcpc help' for usage.\n");
  cli_.run({"registry", "--root", cli_.path("reg"), "lst"});
  cli_.expect_exit(2);
  cli_.expect_error_substring("unknown registry subcommand 'lst'; did you mean 'list'? [usage]");
  cli_.expect_error_substring("Run 'mcpc help registry' for usage.");
  cli_.run({"check", "--bogus"});
  cli_.expect_exit(2);
  cli_.expect_error_substring("unknown option '--bogus' [usage]");
  cli_.expect_error_substring("Run 'mcpc help check' for usage.");
}

// Each subcommand's footer is its own: its exit statuses (tests/unit/exit_codes_test.cc checks
// them against what it does) and documents that exist where it says.
TEST_F(CliTest, HelpFootersAreSpecificAndNameExistingDocuments) {
  std::set<std::string> footers;
  for (std::string sub : {"check", "ir", "compile", "validate", "package", "registry", "publish", "new"}) {
    std::string help = cli_.run({sub, "--help"}).out;
    cli_.expect_exit(0);
    std::size_t at = help.find("\nExit status:\n");
    ASSERT_NE(at, std::string::npos) << sub << ":\n" << help;
    std::string footer = help.substr(at);
    EXPECT_TRUE(footers.insert(footer).second) << sub << " has the footer of another subcommand:\n" << footer;
    std::size_t docs = footer.find("Docs (in ");
    ASSERT_NE(docs, std::string::npos) << sub << ":\n" << footer;
    std::size_t close = footer.find("):\n", docs);
    std::filesystem::path dir = footer.substr(docs + 9, close - docs - 9);
    EXPECT_TRUE(dir.is_absolute()) << dir;
    std::istringstream lines(footer.substr(close + 3));
    int named = 0;
    for (std::string line; std::getline(lines, line) && line.rfind("  ", 0) == 0; ++named) {
      std::string file = line.substr(2, line.find(' ', 2) - 2);
      EXPECT_TRUE(std::filesystem::is_regular_file(dir / file)) << sub << " names " << (dir / file);
    }
    EXPECT_GT(named, 0) << sub;
  }
  cli_.run({"package", "--help"});
  cli_.expect_output_substring("  1  a spec has errors, or building or packaging failed\n");
  EXPECT_EQ(cli_.last().out.find("(or a check failed)"), std::string::npos) << "mcpc's own footer, not package's";
}

TEST_F(CliTest, CleanCheckSaysSoOnATerminalOnly) {
  std::string resources = cli_.write("res.yaml",
                                     "name: s\nversion: 1.0.0\ntools:\n  - {name: a, description: d}\n"
                                     "  - {name: b, description: d}\nresources:\n"
                                     "  - {uri: 'mem://x', name: x, description: d, text: hi}\n");
  ProcessRun r = run_mcpc_binary({"check", good_, resources}, true);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output,
            "mcpc: " + good_ + ": no problems (1 tool)\nmcpc: " + resources + ": no problems (2 tools, 1 resource)\n");
  r = run_mcpc_binary({"check", good_}, false);
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.output, "") << "quiet in pipes";
  // Only a run with nothing to say says it: warnings have their own summary line, and the
  // machine-readable formats print only what they promise.
  r = run_mcpc_binary({"check", good_, warn_}, true);
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.output.find("no problems"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("0 errors and 1 warning generated."), std::string::npos) << r.output;
  r = run_mcpc_binary({"check", "--diagnostics-format=json", good_}, true);
  EXPECT_EQ(r.output.find("no problems"), std::string::npos) << r.output;
  EXPECT_EQ(nlohmann::json::parse(r.output), nlohmann::json::array());
  r = run_mcpc_binary({"check", bad_}, true);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.output.find("no problems"), std::string::npos) << r.output;
}

TEST_F(CliTest, GccFormatIsGoneNoSourceDoesIt) {
  cli_.run({"check", "--diagnostics-format=gcc", bad_});
  cli_.expect_exit(2);
  const testing::CliRun& r = cli_.run({"check", "--no-source", bad_});
  cli_.expect_exit(1);
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(line.rfind(bad_ + ":", 0) == 0 || line.rfind("  note: ", 0) == 0 ||
                line.find("generated.") != std::string::npos)
        << r.err;
  }
}

TEST_F(CliTest, OversizedFileIsRefused) {
  std::string big = cli_.write("big.yaml", "name: s\nversion: 1.0.0\n" + std::string(5000, '#') + "\n");
  cli_.run({"check", "--max-file-size=1000", big});
  cli_.expect_exit(1);
  cli_.expect_error_substring("[limits]");
}

}  // namespace
}  // namespace mcpc
