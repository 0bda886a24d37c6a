// Handlers of the incremental test's alpha server (alpha.yaml + alpha-tools.yaml).
#include "alpha.h"

#include <cctype>
#include <memory>
#include <string>

namespace alpha_mcp {

class Impl : public Handlers {
 public:
  ToolResult echo(const EchoParams& params, Context&) override { return ToolResult::text(params.text); }

  ToolResult shout(const ShoutParams& params, Context&) override {
    std::string loud = params.text;
    for (char& c : loud) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return ToolResult::text(loud);
  }
};

std::unique_ptr<Handlers> make_handlers() { return std::make_unique<Impl>(); }

}  // namespace alpha_mcp
