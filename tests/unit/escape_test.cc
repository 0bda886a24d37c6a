// Escaping of spec text in generated code (codegen/src/escape.h), at three depths:
//  - each function, on examples and as a property over a sample of every Unicode general
//    category, every ASCII control character and nasty sequences (escape_properties.h);
//  - every {{variable}} of every built-in template, by the lexical context it sits in;
//  - end to end (EscapingEndToEnd, label "slow"): a spec carrying the sample in every string it
//    has goes through `mcpc check` and `mcpc compile` for both backends, the C++ is compiled
//    (-fsyntax-only -Werror), the TypeScript built with tsc --strict, and both servers are run
//    to show every string arrives intact (escaping_roundtrip.mjs). The spec is also the golden
//    case tests/golden/ir/escaping.json, whose C++ the golden build compiles and links.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include "../support/cli_tester.h"
#include "../support/golden.h"
#include "escape_properties.h"

namespace fs = std::filesystem;
using namespace mcpc::codegen;
using mcpc::codegen::escape_check::failures;

namespace {

// ---- the sample ----------------------------------------------------------------------------

std::string utf8(char32_t c) {
  std::string s;
  escape_check::put_utf8(s, c);
  return s;
}

/// One or more code points of every Unicode general category, with the ones that matter most
/// (line and paragraph separators, bidirectional controls, C1 controls) spelled out.
std::vector<std::string> category_samples() {
  std::vector<std::pair<const char*, std::vector<char32_t>>> categories = {
      {"Lu", {'A', 0x0391}},
      {"Ll", {'a', 0x00DF}},
      {"Lt", {0x01C5}},
      {"Lm", {0x02B0}},
      {"Lo", {0x05D0, 0x4E2D}},
      {"Mn", {0x0301, 0x034F}},
      {"Mc", {0x0903}},
      {"Me", {0x20DD}},
      {"Nd", {'7', 0x0663}},
      {"Nl", {0x2160}},
      {"No", {0x00B2}},
      {"Pc", {'_', 0x203F}},
      {"Pd", {'-', 0x2014}},
      {"Ps", {'(', 0x2045}},
      {"Pe", {')', 0x2046}},
      {"Pi", {0x00AB}},
      {"Pf", {0x00BB}},
      {"Po", {'!', 0x00A1}},
      {"Sm", {'+', 0x2212}},
      {"Sc", {'$', 0x20AC}},
      {"Sk", {'^', 0x00B4}},
      {"So", {0x00A9, 0x1F680}},
      {"Zs", {0x00A0, 0x2009, 0x3000}},
      {"Zl", {0x2028}},
      {"Zp", {0x2029}},
      {"Cc", {0x0085, 0x009F}},  // NEL and the last C1 control (C0 and DEL: every one, below)
      {"Cf", {0x00AD, 0x061C, 0x200B, 0x200E, 0x202E, 0x2066, 0x2069, 0xFEFF, 0x1D173, 0xE0001, 0xE007F}},
      {"Co", {0xE000, 0xF8FF, 0xF0000, 0x10FFFD}},
      // Cs cannot be encoded in UTF-8: its neighbours instead, and the last code point.
      {"Cs-adjacent", {0xD7FF, 0xE000, 0x10FFFF}},
      {"Cn", {0x0378, 0xFFFE, 0xFFFF, 0xFDD0}},
  };
  std::vector<std::string> out;
  for (const auto& [name, points] : categories) {
    std::string s;
    for (char32_t c : points) s += utf8(c);
    out.push_back(s);
  }
  return out;
}

std::vector<std::string> ascii_controls() {
  std::vector<std::string> out;
  for (int c = 0; c < 0x20; ++c) out.emplace_back(1, static_cast<char>(c));
  out.emplace_back(1, '\x7f');
  return out;
}

std::vector<std::string> nasty_sequences() {
  return {"*/",        "/*",    "\\\v",   "\\\f",      "\\\r",   "\\\n",      "\\ ",  "\\\t", "\\",
          "${x}",      "${",    "`",      "</script>", "\"\"\"", "?\?/",      "?\?=", "'",    "\"",
          "\\u2028",   "\\x41", "-->",    "<!--",      "{{x}}",  "<%",        "#",    "1.",   "|",
          "__proto__", "\r\n",  "\\\v\n", "\\ \v\f\t", "*/\\",   "\\u{2028}", "$'",   "'\\''"};
}

/// Invalid UTF-8: reaches escaping functions only through the IR, never from a spec file.
std::vector<std::string> invalid_utf8() {
  return {"\xFF", "\xC0\x80", "\xED\xA0\x80", "\xE2\x80", "\xF4\x90\x80\x80", "\x80"};
}

std::string concat(const std::vector<std::string>& parts) {
  std::string s;
  for (const std::string& p : parts) s += p;
  return s;
}

/// Every valid sample in one string: what the end-to-end spec puts in each field.
std::string everything() { return concat(ascii_controls()) + concat(category_samples()) + concat(nasty_sequences()); }

// ---- the functions ---------------------------------------------------------------------------

// The one UTF-8 rule of the generators (what resource embedding uses to choose text or blob).
TEST(Escape, Utf8IsStrict) {
  EXPECT_TRUE(is_utf8("plain \xC3\xA9 \xEF\xBF\xBD \xF0\x9F\x9A\x80"));  // a real U+FFFD is fine
  EXPECT_FALSE(is_utf8("\xC0\xAF"));                                     // overlong '/'
  EXPECT_FALSE(is_utf8("\xED\xA0\x80"));                                 // a surrogate
  EXPECT_FALSE(is_utf8("\xF4\x90\x80\x80"));                             // past U+10FFFF
  EXPECT_FALSE(is_utf8("\xE2\x82"));                                     // truncated
}

TEST(Escape, CppComments) {
  EXPECT_EQ(cpp_comment("a\nb\r\nc\td"), "a b c d");
  EXPECT_EQ(cpp_comment("ends in a splice \\\v"), "ends in a splice");
  EXPECT_EQ(cpp_comment("ends in a splice \\\f \\"), "ends in a splice");
  EXPECT_EQ(cpp_comment("trigraph ?\?/"), "trigraph");
  EXPECT_EQ(cpp_comment("closes */ a block"), "closes * / a block");
  EXPECT_EQ(cpp_comment("bidi \xE2\x80\xAE override"), "bidi override");
  EXPECT_EQ(cpp_comment("bad \xFF byte"), "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(cpp_comment("caf\xC3\xA9 \xF0\x9F\x9A\x80"), "caf\xC3\xA9 \xF0\x9F\x9A\x80");  // text stays readable
}

TEST(Escape, JsComments) {
  EXPECT_EQ(js_comment("line\xE2\x80\xA8separator"), "line separator");
  EXPECT_EQ(js_comment("paragraph\xE2\x80\xA9separator"), "paragraph separator");
  EXPECT_EQ(js_comment("a\rb\nc"), "a b c");
  EXPECT_EQ(js_comment("*/ x"), "* / x");
  EXPECT_EQ(js_comment("ends \\"), "ends \\");  // no splicing in JavaScript
}

TEST(Escape, CppStringLiterals) {
  EXPECT_EQ(cpp_string_literal("a\"b\\c\n"), R"("a\"b\\c\n")");
  EXPECT_EQ(cpp_string_literal("\v\f\x7f"), R"("\x0b\x0c\x7f")");
  EXPECT_EQ(cpp_string_literal("\xE2\x80\xA8"
                               "a"),
            R"("\xe2\x80\xa8" "a")");  // a hex digit after \x: split
  EXPECT_EQ(cpp_string_literal("?\?/"), R"("\?\?/")");
  EXPECT_EQ(cpp_string_literal(std::string("a\0b", 3)), R"(std::string("a\x00" "b", 3))");
  EXPECT_EQ(cpp_string_view_literal(std::string("a\0b", 3)), R"(std::string_view("a\x00" "b", 3))");
  EXPECT_EQ(cpp_string_view_literal("plain"), R"("plain")");
}

TEST(Escape, JsStringLiterals) {
  EXPECT_EQ(js_string_literal("a\"b\\c\n"), R"("a\"b\\c\n")");
  EXPECT_EQ(js_string_literal("\xE2\x80\xA8\xE2\x80\xA9"), R"("\u2028\u2029")");
  EXPECT_EQ(js_string_literal(std::string("\0\v", 2)), R"("\u0000\u000b")");
  EXPECT_EQ(js_string_literal("\xE2\x80\xAE"), R"("\u202e")");
  EXPECT_EQ(js_string_literal("\xF3\xA0\x80\x81"), R"("\udb40\udc01")");  // U+E0001 as a surrogate pair
  EXPECT_EQ(js_string_literal("caf\xC3\xA9 \xF0\x9F\x9A\x80 </script>"), "\"caf\xC3\xA9 \xF0\x9F\x9A\x80 </script>\"");
  EXPECT_EQ(js_string_literal("\xFF"), "\"\xEF\xBF\xBD\"");
  EXPECT_EQ(js_template_text("`${x}` $ {"), R"(\`\${x}\` $ {)");
  EXPECT_EQ(js_template_text("a\rb"), R"(a\rb)");
  EXPECT_EQ(js_property_key("__proto__"), R"(["__proto__"])");
  EXPECT_EQ(js_property_key("x"), R"("x")");
  EXPECT_EQ(js_regexp("^a/b\xE2\x80\xA8$"), R"(new RegExp("^a/b\u2028$"))");
  auto j = mcpc::OrderedJson::parse(R"({"__proto__": {"a": ["\u2028", 1]}, "b": []})");
  EXPECT_EQ(js_json(j), "{\n  [\"__proto__\"]: {\n    \"a\": [\"\\u2028\", 1]\n  },\n  \"b\": []\n}");
  EXPECT_EQ(js_json_inline(j), R"({["__proto__"]:{"a":["\u2028",1]},"b":[]})");
}

TEST(Escape, Identifiers) {
  EXPECT_EQ(cpp_identifier("list-orders", "v"), "list_orders");
  EXPECT_EQ(cpp_identifier("__x__y", "v"), "x_y");
  EXPECT_EQ(cpp_identifier("2fa", "value"), "v2fa");
  EXPECT_EQ(cpp_identifier("linux", "v"), "linux_");
  EXPECT_EQ(cpp_identifier("", "Server"), "Server");
  EXPECT_EQ(cpp_identifier("\xE2\x80\xAE", "value"), "value");
  EXPECT_EQ(js_identifier("args", "tool"), "args_");
  EXPECT_EQ(js_identifier("undefined", "tool"), "undefined_");
  EXPECT_EQ(js_identifier("listedAs", "tool"), "listedAs_");
}

TEST(Escape, MarkdownAndShell) {
  EXPECT_EQ(markdown_text("# a | b <img src=x> *c* [d](e) &amp;\nnext"),
            R"(\# a \| b \<img src=x\> \*c\* \[d\](e) \&amp; next)");
  EXPECT_EQ(markdown_text("1. item"), R"(1\. item)");
  EXPECT_EQ(markdown_code_span("a|b"), R"(`a\|b`)");
  EXPECT_EQ(markdown_code_span("a`b"), "``a`b``");
  EXPECT_EQ(markdown_code_span("`x"), "`` `x ``");
  EXPECT_EQ(shell_word("my-server"), "my-server");
  EXPECT_EQ(shell_word("a b;rm -rf ~"), "'a b;rm -rf ~'");
  EXPECT_EQ(shell_word("it's"), R"('it'\''s')");
  EXPECT_EQ(shell_word("a\nb'"), R"($'a\x0ab\'')");
  EXPECT_EQ(shell_word(""), "''");
}

// The property: for every sample, alone and in company, every context holds (see
// escape_properties.h for what each one means).
TEST(Escape, EveryContextHoldsForEverySampleOfUnicodeAndEveryAsciiControl) {
  std::vector<std::string> samples;
  for (const auto& group : {ascii_controls(), category_samples(), nasty_sequences(), invalid_utf8()}) {
    samples.insert(samples.end(), group.begin(), group.end());
  }
  std::vector<std::string> inputs = {"", everything(), concat(invalid_utf8()) + everything()};
  for (const std::string& s : samples) {
    for (const std::string& input : {s, "a" + s + "b", s + s, "x" + s, s + "\\", s + " ", "\\" + s, s + "*/" + s}) {
      inputs.push_back(input);
    }
    for (const std::string& t : samples) inputs.push_back(s + t);
  }
  for (const std::string& input : inputs) {
    std::vector<std::string> bad = failures(input);
    EXPECT_TRUE(bad.empty()) << "input " << mcpc::OrderedJson(escape_check::normalized(input)).dump() << ":\n  "
                             << (bad.empty() ? "" : bad[0]);
  }
}

// ---- the templates -----------------------------------------------------------------------------

// Template variables whose values are identifiers, numbers or fixed words the backends make
// themselves ([A-Za-z0-9_.+ -]): safe in code, in comments and inside quotes.
const std::set<std::string> kIdentifiers = {
    "namespace", "basename", "header", "class_prefix", "method", "params_type", "result_type", "member", "identifier",
    "name", "arguments_type", "variables_type", "args_type", "args_schema", "args_json_schema", "output_schema",
    "output_json_schema", "variables_schema", "type_name", "schema_name", "handler_fn", "default_fn", "file", "module",
    "signature", "http_port", "default_transport",
    // checked by cpp_type_spelling (native tools)
    "cpp_name", "function"};
// Code the backends build (types, expressions, zod schemas, JSON values as JavaScript): code only.
// (types_code: C++ rendered from cpp/types_code.cc.mustache, whose own variables this test checks.)
const std::set<std::string> kCode = {"return_type", "type", "value_type", "initializer", "value", "default_value",
                                     "args_zod", "output_zod", "variables_zod", "annotations", "example_args",
                                     "arguments_union", "variables_union", "type_zod", "types_code",
                                     // native tools: cpp_include_operand's "path", true/false,
                                     // punctuation, and the decoding call built from checked parts
                                     "operand", "required", "wrapped", "comma", "end", "decode"};

struct Tag {
  std::string var;
  bool triple = false;
  std::size_t line = 0;
  std::string context;  // "code", "comment", "quote", "template", "md", "md-code", "json", "sh"
};

/// The variable tags of a Mustache template with the lexical context each sits in.
std::vector<Tag> tags_of(const std::string& text, const std::string& kind) {
  std::vector<Tag> tags;
  std::string open = "{{", close = "}}";
  std::size_t line_no = 1, line_start = 0;
  std::string fence;  // the language of the Markdown code block we are in, or ""
  bool in_fence = false;
  std::string line_so_far;  // the current line, tags replaced by 'X'
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, open.size(), open) == 0) {
      std::size_t end = text.find(close, i + open.size());
      if (end == std::string::npos) break;
      std::string body = text.substr(i + open.size(), end - i - open.size());
      std::size_t next = end + close.size();
      if (!body.empty() && body[0] == '=') {  // {{=<% %>=}}
        std::istringstream delims(body.substr(1, body.size() - 2));
        delims >> open >> close;
        i = next;
        continue;
      }
      Tag tag;
      if (body[0] == '{') {
        tag.triple = true;
        body = body.substr(1);
        if (text.compare(next, 1, "}") == 0) ++next;
      } else if (body[0] == '&') {
        tag.triple = true;
        body = body.substr(1);
      }
      if (!body.empty() && std::string("#^/!>").find(body[0]) != std::string::npos) {
        i = next;
        continue;
      }
      tag.var = body;
      tag.line = line_no;
      // The context: lex the line so far.
      if (kind == "md") {
        std::size_t ticks = std::count(line_so_far.begin(), line_so_far.end(), '`');
        tag.context = in_fence ? (fence.empty() ? "md-block" : fence) : ticks % 2 ? "md-code" : "md";
      } else if (kind == "json") {
        tag.context = "json";
      } else {
        char quote = 0;
        tag.context = "code";
        for (std::size_t k = 0; k < line_so_far.size(); ++k) {
          char c = line_so_far[k];
          if (quote) {
            if (c == '\\')
              ++k;
            else if (c == quote)
              quote = 0;
          } else if (c == '"' || c == '\'' || c == '`') {
            quote = c;
          } else if (line_so_far.compare(k, 2, "//") == 0) {
            tag.context = "comment";
            break;
          }
        }
        if (tag.context == "code" && quote) tag.context = quote == '`' ? "template" : "quote";
      }
      tags.push_back(tag);
      line_so_far += "X";
      i = next;
      continue;
    }
    if (text[i] == '\n') {
      std::string line = text.substr(line_start, i - line_start);
      if (kind == "md" && line.rfind("```", 0) == 0) {
        in_fence = !in_fence;
        fence = in_fence ? line.substr(3) : "";
      }
      ++line_no;
      line_start = i + 1;
      line_so_far.clear();
    } else {
      line_so_far.push_back(text[i]);
    }
    ++i;
  }
  return tags;
}

