// What each escaping function of codegen/src/escape.h must guarantee, checked on one input by
// re-reading its output as the target language would: a tiny C++ lexer (line splicing,
// trigraphs, comments, string literals), a JavaScript string / template reader, and structural
// checks for Markdown and shell words. Shared by tests/unit/escape_test.cc (every Unicode
// category, every ASCII control, nasty sequences) and tests/fuzz/escape_fuzz.cc (anything).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../../codegen/src/escape.h"

namespace mcpc::codegen::escape_check {

inline void put_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

/// `text` as a JavaScript program sees it: invalid UTF-8 replaced by U+FFFD.
inline std::string normalized(std::string_view text) {
  std::string out;
  for (std::size_t pos = 0; pos < text.size();) put_utf8(out, next_code_point(text, pos));
  return out;
}

inline std::vector<char32_t> code_points(std::string_view text) {
  std::vector<char32_t> out;
  for (std::size_t pos = 0; pos < text.size();) out.push_back(next_code_point(text, pos));
  return out;
}

inline bool is_js_line_terminator(char32_t c) { return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029; }

/// True when `text` is valid UTF-8 and holds no invisible character (escape.h).
inline bool visible_utf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t before = pos;
    char32_t c = next_code_point(text, pos);
    if (is_invisible(c)) return false;
    if (c == 0xFFFD && text.substr(before, 3) != "\xEF\xBF\xBD") return false;  // invalid input
  }
  return true;
}

// ---- C++ ---------------------------------------------------------------------------------------

