// The mcpc command run in-process (mcpc::run_cli), as a user types it, and expectations on
// what it did: the exit status, what it printed, the files it wrote. In the spirit of
// protobuf's CommandLineInterfaceTester. Every failure names the command line and shows its
// output, at the line of the test that made the expectation. Link mcpc_tool and
// mcpc_test_support.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "files.h"
#include "mcpc/tool/cli.h"
#include "temp_dir.h"

namespace mcpc::testing {

/// One run of `mcpc <args...>`: its exit status and output.
struct CliRun {
  std::vector<std::string> args;
  int code = -1;
  std::string out;
  std::string err;
  double seconds = 0;  ///< wall time of the run

  /// "mcpc ARGS... exited N", then its stdout and stderr: for failure messages.
  std::string describe() const {
    std::string s = "mcpc";
    for (const std::string& a : args) s += " " + a;
    s += " exited " + std::to_string(code) + "\n--- stdout:\n" + out + "--- stderr:\n" + err + "---";
    return s;
  }
};

/// Runs `mcpc <args...>` (without the program name) with `input` on standard input.
inline CliRun run_mcpc(const std::vector<std::string>& args, const std::string& input = "") {
  std::ostringstream out, err;
  std::istringstream in(input);
  auto start = std::chrono::steady_clock::now();
  CliRun r;
  r.args = args;
  r.code = run_cli(args, {out, err, in, false});
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.out = out.str();
  r.err = err.str();
  return r;
}

/// A scratch directory and runs of mcpc, with expectations on the last run.
class CliTester {
 public:
  /// Where an expectation was made: failures are reported there. Not std::source_location:
  /// Clang 14 (the sanitizer preset's compiler) cannot compile libstdc++'s.
  struct Location {
    const char* file;
    int line;
    static Location current(const char* file = __builtin_FILE(), int line = __builtin_LINE()) { return {file, line}; }
  };

  explicit CliTester(const std::string& tag = "cli") : dir_(tag) {}

  /// The scratch directory (removed with the tester).
  const TempDir& dir() const { return dir_; }
  /// A path in the scratch directory (an absolute `rel` is kept as it is).
  std::string path(const std::filesystem::path& rel) const { return (dir_ / rel).string(); }
  /// Writes a scratch file; returns its path, ready to be an argument.
  std::string write(const std::filesystem::path& name, std::string_view text) const {
    return dir_.write(name, text).string();
  }

  /// Runs `mcpc <args...>`; the expect_* calls look at this run until the next.
  const CliRun& run(const std::vector<std::string>& args, const std::string& input = "") {
    last_ = run_mcpc(args, input);
    return last_;
  }
  const CliRun& last() const { return last_; }

  void expect_exit(int code, Location at = Location::current()) const {
    if (last_.code != code) fail(at, "expected exit status " + std::to_string(code));
  }
  /// Exit status 0 and nothing on standard error.
  void expect_no_errors(Location at = Location::current()) const {
    if (last_.code != 0 || !last_.err.empty()) fail(at, "expected a clean run");
  }
  /// Standard error is exactly `text`.
  void expect_error_text(std::string_view text, Location at = Location::current()) const {
    if (last_.err != text) fail(at, "expected exactly this on stderr:\n" + std::string(text));
  }
  void expect_error_substring(std::string_view text, Location at = Location::current()) const {
    if (last_.err.find(text) == std::string::npos) fail(at, "expected on stderr: " + std::string(text));
  }
  void expect_output_substring(std::string_view text, Location at = Location::current()) const {
    if (last_.out.find(text) == std::string::npos) fail(at, "expected on stdout: " + std::string(text));
  }
  /// The file (relative to the scratch directory, or absolute) holds exactly `content`.
  void expect_file_content(const std::filesystem::path& file, std::string_view content,
                           Location at = Location::current()) const {
    std::filesystem::path p = dir_ / file;
    if (!std::filesystem::is_regular_file(p)) return fail(at, p.string() + " was not written");
    std::string actual = read_file(p);
    if (actual != content) {
      fail(at, p.string() + " holds:\n" + actual + "\nexpected:\n" + std::string(content));
    }
  }
  void expect_no_file(const std::filesystem::path& file, Location at = Location::current()) const {
    std::filesystem::path p = dir_ / file;
    if (std::filesystem::exists(p)) fail(at, p.string() + " exists; expected nothing there");
  }

 private:
  void fail(const Location& at, const std::string& what) const {
    ADD_FAILURE_AT(at.file, at.line) << what << "\n" << last_.describe();
  }

  TempDir dir_;
  CliRun last_;
};

}  // namespace mcpc::testing