bool ends_with(const std::string& s, std::string_view suffix) { return s.ends_with(suffix); }

/// Why `tag` may not sit where it does, or "".
std::string misplaced(const Tag& tag) {
  const std::string& v = tag.var;
  if (tag.triple) return "{{{ }}} or {{& }}: Mustache's escaping is off, write {{" + v + "}}";
  if (kIdentifiers.count(v)) return "";
  const std::string& c = tag.context;
  bool ok = false;
  if (c == "code") ok = kCode.count(v) || ends_with(v, "_lit") || ends_with(v, "_json") || ends_with(v, "_key");
  if (c == "comment")
    ok = ends_with(v, "_comment") || v == "comment" || v == "server_name" || v == "server_version" ||
         v == "tool_version";  // the last three: old names
  if (c == "template") ok = ends_with(v, "_tpl");
  if (c == "json") ok = ends_with(v, "_json");
  if (c == "md") ok = ends_with(v, "_md");
  if (c == "sh") ok = ends_with(v, "_sh");
  return ok ? "" : "{{" + v + "}} in a " + c + " context";
}

TEST(EscapingTemplates, EveryVariableIsEscapedForWhereItIs) {
  fs::path root = fs::path(MCPC_SOURCE_DIR) / "codegen/templates";
  int checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
    std::string name = entry.path().stem().string();  // "server.cc", "README.md", ...
    std::string kind = name.ends_with(".md") ? "md" : name.ends_with(".json") ? "json" : "code";
    for (const Tag& tag : tags_of(mcpc::testing::read_file(entry.path()), kind)) {
      ++checked;
      std::string why = misplaced(tag);
      EXPECT_EQ(why, "") << fs::relative(entry.path(), root).string() << ":" << tag.line;
    }
  }
  EXPECT_GT(checked, 300);
}

