// mcpc compile SPEC -t TARGET -o DIR: a backend's files for a checked spec (or IR file), an
// optional depfile for the build system, and an optional starter handler source (or stubs
// added to an existing one). What changed for the user's handlers since the last generation
// is reported once, as one [handler-interface] warning.
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
  bool add_stubs = false;
  bool from_ir = false;
  bool quiet = false;
};

std::string absolute_path(const std::string& p) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(p, ec);
  return (ec ? std::filesystem::path(p) : abs).lexically_normal().string();
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
  } else if (co.add_stubs && co.skeleton.empty()) {
    inv.usage_error("--add-stubs needs --emit-handler-skeleton FILE (the handler source to add them to)");
  } else if (co.add_stubs && co.force) {
    inv.usage_error("--add-stubs and --force do not go together: --add-stubs never changes what is in the file");
  } else if (!co.skeleton.empty() && !co.force && !co.add_stubs && std::filesystem::exists(co.skeleton)) {
    inv.usage_error("'" + co.skeleton + "' exists; it is yours to edit, so mcpc will not overwrite it" +
                    " (--add-stubs adds functions for new handlers to it; --force replaces it)");
  } else {
    return true;
  }
  return false;
}

// One warning for everything the user's handlers must follow: what changed since the last
// generation, and (TypeScript) handler files whose signature line is out of date.
void report_interface(const std::vector<std::string>& changes, const std::vector<std::string>& outdated,
                      Invocation& inv) {
  if (changes.empty() && outdated.empty()) return;
  Diagnostic& d = inv.diags.report(
      Severity::Warning, Check::HandlerInterface, SourceLoc::none(),
      changes.empty() ? "handler files do not match the handler interface; update them"
                      : "the handler interface changed since the last generation; update your handlers to match");
  d.notes = changes;
  d.notes.insert(d.notes.end(), outdated.begin(), outdated.end());
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
  // Read before the new record replaces it.
  std::vector<std::string> changes =
      codegen::interface_changes_since(co.output_dir, output.interface_path, output.handler_interface);
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
  std::vector<std::string> outdated = report->outdated;
  if (handlers) outdated.insert(outdated.end(), handlers->outdated.begin(), handlers->outdated.end());
  report_interface(changes, outdated, inv);
}

// --emit-handler-skeleton FILE [--add-stubs]: the whole skeleton, or FILE with stubs for the
// handlers it lacks inserted (written only when there is something to add).
void write_skeleton(const CompileOptions& co, const codegen::GeneratedFile& skeleton, bool stubs_only,
                    Invocation& inv) {
  if (stubs_only && skeleton.added.empty()) {
    if (!co.quiet) inv.io.out << "mcpc: " << co.skeleton << " has a function for every handler; nothing to add\n";
    return;
  }
  // A symlinked handler source stays a symlink: the file it points to is the one completed.
  std::error_code ec;
  std::filesystem::path target =
      stubs_only ? std::filesystem::canonical(co.skeleton, ec) : std::filesystem::path(co.skeleton);
  if (ec || !write_whole_file(target.string(), skeleton.content)) {
    inv.report(Check::Io, "cannot write '" + co.skeleton + "'");
    return;
  }
  if (co.quiet) return;
  if (stubs_only) {
    inv.io.out << "mcpc: added to " << co.skeleton << ":";
    for (const std::string& a : skeleton.added) inv.io.out << (&a == &skeleton.added.front() ? " " : ", ") << a;
    inv.io.out << "\n";
    return;
  }
  inv.io.out << "mcpc: wrote handler skeleton " << co.skeleton << "\n";
  // The C++ skeleton, <basename>_handlers.cc, includes <basename>.h: say which, since
  // add_mcp_server(<target> ...) names the header after its target.
  constexpr std::string_view kSuffix = "_handlers.cc";
  if (co.target == "cpp" && co.basename.empty() && skeleton.path.ends_with(kSuffix)) {
    std::string header = skeleton.path.substr(0, skeleton.path.size() - kSuffix.size()) + ".h";
    inv.io.out << "mcpc: it includes \"" << header << "\"; for add_mcp_server(<target> ...), emit it with --basename "
               << "<target>\n";
  }
}

// The handler source --add-stubs completes, or nullopt when there is none yet (then the
// whole skeleton is written).
std::optional<std::string> existing_handlers(const CompileOptions& co, Invocation& inv) {
  std::error_code ec;
  if (!co.add_stubs || !std::filesystem::exists(co.skeleton, ec)) return std::nullopt;
  std::optional<std::string> text;
  if (std::filesystem::is_regular_file(co.skeleton, ec)) text = read_whole_file(co.skeleton);
  if (!text) inv.report(Check::Io, "cannot read '" + co.skeleton + "'");
  return text;
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
  request.generate_options.existing_handlers = existing_handlers(co, inv);
  if (inv.diags.has_errors()) return;
  bool stubs_only = request.generate_options.existing_handlers.has_value();
  pipeline::Result result = pipeline::run(request, inv.sources, inv.diags);
  if (exit_code(inv.diags, co.diagnostics.werror) != kExitOk) return;
  if (result.output) write_output(co, result, inv);
  if (result.skeleton && !inv.diags.has_errors()) write_skeleton(co, *result.skeleton, stubs_only, inv);
}

}  // namespace

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
                  "Write a starter handler source to this file (refuses to overwrite one); for --target cpp it "
                  "includes <basename>.h");
  cmd->add_flag("--add-stubs", co->add_stubs,
                "With --emit-handler-skeleton: add functions for the spec's new tools and resource templates to the "
                "existing file, before its '// mcpc: stubs for new handlers go above this line' comment; "
                "nothing else in it changes");
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
