// Text from a registry (titles, descriptions, messages, file names: what publishers wrote) on
// its way to a terminal. Left raw, ESC, CR, OSC and C1 sequences in it would drive the user's
// terminal: move the cursor, rewrite lines already shown, set the window title, or worse.
#pragma once

#include <string>
#include <string_view>

namespace mcpc::registry {

/// `text` with everything a terminal might act on written as a visible escape:
///   - C0 controls and DEL as \t, \n, \r or \xNN (a newline is kept only with `keep_newlines`);
///   - C1 controls (U+0080-U+009F), bidirectional overrides and isolates (U+202A-U+202E,
///     U+2066-U+2069, U+200E, U+200F, U+061C) and U+2028/U+2029 as \uXXXX;
///   - bytes that are not well-formed UTF-8 as \xNN (a lone 0x9B is CSI to an 8-bit terminal).
/// Everything else, including all other non-ASCII text, is kept as it is.
std::string terminal_safe(std::string_view text, bool keep_newlines = false);

}  // namespace mcpc::registry
