// Reading an input for any front end, with the size limit applied before the bytes are read.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mcpc/frontend/frontend.h"

namespace mcpc::frontend {

std::optional<std::string> read_input(const Input& input, const Limits& limits, DiagnosticEngine& diags) {
  auto too_large = [&](std::uintmax_t size) {
    if (size <= limits.max_file_bytes) return false;
    diags.report(Check::Limits, SourceLoc::none(),
                 "'" + input.path + "' is " + std::to_string(size) + " bytes; the limit is " +
                     std::to_string(limits.max_file_bytes) + " bytes");
    return true;
  };
  if (input.text) {
    if (too_large(input.text->size())) return std::nullopt;
    return *input.text;
  }
  std::error_code ec;
  std::uintmax_t size = std::filesystem::file_size(input.path, ec);
  if (!ec && too_large(size)) return std::nullopt;
  std::ifstream in(input.path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in) {
    diags.report(Check::Io, SourceLoc::none(), "cannot read '" + input.path + "'");
    return std::nullopt;
  }
  std::string text = buf.str();
  if (too_large(text.size())) return std::nullopt;  // grew since file_size
  return text;
}

}  // namespace mcpc::frontend
