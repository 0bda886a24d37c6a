#include "mcpc/codegen/interface.h"

#include <fstream>
#include <map>
#include <set>

namespace mcpc::codegen {
namespace {

constexpr std::string_view kHeader = "mcpc-interface\t1\t";
// A record is a few hundred bytes per handler; anything far larger was not written by mcpc.
constexpr std::uintmax_t kMaxRecordBytes = 16u << 20;

// Fields are tab-separated; names from a spec may hold any character, so a backslash and every
// control character (tab and newline included) are escaped, as \\ and \xHH: the record is
// plain text, one entry a line.
std::string escape_field(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : s) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    } else {
      out += c;
    }
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<std::string> unescape_field(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
    } else if (i + 1 < s.size() && s[i + 1] == '\\') {
      out += '\\';
      i += 1;
    } else if (i + 3 < s.size() && s[i + 1] == 'x' && hex_digit(s[i + 2]) >= 0 && hex_digit(s[i + 3]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 2]) * 16 + hex_digit(s[i + 3]));
      i += 3;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::string line_of(std::initializer_list<std::string_view> fields) {
  std::string out;
  for (std::string_view f : fields) out += (out.empty() ? "" : "\t") + escape_field(f);
  return out + "\n";
}

std::optional<std::vector<std::string>> fields_of(std::string_view line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t tab = line.find('\t', start);
    std::optional<std::string> field = unescape_field(line.substr(start, tab - start));
    if (!field) return std::nullopt;
    out.push_back(std::move(*field));
    if (tab == std::string_view::npos) return out;
    start = tab + 1;
  }
}

using Members = std::vector<std::pair<std::string, std::string>>;

/// "limit added (std::int64_t), q removed, sort now SortOrder (was std::string)"; "" if equal.
std::string member_changes(const Members& before, const Members& after) {
  std::map<std::string, std::string> old(before.begin(), before.end());
  std::set<std::string> now;
  std::string out;
  auto add = [&](const std::string& text) { out += (out.empty() ? "" : ", ") + text; };
  for (const auto& [name, type] : after) {
    now.insert(name);
    auto it = old.find(name);
    if (it == old.end()) {
      add(name + " added" + (type.empty() ? "" : " (" + type + ")"));
    } else if (it->second != type) {
      add(name + " now " + type + " (was " + it->second + ")");
    }
  }
  for (const auto& [name, type] : before) {
    if (now.count(name) == 0) add(name + " removed");
  }
  return out;
}

}  // namespace

std::string format_interface(const HandlerInterface& interface) {
  std::string out =
      "# The handler interface of the generated files, which the next `mcpc compile` compares\n"
      "# with to say what changed for your handlers. Generated: do not edit.\n";
  out += std::string(kHeader) + escape_field(interface.target) + "\n";
  for (const InterfaceHandler& h : interface.handlers) {
    out += line_of({"handler", h.kind, h.name, h.function, h.returns, h.parameters, h.params_type, h.result_type});
  }
  for (const InterfaceType& t : interface.types) {
    out += line_of({"type", t.name});
    for (const auto& [name, type] : t.members) out += line_of({"member", name, type});
  }
  return out;
}

std::optional<HandlerInterface> parse_interface(std::string_view text) {
  HandlerInterface out;
  bool header = false;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) return std::nullopt;  // truncated: every line ends
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    if (!header) {
      if (line.substr(0, kHeader.size()) != kHeader) return std::nullopt;
      std::optional<std::string> target = unescape_field(line.substr(kHeader.size()));
      if (!target) return std::nullopt;
      out.target = *target;
      header = true;
      continue;
    }
    std::optional<std::vector<std::string>> f = fields_of(line);
    if (!f) return std::nullopt;
    const std::string& tag = (*f)[0];
    if (tag == "handler" && f->size() == 8) {
      out.handlers.push_back({(*f)[1], (*f)[2], (*f)[3], (*f)[4], (*f)[5], (*f)[6], (*f)[7]});
    } else if (tag == "type" && f->size() == 2) {
      out.types.push_back({(*f)[1], {}});
    } else if (tag == "member" && f->size() == 3 && !out.types.empty()) {
      out.types.back().members.emplace_back((*f)[1], (*f)[2]);
    } else {
      return std::nullopt;
    }
  }
  if (!header) return std::nullopt;
  return out;
}

