#include "templates.h"

#include <fstream>
#include <sstream>

namespace mcpc::codegen {

namespace {

// kainjow's handling of lines that hold only section tags differs from the Mustache spec (it
// depends on what the section renders), so layout is made explicit instead: an empty line in
// a template is kept (marked before rendering), and any other line that renders to nothing
// but whitespace is dropped. Templates can then put each tag on its own line.
constexpr char kBlankLine = '\x01';

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

std::string mark_blank_lines(std::string_view text) {
  std::string out;
  for (std::string_view line : lines_of(text)) {
    if (line.empty()) out.push_back(kBlankLine);
    out.append(line).push_back('\n');
  }
  return out;
}

std::string tidy_lines(std::string_view rendered) {
  std::string out;
  for (std::string_view line : lines_of(rendered)) {
    if (line.find(kBlankLine) != std::string_view::npos) {
      out.push_back('\n');
    } else if (!is_blank(line)) {
      out.append(line).push_back('\n');
    }
  }
  return out;
}

}  // namespace

TemplateSet::TemplateSet(std::string target, std::optional<std::filesystem::path> override_dir, DiagnosticEngine& diags)
    : target_(std::move(target)), override_dir_(std::move(override_dir)), diags_(diags) {}

std::optional<std::string> TemplateSet::source(std::string_view name) {
  std::string file = std::string(name) + ".mustache";
  if (override_dir_) {
    // Accept both DIR/<target>/x.mustache (a copy of the installed tree) and DIR/x.mustache.
    for (const std::filesystem::path& p : {*override_dir_ / target_ / file, *override_dir_ / file}) {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(p, ec)) continue;
      std::ifstream in(p, std::ios::binary);
      std::ostringstream buf;
      buf << in.rdbuf();
      if (!in) {
        diags_.report(Check::Io, SourceLoc::none(), "cannot read template '" + p.string() + "'");
        return std::nullopt;
      }
      files_read_.push_back(std::filesystem::absolute(p).lexically_normal().string());
      return buf.str();
    }
  }
  if (auto text = builtin_template(target_ + "/" + file)) return std::string(*text);
  diags_.report(Check::Template, SourceLoc::none(), "no template '" + target_ + "/" + file + "'");
  return std::nullopt;
}

std::optional<std::string> TemplateSet::render(std::string_view name, const View& view) {
  std::optional<std::string> text = source(name);
  if (!text) return std::nullopt;
  kainjow::mustache::mustache tmpl(mark_blank_lines(*text));
  if (tmpl.is_valid()) {
    tmpl.set_custom_escape([](const std::string& s) { return s; });
    std::string out = tmpl.render(view);
    if (tmpl.is_valid()) return tidy_lines(out);
  }
  diags_.report(Check::Template, SourceLoc::none(), "template '" + std::string(name) + "': " + tmpl.error_message());
  return std::nullopt;
}

}  // namespace mcpc::codegen
