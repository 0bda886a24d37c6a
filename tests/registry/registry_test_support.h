// Shared by the registry tests: real .tgz files (libarchive), manifests with correct digests,
// and running the mcpc binary as a child process; scratch directories and files come from
// tests/support.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "../support/files.h"
#include "../support/temp_dir.h"
#include "mcpc/registry/sha256.h"

extern char** environ;

namespace mcpc::registry::testing {

namespace fs = std::filesystem;
using nlohmann::json;

// The shared scratch directory and file helpers (tests/support), under the names these tests use.
using mcpc::testing::read_file;
using mcpc::testing::TempDir;
using mcpc::testing::write_file;

/// Writes a gzip'd tar holding `entries` (path, content) verbatim: hostile paths included.
inline void write_tgz(const fs::path& file, const std::vector<std::pair<std::string, std::string>>& entries) {
  fs::create_directories(file.parent_path());
  struct archive* a = archive_write_new();
  archive_write_add_filter_gzip(a);
  // No time in the gzip header: the same entries give the same bytes in any second, so two
  // packages written a second apart are still identical republishes.
  archive_write_set_filter_option(a, "gzip", "timestamp", nullptr);
  archive_write_set_format_pax_restricted(a);
  if (archive_write_open_filename(a, file.c_str()) != ARCHIVE_OK) {
    archive_write_free(a);
    throw std::runtime_error("cannot write " + file.string());
  }
  for (const auto& [path, content] : entries) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_write_header(a, e);
    archive_write_data(a, content.data(), content.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

/// One member of a hand-built archive: a file, a directory, or a (hard or symbolic) link.
struct Member {
  enum Kind { file, directory, symlink, hardlink };
  Member(std::string p, std::string c = "", Kind k = file, std::string t = "", unsigned m = 0644, std::uint64_t z = 0)
      : path(std::move(p)), content(std::move(c)), kind(k), target(std::move(t)), mode(m), zeros(z) {}
  std::string path;
  std::string content;  ///< a file's bytes
  Kind kind;
  std::string target;  ///< a link's target
  unsigned mode;
  std::uint64_t zeros;  ///< a file of this many zero bytes instead of `content`
};

/// Writes `members` verbatim (hostile paths and links included) as an archive of libarchive
/// `format` ("pax", "ustar", "v7tar", "zip", "cpio", "7zip") behind the compression `filter`
/// ("", "gzip", "bzip2", "xz", "zstd"). False when this libarchive cannot write that pair.
inline bool write_archive(const fs::path& file, const std::vector<Member>& members, const std::string& format,
                          const std::string& filter = "") {
  fs::create_directories(file.parent_path());
  struct archive* a = archive_write_new();
  bool ok = archive_write_set_format_by_name(a, format.c_str()) == ARCHIVE_OK &&
            (filter.empty() || archive_write_add_filter_by_name(a, filter.c_str()) == ARCHIVE_OK) &&
            archive_write_open_filename(a, file.c_str()) == ARCHIVE_OK;
  if (!ok) {
    archive_write_free(a);
    return false;
  }
  std::string block(1 << 20, '\0');
  for (const Member& m : members) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, m.path.c_str());
    archive_entry_set_perm(e, m.mode);
    switch (m.kind) {
      case Member::file:
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_size(e, static_cast<la_int64_t>(m.zeros ? m.zeros : m.content.size()));
        break;
      case Member::directory:
        archive_entry_set_filetype(e, AE_IFDIR);
        break;
      case Member::symlink:
        archive_entry_set_filetype(e, AE_IFLNK);
        archive_entry_set_symlink(e, m.target.c_str());
        break;
      case Member::hardlink:
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_hardlink(e, m.target.c_str());
        break;
    }
    archive_write_header(a, e);
    if (m.kind == Member::file) {
      if (m.zeros) {
        for (std::uint64_t left = m.zeros; left > 0;) {
          std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, block.size()));
          archive_write_data(a, block.data(), n);
          left -= n;
        }
      } else {
        archive_write_data(a, m.content.data(), m.content.size());
      }
    }
    archive_entry_free(e);
  }
  ok = archive_write_close(a) == ARCHIVE_OK;
  archive_write_free(a);
  return ok;
}

/// Compresses `in` into `out` with libarchive's `filter` (a bare stream, no archive around it).
inline void compress_file(const fs::path& in, const fs::path& out, const std::string& filter = "gzip") {
  std::string data = read_file(in);
  struct archive* a = archive_write_new();
  archive_write_set_format_raw(a);
  archive_write_add_filter_by_name(a, filter.c_str());
  archive_write_open_filename(a, out.c_str());
  struct archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, "data");
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
  archive_write_header(a, e);
  archive_write_data(a, data.data(), data.size());
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
}

