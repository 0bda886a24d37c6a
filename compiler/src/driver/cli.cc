// mcpc subcommands: check (diagnostics in text, JSON or SARIF), ir (the lowered IR as JSON),
// compile (a backend's files) and validate (validate.cc).
#include "mcpc/driver/cli.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "mcpc/codegen/backend.h"
#include "mcpc/codegen/output.h"
#include "mcpc/frontend/frontend.h"
#include "mcpc/ir/ir_json.h"
#include "mcpc/sema/check.h"
#include "subcommand.h"
#include "validate.h"

#ifndef MCPC_VERSION
#define MCPC_VERSION "0.0.0"
#endif

namespace mcpc {
namespace {

struct CommonOptions {
  std::string format = "text";
  std::string color = "auto";
  bool no_source = false;
  bool werror = false;
  std::string stdin_filename = "<stdin>.yaml";
  std::size_t max_file_bytes = Limits{}.max_file_bytes;
};

void add_common(CLI::App& cmd, CommonOptions& o) {
  cmd.add_option("--diagnostics-format", o.format, "How to print diagnostics: text (default), json or sarif")
      ->check(CLI::IsMember({"text", "json", "sarif", "gcc"}));
  cmd.add_option("--color", o.color, "Colour text diagnostics: auto (on a terminal), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd.add_flag("--no-source", o.no_source, "Do not print the source line and caret under text diagnostics");
  cmd.add_flag("--warnings-as-errors,-W", o.werror, "Fail (exit 1) on warnings too");
  cmd.add_option("--stdin-filename", o.stdin_filename,
                 "Name to report for a spec read from '-' (its extension picks YAML or JSON)");
  cmd.add_option("--max-file-size", o.max_file_bytes, "Refuse spec files larger than this many bytes")
      ->capture_default_str();
}

// Reads an IR JSON file (as `mcpc ir` writes it). Its source files are loaded when they still
// exist, so diagnostics can quote them.
std::optional<ir::Module> load_ir(const std::string& path, SourceManager& sm, std::vector<std::string>& errors) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in) {
    errors.push_back("mcpc: error: cannot read '" + path + "'");
    return std::nullopt;
  }
  std::string error;
  std::optional<ir::Module> module = ir::parse_ir(buf.str(), &error);
  if (!module) {
    errors.push_back("mcpc: error: " + path + ": not a valid IR file: " + error);
    return std::nullopt;
  }
  for (const std::string& file : module->files) {
    std::ifstream src(file, std::ios::binary);
    std::ostringstream text;
    if (src) text << src.rdbuf();
    sm.add(file, text.str());
  }
  return module;
}

// Loads every spec, runs the checks, and reports. Returns the exit code; `on_checked` sees
// each module that passed, and may report more (generation) to the same engine.
template <typename OnChecked>
int load_and_check(const std::vector<std::string>& specs, const CommonOptions& o, CliStreams& io,
                   OnChecked on_checked, bool from_ir = false) {
  SourceManager sm;
  DiagnosticEngine diags;
  FrontendOptions fo;
  fo.limits.max_file_bytes = o.max_file_bytes;
  bool io_failure = false;
  std::vector<std::string> io_errors;
  for (const std::string& path : specs) {
    std::optional<ir::Module> module;
    if (path == "-") {
      std::ostringstream buf;
      buf << io.in.rdbuf();
      module = load_spec_text(o.stdin_filename, buf.str(), sm, diags, fo);
    } else {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(path, ec)) {
        io_failure = true;
        io_errors.push_back("mcpc: error: cannot read '" + path + "': " +
                            (std::filesystem::exists(path, ec) ? "not a regular file" : "no such file"));
        continue;
      }
      module = from_ir ? load_ir(path, sm, io_errors) : load_spec(path, sm, diags, fo);
      if (from_ir && !module) io_failure = true;
    }
    if (!module) continue;
    if (auto checked = sema::check(std::move(*module), diags)) on_checked(*checked, diags);
  }
  std::vector<Diagnostic> sorted = diags.sorted();
  for (const std::string& e : io_errors) io.err << e << "\n";
  if (o.format == "json") {
    io.out << render_json(sm, sorted);
  } else if (o.format == "sarif") {
    io.out << render_sarif(sm, sorted, MCPC_VERSION);
  } else {
    TextRenderOptions tro;
    tro.color = o.color == "always" || (o.color == "auto" && io.err_is_tty && std::getenv("NO_COLOR") == nullptr);
    tro.show_source = !o.no_source && o.format != "gcc";
    io.err << render_text(sm, sorted, tro);
    std::size_t e = diags.error_count(), w = diags.warning_count();
    if (e + w > 0) {
      io.err << e << (e == 1 ? " error" : " errors") << " and " << w << (w == 1 ? " warning" : " warnings")
             << " generated.\n";
    }
  }
  if (io_failure) return kExitUsage;
  if (diags.has_errors() || (o.werror && diags.warning_count() > 0)) return kExitErrors;
  return kExitOk;
}

