#include "tool_list_frontend.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace mcpc::testing {
namespace {

class ToolListFrontend final : public frontend::Frontend {
 public:
  std::string_view name() const override { return "tool-list"; }
  std::string_view description() const override { return "one tool per line: 'name: description'"; }
  bool accepts(std::string_view path) const override { return path.ends_with(".tools"); }

  std::optional<ir::Module> load(const frontend::Input& input, SourceManager& sm, DiagnosticEngine& diags,
                                 const FrontendOptions& options) const override {
    std::optional<std::string> text = frontend::read_input(input, options.limits, diags);
    if (!text) return std::nullopt;
    std::uint32_t file = sm.add(input.path, *text);
    ir::Module module;
    module.files.push_back(input.path);
    module.server.name = std::filesystem::path(input.path).stem().string();
    module.server.version = "0.1.0";
    module.server.loc = module.server.name_loc = module.server.version_loc = SourceLoc{file, 1, 1};
    module.transports.push_back(ir::Transport{});
    std::istringstream lines(*text);
    std::string line;
    for (std::uint32_t number = 1; std::getline(lines, line); ++number) {
      if (line.empty() || line.starts_with("#")) continue;
      std::size_t colon = line.find(':');
      if (colon == std::string::npos) {
        diags.report(Check::Syntax, SourceLoc{file, number, 1}, "expected 'name: description'");
        continue;
      }
      ir::Tool tool;
      tool.name = line.substr(0, colon);
      tool.description = line.substr(line.find_first_not_of(' ', colon + 1) == std::string::npos
                                         ? line.size()
                                         : line.find_first_not_of(' ', colon + 1));
      tool.input_schema.json = {{"type", "object"}};
      tool.loc = tool.name_loc = tool.input_schema.loc = SourceLoc{file, number, 1};
      module.tools.push_back(std::move(tool));
    }
    return module;
  }
};

}  // namespace

const frontend::Frontend& tool_list_frontend() {
  static const ToolListFrontend instance;
  return instance;
}

}  // namespace mcpc::testing
