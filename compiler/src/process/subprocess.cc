// Child processes: see mcpc/process/subprocess.h.
#include "mcpc/process/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "deadline.h"

extern char** environ;

namespace mcpc::process {
namespace {

using Clock = std::chrono::steady_clock;

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

bool set_nonblocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

// pipe2(O_CLOEXEC): a pipe of one child never leaks into another, which would keep its
// end open and hide the first child's exit.
bool make_pipe(int fds[2]) { return ::pipe2(fds, O_CLOEXEC) == 0; }

// write(2) that turns a closed reader into EPIPE without raising SIGPIPE: the signal is
// blocked in this thread around the call and a SIGPIPE the call raised is consumed.
ssize_t write_no_sigpipe(int fd, const char* data, std::size_t size) {
  sigset_t pipe_set, old_set, pending;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  sigemptyset(&pending);
  ::sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  ::pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  ssize_t n = ::write(fd, data, size);
  int saved = errno;
  if (n < 0 && saved == EPIPE && !was_pending) {
    struct timespec zero {};
    while (::sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  ::pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  errno = saved;
  return n;
}

// Whether `pid` has exited, without reaping it (so its process group id stays valid).
bool has_exited(pid_t pid) {
  siginfo_t info{};
  info.si_pid = 0;
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return errno == ECHILD;
  return info.si_pid == pid;
}

}  // namespace

std::string find_program(const std::string& program) {
  if (program.empty()) return "";
  if (program.find('/') != std::string::npos) return is_executable_file(program) ? program : "";
  const char* path_env = std::getenv("PATH");
  std::string path = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    // An empty PATH entry means the current directory.
    std::string candidate = end == start ? "./" + program : path.substr(start, end - start) + "/" + program;
    if (is_executable_file(candidate)) return candidate;
    start = end + 1;
  }
  return "";
}

std::optional<std::vector<std::string>> split_command(const std::string& command, std::string* error) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (quote == '\'') {
      if (c == '\'') {
        quote = 0;
      } else {
        word += c;
      }
      continue;
    }
    if (quote == '"') {
      if (c == '"') {
        quote = 0;
      } else if (c == '\\' && i + 1 < command.size() &&
                 (command[i + 1] == '"' || command[i + 1] == '\\' || command[i + 1] == '$' || command[i + 1] == '`')) {
        word += command[++i];
      } else {
        word += c;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < command.size()) {
      word += command[++i];
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0) {
    if (error) *error = std::string("unterminated ") + (quote == '\'' ? "single" : "double") + " quote";
    return std::nullopt;
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

std::unique_ptr<Subprocess> Subprocess::spawn(const SpawnOptions& options, std::string* error) {
  auto fail = [&](const std::string& message) -> std::unique_ptr<Subprocess> {
    if (error) *error = message;
    return nullptr;
  };
  if (options.argv.empty() || options.argv.front().empty()) return fail("no command to run");
  std::string program = find_program(options.argv.front());
  if (program.empty()) {
    return fail("cannot run '" + options.argv.front() + "': " +
                (options.argv.front().find('/') != std::string::npos ? "not an executable file" : "not found on PATH"));
  }

  // Everything the child needs is built before fork: after it, only async-signal-safe calls.
  std::vector<std::string> env_storage;
  for (char** e = environ; e && *e; ++e) {
    std::string entry = *e;
    std::string name = entry.substr(0, entry.find('='));
    bool overridden = false;
    for (const auto& [key, value] : options.env) overridden = overridden || key == name;
    if (!overridden) env_storage.push_back(std::move(entry));
  }
  for (const auto& [key, value] : options.env) env_storage.push_back(key + "=" + value);
  std::vector<char*> envp;
  for (std::string& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_storage = options.argv;
  std::vector<char*> argv;
  for (std::string& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  int in_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1}, exec_pipe[2] = {-1, -1};
  auto close_all = [&] {
    for (int* p : {in_pipe, out_pipe, err_pipe, exec_pipe}) {
      close_fd(p[0]);
      close_fd(p[1]);
    }
  };
  bool ok = make_pipe(out_pipe) && make_pipe(exec_pipe);
  if (ok && options.stderr_to == Stderr::Pipe) {
    ok = make_pipe(err_pipe);
  } else if (ok && options.stderr_to == Stderr::Discard) {
    err_pipe[1] = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    ok = err_pipe[1] >= 0;
  }
  if (ok) {
    if (options.pipe_stdin) {
      ok = make_pipe(in_pipe);
    } else {
      in_pipe[0] = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
      ok = in_pipe[0] >= 0;
    }
  }
  if (!ok) {
    int saved = errno;
    close_all();
    return fail(std::string("cannot create pipes: ") + std::strerror(saved));
  }
  const char* cwd = options.cwd.empty() ? nullptr : options.cwd.c_str();
  int child_err_fd = options.stderr_to == Stderr::Merge ? out_pipe[1] : err_pipe[1];
#ifdef __linux__
  pid_t parent = ::getpid();
#endif

  pid_t pid = ::fork();
  if (pid < 0) {
    int saved = errno;
    close_all();
    return fail(std::string("cannot fork: ") + std::strerror(saved));
  }
  if (pid == 0) {
    ::setpgid(0, 0);
#ifdef __linux__
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
#endif
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    int e = 0;
    if (::dup2(in_pipe[0], 0) < 0 || ::dup2(out_pipe[1], 1) < 0 || ::dup2(child_err_fd, 2) < 0) e = errno;
    if (e == 0 && cwd && ::chdir(cwd) != 0) e = errno;
    if (e == 0) {
      ::execve(program.c_str(), argv.data(), envp.data());
      e = errno;
    }
    ssize_t ignored = ::write(exec_pipe[1], &e, sizeof e);
    (void)ignored;
    ::_exit(127);
  }

  ::setpgid(pid, pid);  // also in the parent, so a kill(-pid) right away cannot miss
  auto self = std::unique_ptr<Subprocess>(new Subprocess());
  self->pid_ = pid;
  close_fd(exec_pipe[1]);
  close_fd(in_pipe[0]);
  close_fd(out_pipe[1]);
  close_fd(err_pipe[1]);
  self->stdin_fd_ = in_pipe[1];
  self->stdout_fd_ = out_pipe[0];
  self->stderr_fd_ = err_pipe[0];

  int child_errno = 0;
  ssize_t n;
  do {
    n = ::read(exec_pipe[0], &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  close_fd(exec_pipe[0]);
  if (n == static_cast<ssize_t>(sizeof child_errno)) {
    self->kill_all();
    return fail("cannot run '" + options.argv.front() + "'" + (cwd ? " in '" + options.cwd + "'" : "") + ": " +
                std::strerror(child_errno));
  }
  for (int fd : {self->stdin_fd_, self->stdout_fd_, self->stderr_fd_}) {
    if (fd >= 0) set_nonblocking(fd);
  }
#ifdef F_SETNOSIGPIPE
  if (self->stdin_fd_ >= 0) ::fcntl(self->stdin_fd_, F_SETNOSIGPIPE, 1);
#endif
  return self;
}

Subprocess::~Subprocess() {
  close_stdin();
  if (!wait_exit(std::chrono::milliseconds(300))) kill_all();
  close_fd(stdout_fd_);
  close_fd(stderr_fd_);
}

bool Subprocess::write_stdin(const std::string& data, Clock::time_point deadline, std::string* error) {
  std::size_t done = 0;
  while (done < data.size()) {
    if (stdin_fd_ < 0) {
      if (error) *error = "its standard input is closed";
      return false;
    }
    ssize_t n = write_no_sigpipe(stdin_fd_, data.data() + done, data.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      int left = remaining_ms(deadline);
      if (left == 0) {
        if (error) *error = "it did not read its standard input in time";
        return false;
      }
      struct pollfd p {
        stdin_fd_, POLLOUT, 0
      };
      ::poll(&p, 1, left);
      continue;
    }
    if (error) {
      *error = n < 0 && errno == EPIPE ? "it closed its standard input"
                                       : std::string("cannot write to it: ") + std::strerror(errno);
    }
    return false;
  }
  return true;
}

void Subprocess::close_stdin() { close_fd(stdin_fd_); }

bool Subprocess::wait_exit(std::chrono::milliseconds timeout) {
  if (reaped_) return true;
  Clock::time_point deadline = Clock::now() + timeout;
  for (;;) {
    if (has_exited(pid_)) {
      ::kill(-pid_, SIGKILL);  // whatever it left running in its group
      pid_t r;
      do {
        r = ::waitpid(pid_, &status_, 0);
      } while (r < 0 && errno == EINTR);
      reaped_ = true;
      return true;
    }
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void Subprocess::kill_all() {
  if (reaped_) return;
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
  pid_t r;
  do {
    r = ::waitpid(pid_, &status_, 0);
  } while (r < 0 && errno == EINTR);
  reaped_ = true;
}

int Subprocess::exit_code() const {
  if (!reaped_ || !WIFEXITED(status_)) return -1;
  return WEXITSTATUS(status_);
}

std::string Subprocess::describe_exit() const {
  if (!reaped_) return "is still running";
  if (WIFEXITED(status_)) return "exited with status " + std::to_string(WEXITSTATUS(status_));
  if (WIFSIGNALED(status_)) {
    const char* name = ::strsignal(WTERMSIG(status_));
    return "was killed by signal " + std::to_string(WTERMSIG(status_)) + (name ? std::string(" (") + name + ")" : "");
  }
  return "stopped";
}

namespace {
std::atomic<bool> commands_cancelled{false};
}  // namespace

void cancel_commands() { commands_cancelled.store(true); }

std::string CommandResult::describe() const {
  if (cancelled) return "was stopped: this process is shutting down";
  if (!started) return error;
  if (timed_out) return "did not finish in time and was killed";
  if (exit_code >= 0) return "exited with status " + std::to_string(exit_code);
  return "was killed by a signal";
}

CommandResult run_command(SpawnOptions options, std::chrono::milliseconds timeout, std::size_t max_output) {
  CommandResult result;
  if (commands_cancelled.load()) {
    result.cancelled = true;
    return result;
  }
  options.pipe_stdin = false;
  if (options.stderr_to == Stderr::Pipe) options.stderr_to = Stderr::Merge;
  std::unique_ptr<Subprocess> child = Subprocess::spawn(options, &result.error);
  if (!child) return result;
  result.started = true;
  Clock::time_point deadline = Clock::now() + timeout;
  char buf[65536];
  bool eof = false;
  auto drain = [&] {
    for (;;) {
      ssize_t n = ::read(child->stdout_fd(), buf, sizeof buf);
      if (n > 0) {
        std::size_t keep =
            std::min<std::size_t>(static_cast<std::size_t>(n), max_output - std::min(max_output, result.output.size()));
        result.output.append(buf, keep);
        continue;
      }
      if (n == 0) eof = true;
      if (n < 0 && errno == EINTR) continue;
      return;
    }
  };
  while (!eof) {
    int left = remaining_ms(deadline);
    if (left == 0) break;
    if (commands_cancelled.load()) {
      result.cancelled = true;
      child->kill_all();
      return result;
    }
    struct pollfd p {
      child->stdout_fd(), POLLIN, 0
    };
    ::poll(&p, 1, std::min(left, 50));
    drain();
    // A grandchild may hold the pipe open after the command itself is done.
    if (!eof && has_exited(child->pid())) {
      drain();
      break;
    }
  }
  if (!child->wait_exit(std::chrono::milliseconds(remaining_ms(deadline)))) {
    result.timed_out = true;
    child->kill_all();
  }
  result.exit_code = child->exit_code();
  return result;
}

}  // namespace mcpc::process
