// Every way spec text reaches generated files, one function per (language, context). Spec text
// is hostile input: a description may hold any Unicode character, every ASCII control, "*/",
// a trailing backslash, "${" or a backtick. Each function returns something that is, by
// construction, inert in its context, and the view models put every value through the function
// for the context its template slot is in (tests/unit/escape_test.cc audits the templates).
// Mustache's own HTML escaping is switched off (templates.cc): it is never what a context needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mcpc/ir/module.h"

namespace mcpc::codegen {

// ---- Unicode -------------------------------------------------------------------------------

/// Decodes one UTF-8 sequence at `text[pos]`, advancing `pos`. An invalid or truncated sequence
/// (or an encoded surrogate) yields U+FFFD and advances one byte, so every input decodes.
char32_t next_code_point(std::string_view text, std::size_t& pos);

/// True when every sequence of `text` decodes (next_code_point's rules: no overlongs, surrogates
/// or values past U+10FFFF).
bool is_utf8(std::string_view text);

/// Characters that do not show as themselves: controls (Cc: C0, DEL, C1), format characters
/// (Cf: bidirectional overrides, zero-width and invisible ones, the BOM, tags) and the line and
/// paragraph separators (Zl, Zp). Comments drop them; literals spell them as escapes.
bool is_invisible(char32_t c);

// ---- C++ -----------------------------------------------------------------------------------

/// Text for a `//` comment (or a `/* */` one): one line. Line breaks, tabs and invisible
/// characters become spaces, invalid UTF-8 becomes U+FFFD, "*/" is broken up, and the text never
/// ends in a backslash, whitespace or "??/", so nothing can splice the next line into it.
std::string cpp_comment(std::string_view text);

/// A C++ expression for `text`'s exact bytes, made of printable ASCII only: "..." with every
/// other byte as a \x escape (so neither the source nor the execution character set matters),
/// '?' escaped (no trigraphs), split into chunks under compilers' limits. Text holding a NUL
/// byte becomes std::string("...", n) (a plain literal would end at the NUL).
std::string cpp_string_literal(std::string_view text);

/// As cpp_string_literal, for a std::string_view: a literal, or std::string_view("...", n).
std::string cpp_string_view_literal(std::string_view text);

/// A C++ identifier from any text: characters other than [A-Za-z0-9_] and runs of '_' are
/// folded into one '_', a leading digit gets a 'v' (or 'V') prefix, keywords and reserved
/// forms (leading or double underscores) are changed, and empty text gives `fallback`.
std::string cpp_identifier(std::string_view text, std::string_view fallback);

/// True for C++20 keywords, alternative tokens and names generated code must not shadow.
bool is_cpp_keyword(std::string_view word);

/// A C++ type or function name as the C++ header front end spelled it from real declarations
/// ("::geo::Point", "std::vector<std::optional<::geo::Unit>>", "unsigned char"): returned as it
/// is when it is made only of identifiers, "::", balanced "<>", commas, digits, spaces, '*' and
/// '&' (no quotes, comments, parentheses or line breaks), else nullopt. Unlike the functions
/// above it cannot make any text inert, so callers report what it refuses.
std::optional<std::string> cpp_type_spelling(std::string_view text);

/// `text` when it is a plain identifier ([A-Za-z_][A-Za-z0-9_]*, not a keyword), else nullopt:
/// a member or enumerator of the user's own types, which must be spelled as declared.
std::optional<std::string> cpp_declared_identifier(std::string_view text);

/// The operand of an `#include` line for a header path: "path" when the path is printable ASCII
/// without '"', '\\' or "//" "/*" (which a quoted include cannot escape), else nullopt.
std::optional<std::string> cpp_include_operand(std::string_view path);

// ---- JavaScript / TypeScript ----------------------------------------------------------------

/// Text for a `//` comment (or a `/* */` one): one line. LF, CR, U+2028 and U+2029 (all line
/// terminators in JavaScript), other invisible characters and tabs become spaces, invalid UTF-8
/// becomes U+FFFD, and "*/" is broken up.
std::string js_comment(std::string_view text);

/// A JavaScript string literal ("...") that is also a JSON string: '"' and '\' escaped, every
/// invisible character (controls, U+2028, U+2029, bidirectional and other format characters)
/// as \uXXXX, invalid UTF-8 as U+FFFD. Printable characters stay as they are.
std::string js_string_literal(std::string_view text);

/// The characters between the backticks of a template literal: as js_string_literal, plus
/// '`' and "${" escaped. The literal's value is `text` (a template keeps CR as LF, so it is
/// escaped too).
std::string js_template_text(std::string_view text);

/// An object literal's property name: a string literal, except that "__proto__" is written
/// as a computed key (["__proto__"]), which defines a property instead of setting the prototype.
std::string js_property_key(std::string_view key);

/// A JSON value as a JavaScript expression: strings as js_string_literal, keys as
/// js_property_key; objects one member a line at `indent` (two spaces a level), arrays of
/// scalars on one line. Non-finite numbers cannot occur in JSON values.
std::string js_json(const OrderedJson& value, int indent = 0);

/// The same on one line without spaces, as JSON.stringify writes it (for values inside
/// expressions).
std::string js_json_inline(const OrderedJson& value);

/// A JSON Schema `pattern` as a JavaScript expression: new RegExp("..."). The pattern goes in a
/// string literal (a /regex/ literal cannot hold every pattern: line terminators, '/').
std::string js_regexp(std::string_view pattern);

/// A JavaScript identifier from any text (as cpp_identifier), reserved words and names the
/// generated modules use themselves changed.
std::string js_identifier(std::string_view text, std::string_view fallback);

/// True for JavaScript and TypeScript reserved words and names generated TypeScript must not
/// shadow (its imports, the parameters and locals of generated functions, undefined...).
bool is_js_reserved(std::string_view word);

// ---- data files and documentation -------------------------------------------------------------

/// A JSON string ("...") for JSON files (package.json, snippets): js_string_literal's output
/// uses only escapes JSON has, so it is one and the same.
std::string json_string(std::string_view text);

/// Inline Markdown text (a paragraph or a table cell) that shows `text` literally: one line,
/// invisible characters as spaces, and every character Markdown or HTML could take as syntax
/// (\ ` * [ ] < > | & ~, '_' but inside a word, and a leading # + - = or "1. ") backslash-escaped.
std::string markdown_text(std::string_view text);

/// A Markdown code span (backticks included) showing `text`: one line, the fence longer than
/// any run of backticks inside, '|' escaped so that it also holds in a table cell.
std::string markdown_code_span(std::string_view text);

/// A POSIX shell word for `text`: as it is when made of safe characters only, else in single
/// quotes, or in $'...' with \xHH escapes when it holds invisible characters (one line).
std::string shell_word(std::string_view text);

}  // namespace mcpc::codegen
