#include "mcpc/codegen/output.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace mcpc::codegen {
namespace fs = std::filesystem;

std::string check_relative_path(const std::string& relative) {
  if (relative.empty()) return "empty path";
  if (relative.find('\0') != std::string::npos) return "path contains a NUL byte";
  if (relative.find('\\') != std::string::npos) return "path contains a backslash";
  fs::path p(relative);
  if (p.is_absolute() || relative[0] == '/') return "absolute path";
  for (const fs::path& part : p) {
    std::string s = part.string();
    if (s == "..") return "path leaves the output directory";
    if (s.empty() || s == ".") return "path has an empty component";
  }
  return "";
}

namespace {

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void report_io(DiagnosticEngine& diags, std::string message) {
  diags.report(Check::Io, SourceLoc::none(), std::move(message));
}

// Writes and fsyncs `content` to `path` (created exclusively).
bool write_new(const fs::path& path, const std::string& content, DiagnosticEngine& diags) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    report_io(diags, "cannot create '" + path.string() + "': " + std::strerror(errno));
    return false;
  }
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      report_io(diags, "cannot write '" + path.string() + "': " + std::strerror(err));
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  if (::close(fd) != 0 || !synced) {
    report_io(diags, "cannot write '" + path.string() + "'");
    return false;
  }
  return true;
}

}  // namespace

std::optional<WriteReport> write_files(const fs::path& dir, const std::vector<GeneratedFile>& files,
                                       DiagnosticEngine& diags) {
  WriteReport report;
  for (const GeneratedFile& f : files) {
    if (std::string why = check_relative_path(f.path); !why.empty()) {
      report_io(diags, "refusing to write '" + f.path + "': " + why);
      return std::nullopt;
    }
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    report_io(diags, "cannot create directory '" + dir.string() + "': " + ec.message());
    return std::nullopt;
  }

  struct Pending {
    fs::path temp;
    fs::path target;
  };
  std::vector<Pending> pending;
  // A failure removes the temporary files written so far: the previous output stays as it was.
  auto cleanup = [&] {
    for (const Pending& p : pending) fs::remove(p.temp, ec);
    return std::nullopt;
  };
  auto fail = [&](std::string message) {
    report_io(diags, std::move(message));
    return cleanup();
  };
  for (const GeneratedFile& f : files) {
    fs::path target = dir / f.path;
    if (fs::is_symlink(target, ec)) return fail("refusing to write through symlink '" + target.string() + "'");
    if (fs::is_directory(target, ec)) return fail("'" + target.string() + "' is a directory");
    if (f.keep_existing && fs::exists(target, ec)) {
      report.kept.push_back(f.path);
      std::optional<std::string> old = read_file(target);
      if (!f.signature.empty() && (!old || old->find(f.signature) == std::string::npos)) {
        report.outdated.push_back(f.path + ": its signature changed; expected \"" + f.signature + "\"");
      }
      continue;
    }
    if (auto old = read_file(target); old && *old == f.content) {
      report.unchanged.push_back(f.path);
      continue;
    }
    fs::create_directories(target.parent_path(), ec);
    if (ec) return fail("cannot create directory '" + target.parent_path().string() + "': " + ec.message());
    fs::path temp = target;
    temp += ".mcpc-tmp-" + std::to_string(::getpid());
    fs::remove(temp, ec);
    pending.push_back({temp, target});
    if (!write_new(temp, f.content, diags)) return cleanup();
    report.written.push_back(f.path);
  }
  // Everything is on disk; renames do not fail for lack of space.
  for (const Pending& p : pending) {
    fs::rename(p.temp, p.target, ec);
    if (ec) return fail("cannot replace '" + p.target.string() + "': " + ec.message());
  }
  return report;
}

std::string make_depfile(const std::string& target, const std::vector<std::string>& prerequisites) {
  auto escape = [](const std::string& path) {
    std::string out;
    for (char c : path) {
      if (c == ' ' || c == '#') out.push_back('\\');
      if (c == '$') out.push_back('$');
      out.push_back(c);
    }
    return out;
  };
  std::string out = escape(target) + ":";
  for (const std::string& p : prerequisites) out += " \\\n  " + escape(p);
  out += "\n";
  return out;
}

}  // namespace mcpc::codegen
