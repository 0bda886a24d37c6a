#include "process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <sstream>

namespace mcpc::package {

namespace {

std::string find_on_path(const std::string& program) {
  if (program.find('/') != std::string::npos) return access(program.c_str(), X_OK) == 0 ? program : "";
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + program;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

}  // namespace

bool have_program(const std::string& program) { return !find_on_path(program).empty(); }

ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                          bool merge_stderr) {
  ProcessResult result;
  std::string exe = argv.empty() ? "" : find_on_path(argv[0]);
  if (exe.empty()) {
    result.output = (argv.empty() ? std::string("(nothing)") : argv[0]) + ": not found on PATH";
    return result;
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    result.output = "pipe failed";
    return result;
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::string dir = cwd.string();
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    result.output = "fork failed";
    return result;
  }
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    dup2(fds[1], STDOUT_FILENO);
    if (merge_stderr) {
      dup2(fds[1], STDERR_FILENO);
    } else if (devnull >= 0) {
      dup2(devnull, STDERR_FILENO);
    }
    if (!dir.empty() && chdir(dir.c_str()) != 0) _exit(127);
    execv(exe.c_str(), args.data());
    _exit(127);
  }
  close(fds[1]);
  char buf[8192];
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n > 0) {
      result.output.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace mcpc::package
