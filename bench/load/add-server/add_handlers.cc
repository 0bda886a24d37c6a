// The native handler of bench/load/add-server/add.yaml.
#include "mcpc-bench-add.h"

namespace bench_add {
namespace {
class AddHandlers final : public Handlers {
 public:
  Outcome<AddResult> add(const AddParams& params, Context&) override { return AddResult{params.a + params.b}; }
};
}  // namespace
std::unique_ptr<Handlers> make_handlers() { return std::make_unique<AddHandlers>(); }
}  // namespace bench_add
