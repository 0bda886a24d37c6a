// mcpc compile SPEC -t TARGET -o DIR: a backend's files for a checked spec (or IR file), an
// optional depfile for the build system, and an optional starter handler source.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>

#include "mcpc/codegen/output.h"
#include "spec_inputs.h"
#include "subcommand.h"

#ifndef MCPC_VERSION
#define MCPC_VERSION "0.0.0"
#endif

namespace mcpc::tool {
namespace {

struct CompileOptions {
  DiagnosticOptions diagnostics;
  std::string spec;
  std::string target = "cpp";
  std::string output_dir;
  std::string basename;
  std::string depfile;
  std::string template_dir;
  std::string skeleton;
  std::string handlers_dir;
  bool force = false;
  bool from_ir = false;
  bool quiet = false;
};

std::string absolute_path(const std::string& p) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(p, ec);
  return (ec ? std::filesystem::path(p) : abs).lexically_normal().string();
}

// Writes `text` to `path` through a temporary file and a rename, so readers never see half.
bool write_whole_file(const std::string& path, const std::string& text) {
  std::string temp = path + ".mcpc-tmp";
  {
    std::ofstream f(temp, std::ios::binary | std::ios::trunc);
    f << text;
    if (!f.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) std::filesystem::remove(temp, ec);
  return !ec;
}

std::optional<std::string> read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad() || !in.is_open()) return std::nullopt;
  return text;
}

// Option combinations that cannot work, reported before anything is read.
bool options_fit(const CompileOptions& co, Invocation& inv) {
  if (co.output_dir.empty() && co.skeleton.empty()) {
    inv.usage_error("compile needs -o DIR (or --emit-handler-skeleton FILE)");
  } else if (!co.depfile.empty() && co.output_dir.empty()) {
    inv.usage_error("--depfile needs -o DIR");
  } else if (!co.handlers_dir.empty() && co.output_dir.empty()) {
    inv.usage_error("--handlers-dir needs -o DIR");
  } else if (!co.basename.empty() && !codegen::check_relative_path(co.basename).empty()) {
    inv.usage_error("--basename must be a plain file name, not '" + co.basename + "'");
  } else if (!co.template_dir.empty() && !std::filesystem::is_directory(co.template_dir)) {
    inv.usage_error("--template-dir '" + co.template_dir + "' is not a directory");
  } else if (!co.skeleton.empty() && !co.force && std::filesystem::exists(co.skeleton)) {
    inv.usage_error("'" + co.skeleton + "' exists; it is yours to edit, so mcpc will not overwrite it" +
                    " (use --force to replace it)");
  } else {
    return true;
  }
  return false;
}

// Bounds for --handlers-dir: the user's own directory, but a wrong path (a home directory)
// must fail clearly rather than copy it all.
constexpr std::size_t kMaxHandlerFiles = 2000;
constexpr std::uintmax_t kMaxHandlerFileBytes = 16u << 20;