TEST(EscapingTemplates, TheAuditSeesContexts) {
  auto ctx = [](const std::string& text, const std::string& kind) { return tags_of(text, kind).at(0).context; };
  EXPECT_EQ(ctx("x = 1; // {{a}}\n", "code"), "comment");
  EXPECT_EQ(ctx("x = \"//\" + '{{a}}'\n", "code"), "quote");
  EXPECT_EQ(ctx("x = `a ${b} {{a}}`\n", "code"), "template");
  EXPECT_EQ(ctx("x = {{a}};\n", "code"), "code");
  EXPECT_EQ(ctx("{{=<% %>=}}{{a}} <%b%>\n", "code"), "code");
  EXPECT_EQ(tags_of("{{=<% %>=}}{{a}} <%b%>\n", "code").at(0).var, "b");
  EXPECT_EQ(ctx("| `{{a}}` |\n", "md"), "md-code");
  EXPECT_EQ(ctx("```sh\nrun {{a}}\n```\n", "md"), "sh");
  EXPECT_TRUE(tags_of("{{{a}}}\n", "code").at(0).triple);
  EXPECT_NE(misplaced({"name_lit", false, 1, "comment"}), "");
  EXPECT_NE(misplaced({"description", false, 1, "code"}), "");
  EXPECT_EQ(misplaced({"description_lit", false, 1, "code"}), "");
}

