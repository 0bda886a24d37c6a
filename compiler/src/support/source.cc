// SourceFile line tables and location formatting.
#include "mcpc/support/source.h"

#include <algorithm>

namespace mcpc {
namespace {

// Counts code points in a UTF-8 byte range; continuation bytes (10xxxxxx) do not start one.
std::uint32_t count_code_points(std::string_view bytes) {
  std::uint32_t n = 0;
  for (unsigned char c : bytes) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

SourceFile::SourceFile(std::string display_name, std::string text)
    : name_(std::move(display_name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::size_t begin = line_starts_[line - 1];
  std::size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
  std::string_view s(text_.data() + begin, end - begin);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

void SourceFile::position_of(std::size_t offset, std::uint32_t& line, std::uint32_t& column) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::size_t index = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  line = static_cast<std::uint32_t>(index + 1);
  std::size_t start = line_starts_[index];
  column = count_code_points(std::string_view(text_).substr(start, offset - start)) + 1;
}

std::uint32_t SourceFile::column_of(std::uint32_t line0, std::uint32_t byte_column0) const {
  if (line0 >= line_starts_.size()) return byte_column0 + 1;
  std::size_t start = line_starts_[line0];
  std::size_t len = std::min<std::size_t>(byte_column0, text_.size() - start);
  return count_code_points(std::string_view(text_).substr(start, len)) + 1;
}

std::uint32_t SourceManager::add(std::string display_name, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(display_name), std::move(text)));
  return static_cast<std::uint32_t>(files_.size() - 1);
}

std::string SourceManager::describe(const SourceLoc& loc) const {
  if (loc.file == SourceLoc::kNoFile) return "mcpc";
  if (loc.file >= files_.size()) return "<unknown>";
  std::string out = files_[loc.file]->name();
  if (loc.valid()) {
    out += ':' + std::to_string(loc.line) + ':' + std::to_string(loc.column);
  }
  return out;
}

}  // namespace mcpc
