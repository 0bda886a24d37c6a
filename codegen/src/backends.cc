// The table of backends, listed explicitly (no self-registration). A new backend is one line here;
// docs/adding-a-backend.md lists the rest.
#include "cpp/cpp_backend.h"
#include "ts/ts_backend.h"
#include "mcpc/codegen/backend.h"

namespace mcpc::codegen {

const std::vector<const Backend*>& backends() {
  static const cpp::CppBackend cpp_backend;
  static const ts::TsBackend ts_backend;
  static const std::vector<const Backend*> table = {&cpp_backend, &ts_backend};
  return table;
}

const Backend* find_backend(std::string_view name) {
  for (const Backend* b : backends()) {
    if (b->name() == name) return b;
  }
  return nullptr;
}

}  // namespace mcpc::codegen