// ---- end to end --------------------------------------------------------------------------------

/// A spec that carries the sample in every string a spec can hold and `mcpc check` accepts:
/// server title, description and author, tool title and description, parameter names,
/// descriptions, enum values, defaults and patterns, output descriptions, named types (their
/// descriptions, property names and enum values, and names the generated code uses itself),
/// resource names, titles, descriptions and text, template names and variable descriptions,
/// prompt names, argument names and descriptions and messages, env descriptions and defaults.
mcpc::OrderedJson escaping_spec() {
  using mcpc::OrderedJson;
  const std::string all = everything();
  const std::string tail = all + "\\\v";  // and ending in a backslash-splice
  auto object = [](std::initializer_list<std::pair<const char*, OrderedJson>> members) {
    OrderedJson o = OrderedJson::object();
    for (const auto& [key, value] : members) o[key] = value;
    return o;
  };
  // The name is printed by --version (tests/golden checks "NAME VERSION"): no NUL, no space.
  const std::string server_name = "escaping-mcp" + concat(category_samples()) + "*/${x}`'\"?\?/\\\v";
  OrderedJson spec = object({{"name", server_name},
                             {"version", "1.0.0"},
                             {"title", "T" + tail},
                             {"description", "D" + tail},
                             {"author", "A" + tail}});
  OrderedJson params = OrderedJson::object();
  params["p" + all] = object({{"type", "string"},
                              {"description", "P" + tail},
                              {"enum", OrderedJson::array({"E" + all, "e2", "__proto__"})},
                              {"default", "E" + all}});
  params["q"] = object({{"type", "string"}, {"description", "Q" + tail}, {"pattern", "^[^\xE2\x80\xA8*/`$\\\\{}]*$"}});
  params["__proto__"] = object({{"type", "integer"}, {"description", "an own property, not the prototype */"}});
  // Named types, under names the generated code uses itself, used by name.
  OrderedJson handler_props = OrderedJson::object();
  handler_props["k" + all] = object({{"type", "string"}, {"description", "K" + tail}});
  spec["types"] =
      object({{"Handlers", object({{"type", "object"}, {"description", "H" + tail}, {"properties", handler_props}})},
              {"JsonSchema", object({{"type", "string"}, {"description", "J" + tail}, {"pattern", "^[^*/`$]*$"}})},
              {"Record", object({{"type", "string"}, {"enum", OrderedJson::array({"E" + all, "__proto__"})}})}});
  params["h"] = object({{"type", "Handlers"}, {"description", "U" + tail}});
  params["j"] = "JsonSchema";
  params["r"] = object({{"type", "Record"}, {"default", "E" + all}});
  OrderedJson returns = object({{"type", "object"},
                                {"properties", object({{"r", object({{"type", "string"}, {"description", "R" + tail}})},
                                                       {"rec", object({{"type", "Record"}, {"required", true}})}})}});
  OrderedJson tools = OrderedJson::array();
  tools.push_back(object({{"name", "evil"},
                          {"title", "T" + tail},
                          {"description", "D" + tail},
                          {"parameters", params},
                          {"env", OrderedJson::array({"__proto__"})},
                          {"returns", returns}}));
  // Names generated code uses itself: each must become a distinct, valid identifier.
  for (const char* name :
       {"args", "ctx", "server", "undefined", "listed-as", "create-server", "delete", "linux", "errno", "2fa"}) {
    tools.push_back(object({{"name", name}, {"description", std::string("named ") + name + " \\"}}));
  }
  spec["tools"] = tools;
  spec["resources"] = OrderedJson::array({object({{"uri", "test://r/*/$x/%E2%80%A8?q='x'&a=*/"},
                                                  {"name", "N" + all},
                                                  {"title", "T" + tail},
                                                  {"description", "D" + tail},
                                                  {"mimeType", "text/plain"},
                                                  {"text", tail}}),
                                          object({{"uri", "test://h/*/$x/%60?q='h'&a=*/"},
                                                  {"name", "H" + all},
                                                  {"description", "D" + tail},
                                                  {"mimeType", "text/plain"},
                                                  {"handler", true}})});
  OrderedJson variables =
      object({{"id", object({{"type", "string"}, {"description", "V" + tail}})},
              {"kind", object({{"type", "string"}, {"enum", OrderedJson::array({"K" + all, "k2"})}})}});
  spec["resourceTemplates"] = OrderedJson::array({object({{"uriTemplate", "test://t/{id}/{kind}"},
                                                          {"name", "N" + all},
                                                          {"title", "T" + tail},
                                                          {"description", "D" + tail},
                                                          {"mimeType", "text/plain"},
                                                          {"variables", variables}})});
  OrderedJson arguments =
      OrderedJson::array({object({{"name", "a" + all}, {"description", "A" + tail}, {"required", true}}),
                          object({{"name", "s"},
                                  {"description", "S" + tail},
                                  {"enum", OrderedJson::array({"S" + all, "s2"})},
                                  {"default", "S" + all}}),
                          object({{"name", "d"}, {"default", "D" + tail}})});
  // In a message "{{x}}" is a placeholder (naming an argument, filled in): keep it apart. The
  // second message is only placeholders, so that the values filled in can be checked.
  std::string text = "M" + tail;
  text.replace(text.find("{{x}}"), 5, "{ {x} }");
  OrderedJson messages = OrderedJson::array(
      {object({{"role", "user"}, {"text", text}}), object({{"role", "user"}, {"text", "{{s}}{{d}}"}})});
  spec["prompts"] = OrderedJson::array(
      {object({{"name", "N" + all}, {"description", "D" + tail}, {"arguments", arguments}, {"messages", messages}})});
  spec["env"] = OrderedJson::array(
      {object({{"name", "__proto__"}, {"description", "E" + tail}, {"required", false}, {"default", "V" + all}})});
  return spec;
}

