// YAML reader: yaml-cpp's event parser builds the located tree directly, so that keys keep
// their positions, aliases are expanded under a budget, and nesting is bounded.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>
#include <unordered_map>

#include "mcpc/frontend/document.h"

namespace mcpc::frontend::doc {
namespace {

// Thrown from event callbacks to stop yaml-cpp at once: a limit crossed or input refused.
struct StopReading {
  SourceLoc loc;
  std::string message;
  Check check = Check::Limits;
};

bool parse_int(std::string_view s, std::int64_t& out) {
  int base = 10;
  bool negative = false;
  std::string_view digits = s;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'o')) {
    if (s[0] == '-' || s[0] == '+') return false;  // YAML 1.2 core: no sign on 0x/0o
    base = digits[1] == 'x' ? 16 : 8;
    digits.remove_prefix(2);
  }
  if (digits.empty()) return false;
  for (char c : digits) {
    bool ok = base == 16 ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                         : (c >= '0' && c < static_cast<char>('0' + base));
    if (!ok) return false;
  }
  std::uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return false;
  if (negative) {
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1) return false;
    out = static_cast<std::int64_t>(0 - value);
  } else {
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
    out = static_cast<std::int64_t>(value);
  }
  return true;
}

bool parse_float(std::string_view s, double& out) {
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF") {
    out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") {
    out = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exp_digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  if (i != s.size()) return false;
  std::string copy(s[0] == '+' ? s.substr(1) : s);
  out = std::strtod(copy.c_str(), nullptr);
  return true;
}

// YAML 1.2 core schema resolution of a plain scalar.
void resolve_plain(Node& n) {
  const std::string& s = n.text;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
    n.kind = Kind::Null;
  } else if (s == "true" || s == "True" || s == "TRUE") {
    n.kind = Kind::Bool;
    n.boolean = true;
  } else if (s == "false" || s == "False" || s == "FALSE") {
    n.kind = Kind::Bool;
    n.boolean = false;
  } else if (parse_int(s, n.integer)) {
    n.kind = Kind::Int;
  } else if (parse_float(s, n.number)) {
    n.kind = Kind::Float;
  } else {
    n.kind = Kind::String;
  }
}

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const SourceManager& sm, std::uint32_t file, const Limits& limits, DiagnosticEngine& diags)
      : file_(sm.file(file)), file_id_(file), limits_(limits), diags_(diags) {}

  Node take_root() { return std::move(root_); }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) {
      throw StopReading{loc(mark), "a spec must be a single YAML document; found a second one here", Check::Syntax};
    }
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n;
    n.kind = Kind::Null;
    n.loc = loc(mark);
    add(std::move(n), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      throw StopReading{loc(mark), "alias refers to an unknown anchor", Check::Syntax};
    }
    // Expansion is a copy; the budget counts copies so "billion laughs" stops early.
    expanded_ += it->second.size();
    if (expanded_ > limits_.max_nodes) {
      throw StopReading{loc(mark), "aliases expand the document past " + std::to_string(limits_.max_nodes) +
                                       " nodes; refusing it (is this a YAML alias bomb?)"};
    }
    add(it->second, 0, loc(mark));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node n;
    n.loc = loc(mark);
    n.text = value;
    if (tag == "?") {
      resolve_plain(n);
    } else {
      check_quote_closed(mark);
      n.kind = Kind::String;  // quoted, block or explicitly tagged scalars are strings
    }
    add(std::move(n), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Kind::Seq, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Kind::Map, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = 0;
    bool have_key = false;
    std::string key;
    SourceLoc key_loc;
  };

  SourceLoc loc(const YAML::Mark& mark) const {
    if (mark.line < 0) return SourceLoc{file_id_, 1, 1};
    auto line0 = static_cast<std::uint32_t>(mark.line);
    return SourceLoc{file_id_, line0 + 1, file_.column_of(line0, static_cast<std::uint32_t>(mark.column))};
  }

  // yaml-cpp 0.7 takes a quoted scalar left open until end of file as valid; find its end.
  void check_quote_closed(const YAML::Mark& mark) const {
    const std::string& text = file_.text();
    if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text.size()) return;
    std::size_t i = static_cast<std::size_t>(mark.pos);
    char quote = text[i];
    if (quote != '"' && quote != '\'') return;
    for (++i; i < text.size(); ++i) {
      if (quote == '"' && text[i] == '\\') {
        ++i;
      } else if (text[i] == quote) {
        if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;  // '' is an escaped quote inside single quotes
        } else {
          return;
        }
      }
    }
    throw StopReading{loc(mark),
                      std::string("unterminated ") + (quote == '"' ? "double" : "single") +
                          "-quoted string: no closing " + quote + " before the end of the file",
                      Check::Syntax};
  }

  void open(Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (stack_.size() >= limits_.max_depth) {
      throw StopReading{loc(mark),
                        "nesting deeper than " + std::to_string(limits_.max_depth) + " levels; refusing the document"};
    }
    count_node(mark);
    Frame f;
    f.node.kind = kind;
    f.node.loc = loc(mark);
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.have_key) {
      // A key without a value cannot happen in valid event streams; treat as null value.
      Node null_value;
      null_value.loc = f.key_loc;
      f.node.entries.push_back(Entry{std::move(f.key), f.key_loc, std::move(null_value)});
    }
    add(std::move(f.node), f.anchor);
  }

  void count_node(const YAML::Mark& mark) {
    if (++expanded_ > limits_.max_nodes) {
      throw StopReading{loc(mark), "document has more than " + std::to_string(limits_.max_nodes) + " nodes"};
    }
  }

  void add(Node n, YAML::anchor_t anchor, SourceLoc alias_loc = {}) {
    if (n.is_scalar() && !alias_loc.valid()) {
      if (++expanded_ > limits_.max_nodes) {
        throw StopReading{n.loc, "document has more than " + std::to_string(limits_.max_nodes) + " nodes"};
      }
    }
    if (alias_loc.valid()) n.loc = alias_loc;
    if (anchor != 0) anchors_[anchor] = n;
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& top = stack_.back();
    if (top.node.kind == Kind::Seq) {
      top.node.items.push_back(std::move(n));
      return;
    }
    if (!top.have_key) {
      if (!n.is_scalar()) {
        throw StopReading{n.loc, "mapping keys must be plain scalars, not a " + std::string(kind_name(n.kind)),
                          Check::Syntax};
      }
      top.key = n.text;
      top.key_loc = n.loc;
      top.have_key = true;
      return;
    }
    // An empty value ("key:" at end of line) is reported by yaml-cpp at the next token;
    // point at the key instead, where the user wrote it.
    if (n.kind == Kind::Null && n.text.empty() && !looks_like_null_literal(n.loc)) n.loc = top.key_loc;
    if (const Entry* dup = top.node.find(top.key)) {
      diags_.report(Check::DuplicateKey, top.key_loc, "duplicate key '" + top.key + "' in mapping")
          .notes.push_back("first defined at line " + std::to_string(dup->key_loc.line));
    } else {
      top.node.entries.push_back(Entry{std::move(top.key), top.key_loc, std::move(n)});
    }
    top.have_key = false;
    top.key.clear();
  }

  bool looks_like_null_literal(SourceLoc at) const {
    std::string_view line = file_.line_text(at.line);
    std::size_t byte = 0;
    for (std::uint32_t col = 1; byte < line.size() && col < at.column; ++col) {
      ++byte;
      while (byte < line.size() && (static_cast<unsigned char>(line[byte]) & 0xC0) == 0x80) ++byte;
    }
    std::string_view rest = line.substr(byte);
    return rest.starts_with("~") || rest.starts_with("null") || rest.starts_with("Null") || rest.starts_with("NULL");
  }

  const SourceFile& file_;
  std::uint32_t file_id_;
  const Limits& limits_;
  DiagnosticEngine& diags_;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, Node> anchors_;
  std::size_t expanded_ = 0;
  int documents_ = 0;
  Node root_;
};

}  // namespace

