// libFuzzer target for the escaping functions of both backends (codegen/src/escape.h): every
// input is escaped for every context, embedded, and read back as the target language would
// (tests/unit/escape_properties.h): a comment must end where the generator ends it (no line
// terminator of the language, no splice, no "*/"), a C++ or JavaScript literal must give back
// the input, Markdown and shell words must stay one inert line, identifiers must be valid.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "../unit/escape_properties.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> bad = mcpc::codegen::escape_check::failures(input);
  if (!bad.empty()) {
    for (const std::string& why : bad) std::fprintf(stderr, "escape property broken: %s\n", why.c_str());
    std::abort();
  }
  return 0;
}
