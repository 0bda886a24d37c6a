// Reading the user's C++ handler source just enough to add stubs to it (--add-stubs): which
// handler functions it already declares, and the line marked as the place for new ones. The
// source itself is never changed; stubs are inserted before the marked line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mcpc::codegen::cpp {

/// `source` with comments blanked to spaces and string and character literals (raw strings
/// too) to '"'s, newlines kept, so that what is left is the code at the same offsets. A quote
/// left open ends at the end of its line, so a misread literal costs one line at most.
std::string code_only(std::string_view source);

/// Whether `code` (from code_only) declares `function` as an override: the name, its
/// parameter list, then `override` or `final` before the body or the ';'.
bool declares_override(std::string_view code, std::string_view function);

/// The offset of the start of the first line with `marker` in a comment, or npos.
std::size_t marked_line(std::string_view source, std::string_view code, std::string_view marker);

}  // namespace mcpc::codegen::cpp
