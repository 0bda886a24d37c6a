// Handlers of the inline test server (inline.yaml): each says whether it runs on the thread that
// reads stdin, which is the main thread (the generated main serves stdio on it).
#include <thread>

#include "mcpc-inline-test-server.h"

namespace inline_test {
namespace {

// Static initialisation runs on the main thread, before main().
const std::thread::id kMainThread = std::this_thread::get_id();

class InlineHandlers final : public Handlers {
 public:
  Outcome<WhereInlineResult> where_inline(const WhereInlineParams&, Context&) override {
    return WhereInlineResult{std::this_thread::get_id() == kMainThread};
  }
  Outcome<WherePooledResult> where_pooled(const WherePooledParams&, Context&) override {
    return WherePooledResult{std::this_thread::get_id() == kMainThread};
  }
};

}  // namespace

std::unique_ptr<Handlers> make_handlers() { return std::make_unique<InlineHandlers>(); }

}  // namespace inline_test
