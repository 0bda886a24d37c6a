// mcpc new --prompt "...": a spec drafted from a description (docs/natural-language.md), by a
// language model when one is configured, else by the offline rules. The spec is always written
// for the user to read and edit, then checked like `mcpc check` would.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "mcpc/describe/describe.h"
#include "mcpc/pipeline/pipeline.h"
#include "subcommand.h"

namespace mcpc::tool {
namespace {

struct NewOptions {
  DiagnosticOptions diagnostics;
  std::string prompt;
  std::string prompt_file;
  std::string output = "mcp.yaml";
  bool offline = false;
  bool force = false;
};

std::optional<std::string> description_text(const NewOptions& o, Invocation& inv) {
  if (o.prompt.empty() == o.prompt_file.empty()) {
    inv.usage_error(
        "new needs the description: --prompt \"TEXT\" (or --prompt - for standard input) or --prompt-file FILE");
    return std::nullopt;
  }
  std::string text;
  if (!o.prompt_file.empty() || o.prompt == "-") {
    std::ostringstream buf;
    if (o.prompt == "-") {
      buf << inv.io.in.rdbuf();
    } else {
      std::error_code ec;
      std::ifstream in(o.prompt_file, std::ios::binary);
      if (!std::filesystem::is_regular_file(o.prompt_file, ec) || !in) {
        inv.report(Check::Io, "cannot read '" + o.prompt_file + "'");
        return std::nullopt;
      }
      buf << in.rdbuf();
    }
    text = buf.str();
  } else {
    text = o.prompt;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    inv.usage_error("the description is empty");
    return std::nullopt;
  }
  return text;
}

std::size_t count_of(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

void run_new(const NewOptions& o, Invocation& inv) {
  std::optional<std::string> text = description_text(o, inv);
  if (!text) return;
  std::error_code ec;
  if (std::filesystem::exists(o.output, ec) && !o.force) {
    inv.usage_error("'" + o.output + "' exists; --force replaces it");
    return;
  }
  describe::Options options;
  options.llm = o.offline ? describe::LlmConfig{} : describe::config_from_env();
  options.display_name = o.output;
  options.progress = [&inv](const std::string& line) {
    inv.io.err << "mcpc: " << sanitize_utf8(line) << "\n" << std::flush;
  };
  std::string why;
  if (o.offline) {
    why = " (--offline)";
  } else if (options.llm.provider == describe::Provider::Offline) {
    why = " (set ANTHROPIC_API_KEY or MCPC_LLM_URL to use a language model)";
  }
  inv.io.err << "mcpc: drafting the spec with " << describe::provider_name(options.llm.provider) << why << "\n"
             << std::flush;
  describe::Result result = describe::describe(*text, options, inv.diags);
  if (!result.ok) {
    if (options.llm.provider != describe::Provider::Offline)
      inv.after_diagnostics += "mcpc: nothing was written; --offline drafts the spec without a language model\n";
    return;
  }
  if (!write_whole_file(o.output, result.yaml)) {
    inv.report(Check::Io, "cannot write '" + o.output + "'");
    return;
  }
  std::size_t todos = count_of(result.yaml, "# TODO:");
  std::string rounds;
  if (result.requests > 1) rounds = " after " + std::to_string(result.requests - 1) + " repair round(s)";
  inv.io.err << "mcpc: wrote " << sanitize_utf8(o.output) << rounds
             << (todos > 0 ? "; " + std::to_string(todos) + " TODO comment" + (todos == 1 ? "" : "s") + " to review"
                           : "")
             << "\n";
  // The file as written, checked like `mcpc check` does it, so diagnostics name its lines.
  pipeline::Request request;
  request.inputs.push_back({o.output, std::nullopt});
  pipeline::Result checked = pipeline::run(request, inv.sources, inv.diags);
  if (!inv.diags.has_errors() && !checked.modules.empty()) {
    inv.after_diagnostics += "mcpc: " + sanitize_utf8(o.output) + ": no problems (" +
                             std::to_string(checked.modules.front()->tools.size()) + " tools); next: mcpc compile " +
                             sanitize_utf8(o.output) + " --target cpp -o DIR\n";
  }
}

}  // namespace

Subcommand add_new_command(CLI::App& app) {
  auto o = std::make_shared<NewOptions>();
  CLI::App* cmd = app.add_subcommand("new", "Draft a spec from a description of the server, then check it");
  cmd->add_option("--prompt", o->prompt, "The description, in plain words; '-' reads it from standard input");
  cmd->add_option("--prompt-file", o->prompt_file, "Read the description from this file");
  cmd->add_option("-o,--output", o->output, "Where to write the spec (default: mcp.yaml)");
  cmd->add_flag("--offline", o->offline, "Use the offline rules even when a language model is configured");
  cmd->add_flag("--force", o->force, "Replace the output file when it exists");
  cmd->footer(
      "Environment: MCPC_LLM_URL (+ MCPC_LLM_MODEL, MCPC_LLM_API_KEY) asks an OpenAI-compatible endpoint; else\n"
      "ANTHROPIC_API_KEY (+ ANTHROPIC_BASE_URL, MCPC_LLM_MODEL) asks Anthropic; else the offline rules draft it.\n"
      "MCPC_LLM_TIMEOUT: seconds per request (default 120).");
  return {cmd, [o](Invocation& inv) { run_new(*o, inv); }, &o->diagnostics};
}

}  // namespace mcpc::tool