bool read_yaml(const SourceManager& sm, std::uint32_t file, const Limits& limits, DiagnosticEngine& diags, Node& out) {
  const SourceFile& src = sm.file(file);
  std::istringstream stream(src.text());
  TreeBuilder builder(sm, file, limits, diags);
  try {
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const StopReading& e) {
    diags.report(e.check, e.loc, e.message);
    return false;
  } catch (const YAML::DeepRecursion& e) {
    diags.report(
        Check::Limits,
        SourceLoc{file, static_cast<std::uint32_t>(e.mark.line + 1),
                  src.column_of(static_cast<std::uint32_t>(e.mark.line), static_cast<std::uint32_t>(e.mark.column))},
        "nesting is too deep; refusing the document");
    return false;
  } catch (const YAML::Exception& e) {
    SourceLoc loc{file, 1, 1};
    if (e.mark.line >= 0) {
      loc =
          SourceLoc{file, static_cast<std::uint32_t>(e.mark.line + 1),
                    src.column_of(static_cast<std::uint32_t>(e.mark.line), static_cast<std::uint32_t>(e.mark.column))};
    }
    // yaml-cpp quotes single bytes of the input in some messages; keep the message UTF-8.
    diags.report(Check::Syntax, loc, "YAML syntax error: " + sanitize_utf8(e.msg));
    return false;
  }
  out = builder.take_root();
  if (out.kind == Kind::Null && !out.loc.valid()) out.loc = SourceLoc{file, 1, 1};
  return true;
}

}  // namespace mcpc::frontend::doc
