// Child processes (POSIX): fork/exec with pipes, run-and-capture with a time limit and an
// output cap, and a child that is always killed (with everything it started) when its owner
// goes away. The one spawner of mcpc: `mcpc validate`, the CMake File API reader and the
// packager (npm, strip) use it; mcp_client.h builds the MCP stdio client on it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mcpc::process {

/// `program` itself when it contains a '/' and is executable, else the first executable
/// PATH entry of that name; "" when there is none.
std::string find_program(const std::string& program);

/// Splits a command line into words on blanks, honouring '...' and "..." quoting and
/// backslash escapes (no variables, globs or other shell syntax). Returns nullopt and sets
/// `error` on an unterminated quote.
std::optional<std::vector<std::string>> split_command(const std::string& command, std::string* error);

/// Where the child's standard error goes.
enum class Stderr {
  Pipe,     ///< a pipe of its own (stderr_fd())
  Merge,    ///< the stdout pipe, interleaved with standard output (stderr_fd() is -1)
  Discard,  ///< /dev/null (stderr_fd() is -1)
};

struct SpawnOptions {
  std::vector<std::string> argv;  ///< argv[0] is looked up with find_program
  std::string cwd;                ///< empty: the current directory
  /// Set in the child's environment (on top of this process's).
  std::vector<std::pair<std::string, std::string>> env;
  bool pipe_stdin = true;  ///< false: the child reads /dev/null
  Stderr stderr_to = Stderr::Pipe;
};

/// A running child in its own process group. The destructor closes its stdin, gives it a
/// moment to exit, then kills the whole group and reaps the child: never a leftover process.
class Subprocess {
 public:
  /// Starts the child; nullptr with `error` set when it cannot (program not found, exec failed).
  static std::unique_ptr<Subprocess> spawn(const SpawnOptions& options, std::string* error);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }
  int stdin_fd() const { return stdin_fd_; }    ///< non-blocking; -1 once closed
  int stdout_fd() const { return stdout_fd_; }  ///< non-blocking
  int stderr_fd() const { return stderr_fd_; }  ///< non-blocking; -1 unless Stderr::Pipe

  /// Writes all of `data` to the child's stdin by `deadline` (SIGPIPE never raised). On
  /// failure returns false and sets `error` ("the server closed its standard input", ...).
  bool write_stdin(const std::string& data, std::chrono::steady_clock::time_point deadline, std::string* error);
  void close_stdin();

  /// Whether the child has exited (reaps it then); waits up to `timeout` for that.
  bool wait_exit(std::chrono::milliseconds timeout);
  /// "exited with status 1", "was killed by signal 9", or "is still running".
  std::string describe_exit() const;
  /// The exit status (WEXITSTATUS), or -1 while running or when killed by a signal.
  int exit_code() const;
  /// Kills the child's process group (SIGKILL) and reaps the child.
  void kill_all();

 private:
  Subprocess() = default;
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  bool reaped_ = false;
  int status_ = 0;
};

struct CommandResult {
  bool started = false;    ///< false: `error` says why (not found, exec failed)
  bool timed_out = false;  ///< killed after the time limit
  bool cancelled = false;  ///< killed (or never started) because cancel_commands() was called
  int exit_code = -1;      ///< -1 when killed by a signal (or not started)
  std::string output;      ///< stdout (and stderr unless discarded) interleaved, cut at the size limit
  std::string error;
  bool ok() const { return started && !timed_out && exit_code == 0; }
  /// "exited with status 2", "timed out after 300 s", "cannot run 'npx': not found".
  std::string describe() const;
};

/// Runs a command to completion with stdin from /dev/null, capturing stdout and stderr
/// together (only stdout with options.stderr_to == Stderr::Discard; at most the first
/// `max_output` bytes kept), and kills it with everything it started after `timeout`.
CommandResult run_command(SpawnOptions options, std::chrono::milliseconds timeout, std::size_t max_output = 1u << 20);

/// Makes every run_command of this process, running or to come, kill its command with everything
/// it started and return `cancelled`: a stopping service ends its jobs' builds within its grace.
void cancel_commands();

}  // namespace mcpc::process
