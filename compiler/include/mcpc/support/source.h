// Source files and locations: every diagnostic and every IR node points into a SourceManager.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mcpc {

/// A position in a loaded file. Lines and columns are 1-based; columns count Unicode
/// code points (SARIF "unicodeCodePoints"), not bytes. A zero line means "no location".
struct SourceLoc {
  std::uint32_t file = 0;  ///< index into SourceManager::files()
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  /// Not in any file: the command line, or a file that could not be read. Shown as "mcpc".
  static constexpr std::uint32_t kNoFile = 0xFFFFFFFFu;
  static constexpr SourceLoc none() { return SourceLoc{kNoFile, 0, 0}; }

  bool valid() const { return line != 0; }
  friend bool operator==(const SourceLoc&, const SourceLoc&) = default;
  friend auto operator<=>(const SourceLoc&, const SourceLoc&) = default;
};

/// One loaded file: its name as the user spelled it (used in messages) and its bytes.
class SourceFile {
 public:
  SourceFile(std::string display_name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  /// The text of a 1-based line, without its line terminator; empty when out of range.
  std::string_view line_text(std::uint32_t line) const;
  /// Converts a 0-based byte offset into a 1-based line and code-point column.
  void position_of(std::size_t offset, std::uint32_t& line, std::uint32_t& column) const;
  /// Converts a 0-based line and 0-based byte column into a 1-based code-point column.
  std::uint32_t column_of(std::uint32_t line0, std::uint32_t byte_column0) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<std::size_t> line_starts_;  // byte offset of each line start
};

/// Owns every file read during a run. File ids are stable and ordered by first load,
/// which makes diagnostic order deterministic.
class SourceManager {
 public:
  /// Registers a file whose bytes are already in memory; returns its id.
  std::uint32_t add(std::string display_name, std::string text);
  const SourceFile& file(std::uint32_t id) const { return *files_.at(id); }
  std::size_t size() const { return files_.size(); }
  /// Makes a location for a 1-based line and code-point column in a file.
  SourceLoc loc(std::uint32_t id, std::uint32_t line, std::uint32_t column) const {
    return SourceLoc{id, line, column};
  }
  /// "file:line:col" for messages and IR dumps.
  std::string describe(const SourceLoc& loc) const;

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace mcpc
