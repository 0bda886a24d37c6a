// libFuzzer target: arbitrary bytes as a JSON spec (fuzz.json) through load_spec_text and check.
#include "spec_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  mcpc::fuzz::run_spec("fuzz.json", data, size);
  return 0;
}
