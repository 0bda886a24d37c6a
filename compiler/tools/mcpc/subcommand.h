// Every subcommand has the same shape: add_<name>_command() declares its options on the app
// and returns how to run it; run() reports every problem to the Invocation's diagnostics and
// cli.cc renders them and picks the exit code (exit_code()). One file per subcommand.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mcpc/support/diagnostic.h"
#include "mcpc/support/source.h"
#include "mcpc/tool/cli.h"

namespace mcpc::tool {

/// How diagnostics are printed: --diagnostics-format and friends (diagnostic_options.cc).
struct DiagnosticOptions {
  std::string format = "text";
  std::string color = "auto";
  bool no_source = false;
  bool werror = false;
  std::string stdin_filename = "<stdin>.yaml";
  std::size_t max_file_bytes = 16u << 20;
  bool summary = true;                    ///< text: end with "N errors and M warnings generated."
  std::vector<std::string> extract_args;  ///< C++ headers: compiler arguments (--extract-arg)
  std::string compile_commands_dir;       ///< C++ headers: where compile_commands.json is

  /// Declares the options on `cmd` (the subcommands that read specs).
  void add_to(CLI::App& cmd);
};

/// One run of a subcommand: where it writes, and what it found.
struct Invocation {
  explicit Invocation(CliStreams& streams) : io(streams) {}
  CliStreams& io;
  SourceManager sources;
  DiagnosticEngine diags;
  /// Printed on standard error after the diagnostics (check's line on success).
  std::string after_diagnostics;

  /// A problem with no place in a file: the command line, or a file it names.
  void report(Check check, std::string message) { diags.report(check, SourceLoc::none(), std::move(message)); }
  void usage_error(std::string message) { report(Check::Usage, std::move(message)); }
};

struct Subcommand {
  CLI::App* app = nullptr;
  std::function<void(Invocation&)> run;  ///< called when `app` was parsed
  /// How its diagnostics print; null: as text on standard error.
  const DiagnosticOptions* diagnostics = nullptr;
};

/// What a command's help says besides its options: what each exit status means and which
/// documents describe it.
struct HelpFacts {
  std::string_view command;  ///< "" for mcpc itself
  std::vector<std::pair<int, std::string_view>> exit_status;
  std::vector<std::string_view> docs;  ///< "file.md (what it covers)"
};

/// The parts of one command's help footer: its own prose and its facts.
struct HelpFooter {
  std::string prose;
  const HelpFacts* facts = nullptr;
};

/// The whole command line: mcpc, every subcommand with its help footer (exit statuses, and
/// the documents under `docs_dir`), and `mcpc help`. run_cli() parses with it; the man pages
/// are written from it.
struct CommandLine {
  explicit CommandLine(const std::string& docs_dir);
  CLI::App app;
  std::vector<Subcommand> subcommands;
  CLI::App* help = nullptr;
  std::vector<std::string> help_words;  ///< `mcpc help registry versions`: {"registry", "versions"}
  std::string docs_dir;
  std::map<const CLI::App*, HelpFooter> footers;  ///< of mcpc and of each (sub)subcommand

  /// The footer parts of `command`, or null for one without facts.
  const HelpFooter* footer_of(const CLI::App& command) const;
};

/// Where the documentation (README.md, docs/spec.md, ...) is: PREFIX/share/doc/mcpc next to
/// an installed mcpc, else the source tree it was built from (the same layout).
std::string docs_dir();

/// Prints the invocation's diagnostics as `options` say (text on stderr with a summary line,
/// or JSON/SARIF on stdout).
void render_diagnostics(Invocation& inv, const DiagnosticOptions& options);

/// Writes `text` to `path` through a temporary file and a rename, so readers never see half a
/// file; false when it cannot (compile.cc).
bool write_whole_file(const std::string& path, const std::string& text);

Subcommand add_check_command(CLI::App& app);     // check.cc
Subcommand add_ir_command(CLI::App& app);        // ir.cc
Subcommand add_compile_command(CLI::App& app);   // compile.cc
Subcommand add_validate_command(CLI::App& app);  // validate.cc
Subcommand add_package_command(CLI::App& app);   // package.cc
Subcommand add_registry_command(CLI::App& app);  // registry.cc
Subcommand add_publish_command(CLI::App& app);   // publish.cc
Subcommand add_init_command(CLI::App& app);      // init.cc
Subcommand add_new_command(CLI::App& app);       // new.cc
Subcommand add_extract_command(CLI::App& app);   // extract.cc
Subcommand add_serve_command(CLI::App& app);     // serve.cc

}  // namespace mcpc::tool