/// Translation phases 1 and 2 as GCC and Clang do them: trigraph ??/ read as a backslash (the
/// worst case), and a backslash followed by horizontal whitespace and a line break removed.
inline std::string cpp_phase2(std::string_view src) {
  std::string s;
  for (std::size_t i = 0; i < src.size(); ++i) {
    if (src.substr(i, 3) == "?\?/") {
      s.push_back('\\');
      i += 2;
    } else {
      s.push_back(src[i]);
    }
  }
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      std::size_t j = i + 1;
      while (j < s.size() && (s[j] == ' ' || s[j] == '\t' || s[j] == '\v' || s[j] == '\f')) ++j;
      if (j < s.size() && (s[j] == '\n' || s[j] == '\r')) {
        i = j + (s[j] == '\r' && j + 1 < s.size() && s[j + 1] == '\n' ? 1 : 0);
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

/// The value of a C++ expression cpp_string_literal made ("..." "..." or std::string("...", n)),
/// or nullopt when it is not one, or holds anything but printable ASCII.
inline std::optional<std::string> cpp_literal_value(std::string_view expr, std::string_view wrapper) {
  std::optional<std::size_t> declared;
  if (expr.starts_with(std::string(wrapper) + "(")) {
    std::size_t comma = expr.rfind(", ");
    if (comma == std::string_view::npos || !expr.ends_with(")")) return std::nullopt;
    declared = std::stoul(std::string(expr.substr(comma + 2, expr.size() - comma - 3)));
    expr = expr.substr(wrapper.size() + 1, comma - wrapper.size() - 1);
  }
  for (char c : expr) {
    if (c < 0x20 || c > 0x7E) return std::nullopt;
  }
  std::string value;
  std::size_t i = 0;
  while (i < expr.size()) {
    if (expr[i] == ' ') {
      ++i;
      continue;
    }
    if (expr[i] != '"') return std::nullopt;
    ++i;
    while (true) {
      if (i >= expr.size()) return std::nullopt;
      char c = expr[i++];
      if (c == '"') break;
      if (c != '\\') {
        value.push_back(c);
        continue;
      }
      if (i >= expr.size()) return std::nullopt;
      char e = expr[i++];
      switch (e) {
        case '"':
          value.push_back('"');
          break;
        case '\\':
          value.push_back('\\');
          break;
        case '?':
          value.push_back('?');
          break;
        case 'n':
          value.push_back('\n');
          break;
        case 't':
          value.push_back('\t');
          break;
        case 'r':
          value.push_back('\r');
          break;
        case 'x': {
          // As C++ reads it: every hex digit that follows belongs to the escape.
          unsigned v = 0;
          std::size_t digits = 0;
          while (i < expr.size() && std::isxdigit(static_cast<unsigned char>(expr[i]))) {
            v = v * 16 + static_cast<unsigned>(std::stoi(std::string(1, expr[i++]), nullptr, 16));
            if (++digits > 2) return std::nullopt;  // out of range for char
          }
          if (digits == 0) return std::nullopt;
          value.push_back(static_cast<char>(v));
          break;
        }
        default:
          return std::nullopt;
      }
    }
  }
  if (declared && *declared != value.size()) return std::nullopt;
  if (!declared && value.find('\0') != std::string::npos) return std::nullopt;  // would be cut short
  return value;
}

// ---- JavaScript -----------------------------------------------------------------------------

inline bool hex_value(std::string_view s, std::size_t& i, int digits, char32_t& out) {
  out = 0;
  for (int k = 0; k < digits; ++k) {
    if (i >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    out = out * 16 + static_cast<char32_t>(std::stoi(std::string(1, s[i++]), nullptr, 16));
  }
  return true;
}

/// Reads the characters of a JavaScript string (after its opening quote) up to `close`, as
/// TypeScript does: a raw line terminator is an error. In a template (close == '`') "${" is an
/// error too. Returns the value as UTF-8, or nullopt. `end` is set past the closing character.
inline std::optional<std::string> js_chars(std::string_view s, std::size_t& i, char close) {
  std::u16string units;
  while (true) {
    if (i >= s.size()) return std::nullopt;
    std::size_t before = i;
    char32_t c = next_code_point(s, i);
    if (c == static_cast<char32_t>(close)) break;
    if (is_js_line_terminator(c)) return std::nullopt;
    if (close == '`' && c == '$' && i < s.size() && s[i] == '{') return std::nullopt;
    if (c == 0xFFFD && s.substr(before, 3) != "\xEF\xBF\xBD") return std::nullopt;
    if (c != '\\') {
      if (c >= 0x10000) {
        units.push_back(static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10)));
        units.push_back(static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF)));
      } else {
        units.push_back(static_cast<char16_t>(c));
      }
      continue;
    }
    if (i >= s.size()) return std::nullopt;
    char e = s[i++];
    char32_t v = 0;
    switch (e) {
      case 'n':
        units.push_back(u'\n');
        break;
      case 'r':
        units.push_back(u'\r');
        break;
      case 't':
        units.push_back(u'\t');
        break;
      case 'b':
        units.push_back(u'\b');
        break;
      case 'f':
        units.push_back(u'\f');
        break;
      case 'v':
        units.push_back(u'\v');
        break;
      case 'u':
        if (!hex_value(s, i, 4, v)) return std::nullopt;
        units.push_back(static_cast<char16_t>(v));
        break;
      case 'x':
        if (!hex_value(s, i, 2, v)) return std::nullopt;
        units.push_back(static_cast<char16_t>(v));
        break;
      default:
        if (std::string_view("\"'\\`${}/").find(e) == std::string_view::npos) return std::nullopt;
        units.push_back(static_cast<char16_t>(e));
    }
  }
  std::string out;
  for (std::size_t k = 0; k < units.size(); ++k) {
    char32_t u = units[k];
    if (u >= 0xD800 && u <= 0xDBFF && k + 1 < units.size() && units[k + 1] >= 0xDC00 && units[k + 1] <= 0xDFFF) {
      u = 0x10000 + ((u - 0xD800) << 10) + (units[++k] - 0xDC00);
    } else if (u >= 0xD800 && u <= 0xDFFF) {
      return std::nullopt;  // a lone surrogate: not text
    }
    put_utf8(out, u);
  }
  return out;
}