std::vector<std::string> interface_changes(const HandlerInterface& before, const HandlerInterface& after,
                                           std::size_t max_lines) {
  std::vector<std::string> lines;
  if (before.target != after.target) return lines;
  std::map<std::string, const InterfaceType*> old_types, new_types;
  for (const InterfaceType& t : before.types) old_types.emplace(t.name, &t);
  for (const InterfaceType& t : after.types) new_types.emplace(t.name, &t);
  // Changes to a type both versions have, or "" (also when either lacks it).
  auto type_changes = [&](const std::string& name) {
    auto o = old_types.find(name), n = new_types.find(name);
    if (name.empty() || o == old_types.end() || n == new_types.end()) return std::string();
    return member_changes(o->second->members, n->second->members);
  };
  auto key = [](const InterfaceHandler& h) { return h.kind + '\n' + h.name; };
  std::map<std::string, const InterfaceHandler*> old_handlers;
  for (const InterfaceHandler& h : before.handlers) old_handlers.emplace(key(h), &h);
  std::set<std::string> seen, described_types;

  for (const InterfaceHandler& h : after.handlers) {
    seen.insert(key(h));
    described_types.insert(h.params_type);
    described_types.insert(h.result_type);
    auto it = old_handlers.find(key(h));
    if (it == old_handlers.end()) {
      lines.push_back("new " + h.kind + " '" + h.name + "': " + h.returns + " " + h.function + "(" + h.parameters +
                      ")");
      continue;
    }
    const InterfaceHandler& o = *it->second;
    std::vector<std::string> parts;
    if (o.function != h.function) parts.push_back("is now named " + h.function);
    if (o.returns != h.returns) parts.push_back("now returns " + h.returns + " (was " + o.returns + ")");
    if (o.parameters != h.parameters) parts.push_back("now takes (" + h.parameters + ") (was (" + o.parameters + "))");
    if (std::string c = type_changes(h.params_type); !c.empty() && o.params_type == h.params_type) {
      parts.push_back("parameters changed: " + c);
    }
    if (std::string c = type_changes(h.result_type); !c.empty() && o.result_type == h.result_type) {
      parts.push_back("result changed: " + c);
    }
    if (parts.empty()) continue;
    // "f now returns X", "f: parameters changed: ...": a verb follows the name, a noun a colon.
    bool verb = parts[0].starts_with("now ") || parts[0].starts_with("is ");
    std::string line = o.function + (verb ? " " : ": ") + parts[0];
    for (std::size_t i = 1; i < parts.size(); ++i) line += "; " + parts[i];
    lines.push_back(line);
  }
  for (const InterfaceHandler& o : before.handlers) {
    if (seen.count(key(o)) == 0)
      lines.push_back(o.kind + " '" + o.name + "' was removed: delete " + o.function + "() from your handlers");
  }
  // Types the handlers use further down (nested objects, enums), named as the code names them.
  for (const InterfaceType& t : after.types) {
    if (described_types.count(t.name) != 0) continue;
    if (std::string c = type_changes(t.name); !c.empty()) lines.push_back(t.name + " changed: " + c);
  }
  if (lines.size() > max_lines && max_lines > 0) {
    std::size_t more = lines.size() - (max_lines - 1);
    lines.resize(max_lines - 1);
    lines.push_back("... and " + std::to_string(more) + " more");
  }
  return lines;
}

std::vector<std::string> interface_changes_since(const std::filesystem::path& dir, const std::string& relative_path,
                                                 const HandlerInterface& now) {
  if (relative_path.empty()) return {};
  std::filesystem::path path = dir / relative_path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || std::filesystem::file_size(path, ec) > kMaxRecordBytes || ec) {
    return {};
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::optional<HandlerInterface> before = parse_interface(text);
  if (!before) return {};
  return interface_changes(*before, now);
}

}  // namespace mcpc::codegen
