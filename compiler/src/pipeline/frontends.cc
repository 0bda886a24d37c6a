// The front-end table, the IR front end (IR JSON as `mcpc ir` writes it) and the C++ header
// front end (which runs mcpc-extract, so that mcpc itself never loads libclang).
#include "mcpc/pipeline/frontends.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mcpc/describe/frontend.h"
#include "mcpc/frontend/spec.h"
#include "mcpc/ir/ir_json.h"
#include "mcpc/process/subprocess.h"
#include "mcpc/process/temp_dir.h"

namespace mcpc::pipeline {
namespace {

/// A module from IR text; the files it names are loaded into `sm` (in order, so that its
/// locations index them) when they still exist, so that diagnostics can quote them.
std::optional<ir::Module> load_ir(const std::string& text, const std::string& path, SourceManager& sm,
                                  DiagnosticEngine& diags) {
  std::string error;
  std::optional<ir::Module> module = ir::parse_ir(text, &error);
  if (!module) {
    diags.report(Check::Syntax, SourceLoc::none(), path + ": not a valid IR file: " + error);
    return std::nullopt;
  }
  for (const std::string& file : module->files) {
    std::ifstream src(file, std::ios::binary);
    std::ostringstream file_text;
    if (src) file_text << src.rdbuf();
    sm.add(file, file_text.str());
  }
  return module;
}

class IrFrontend final : public frontend::Frontend {
 public:
  std::string_view name() const override { return "ir"; }
  std::string_view description() const override { return "IR JSON written by 'mcpc ir'"; }
  // IR files are JSON like specs, so they are read as IR only when asked for.
  bool accepts(std::string_view) const override { return false; }

  std::optional<ir::Module> load(const frontend::Input& input, SourceManager& sm, DiagnosticEngine& diags,
                                 const FrontendOptions& options) const override {
    std::optional<std::string> text = frontend::read_input(input, options.limits, diags);
    if (!text) return std::nullopt;
    return load_ir(*text, input.path, sm, diags);
  }
};

/// mcpc-extract's JSON diagnostics, reported as ours. Files they name are added to `sm`
/// unless it has them (by name) already.
void report_extract_diagnostics(const std::string& text, SourceManager& sm, DiagnosticEngine& diags) {
  Json list = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!list.is_array()) return;
  for (const Json& d : list) {
    if (!d.is_object()) continue;
    Check check = Check::Cpp;
    std::string name = d.value("check", "");
    for (const CheckInfo& info : all_checks()) {
      if (info.name == name) check = info.check;
    }
    std::string severity = d.value("severity", "error");
    Severity sev = severity == "warning" ? Severity::Warning : severity == "note" ? Severity::Note : Severity::Error;
    SourceLoc loc = SourceLoc::none();
    std::string file = d.value("file", "");
    if (!file.empty() && d.value("line", 0) > 0) {
      std::uint32_t id = SourceLoc::kNoFile;
      for (std::uint32_t i = 0; i < sm.size(); ++i) {
        if (sm.file(i).name() == file) id = i;
      }
      if (id == SourceLoc::kNoFile) {
        std::ifstream src(file, std::ios::binary);
        std::ostringstream file_text;
        if (src) file_text << src.rdbuf();
        id = sm.add(file, file_text.str());
      }
      loc = SourceLoc{id, d.value("line", 0u), d.value("column", 1u)};
    }
    Diagnostic& out = diags.report(sev, check, loc, d.value("message", ""));
    if (loc.valid() && d.value("endColumn", 0u) > loc.column) out.length = d.value("endColumn", 0u) - loc.column;
    if (d.contains("notes") && d["notes"].is_array()) {
      for (const Json& n : d["notes"]) {
        if (n.is_string()) out.notes.push_back(n.get<std::string>());
      }
    }
  }
}

class CppFrontend final : public frontend::Frontend {
 public:
  std::string_view name() const override { return "cpp"; }
  std::string_view description() const override {
    return "C++ headers whose functions are marked MCPC_TOOL, read by mcpc-extract";
  }
  bool accepts(std::string_view path) const override {
    for (std::string_view ext : {".h", ".hpp", ".hh", ".hxx"}) {
      if (path.size() > ext.size() && path.ends_with(ext)) return true;
    }
    return false;
  }