inline std::optional<std::string> js_string_value(std::string_view literal) {
  if (literal.empty() || literal[0] != '"') return std::nullopt;
  std::size_t i = 1;
  auto value = js_chars(literal, i, '"');
  if (!value || i != literal.size()) return std::nullopt;
  return value;
}

// ---- the checks --------------------------------------------------------------------------------

/// Every property of every escaping function for one input; empty when all hold.
inline std::vector<std::string> failures(std::string_view input) {
  std::vector<std::string> bad;
  auto check = [&](bool ok, const std::string& what) {
    if (!ok) bad.push_back(what);
  };
  const std::string js_value = normalized(input);

  // C++ comments: after splicing, the comment ends where the generator ends it.
  std::string cc = cpp_comment(input);
  check(visible_utf8(cc), "cpp_comment: invisible character or invalid UTF-8");
  for (const std::string& line :
       {"// " + cc + "\nint x;\n", "/// " + cc + " \nint x;\n", "// (" + cc + ")\nint x;\n"}) {
    std::string seen = cpp_phase2(line);
    std::size_t nl = seen.find('\n');
    check(nl != std::string::npos && seen.substr(nl) == "\nint x;\n",
          "cpp_comment: the comment swallows the next line");
  }
  check(("/* " + cc + " */").find("*/") == cc.size() + 4, "cpp_comment: */ inside a block comment");

  // JavaScript comments: no line terminator inside, no */ inside.
  std::string jc = js_comment(input);
  check(visible_utf8(jc), "js_comment: invisible character or invalid UTF-8");
  for (char32_t c : code_points(jc)) check(!is_js_line_terminator(c), "js_comment: line terminator");
  check(("/* " + jc + " */").find("*/") == jc.size() + 4, "js_comment: */ inside a block comment");

  // C++ string literals give back the bytes exactly.
  std::string cl = cpp_string_literal(input);
  check(cpp_literal_value(cl, "std::string") == std::string(input), "cpp_string_literal: value differs: " + cl);
  std::string cv = cpp_string_view_literal(input);
  check(cpp_literal_value(cv, "std::string_view") == std::string(input), "cpp_string_view_literal: value differs");
  check(cpp_phase2(cl) == cl, "cpp_string_literal: splices");

  // JavaScript strings give back the text (as UTF-16 holds it), and are JSON strings too.
  std::string jl = js_string_literal(input);
  check(js_string_value(jl) == js_value, "js_string_literal: value differs: " + jl);
  check(visible_utf8(jl), "js_string_literal: raw invisible character");
  nlohmann::json parsed = nlohmann::json::parse(jl, nullptr, false);
  check(parsed.is_string() && parsed.get<std::string>() == js_value, "js_string_literal: not the same JSON string");
  check(json_string(input) == jl, "json_string differs from js_string_literal");
  std::string key = js_property_key(input);
  check(js_value == "__proto__" ? key == "[\"__proto__\"]" : key == jl, "js_property_key");
  std::size_t at = 0;
  std::string tpl = js_template_text(input) + "`";
  auto tv = js_chars(tpl, at, '`');
  check(tv == js_value && at == tpl.size(), "js_template_text: value differs: " + tpl);
  std::string rx = js_regexp(input);
  check(rx.starts_with("new RegExp(") && rx.ends_with(")") &&
            js_string_value(std::string_view(rx).substr(11, rx.size() - 12)) == js_value,
        "js_regexp");
  // JSON values: everything but a __proto__ key reads back as JSON.
  if (js_value != "__proto__") {
    nlohmann::json doc = {{js_value, {{"v", js_value}, {"list", {js_value, 1}}}}};
    for (const std::string& text : {js_json(doc, 0), js_json_inline(doc)}) {
      check(nlohmann::json::parse(text, nullptr, false) == doc, "js_json: not the same value");
    }
  }

  // Identifiers.
  for (const std::string& id : {cpp_identifier(input, "value"), js_identifier(input, "value")}) {
    bool ok = !id.empty() && !std::isdigit(static_cast<unsigned char>(id[0])) && id[0] != '_' &&
              id.find("__") == std::string::npos;
    for (char c : id) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    check(ok, "identifier: '" + id + "'");
  }
  check(!is_cpp_keyword(cpp_identifier(input, "value")), "cpp_identifier: keyword");
  check(!is_js_reserved(js_identifier(input, "value")), "js_identifier: reserved word");

  // Markdown: one line, every character Markdown could read as syntax escaped.
  std::string md = markdown_text(input);
  check(visible_utf8(md), "markdown_text: invisible character");
  for (std::size_t i = 0; i < md.size(); ++i) {
    if (md[i] == '\\') {
      ++i;
      continue;
    }
    check(std::string_view("`*[]<>|&~").find(md[i]) == std::string_view::npos, "markdown_text: unescaped syntax");
    auto alnum = [&](std::size_t k) { return k < md.size() && std::isalnum(static_cast<unsigned char>(md[k])); };
    check(md[i] != '_' || (i > 0 && alnum(i - 1) && alnum(i + 1)), "markdown_text: _ outside a word");
    check(i != 0 || std::string_view("#+-=").find(md[i]) == std::string_view::npos, "markdown_text: block syntax");
  }
  std::string span = markdown_code_span(input);
  std::size_t fence = span.find_first_not_of('`');
  check(fence != std::string::npos && fence > 0 && span.size() >= 2 * fence, "markdown_code_span: no fence");
  if (fence != std::string::npos && span.size() >= 2 * fence) {
    std::string body = span.substr(fence, span.size() - 2 * fence);
    check(span.substr(span.size() - fence) == std::string(fence, '`'), "markdown_code_span: unclosed");
    std::size_t run = 0;
    for (char c : body) {
      run = c == '`' ? run + 1 : 0;
      check(run < fence, "markdown_code_span: fence inside");
    }
    check(visible_utf8(body), "markdown_code_span: invisible character");
    for (std::size_t i = 0; i < body.size(); ++i) {
      if (body[i] == '\\' && i + 1 < body.size() && body[i + 1] == '|')
        ++i;
      else
        check(body[i] != '|', "markdown_code_span: unescaped |");
    }
  }

  // Shell words: read back by a POSIX reader (with $'...'), on one line.
  std::string sh = shell_word(input);
  for (unsigned char c : sh) check(c >= 0x20 && c != 0x7F, "shell_word: control character");
  std::string word;
  bool ok = !sh.empty();
  for (std::size_t i = 0; i < sh.size() && ok;) {
    if (sh.compare(i, 2, "$'") == 0) {
      for (i += 2; ok; ++i) {
        if (i >= sh.size())
          ok = false;
        else if (sh[i] == '\'')
          break;
        else if (sh[i] != '\\')
          word.push_back(sh[i]);
        else if (i + 1 < sh.size() && sh[i + 1] == 'x' && i + 3 < sh.size()) {
          word.push_back(static_cast<char>(std::stoi(sh.substr(i + 2, 2), nullptr, 16)));
          i += 3;
        } else if (i + 1 < sh.size() && (sh[i + 1] == '\'' || sh[i + 1] == '\\'))
          word.push_back(sh[++i]);
        else
          ok = false;
      }
      ++i;
    } else if (sh[i] == '\'') {
      std::size_t end = sh.find('\'', i + 1);
      if (end == std::string::npos)
        ok = false;
      else
        word += sh.substr(i + 1, end - i - 1), i = end + 1;
    } else if (sh[i] == '\\' && i + 1 < sh.size()) {
      word.push_back(sh[i + 1]);
      i += 2;
    } else if (std::isalnum(static_cast<unsigned char>(sh[i])) ||
               std::string_view("_@%+=:,./-").find(sh[i]) != std::string_view::npos) {
      word.push_back(sh[i++]);
    } else {
      ok = false;
    }
  }
  check(ok && word == std::string(input), "shell_word: does not read back: " + sh);
  return bad;
}

}  // namespace mcpc::codegen::escape_check
