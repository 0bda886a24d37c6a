// Hand-written handlers of the consumer test's server (greeter.yaml). The generated
// greeter.h declares them in a namespace named after the server: greeter-mcp -> greeter_mcp.
#include "greeter.h"

#include <memory>

namespace greeter_mcp {

class Impl : public Handlers {
 public:
  Outcome<GreetResult> greet(const GreetParams& params, Context&) override {
    return GreetResult{"Hello, " + params.name + "!"};
  }
};

std::unique_ptr<Handlers> make_handlers() { return std::make_unique<Impl>(); }

}  // namespace greeter_mcp