// --handlers-dir DIR: the handler files (the user's) live in DIR, e.g. in a source tree, while
// the package is generated elsewhere (a build tree). Missing ones are written to DIR, never
// overwritten; then every file in DIR is copied into the package, which builds from the copies.
// `inputs` gets those files and DIR's directories, so that a depfile regenerates the package
// when a handler file is edited, added or removed. nullopt after reporting a problem.
std::optional<codegen::WriteReport> move_handlers(const std::string& dir, codegen::Output& output,
                                                  std::vector<std::string>& inputs, Invocation& inv) {
  namespace fs = std::filesystem;
  if (output.handlers_root.empty()) {
    inv.usage_error("--handlers-dir: this backend writes no handler files (use --emit-handler-skeleton)");
    return std::nullopt;
  }
  const std::string prefix = output.handlers_root + "/";
  std::vector<codegen::GeneratedFile> mine;
  std::erase_if(output.files, [&](const codegen::GeneratedFile& f) {
    if (!f.keep_existing || !f.path.starts_with(prefix)) return false;
    mine.emplace_back(f.path.substr(prefix.size()), f.content, true, f.signature);
    return true;
  });
  std::optional<codegen::WriteReport> report = codegen::write_files(dir, mine, inv.diags);
  if (!report) return std::nullopt;
  for (std::string& o : report->outdated) o = (fs::path(dir) / o).string();
  inputs.push_back(absolute_path(dir));
  std::error_code ec;
  std::size_t count = 0;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.filename().string().starts_with(".")) {  // editor and VCS files
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory(ec)) {
      inputs.push_back(absolute_path(path.string()));
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    std::string relative = path.lexically_relative(dir).generic_string();
    std::optional<std::string> text;
    if (++count <= kMaxHandlerFiles && it->file_size(ec) <= kMaxHandlerFileBytes) text = read_whole_file(path);
    if (!text) {
      inv.report(Check::Io, "--handlers-dir: cannot read '" + path.string() + "'" +
                                (count > kMaxHandlerFiles ? " (more than " + std::to_string(kMaxHandlerFiles) +
                                                                " files: is it the right directory?)"
                                                          : ""));
      return std::nullopt;
    }
    output.files.emplace_back(prefix + relative, std::move(*text));
    inputs.push_back(absolute_path(path.string()));
  }
  if (ec) {
    inv.report(Check::Io, "--handlers-dir: cannot read directory '" + dir + "': " + ec.message());
    return std::nullopt;
  }
  return report;
}

// With --handlers-dir the package's handler directory mirrors DIR: a copy whose original was
// removed from DIR goes too, or tsc would go on compiling a handler the user deleted.
void prune_handler_copies(const std::string& output_dir, const codegen::Output& output, Invocation& inv) {
  namespace fs = std::filesystem;
  std::set<std::string> copies;
  for (const codegen::GeneratedFile& f : output.files) copies.insert(f.path);
  std::error_code ec;
  std::vector<fs::path> stale;
  fs::path root = fs::path(output_dir) / output.handlers_root;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::string relative = it->path().lexically_relative(output_dir).generic_string();
    if (!it->is_directory(ec) && !copies.contains(relative)) stale.push_back(it->path());
  }
  for (const fs::path& p : stale) {
    fs::remove(p, ec);
    if (ec) inv.report(Check::Io, "cannot remove '" + p.string() + "': " + ec.message());
  }
}

void write_output(const CompileOptions& co, const pipeline::Result& result, Invocation& inv) {
  codegen::Output output = *result.output;
  std::vector<std::string> handler_inputs;
  std::optional<codegen::WriteReport> handlers;
  if (!co.handlers_dir.empty()) {
    handlers = move_handlers(co.handlers_dir, output, handler_inputs, inv);
    if (!handlers) return;
  }
  std::optional<codegen::WriteReport> report = codegen::write_files(co.output_dir, output.files, inv.diags);
  if (!report) return;
  if (handlers) prune_handler_copies(co.output_dir, output, inv);
  if (!co.depfile.empty()) {
    std::vector<std::string> inputs;
    for (const std::string& f : result.files) {
      if (f != "-" && f != co.diagnostics.stdin_filename) inputs.push_back(absolute_path(f));
    }
    if (co.from_ir) inputs.push_back(absolute_path(co.spec));
    inputs.insert(inputs.end(), output.inputs.begin(), output.inputs.end());
    inputs.insert(inputs.end(), handler_inputs.begin(), handler_inputs.end());
    std::string first = absolute_path((std::filesystem::path(co.output_dir) / output.files.front().path).string());
    if (!write_whole_file(co.depfile, codegen::make_depfile(first, inputs))) {
      inv.report(Check::Io, "cannot write depfile '" + co.depfile + "'");
      return;
    }
  }
  if (!co.quiet) {
    inv.io.out << "mcpc: " << co.target << ": wrote " << report->written.size() << " of " << output.files.size()
               << " files to " << co.output_dir;
    if (!report->unchanged.empty()) inv.io.out << " (" << report->unchanged.size() << " unchanged)";
    if (!report->kept.empty()) inv.io.out << "; kept " << report->kept.size() << " handler files of yours";
    inv.io.out << "\n";
  }
  if (handlers && !handlers->written.empty()) {  // said even with --quiet: new files in the user's tree
    inv.io.out << "mcpc: wrote " << handlers->written.size()
               << (handlers->written.size() == 1 ? " new handler file" : " new handler files") << " (yours to edit) to "
               << co.handlers_dir << "\n";
  }
  // Handler files are the user's: never rewritten, but a changed interface is reported.
  for (const std::string& outdated : report->outdated) inv.io.err << "mcpc: warning: " << outdated << "\n";
  if (handlers) {
    for (const std::string& outdated : handlers->outdated) inv.io.err << "mcpc: warning: " << outdated << "\n";
  }
}

