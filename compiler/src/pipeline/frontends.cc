// The front-end table, and the IR front end (IR JSON as `mcpc ir` writes it).
#include "mcpc/pipeline/frontends.h"

#include <fstream>
#include <sstream>

#include "mcpc/describe/frontend.h"
#include "mcpc/frontend/spec.h"
#include "mcpc/ir/ir_json.h"

namespace mcpc::pipeline {
namespace {

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
    std::string error;
    std::optional<ir::Module> module = ir::parse_ir(*text, &error);
    if (!module) {
      diags.report(Check::Syntax, SourceLoc::none(), input.path + ": not a valid IR file: " + error);
      return std::nullopt;
    }
    // The spec files it came from, when they still exist, so that diagnostics can quote them.
    for (const std::string& file : module->files) {
      std::ifstream src(file, std::ios::binary);
      std::ostringstream spec_text;
      if (src) spec_text << src.rdbuf();
      sm.add(file, spec_text.str());
    }
    return module;
  }
};

}  // namespace

const frontend::Frontend& ir_frontend() {
  static const IrFrontend instance;
  return instance;
}

const FrontendTable& frontends() {
  static const FrontendTable table{&ir_frontend(), &describe::describe_frontend(), &frontend::spec_frontend()};
  return table;
}

const frontend::Frontend* find_frontend(const FrontendTable& table, std::string_view name) {
  for (const frontend::Frontend* f : table) {
    if (f->name() == name) return f;
  }
  return nullptr;
}

}  // namespace mcpc::pipeline