  std::optional<ir::Module> load(const frontend::Input& input, SourceManager& sm, DiagnosticEngine& diags,
                                 const FrontendOptions& options) const override {
    if (input.text) {
      diags.report(Check::Usage, SourceLoc::none(), "C++ headers are read from files: name the header instead of '-'");
      return std::nullopt;
    }
    std::string program = find_extract_program();
    if (program.empty()) {
      diags.report(Check::Io, SourceLoc::none(),
                   "cannot read C++ header '" + input.path +
                       "': mcpc-extract is not installed (it is built with mcpc when Clang's development files "
                       "are there: Debian libclang-14-dev and libclang-cpp14-dev); put it next to mcpc, on PATH, or "
                       "name it in MCPC_EXTRACT");
      return std::nullopt;
    }
    std::string error;
    std::optional<process::TempDir> tmp = process::TempDir::create("mcpc-extract", &error);
    if (!tmp) {
      diags.report(Check::Io, SourceLoc::none(), error);
      return std::nullopt;
    }
    std::string ir_path = (tmp->path() / "module.ir.json").string();
    process::SpawnOptions spawn;
    spawn.argv = {program, input.path, "--emit=ir", "-o", ir_path, "--diagnostics-format=json"};
    if (!options.cxx_build_dir.empty()) {
      spawn.argv.push_back("-p");
      spawn.argv.push_back(options.cxx_build_dir);
    }
    for (const std::string& arg : options.cxx_args) spawn.argv.push_back("--extra-arg=" + arg);
    spawn.stderr_to = process::Stderr::Discard;
    process::CommandResult run = process::run_command(spawn, std::chrono::minutes(5), 64u << 20);
    if (!run.started || run.timed_out) {
      diags.report(Check::Io, SourceLoc::none(), "cannot read C++ header '" + input.path + "': " + run.describe());
      return std::nullopt;
    }
    std::ifstream in(ir_path, std::ios::binary);
    std::ostringstream ir_text;
    if (in) ir_text << in.rdbuf();
    std::optional<ir::Module> module;
    if (run.exit_code == 0 && !ir_text.str().empty()) module = load_ir(ir_text.str(), input.path, sm, diags);
    report_extract_diagnostics(run.output, sm, diags);
    if (!module && run.exit_code != 0 && !diags.has_errors()) {
      diags.report(Check::Io, SourceLoc::none(), "mcpc-extract " + run.describe() + " reading '" + input.path + "'");
    }
    return module;
  }
};

}  // namespace

std::string find_extract_program() {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    std::filesystem::path beside = self.parent_path() / "mcpc-extract";
    if (::access(beside.c_str(), X_OK) == 0) return beside.string();
  }
  if (const char* env = std::getenv("MCPC_EXTRACT"); env != nullptr && *env != '\0') {
    return process::find_program(env);
  }
  return process::find_program("mcpc-extract");
}

const frontend::Frontend& ir_frontend() {
  static const IrFrontend instance;
  return instance;
}

const frontend::Frontend& cpp_frontend() {
  static const CppFrontend instance;
  return instance;
}

const FrontendTable& frontends() {
  static const FrontendTable table{&ir_frontend(), &cpp_frontend(), &describe::describe_frontend(),
                                   &frontend::spec_frontend()};
  return table;
}

const frontend::Frontend* find_frontend(const FrontendTable& table, std::string_view name) {
  for (const frontend::Frontend* f : table) {
    if (f->name() == name) return f;
  }
  return nullptr;
}

}  // namespace mcpc::pipeline