/// Writes DIR/manifest.json naming each of `files` (relative to DIR, already written) as an
/// artifact with the given role and media type and correct digests; returns its path.
inline fs::path write_manifest_for(const fs::path& dir, const std::string& name, const std::string& version,
                                   const std::vector<std::string>& files, const std::string& role = "file",
                                   const std::string& media_type = "application/octet-stream");

inline json artifact_entry(const fs::path& dir, const std::string& file, const std::string& role,
                           const std::string& media_type) {
  std::uintmax_t size = 0;
  std::string sha = sha256_file(dir / file, &size).value();
  return {{"role", role}, {"file", file}, {"size", size}, {"sha256", sha}, {"media_type", media_type}};
}

struct PackageSpec {
  std::string name = "inventory-mcp";
  std::string version = "1.0.0";
  std::string description = "Tracks warehouse stock levels";
  std::string runtime = "native";
  std::vector<std::pair<std::string, std::string>> tools = {{"list_items", "List the items in stock"}};
  std::vector<std::string> tags = {"inventory"};
  std::string payload;  ///< tarball content; default derives from name@version
};

/// Writes DIR/manifest.json (format mcpc-manifest/1) with a real tarball and a server.json,
/// and returns the manifest's path.
inline fs::path write_package(const fs::path& dir, const PackageSpec& p) {
  fs::create_directories(dir);
  std::string tgz = p.name.substr(p.name.find('/') + 1) + "-" + p.version + ".tgz";
  write_tgz(dir / tgz, {{"bin/server", p.payload.empty() ? "binary of " + p.name + "@" + p.version : p.payload}});
  write_file(dir / "server.json", json{{"name", "io.github.test/" + p.name}, {"version", p.version}}.dump());
  json tools = json::array();
  for (const auto& [name, description] : p.tools)
    tools.push_back({{"name", name}, {"description", description}, {"input_schema", {{"type", "object"}}}});
  json tarball = artifact_entry(dir, tgz, "tarball", "application/gzip");
  json m = {
      {"format", "mcpc-manifest/1"},
      {"name", p.name},
      {"version", p.version},
      {"title", p.name + " server"},
      {"description", p.description},
      {"runtime", p.runtime},
      {"server_type", "local"},
      {"transports", json::array({{{"type", "stdio"}}})},
      {"tools", tools},
      {"metadata", {{"author", "Test"}, {"tags", p.tags}}},
      {"artifact", {{"file", tgz}, {"size", tarball["size"]}, {"sha256", tarball["sha256"]}}},
      {"artifacts", json::array({tarball, artifact_entry(dir, "server.json", "server.json", "application/json")})}};
  write_file(dir / "manifest.json", m.dump(2));
  return dir / "manifest.json";
}

inline fs::path write_manifest_for(const fs::path& dir, const std::string& name, const std::string& version,
                                   const std::vector<std::string>& files, const std::string& role,
                                   const std::string& media_type) {
  json artifacts = json::array();
  for (const std::string& f : files) artifacts.push_back(artifact_entry(dir, f, role, media_type));
  json m = {{"format", "mcpc-manifest/1"}, {"name", name}, {"version", version}, {"artifacts", artifacts}};
  write_file(dir / "manifest.json", m.dump(2));
  return dir / "manifest.json";
}

struct ProcessResult {
  int status = -1;  ///< raw wait status
  std::string out, err;
  bool exited() const { return WIFEXITED(status); }
  int code() const { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }
  bool killed_by(int sig) const { return WIFSIGNALED(status) && WTERMSIG(status) == sig; }
};

/// Starts `args` (args[0] is the program) with extra `env` ("K=V") entries, its stdout and
/// stderr going to DIR/out and DIR/err. Returns the pid.
inline pid_t start_process(const std::vector<std::string>& args, const std::vector<std::string>& env,
                           const fs::path& dir) {
  std::vector<std::string> env_storage;
  for (char** e = environ; *e; ++e) env_storage.emplace_back(*e);
  for (const std::string& e : env) env_storage.push_back(e);
  std::vector<char*> argv, envp;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const std::string& e : env_storage) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  std::string out = (dir / "out").string(), err = (dir / "err").string();
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data()) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  return pid;
}

/// Waits for a process started with `start_process(..., dir)` and collects its output.
inline ProcessResult wait_process(pid_t pid, const fs::path& dir) {
  ProcessResult r;
  if (pid > 0) ::waitpid(pid, &r.status, 0);
  r.out = read_file(dir / "out");
  r.err = read_file(dir / "err");
  return r;
}

/// Runs `args` to completion and captures its output.
inline ProcessResult run_process(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
  TempDir scratch("proc");
  return wait_process(start_process(args, env, scratch.path()), scratch.path());
}

}  // namespace mcpc::registry::testing