void run_compile(const CompileOptions& co, Invocation& inv) {
  if (!options_fit(co, inv)) return;
  pipeline::Request request = spec_request({co.spec}, co.diagnostics, inv);
  if (co.from_ir) request.frontend = "ir";
  request.backend = co.target;
  request.generate_options.basename = co.basename;
  request.generate_options.tool_version = MCPC_VERSION;
  if (!co.template_dir.empty()) request.generate_options.template_dir = std::filesystem::path(co.template_dir);
  request.generate_files = !co.output_dir.empty();
  request.generate_skeleton = !co.skeleton.empty();
  pipeline::Result result = pipeline::run(request, inv.sources, inv.diags);
  if (exit_code(inv.diags, co.diagnostics.werror) != kExitOk) return;
  if (result.output) write_output(co, result, inv);
  if (result.skeleton && !inv.diags.has_errors()) {
    if (!write_whole_file(co.skeleton, result.skeleton->content)) {
      inv.report(Check::Io, "cannot write '" + co.skeleton + "'");
      return;
    }
    if (!co.quiet) inv.io.out << "mcpc: wrote handler skeleton " << co.skeleton << "\n";
  }
}

}  // namespace

Subcommand add_compile_command(CLI::App& app) {
  auto co = std::make_shared<CompileOptions>();
  std::string targets_help = "Backend: ";
  std::vector<std::string> target_names;
  for (const codegen::Backend* b : codegen::backends()) {
    targets_help += std::string(b->name()) + " (" + std::string(b->description()) + ") ";
    target_names.emplace_back(b->name());
  }
  CLI::App* cmd = app.add_subcommand("compile", "Check a spec and generate a server from it");
  cmd->add_option("spec", co->spec, "Spec file ('-' reads standard input), or an IR file with --from-ir")->required();
  cmd->add_option("--target,-t", co->target, targets_help)->check(CLI::IsMember(target_names))->capture_default_str();
  cmd->add_option("-o,--output-dir", co->output_dir, "Directory to write the generated files into");
  cmd->add_option("--basename", co->basename,
                  "Name the files <basename>.h, <basename>.cc, ... (default: the server name in snake case)");
  cmd->add_option("--depfile", co->depfile,
                  "Also write a Makefile-syntax depfile listing every input (for Ninja and Make)");
  cmd->add_option("--template-dir", co->template_dir,
                  "Read templates from here (DIR/<target>/*.mustache) instead of the built-in ones");
  cmd->add_option("--emit-handler-skeleton", co->skeleton,
                  "Write a starter handler source to this file (refuses to overwrite one)");
  cmd->add_option("--handlers-dir", co->handlers_dir,
                  "Keep the handler files (yours) in this directory instead of the package (--target ts): "
                  "missing ones are written there, and all are copied into the package to build");
  cmd->add_flag("--force", co->force, "With --emit-handler-skeleton: overwrite an existing file");
  cmd->add_flag("--from-ir", co->from_ir, "SPEC is an IR JSON file written by 'mcpc ir'");
  cmd->add_flag("--quiet,-q", co->quiet, "Print nothing on success");
  co->diagnostics.add_to(*cmd);
  return {cmd, [co](Invocation& inv) { run_compile(*co, inv); }, &co->diagnostics};
}

}  // namespace mcpc::tool