const fs::path kGoldenSpec = fs::path(MCPC_SOURCE_DIR) / "tests/golden/ir/escaping.json";

using mcpc::testing::CliRun;
using mcpc::testing::run_mcpc;

/// Runs a command (no shell), its output to `log`; the exit status.
int run(const std::vector<std::string>& argv, const fs::path& log, const fs::path& cwd = {}) {
  pid_t pid = fork();
  if (pid == 0) {
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    FILE* f = freopen(log.c_str(), "w", stdout);
    if (f == nullptr || dup2(fileno(stdout), 2) < 0) _exit(126);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// A scratch directory, kept for a look when the test fails.
struct Scratch : mcpc::testing::TempDir {
  explicit Scratch(const std::string& name) : TempDir("escaping-" + name) { keep_if_failed(); }
};

const char* node() { return MCPC_SOURCE_DIR "/tests/e2e/node_modules/node/bin/node"; }

TEST(EscapingSpec, TypeScriptRefusesNamesTheSdkCannotServe) {
  Scratch tmp("sdk-names");
  tmp.write("spec.json",
            R"({"name": "x", "version": "1.0.0", "tools": [{"name": "constructor", "description": "d"}]})");
  CliRun r = run_mcpc({"compile", (tmp / "spec.json").string(), "--target", "ts", "-o", (tmp / "o").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("tool 'constructor' cannot be served by the TypeScript SDK"), std::string::npos) << r.err;
  EXPECT_EQ(run_mcpc({"compile", (tmp / "spec.json").string(), "-o", (tmp / "cpp").string()}).code, 0)
      << "the native runtime serves it";
}

TEST(EscapingSpec, IsTheGoldenCaseAndChecksClean) {
  mcpc::testing::expect_golden(kGoldenSpec, escaping_spec().dump(2, ' ', true) + "\n");
  CliRun check = run_mcpc({"check", "--color=never", kGoldenSpec.string()});
  EXPECT_EQ(check.code, 0) << check.err;
  EXPECT_EQ(check.err, "") << "no warnings either";
}

TEST(EscapingEndToEnd, CppCompilesWithoutWarnings) {
  Scratch tmp("cpp");
  fs::path spec = tmp.write("spec.json", escaping_spec().dump(-1, ' ', true));
  CliRun r = run_mcpc({"compile", spec.string(), "--target", "cpp", "-q", "-o", (tmp / "out").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  // One translation unit of every generated source, as tests/golden/clang_syntax.cmake does.
  std::string unity;
  for (const auto& e : fs::directory_iterator(tmp / "out")) {
    if (e.path().extension() == ".cc") unity += "#include \"" + e.path().string() + "\"\n";
  }
  tmp.write("unity.cc", unity);
  fs::path log = tmp / "compiler.log";
  int rc = run({MCPC_CXX, "-std=c++20", "-fsyntax-only", "-Wall", "-Wextra", "-Wpedantic", "-Wshadow", "-Werror", "-I",
                MCPC_SOURCE_DIR "/runtime/include", (tmp / "unity.cc").string()},
               log);
  EXPECT_EQ(rc, 0) << mcpc::testing::read_file(log);
}

TEST(EscapingEndToEnd, TypeScriptBuildsAndEveryStringSurvives) {
  if (!fs::exists(MCPC_SOURCE_DIR "/tests/ts/node_modules/typescript") || !fs::exists(node())) {
    GTEST_SKIP() << "tests/ts/node_modules or Node is missing: run scripts/bootstrap";
  }
  Scratch tmp("ts");
  fs::path spec = tmp.write("spec.json", escaping_spec().dump(-1, ' ', true));
  fs::path pkg = tmp / "pkg";
  CliRun r = run_mcpc({"compile", spec.string(), "--target", "ts", "-q", "-o", pkg.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  fs::create_directory_symlink(MCPC_SOURCE_DIR "/tests/ts/node_modules", pkg / "node_modules");
  fs::path log = tmp / "tsc.log";
  ASSERT_EQ(run({node(), MCPC_SOURCE_DIR "/tests/ts/node_modules/typescript/bin/tsc", "-p", "tsconfig.json"}, log, pkg),
            0)
      << mcpc::testing::read_file(log);
  // The README's JSON snippets and package.json are JSON.
  nlohmann::json package = nlohmann::json::parse(mcpc::testing::read_file(pkg / "package.json"), nullptr, false);
  EXPECT_FALSE(package.is_discarded());
  log = tmp / "roundtrip.log";
  int rc = run({node(), MCPC_SOURCE_DIR "/tests/unit/escaping_roundtrip.mjs", spec.string(), node(),
                (pkg / "dist/main.js").string(), "--transport", "stdio"},
               log);
  EXPECT_EQ(rc, 0) << mcpc::testing::read_file(log);
}

TEST(EscapingEndToEnd, CppServerAnswersWithEveryStringIntact) {
  const char* server = std::getenv("MCPC_ESCAPING_SERVER");  // the golden case, built by tests/golden
  if (server == nullptr || !fs::exists(server)) GTEST_SKIP() << "MCPC_ESCAPING_SERVER is not built here";
  if (!fs::exists(node())) GTEST_SKIP() << "Node is missing: run scripts/bootstrap";
  Scratch tmp("cpp-run");
  fs::path log = tmp / "roundtrip.log";
  int rc = run({node(), MCPC_SOURCE_DIR "/tests/unit/escaping_roundtrip.mjs", kGoldenSpec.string(), server}, log);
  EXPECT_EQ(rc, 0) << mcpc::testing::read_file(log);
}

}  // namespace

namespace mcpc::codegen {
namespace {

TEST(NativeSpellings, OnlyWhatATypeOrNameCanHoldGetsThrough) {
  for (const char* ok : {"::geo::Point", "std::vector<std::optional<::geo::Unit>>", "unsigned char",
                         "std::array<int, 3>", "std::map<std::string, int>", "const char*"}) {
    EXPECT_EQ(cpp_type_spelling(ok).value_or("refused"), ok);
  }
  for (const char* bad : {"", "int); system(\"rm\"", "a /* b */", "a // b", "std::vector<int", "int>", "a\nb", "a:b",
                          "\"s\"", "f()", "a;b"}) {
    EXPECT_FALSE(cpp_type_spelling(bad).has_value()) << bad;
  }
  EXPECT_EQ(cpp_declared_identifier("metre").value_or("refused"), "metre");
  for (const char* bad : {"", "1x", "a b", "a::b", "x;", "é"}) {
    EXPECT_FALSE(cpp_declared_identifier(bad).has_value()) << bad;
  }
  EXPECT_EQ(cpp_include_operand("geo/shapes.h").value_or("refused"), "\"geo/shapes.h\"");
  for (const char* bad : {"", "a\"b.h", "a\\b.h", "a\nb.h", "a//b.h", "a/*b.h"}) {
    EXPECT_FALSE(cpp_include_operand(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace mcpc::codegen
