// The mcpc command: the table of subcommands, their help footers, parsing, and the one place
// that turns a subcommand's diagnostics into output and an exit code.
#include "mcpc/tool/cli.h"

#include <CLI/CLI.hpp>
#include <filesystem>

#include "subcommand.h"

#ifndef MCPC_VERSION
#define MCPC_VERSION "0.0.0"
#endif

namespace mcpc {
namespace tool {
namespace {

// What each command's exit statuses mean and which documents describe it: the footer of its
// help and of its man page. tests/unit/exit_codes_test.cc checks the statuses against what
// the commands do.
const std::vector<HelpFacts>& help_facts() {
  static const std::vector<HelpFacts> facts = {
      {"",
       {{kExitOk, "success (warnings allowed)"},
        {kExitErrors, "the input has errors, or what was asked for failed (a check, a validation, a registry lookup)"},
        {kExitUsage, "the command line is wrong, or a file it names cannot be read or written"}},
       {"README.md (what mcpc does, and how to start)", "docs/spec.md (the spec language)",
        "docs/diagnostics.md (every check)"}},
      {"check",
       {{kExitOk, "every spec is clean (warnings allowed, unless -W)"},
        {kExitErrors, "a spec has errors (or warnings, with -W)"},
        {kExitUsage, "the command line is wrong, or a spec cannot be read"}},
       {"docs/spec.md (the spec language)", "docs/diagnostics.md (every check, the output formats)"}},
      {"ir",
       {{kExitOk, "the IR was printed (or written to --output)"},
        {kExitErrors, "the spec has errors (or warnings, with -W); nothing is written"},
        {kExitUsage, "the command line is wrong, the spec cannot be read, or the output cannot be written"}},
       {"docs/spec.md (the spec language)", "docs/codegen.md (the IR and the backends)"}},
      {"compile",
       {{kExitOk, "the files were generated (warnings allowed, unless -W)"},
        {kExitErrors, "the spec has errors (or warnings, with -W), or a template is wrong; nothing is written"},
        {kExitUsage,
         "the command line is wrong, the spec cannot be read, a file cannot be written, or the handler skeleton "
         "exists (without --force)"}},
       {"docs/codegen.md (what is generated)", "docs/cmake.md (add_mcp_server())",
        "docs/runtime.md (the native runtime)"}},
      {"validate",
       {{kExitOk, "no check failed"},
        {kExitErrors, "a check failed"},
        {kExitUsage, "the command line is wrong, or the input cannot be read"}},
       {"docs/validate.md (each check)"}},
      {"package",
       {{kExitOk, "the artifacts were written (warnings allowed)"},
        {kExitErrors, "a spec has errors, or building or packaging failed"},
        {kExitUsage, "the command line is wrong, or the input cannot be read"}},
       {"docs/packaging.md (the artifacts)"}},
      {"registry",
       {{kExitOk, "done (also an identical republish, and verify finding only orphans or temp files)"},
        {kExitErrors,
         "the operation failed or was refused (not found, a version conflict, a digest mismatch, hostile input, "
         "verify found an inconsistency)"},
        {kExitUsage, "the command line is wrong, or the manifest cannot be read"}},
       {"docs/registry.md (the store and every subcommand)"}},
      {"publish",
       {{kExitOk, "every target was published (or packaged, with --dry-run)"},
        {kExitErrors, "a spec has errors, a target is not built, or packaging or publishing failed"},
        {kExitUsage, "the command line is wrong, or BUILD is not a CMake build with add_mcp_server() targets"}},
       {"docs/packaging.md (the artifacts)", "docs/cmake.md (add_mcp_server(... PUBLISH))",
        "docs/registry.md (the registry)"}},
      {"init",
       {{kExitOk, "the project was written (or the templates listed)"},
        {kExitErrors, "a template is broken (its spec does not check clean); nothing is written"},
        {kExitUsage,
         "the command line is wrong (an unknown template, a bad --name), a file exists (without --force), or a "
         "file cannot be written"}},
       {"docs/init.md (the templates and the projects they make)"}},
      {"new",
       {{kExitOk, "the spec was written and has no errors (warnings allowed)"},
        {kExitErrors, "the spec was written but has errors, or the language model service failed (nothing written)"},
        {kExitUsage,
         "the command line is wrong, the description cannot be read, or the output exists (without --force)"}},
       {"docs/natural-language.md (mcpc new, the offline rules, language models)", "docs/spec.md (the spec language)"}},
      {"extract",
       {{kExitOk, "the spec or IR was written (warnings allowed: skipped functions)"},
        {kExitErrors, "a header does not compile, or its annotations are wrong; nothing is written"},
        {kExitUsage, "the command line is wrong, a header cannot be read, or mcpc-extract is not installed"}},
       {"docs/cpp-headers.md (annotations, the type table, mcpc-extract)",
        "docs/cmake.md (add_mcp_server(FROM_HEADERS))"}},
      {"serve",
       {{kExitOk, "the service stopped gracefully (SIGTERM or SIGINT), or the API key command was done"},
        {kExitErrors, "the registry cannot be opened, or it cannot listen on the address"},
        {kExitUsage, "the command line is wrong"}},
       {"docs/service.md (the service, every route, auth, health checks, the page)",
        "docs/registry.md (the registry store)"}},
      {"help", {{kExitOk, "the help was printed"}, {kExitUsage, "no such subcommand"}}, {}},
  };
  return facts;
}

std::string footer_text(const HelpFacts& facts, const std::string& prose, const std::string& docs_dir) {
  std::string text = prose.empty() ? "" : prose + "\n\n";
  text += "Exit status:\n";
  for (const auto& [code, meaning] : facts.exit_status)
    text += "  " + std::to_string(code) + "  " + std::string(meaning) + "\n";
  if (!facts.docs.empty()) {
    text += "Docs (in " + docs_dir + "):\n";
    for (std::string_view doc : facts.docs) text += "  " + std::string(doc) + "\n";
  }
  text.pop_back();  // CLI11 ends the footer with a newline
  return text;
}

// Sets the footer of `app` and of the subcommands below it (registry's actions share its facts).
void set_footer(CLI::App& app, const HelpFooter& footer, const std::string& docs_dir,
                std::map<const CLI::App*, HelpFooter>& footers) {
  app.footer(footer_text(*footer.facts, footer.prose, docs_dir));
  footers[&app] = footer;
  for (CLI::App* sub : app.get_subcommands({})) set_footer(*sub, footer, docs_dir, footers);
}

std::string command_path(const CLI::App* app) {
  std::string path;
  for (; app != nullptr; app = app->get_parent()) path = app->get_name() + (path.empty() ? "" : " " + path);
  return path;
}

std::vector<std::string_view> names_of(const CLI::App& app) {
  std::vector<std::string_view> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  return names;
}

std::string joined(const std::vector<std::string_view>& names) {
  std::string s;
  for (std::string_view n : names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

// The app a failed parse stopped in: the deepest subcommand that was reached.
const CLI::App* stopped_in(const CLI::App& app) {
  const CLI::App* at = &app;
  while (!at->get_subcommands().empty()) at = at->get_subcommands().front();
  return at;
}

std::string unknown_subcommand(const CLI::App& at, const std::string& word) {
  const std::string parent = at.get_parent() == nullptr ? "" : command_path(&at).substr(5) + " ";  // no "mcpc "
  std::string message = "unknown " + parent + "subcommand '" + sanitize_utf8(word) + "'";
  if (std::string match = closest_match(word, names_of(at)); !match.empty())
    message += "; did you mean '" + match + "'?";
  return message;
}

// The message for a command line CLI11 refused, better than CLI11's where we know more: an
// unknown or missing subcommand, an unknown option.
std::string usage_message(const CLI::App& at, const CLI::ParseError& e) {
  std::vector<std::string> left = at.remaining();
  const bool wants_subcommand = at.get_require_subcommand_min() > 0 && at.get_subcommands().empty();
  if (wants_subcommand) {
    for (const std::string& word : left) {
      if (word.rfind('-', 0) != 0) return unknown_subcommand(at, word);
    }
  }
  for (const std::string& word : left) {
    if (word.rfind('-', 0) == 0) return "unknown option '" + sanitize_utf8(word) + "'";
  }
  if (wants_subcommand) return "'" + command_path(&at) + "' needs a subcommand";
  return sanitize_utf8(e.what());
}

// Prints a [usage] error about the command line of `at`, with its subcommands when it has
// some, and where to read more.
void print_usage_error(const CLI::App& at, const std::string& message, std::ostream& err) {
  err << "mcpc: error: " << message << " [usage]\n";
  if (!at.get_subcommands({}).empty()) err << "Subcommands: " << joined(names_of(at)) << "\n";
  err << "Run 'mcpc help" << command_path(&at).substr(4) << "' for usage.\n";
}

// `mcpc help [SUBCOMMAND...]`: the app named, or null (after printing why) when none is.
const CLI::App* help_target(const CLI::App& app, const std::vector<std::string>& words, std::ostream& err) {
  const CLI::App* at = &app;
  for (const std::string& word : words) {
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : at->get_subcommands({})) {
      if (sub->get_name() == word) next = sub;
    }
    if (next == nullptr) {
      print_usage_error(*at, unknown_subcommand(*at, word), err);
      return nullptr;
    }
    at = next;
  }
  return at;
}

}  // namespace

std::string docs_dir() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
#ifdef MCPC_DOCDIR_FROM_BINDIR
  if (!ec) {
    std::filesystem::path installed = (exe.parent_path() / MCPC_DOCDIR_FROM_BINDIR).lexically_normal();
    if (std::filesystem::is_regular_file(installed / "docs" / "spec.md", ec)) return installed.string();
  }
#endif
#ifdef MCPC_SOURCE_DIR
  return MCPC_SOURCE_DIR;
#else
  return ".";
#endif
}

CommandLine::CommandLine(const std::string& docs)
    : app("mcpc: compile MCP server specs into tested, packaged servers", "mcpc"), docs_dir(docs) {
  app.set_version_flag("--version", std::string("mcpc ") + MCPC_VERSION);
  app.require_subcommand(1);
  subcommands = {add_check_command(app),    add_ir_command(app),      add_compile_command(app),
                 add_validate_command(app), add_package_command(app), add_registry_command(app),
                 add_publish_command(app),  add_init_command(app),    add_new_command(app),
                 add_extract_command(app),  add_serve_command(app)};
  help = app.add_subcommand("help", "Show the help of mcpc or of a subcommand (mcpc help registry versions)");
  help->add_option("subcommand", help_words, "The subcommand (and its subcommand) to explain");
  for (const HelpFacts& facts : help_facts()) {
    CLI::App* target = facts.command.empty() ? &app : nullptr;
    for (CLI::App* sub : app.get_subcommands({})) {
      if (sub->get_name() == facts.command) target = sub;
    }
    if (target == &app) {
      app.footer(footer_text(facts, "", docs));
      footers[&app] = {"", &facts};
    } else if (target != nullptr) {
      set_footer(*target, {target->get_footer(), &facts}, docs, footers);
    }
  }
}

const HelpFooter* CommandLine::footer_of(const CLI::App& command) const {
  auto it = footers.find(&command);
  return it == footers.end() ? nullptr : &it->second;
}

}  // namespace tool

int run_cli(const std::vector<std::string>& args, CliStreams io) {
  tool::CommandLine cl(tool::docs_dir());
  CLI::App& app = cl.app;

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
    // Before any subcommand ran, so printed here in the same shape as a [usage] diagnostic.
    const CLI::App* at = tool::stopped_in(app);
    tool::print_usage_error(*at, tool::usage_message(*at, e), io.err);
    return kExitUsage;
  }

  if (cl.help->parsed()) {
    const CLI::App* target = tool::help_target(app, cl.help_words, io.err);
    if (target == nullptr) return kExitUsage;
    // Not target->help(): on mcpc itself that would explain the parsed "help" subcommand.
    io.out << target->get_formatter()->make_help(target, tool::command_path(target), CLI::AppFormatMode::Normal);
    return kExitOk;
  }
  for (const tool::Subcommand& sub : cl.subcommands) {
    if (!sub.app->parsed()) continue;
    tool::Invocation inv(io);
    sub.run(inv);
    tool::DiagnosticOptions plain;
    plain.summary = false;
    const tool::DiagnosticOptions& rendering = sub.diagnostics != nullptr ? *sub.diagnostics : plain;
    tool::render_diagnostics(inv, rendering);
    io.err << inv.after_diagnostics;
    return exit_code(inv.diags, rendering.werror);
  }
  return kExitUsage;
}

}  // namespace mcpc
