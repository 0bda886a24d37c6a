// mcpc-extract: C++ headers -> an mcpc spec or IR (docs/cpp-headers.md). mcpc's "cpp" front
// end runs it with --emit=ir; users run it for a spec to write handlers against.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "mcpc/extract/extract.h"
#include "mcpc/ir/ir_json.h"

namespace {

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "mcpc-extract: reads C++ headers whose functions are marked MCPC_TOOL (<mcpc/annotations.h>) and writes "
      "the MCP server they describe: a spec (docs/spec.md) to write handlers against, or the IR that mcpc "
      "compiles into a server calling the functions directly. Documentation: docs/cpp-headers.md.",
      "mcpc-extract"};
  mcpc::extract::Options options;
  std::string output = "-";
  std::string emit = "spec";
  std::string depfile_path;
  std::string diagnostics_format = "text";
  app.add_option("headers", options.headers, "The headers to read (each parsed as its own translation unit)")
      ->required();
  app.add_option("-p,--build-dir", options.build_dir,
                 "A build directory with compile_commands.json: each header is compiled with the command of the "
                 "closest source file in it");
  app.add_option("--extra-arg", options.extra_args,
                 "An argument appended to every compile command, e.g. --extra-arg=-Iinclude (repeatable)");
  app.add_option("--include-dir", options.include_dirs,
                 "A directory on the include path of the server's build: searched for the headers' includes, "
                 "and the generated code #includes the headers relative to it (repeatable; -I options given "
                 "with --extra-arg count too)");
  app.add_option("--name", options.server_name, "The server's name (default: the first header's name)");
  app.add_option("--version", options.server_version, "The server's version (default 0.1.0)");
  app.add_option("-o,--output", output, "Where to write (default: standard output)");
  app.add_option("--emit", emit, "What to write: spec (YAML, default) or ir (JSON, with native bindings)")
      ->check(CLI::IsMember({"spec", "ir"}));
  app.add_option("--depfile", depfile_path,
                 "Also write a Make/Ninja depfile naming every header the headers include (needs -o)");
  app.add_option("--diagnostics-format", diagnostics_format,
                 "text (default, on standard error) or json (on standard output, unless -o is not given)")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--resource-dir", options.resource_dir, "Clang's built-in headers (default: found)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "mcpc-extract: error: " << e.what() << " [usage]\n";
    return 2;
  }
  if (!depfile_path.empty() && output == "-") {
    std::cerr << "mcpc-extract: error: --depfile needs -o FILE: the depfile names the file it describes [usage]\n";
    return 2;
  }

  mcpc::SourceManager sm;
  mcpc::DiagnosticEngine diags;
  mcpc::extract::Result result = mcpc::extract::extract(options, sm, diags);

  std::string text;
  bool io_failed = false;
  if (result.module && !diags.has_errors()) {
    text = emit == "ir" ? mcpc::ir::dump(*result.module) : mcpc::extract::to_spec_yaml(*result.module);
    if (output == "-") {
      std::cout << text;
    } else if (!write_file(output, text)) {
      diags.report(mcpc::Check::Io, mcpc::SourceLoc::none(), "cannot write '" + output + "'");
      io_failed = true;
    }
    if (!io_failed && !depfile_path.empty() &&
        !write_file(depfile_path, mcpc::extract::depfile(output, result.dependencies))) {
      diags.report(mcpc::Check::Io, mcpc::SourceLoc::none(), "cannot write '" + depfile_path + "'");
      io_failed = true;
    }
  }

  std::vector<mcpc::Diagnostic> sorted = diags.sorted();
  if (diagnostics_format == "json") {
    // Standard output, as mcpc prints them, unless the output itself goes there.
    (output == "-" ? std::cerr : std::cout) << mcpc::render_json(sm, sorted);
  } else {
    std::string rendered = mcpc::render_text(sm, sorted, {isatty(STDERR_FILENO) == 1, true});
    // Diagnostics with no file are the program's own: named after it, not after mcpc.
    std::string::size_type at = 0;
    while ((at = rendered.find("mcpc: ", at)) != std::string::npos) {
      if (at == 0 || rendered[at - 1] == '\n') rendered.replace(at, 6, "mcpc-extract: ");
      at += 6;
    }
    std::cerr << rendered;
  }
  bool usage_or_io = false;
  for (const mcpc::Diagnostic& d : sorted) {
    if (d.severity == mcpc::Severity::Error && !d.loc.valid() &&
        (d.check == mcpc::Check::Io || d.check == mcpc::Check::Usage)) {
      usage_or_io = true;
    }
  }
  if (usage_or_io) return 2;
  return diags.has_errors() ? 1 : 0;
}
