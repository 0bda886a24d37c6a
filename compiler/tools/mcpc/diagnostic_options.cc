// --diagnostics-format and friends, rendering, and the one mapping from diagnostics to exit codes.
#include <cstdlib>
#include <ostream>

#include "mcpc/frontend/frontend.h"
#include "subcommand.h"

#ifndef MCPC_VERSION
#define MCPC_VERSION "0.0.0"
#endif

namespace mcpc {

int exit_code(const DiagnosticEngine& diags, bool warnings_as_errors) {
  bool errors = false;
  for (const Diagnostic& d : diags.raw()) {
    if (d.severity != Severity::Error) continue;
    // The invocation itself is wrong: a bad option, or a file it names that cannot be used.
    // An [io] error inside a spec (a resource file it names is gone) is an input error.
    if (d.check == Check::Usage || (d.check == Check::Io && d.loc.file == SourceLoc::kNoFile)) return kExitUsage;
    errors = true;
  }
  if (errors || (warnings_as_errors && diags.warning_count() > 0)) return kExitErrors;
  return kExitOk;
}

namespace tool {

void DiagnosticOptions::add_to(CLI::App& cmd) {
  cmd.add_option("--diagnostics-format", format, "How to print diagnostics: text (default), json or sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  cmd.add_option("--color", color, "Colour text diagnostics: auto (on a terminal), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd.add_flag("--no-source", no_source, "Do not print the source line and caret under text diagnostics");
  cmd.add_flag("--warnings-as-errors,-W", werror, "Fail (exit 1) on warnings too");
  cmd.add_option("--stdin-filename", stdin_filename,
                 "Name to report for a spec read from '-' (its extension picks YAML or JSON)");
  cmd.add_option("--max-file-size", max_file_bytes, "Refuse spec files larger than this many bytes")
      ->capture_default_str();
  cmd.add_option("--extract-arg", extract_args,
                 "C++ headers: an argument for the compiler that reads them, e.g. --extract-arg=-Iinclude "
                 "(repeatable; docs/cpp-headers.md)");
  cmd.add_option("--compile-commands-dir", compile_commands_dir,
                 "C++ headers: a build directory with compile_commands.json, whose flags read each header");
}

void render_diagnostics(Invocation& inv, const DiagnosticOptions& o) {
  std::vector<Diagnostic> sorted = inv.diags.sorted();
  if (o.format == "json") {
    inv.io.out << render_json(inv.sources, sorted);
  } else if (o.format == "sarif") {
    inv.io.out << render_sarif(inv.sources, sorted, MCPC_VERSION);
  } else {
    TextRenderOptions tro;
    tro.color = o.color == "always" || (o.color == "auto" && inv.io.err_is_tty && std::getenv("NO_COLOR") == nullptr);
    tro.show_source = !o.no_source;
    inv.io.err << render_text(inv.sources, sorted, tro);
    std::size_t e = inv.diags.error_count(), w = inv.diags.warning_count();
    if (o.summary && e + w > 0) {
      inv.io.err << e << (e == 1 ? " error" : " errors") << " and " << w << (w == 1 ? " warning" : " warnings")
                 << " generated.\n";
    }
  }
}

}  // namespace tool
}  // namespace mcpc
