// mcpc subcommands: check (diagnostics in text, JSON or SARIF) and ir (the lowered IR as JSON).
#include "mcpc/driver/cli.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "mcpc/frontend/frontend.h"
#include "mcpc/ir/ir_json.h"
#include "mcpc/sema/check.h"

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

// Loads every spec, runs the checks, and reports. Returns the exit code; `on_checked` sees
// each module that passed.
template <typename OnChecked>
int load_and_check(const std::vector<std::string>& specs, const CommonOptions& o, CliStreams& io,
                   OnChecked on_checked) {
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
      module = load_spec(path, sm, diags, fo);
    }
    if (!module) continue;
    if (auto checked = sema::check(std::move(*module), diags)) on_checked(*checked);
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
    return load_and_check(check_specs, check_opts, io, [](const sema::CheckedModule&) {});
  }
  if (ir_cmd->parsed()) {
    std::string dumped;
    int code = load_and_check({ir_spec}, ir_opts, io,
                              [&](const sema::CheckedModule& m) { dumped = ir::dump(m.module()); });
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
  return kExitUsage;
}

}  // namespace mcpc