struct CompileOptions {
  std::string spec;
  std::string target = "cpp";
  std::string output_dir;
  std::string basename;
  std::string depfile;
  std::string template_dir;
  std::string skeleton;
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

int run_compile(const CompileOptions& co, const CommonOptions& common, CliStreams& io) {
  if (co.output_dir.empty() && co.skeleton.empty()) {
    io.err << "mcpc: error: compile needs -o DIR (or --emit-handler-skeleton FILE)\n";
    return kExitUsage;
  }
  if (!co.depfile.empty() && co.output_dir.empty()) {
    io.err << "mcpc: error: --depfile needs -o DIR\n";
    return kExitUsage;
  }
  if (!co.basename.empty() && !codegen::check_relative_path(co.basename).empty()) {
    io.err << "mcpc: error: --basename must be a plain file name, not '" << co.basename << "'\n";
    return kExitUsage;
  }
  if (!co.template_dir.empty() && !std::filesystem::is_directory(co.template_dir)) {
    io.err << "mcpc: error: --template-dir '" << co.template_dir << "' is not a directory\n";
    return kExitUsage;
  }
  if (!co.skeleton.empty() && !co.force && std::filesystem::exists(co.skeleton)) {
    io.err << "mcpc: error: '" << co.skeleton << "' exists; it is yours to edit, so mcpc will not overwrite it"
           << " (use --force to replace it)\n";
    return kExitUsage;
  }
  const codegen::Backend* backend = codegen::find_backend(co.target);
  codegen::GenerateOptions go;
  go.basename = co.basename;
  go.tool_version = MCPC_VERSION;
  if (!co.template_dir.empty()) go.template_dir = std::filesystem::path(co.template_dir);

  std::optional<codegen::Output> output;
  std::optional<codegen::GeneratedFile> skeleton;
  std::vector<std::string> spec_files;
  int code = load_and_check(
      {co.spec}, common, io,
      [&](const sema::CheckedModule& m, DiagnosticEngine& diags) {
        if (!co.output_dir.empty()) output = backend->generate(m, go, diags);
        if (!co.skeleton.empty()) skeleton = backend->handler_skeleton(m, go, diags);
        spec_files = m->files;
      },
      co.from_ir);
  if (code != kExitOk) return code;
  if (output) {
    DiagnosticEngine write_diags;
    std::optional<codegen::WriteReport> written = codegen::write_files(co.output_dir, output->files, write_diags);
    if (!written) {
      for (const Diagnostic& d : write_diags.raw()) io.err << "mcpc: error: " << d.message << "\n";
      return kExitUsage;
    }
    const codegen::WriteReport& report = *written;
    if (!co.depfile.empty()) {
      std::vector<std::string> inputs;
      for (const std::string& f : spec_files) {
        if (f != "-" && f != common.stdin_filename) inputs.push_back(absolute_path(f));
      }
      if (co.from_ir) inputs.push_back(absolute_path(co.spec));
      inputs.insert(inputs.end(), output->inputs.begin(), output->inputs.end());
      std::string first = absolute_path((std::filesystem::path(co.output_dir) / output->files.front().path).string());
      if (!write_whole_file(co.depfile, codegen::make_depfile(first, inputs))) {
        io.err << "mcpc: error: cannot write depfile '" << co.depfile << "'\n";
        return kExitUsage;
      }
    }
    if (!co.quiet) {
      io.out << "mcpc: " << co.target << ": wrote " << report.written.size() << " of " << output->files.size()
             << " files to " << co.output_dir;
      if (!report.unchanged.empty()) io.out << " (" << report.unchanged.size() << " unchanged)";
      if (!report.kept.empty()) io.out << "; kept " << report.kept.size() << " handler files of yours";
      io.out << "\n";
    }
    // Handler files are the user's: never rewritten, but a changed interface is reported.
    for (const std::string& outdated : report.outdated) io.err << "mcpc: warning: " << outdated << "\n";
  }
  if (skeleton) {
    if (!write_whole_file(co.skeleton, skeleton->content)) {
      io.err << "mcpc: error: cannot write '" << co.skeleton << "'\n";
      return kExitUsage;
    }
    if (!co.quiet) io.out << "mcpc: wrote handler skeleton " << co.skeleton << "\n";
  }
  return kExitOk;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, CliStreams io) {
  CLI::App app{"mcpc: compile MCP server specs into tested, packaged servers", "mcpc"};
  app.set_version_flag("--version", std::string("mcpc ") + MCPC_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 clean (warnings allowed), 1 the spec has errors, 2 usage or I/O problems.\n"
      "Docs: docs/spec.md (the spec language), docs/diagnostics.md (every check).");

  CommonOptions check_opts;
  std::vector<std::string> check_specs;
  CLI::App* check = app.add_subcommand("check", "Check spec files and report every problem");
  check->add_option("specs", check_specs, "Spec files (.yaml, .yml or .json); '-' reads standard input")->required();
  add_common(*check, check_opts);

  CommonOptions ir_opts;
  std::string ir_spec;
  std::string ir_output;
  CLI::App* ir_cmd = app.add_subcommand("ir", "Check a spec and print its lowered IR as JSON");
  ir_cmd->add_option("spec", ir_spec, "Spec file; '-' reads standard input")->required();
  ir_cmd->add_option("-o,--output", ir_output, "Write the IR to this file instead of standard output");
  add_common(*ir_cmd, ir_opts);

  CommonOptions compile_opts;
  CompileOptions co;
  std::string targets_help = "Backend: ";
  for (const codegen::Backend* b : codegen::backends()) {
    targets_help += std::string(b->name()) + " (" + std::string(b->description()) + ") ";
  }
  std::vector<std::string> target_names;
  for (const codegen::Backend* b : codegen::backends()) target_names.emplace_back(b->name());
  CLI::App* compile_cmd = app.add_subcommand("compile", "Check a spec and generate a server from it");
  compile_cmd->add_option("spec", co.spec, "Spec file ('-' reads standard input), or an IR file with --from-ir")
      ->required();
  compile_cmd->add_option("--target,-t", co.target, targets_help)
      ->check(CLI::IsMember(target_names))
      ->capture_default_str();
  compile_cmd->add_option("-o,--output-dir", co.output_dir, "Directory to write the generated files into");
  compile_cmd->add_option("--basename", co.basename,
                          "Name the files <basename>.h, <basename>.cc, ... (default: the server name in snake case)");
  compile_cmd->add_option("--depfile", co.depfile,
                          "Also write a Makefile-syntax depfile listing every input (for Ninja and Make)");
  compile_cmd->add_option("--template-dir", co.template_dir,
                          "Read templates from here (DIR/<target>/*.mustache) instead of the built-in ones");
  compile_cmd->add_option("--emit-handler-skeleton", co.skeleton,
                          "Write a starter handler source to this file (refuses to overwrite one)");
  compile_cmd->add_flag("--force", co.force, "With --emit-handler-skeleton: overwrite an existing file");
  compile_cmd->add_flag("--from-ir", co.from_ir, "SPEC is an IR JSON file written by 'mcpc ir'");
  compile_cmd->add_flag("--quiet,-q", co.quiet, "Print nothing on success");
  add_common(*compile_cmd, compile_opts);

  driver::ValidateOptions validate_opts;
  CLI::App* validate_cmd = driver::add_validate_command(app, validate_opts);
  const driver::Subcommand later[] = {driver::add_package_command(app), driver::add_registry_command(app),
                                      driver::add_publish_command(app)};

  std::vector<std::string> argv_storage{"mcpc"};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<const char*> argv;
  for (const std::string& a : argv_storage) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    io.out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    io.out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    io.out << "mcpc " << MCPC_VERSION << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    io.err << "mcpc: error: " << e.what() << "\n";
    io.err << "Run 'mcpc --help' for usage.\n";
    return kExitUsage;
  }

  if (check->parsed()) {
    return load_and_check(check_specs, check_opts, io, [](const sema::CheckedModule&, DiagnosticEngine&) {});
  }
  if (ir_cmd->parsed()) {
    std::string dumped;
    int code = load_and_check({ir_spec}, ir_opts, io,
                              [&](const sema::CheckedModule& m, DiagnosticEngine&) { dumped = ir::dump(m.module()); });
    if (code != kExitOk) return code;
    if (ir_output.empty()) {
      io.out << dumped;
    } else {
      std::ofstream f(ir_output, std::ios::binary);
      f << dumped;
      if (!f) {
        io.err << "mcpc: error: cannot write '" << ir_output << "'\n";
        return kExitUsage;
      }
    }
    return kExitOk;
  }
  if (compile_cmd->parsed()) return run_compile(co, compile_opts, io);
  if (validate_cmd->parsed()) return driver::run_validate(validate_opts, io);
  for (const driver::Subcommand& sub : later) {
    if (sub.app->parsed()) return sub.run(io);
  }
  return kExitUsage;
}

}  // namespace mcpc
