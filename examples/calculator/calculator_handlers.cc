// Handlers of the calculator example: four pure tools over two numbers.
// The spec is mcp.yaml; mcpc generates "mcpc-calculator.h" (types, the Handlers interface) and
// the server around it at build time (add_mcp_server in CMakeLists.txt).
#include <cmath>
#include <memory>

#include "mcpc-calculator.h"

namespace calculator_mcp {
namespace {

// JSON has no infinity or NaN: an overflowing result is an error, not a wrong number.
template <typename Result>
Outcome<Result> finite(double value) {
  if (!std::isfinite(value)) return ToolResult::error("the result is not a finite number");
  return Result{value};
}

class Calculator final : public Handlers {
 public:
  Outcome<AddResult> add(const AddParams& params, Context&) override { return finite<AddResult>(params.a + params.b); }

  Outcome<SubtractResult> subtract(const SubtractParams& params, Context&) override {
    return finite<SubtractResult>(params.a - params.b);
  }

  Outcome<MultiplyResult> multiply(const MultiplyParams& params, Context&) override {
    return finite<MultiplyResult>(params.a * params.b);
  }

  Outcome<DivideResult> divide(const DivideParams& params, Context&) override {
    // A tool-level error (isError: true), which the model can read and act on, rather than a
    // protocol error.
    if (params.b == 0) return ToolResult::error("cannot divide by zero: b must not be 0");
    return finite<DivideResult>(params.a / params.b);
  }
};

}  // namespace

std::unique_ptr<Handlers> make_handlers() { return std::make_unique<Calculator>(); }

}  // namespace calculator_mcp
