// Man pages from the command line's own data (CLI11's options and descriptions, and the help
// footers' prose and facts recorded by cli.cc): one page per subcommand, so `man mcpc-check`
// says what `mcpc check --help` says. Written at build time by mcpc_man (man_main.cc).
#include "man.h"

#include <cctype>

#ifndef MCPC_VERSION
#define MCPC_VERSION "0.0.0"
#endif

namespace mcpc::tool {
namespace {

// Text for roff: backslashes escaped, a line starting with '.' or '\'' made literal, and the
// hyphens that start a word (options, "-" for standard input) minus signs, so they can be
// searched for and copied; a hyphen inside a word stays one.
std::string roff(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    char before = i == 0 ? '\n' : text[i - 1];
    if (before == '\n' && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-' && !std::isalnum(static_cast<unsigned char>(before))) {
      out += "\\-";
    } else {
      out += c;
    }
  }
  return out;
}

// Option names and commands: hyphens are minus signs, so they can be searched and copied.
std::string literal(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '-' ? std::string("\\-") : c == '\\' ? std::string("\\e") : std::string(1, c);
  return out;
}

std::string page_name(const CLI::App& app) {
  std::string name;
  for (const CLI::App* a = &app; a != nullptr; a = a->get_parent())
    name = a->get_name() + (name.empty() ? "" : "-" + name);
  return name;
}

std::string command_of(const CLI::App& app) {
  std::string name = page_name(app);
  for (char& c : name) c = c == '-' ? ' ' : c;
  return name;
}

std::string options_of(const CLI::App& app) {
  CLI::Formatter f;
  std::string out;
  auto option = [&](const CLI::Option* opt, bool positional) {
    out += ".TP\n\\fB" + literal(f.make_option_name(opt, positional)) + "\\fR" + roff(f.make_option_opts(opt)) + "\n" +
           roff(f.make_option_desc(opt)) + "\n";
  };
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_positional() && !opt->get_group().empty()) option(opt, true);
  }
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->nonpositional() && !opt->get_group().empty()) option(opt, false);
  }
  return out;
}

std::string synopsis(const CLI::App& app) {
  std::string usage = CLI::Formatter().make_usage(&app, command_of(app));
  usage = usage.substr(usage.find(':') + 2);  // "Usage: "
  if (!usage.empty() && usage.back() == '\n') usage.pop_back();
  std::string command = command_of(app);
  return ".B " + literal(command) + "\n" + roff(usage.substr(command.size() + (usage.size() > command.size()))) + "\n";
}

std::string description_of(const CLI::App& app) {
  std::string d = app.get_description();
  if (d.rfind("mcpc: ", 0) == 0) d = d.substr(6);
  return d;
}

}  // namespace

std::string man_page(const CommandLine& cl, const CLI::App& app, const std::vector<std::string>& see_also) {
  std::string name = page_name(app);
  std::string upper = name;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const HelpFooter no_footer;
  const HelpFooter& footer = cl.footer_of(app) != nullptr ? *cl.footer_of(app) : no_footer;

  std::string page = ".TH \"" + literal(upper) + "\" \"1\" \"\" \"mcpc " MCPC_VERSION "\" \"mcpc manual\"\n";
  page += ".SH NAME\n" + literal(name) + " \\- " + roff(description_of(app)) + "\n";
  page += ".SH SYNOPSIS\n" + synopsis(app);
  page += ".SH DESCRIPTION\n" + roff(description_of(app)) + ".\n";
  if (!footer.prose.empty()) page += ".PP\n" + roff(footer.prose) + "\n";
  page += ".SH OPTIONS\n" + options_of(app);

  std::vector<const CLI::App*> subs = app.get_subcommands({});
  if (!subs.empty()) {
    page += ".SH SUBCOMMANDS\n";
    for (const CLI::App* sub : subs) {
      if (sub->get_parent() != nullptr && sub->get_parent()->get_parent() == nullptr) {
        page += ".TP\n\\fB" + literal(sub->get_name()) + "\\fR\n" + roff(sub->get_description()) + "\n";
        continue;
      }
      // Nested subcommands (registry's) have no page of their own: each is explained here.
      page += ".SS " + literal(sub->get_name()) + "\n" + roff(sub->get_description()) + ".\n.PP\n" + synopsis(*sub) +
              options_of(*sub);
    }
  }
  if (footer.facts != nullptr && !footer.facts->exit_status.empty()) {
    page += ".SH EXIT STATUS\n";
    for (const auto& [code, meaning] : footer.facts->exit_status)
      page += ".TP\n.B " + std::to_string(code) + "\n" + roff(meaning) + "\n";
  }
  page += ".SH SEE ALSO\n";
  for (std::size_t i = 0; i < see_also.size(); ++i) {
    page += ".BR " + literal(see_also[i]) + " (1)" + (i + 1 < see_also.size() ? "," : "") + "\n";
  }
  if (footer.facts != nullptr && !footer.facts->docs.empty()) {
    page += ".PP\n" + roff("The documents in " + cl.docs_dir + ":") + "\n";
    for (std::string_view doc : footer.facts->docs) page += ".IP \\(bu 2\n" + roff(doc) + "\n";
  }
  return page;
}

std::vector<std::pair<std::string, std::string>> man_pages(const CommandLine& cl) {
  const CLI::App& mcpc = cl.app;
  std::vector<std::pair<std::string, std::string>> pages;
  std::vector<std::string> names{"mcpc"};
  for (const CLI::App* sub : mcpc.get_subcommands({})) {
    if (sub->get_name() != "help") names.push_back("mcpc-" + sub->get_name());
  }
  pages.emplace_back("mcpc.1", man_page(cl, mcpc, {names.begin() + 1, names.end()}));
  for (const CLI::App* sub : mcpc.get_subcommands({})) {
    if (sub->get_name() == "help") continue;
    std::string name = "mcpc-" + sub->get_name();
    pages.emplace_back(name + ".1", man_page(cl, *sub, {"mcpc"}));
  }
  return pages;
}

}  // namespace mcpc::tool
