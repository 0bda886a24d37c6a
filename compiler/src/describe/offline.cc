// The offline rules: a description in, a draft spec out, with no network and no model. They read
// the common phrasings (docs/natural-language.md lists them): tool lists after "tools:",
// "with", a colon or in bullets; verb + object phrases ("search products by name"); auth,
// pagination, databases, APIs and transports named in passing. What they cannot tell becomes a
// `# TODO:` comment in the YAML, next to the line it concerns.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "describe_internal.h"
#include "mcpc/describe/describe.h"

namespace mcpc::describe {
namespace {

// ---------------------------------------------------------------------------------------------
// Words

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

bool is_alpha_word(std::string_view w) {
  return !w.empty() &&
         std::all_of(w.begin(), w.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

bool has_digit(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// Action verbs that name tools, by the form people type, mapped to the name's verb. British
// -ise spellings and the usual synonyms land on one verb, so names are predictable.
const std::map<std::string, std::string, std::less<>>& verbs() {
  static const std::map<std::string, std::string, std::less<>> table = [] {
    std::map<std::string, std::string, std::less<>> t;
    for (const char* v :
         {"add",         "analyze",    "append",     "approve",   "archive",    "assign",    "book",    "calculate",
          "cancel",      "categorize", "check",      "classify",  "clear",      "clone",     "close",   "commit",
          "compare",     "compress",   "compute",    "convert",   "copy",       "count",     "create",  "decode",
          "decrypt",     "delete",     "deploy",     "describe",  "detect",     "disable",   "divide",  "download",
          "echo",        "enable",     "encode",     "encrypt",   "estimate",   "evaluate",  "execute", "expand",
          "export",      "extract",    "filter",     "format",    "forward",    "generate",  "geocode", "get",
          "import",      "install",    "invite",     "kill",      "label",      "launch",    "list",    "lock",
          "log",         "mark",       "merge",      "move",      "multiply",   "normalize", "notify",  "open",
          "parse",       "pause",      "ping",       "play",      "post",       "predict",   "preview", "print",
          "publish",     "purge",      "push",       "rank",      "rate",       "read",      "reboot",  "recommend",
          "refresh",     "refund",     "reject",     "release",   "rename",     "render",    "reorder", "reply",
          "reschedule",  "reset",      "resize",     "resolve",   "restart",    "restore",   "resume",  "revert",
          "review",      "rollback",   "rotate",     "run",       "save",       "scale",     "scan",    "schedule",
          "score",       "scrape",     "screenshot", "search",    "send",       "set",       "share",   "shorten",
          "sign",        "simulate",   "skip",       "sort",      "split",      "start",     "stop",    "stream",
          "submit",      "subscribe",  "subtract",   "summarize", "suspend",    "sync",      "tag",     "test",
          "track",       "transcribe", "transfer",   "transform", "transition", "translate", "trigger", "unlock",
          "unsubscribe", "update",     "upload",     "upsert",    "validate",   "verify",    "watch",   "write"})
      t[v] = v;
    const std::pair<const char*, const char*> synonyms[] = {{"fetch", "get"},
                                                            {"retrieve", "get"},
                                                            {"show", "get"},
                                                            {"view", "get"},
                                                            {"return", "get"},
                                                            {"give", "get"},
                                                            {"obtain", "get"},
                                                            {"lookup", "get"},
                                                            {"find", "search"},
                                                            {"query", "search"},
                                                            {"remove", "delete"},
                                                            {"erase", "delete"},
                                                            {"destroy", "delete"},
                                                            {"drop", "delete"},
                                                            {"edit", "update"},
                                                            {"modify", "update"},
                                                            {"change", "update"},
                                                            {"summarise", "summarize"},
                                                            {"analyse", "analyze"},
                                                            {"categorise", "categorize"},
                                                            {"normalise", "normalize"},
                                                            {"organise", "organize"},
                                                            {"organize", "organize"},
                                                            {"prioritise", "prioritize"},
                                                            {"prioritize", "prioritize"},
                                                            {"visualise", "visualize"},
                                                            {"visualize", "visualize"},
                                                            {"synchronise", "sync"},
                                                            {"synchronize", "sync"},
                                                            {"make", "create"},
                                                            {"enumerate", "list"},
                                                            {"browse", "list"},
                                                            {"compose", "write"},
                                                            {"email", "send"},
                                                            {"message", "send"},
                                                            {"tweet", "post"},
                                                            {"modify", "update"}};
    for (const auto& [from, to] : synonyms) t[from] = to;
    return t;
  }();
  return table;
}

// Verbs that describe the server, not a tool: "connects to", "requires", "uses", "wraps".
const std::set<std::string, std::less<>>& setup_verbs() {
  static const std::set<std::string, std::less<>> s = {
      "connect", "require", "use",     "need",    "listen",   "authenticate", "authorize", "authorise",
      "protect", "wrap",    "store",   "back",    "talk",     "live",         "paginate",  "expose",
      "offer",   "provide", "support", "have",    "let",      "allow",        "want",      "like",
      "love",    "manage",  "handle",  "build",   "be",       "serve",        "host",      "include",
      "contain", "accept",  "speak",   "respond", "integrate"};
  return s;
}

// Mutating verbs act on one thing per call, so their object is singular: delete_note.
const std::set<std::string, std::less<>>& item_verbs() {
  static const std::set<std::string, std::less<>> s = {
      "add",        "approve",  "archive", "assign", "book",   "cancel",   "close",      "convert", "copy",
      "create",     "delete",   "disable", "enable", "edit",   "install",  "invite",     "kill",    "lock",
      "mark",       "merge",    "move",    "open",   "post",   "publish",  "read",       "reboot",  "refund",
      "reject",     "rename",   "reorder", "reply",  "reset",  "restart",  "restore",    "save",    "scale",
      "send",       "set",      "share",   "start",  "stop",   "submit",   "suspend",    "tag",     "transfer",
      "transition", "unlock",   "update",  "upload", "upsert", "write",    "shorten",    "expand",  "deploy",
      "describe",   "download", "resolve", "pause",  "resume", "schedule", "reschedule", "play"};
  return s;
}

const std::set<std::string, std::less<>>& read_verbs() {
  static const std::set<std::string, std::less<>> s = {
      "get",     "list",      "search",   "check",     "count",  "describe", "read",      "detect",
      "preview", "compare",   "estimate", "validate",  "verify", "analyze",  "summarize", "translate",
      "convert", "calculate", "compute",  "recommend", "rank",   "score"};
  return s;
}

// Arithmetic: two numbers in, a number out.
const std::set<std::string, std::less<>>& binary_math() {
  static const std::set<std::string, std::less<>> s = {
      "add", "subtract",   "multiply", "divide",   "power",     "modulo",   "mod", "pow", "max",     "min",
      "sum", "difference", "product",  "quotient", "remainder", "exponent", "gcd", "lcm", "average", "mean"};
  return s;
}
const std::set<std::string, std::less<>>& unary_math() {
  static const std::set<std::string, std::less<>> s = {
      "square_root", "sqrt",      "abs", "absolute_value", "negate", "factorial", "log",    "ln",   "exp",
      "sin",         "cos",       "tan", "round",          "floor",  "ceil",      "square", "cube", "cube_root",
      "reciprocal",  "percentage"};
  return s;
}

// Words skipped in front of an object: "get the current weather" -> weather.
const std::set<std::string, std::less<>>& skip_words() {
  static const std::set<std::string, std::less<>> s = {
      "a",     "an",     "the",       "my",       "our",      "your",      "their",    "his",     "her",     "its",
      "some",  "any",    "all",       "new",      "existing", "given",     "specific", "current", "latest",  "recent",
      "me",    "us",     "them",      "it",       "one",      "single",    "multiple", "several", "each",    "every",
      "this",  "that",   "these",     "those",    "two",      "three",     "random",   "open",    "certain", "various",
      "many",  "more",   "most",      "just",     "also",     "simple",    "basic",    "up",      "out",     "back",
      "users", "user's", "people",    "someone",  "clients",  "agents",    "other",    "another", "lots",    "few",
      "whole", "entire", "available", "possible", "relevant", "different", "down"};
  return s;
}

// Words that end an object: prepositions, conjunctions, relative words.
const std::set<std::string, std::less<>>& stop_words() {
  static const std::set<std::string, std::less<>> s = {
      "for",       "by",      "to",     "from",  "in",        "into",    "on",
      "of",        "with",    "within", "at",    "as",        "via",     "using",
      "over",      "between", "across", "about", "per",       "when",    "if",
      "that",      "which",   "who",    "where", "and",       "or",      "but",
      "so",        "then",    "than",   "based", "including", "against", "without",
      "under",     "after",   "before", "once",  "while",     "is",      "are",
      "was",       "be",      "should", "can",   "will",      "would",   "could",
      "must",      "it",      "they",   "we",    "i",         "you",     "please",
      "also",      "too",     "etc",    "like",  "such",      "through", "whose",
      "whether",   "until",   "inside", "onto",  "off",       "up",      "it'll",
      "needs",     "need",    "it's",   "there", "here",      "now",     "automatically",
      "everything"};
  return s;
}

// Objects that are the server or its setup, not something a tool acts on.
const std::set<std::string, std::less<>>& not_objects() {
  static const std::set<std::string, std::less<>> s = {
      "server",      "mcp",          "service",   "api",       "tool",       "tools",     "app",
      "application", "integration",  "plugin",    "assistant", "bot",        "helper",    "backend",
      "wrapper",     "thing",        "something", "results",   "result",     "data",      "errors",
      "json",        "http",         "https",     "stdio",     "port",       "auth",      "authentication",
      "key",         "token",        "database",  "db",        "pagination", "responses", "output",
      "input",       "claude",       "llm",       "model",     "stuff",      "functions", "operations",
      "commands",    "capabilities", "features",  "endpoints", "actions",    "crud",      "support",
      "access",      "ability"};
  return s;
}

// Words that make a list item a setting rather than a tool: "with no authentication".
const std::set<std::string, std::less<>>& setting_words() {
  static const std::set<std::string, std::less<>> s = {
      "auth",     "authentication", "authorization", "key",        "keys",      "token",   "tokens",
      "bearer",   "oauth",          "jwt",           "database",   "db",        "port",    "http",
      "https",    "stdio",          "transport",     "pagination", "paginated", "page",    "pages",
      "postgres", "postgresql",     "mysql",         "sqlite",     "redis",     "mongodb", "mongo",
      "api",      "server",         "mcp",           "no",         "none",      "without", "not",
      "sse",      "support",        "tools",         "tool"};
  return s;
}

std::string singular(const std::string& w) {
  static const std::set<std::string, std::less<>> keep = {"news",      "status", "series",   "species",
                                                          "analytics", "data",   "settings", "details",
                                                          "metrics",   "stats",  "diff",     "logs"};
  if (keep.contains(w) || w.size() < 4) return w;
  auto ends = [&](std::string_view suffix) { return w.ends_with(suffix); };
  if (ends("ies")) return w.substr(0, w.size() - 3) + "y";
  if (ends("sses") || ends("xes") || ends("ches") || ends("shes") || ends("zes")) return w.substr(0, w.size() - 2);
  if (ends("ss") || ends("us") || ends("is")) return w;
  if (ends("s")) return w.substr(0, w.size() - 1);
  return w;
}

bool is_plural(const std::string& w) { return singular(w) != w; }

// Levenshtein distance with adjacent transpositions, for typos in verbs ("serach").
std::size_t typo_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// The tool verb a word is, if any: its base form, third person (-s, -es) or British spelling,
// or (where `typos` allows) a verb within one or two edits of it.
std::optional<std::string> verb_of(const std::string& word, bool typos) {
  const auto& table = verbs();
  auto look = [&](const std::string& w) -> std::optional<std::string> {
    if (auto it = table.find(w); it != table.end()) return it->second;
    return std::nullopt;
  };
  if (auto v = look(word)) return v;
  if (word.size() > 3 && word.ends_with("s")) {
    if (auto v = look(word.substr(0, word.size() - 1))) return v;
    if (word.ends_with("es")) {
      if (auto v = look(word.substr(0, word.size() - 2))) return v;
    }
    if (word.ends_with("ies")) {
      if (auto v = look(word.substr(0, word.size() - 3) + "y")) return v;
    }
  }
  // Typos keep their first letter, and a word with an inflection is a word, not a typo.
  if (!typos || word.size() < 4 || !is_alpha_word(word) || word.ends_with("ed") || word.ends_with("ing"))
    return std::nullopt;
  std::size_t allowed = word.size() >= 6 ? 2 : 1;
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const auto& [form, verb] : table) {
    if (form.size() < 4 || form.front() != word.front()) continue;
    std::size_t d = typo_distance(word, form);
    if (d < best_distance) {
      best_distance = d;
      best = verb;
    }
  }
  return best;
}

bool is_setup_verb(const std::string& word) {
  if (setup_verbs().contains(word)) return true;
  for (std::string_view suffix : {"ed", "d", "ing"}) {
    if (word.size() > suffix.size() + 2 && word.ends_with(suffix) &&
        setup_verbs().contains(word.substr(0, word.size() - suffix.size())))
      return true;
  }
  if (word.size() > 3 && word.ends_with("s") && setup_verbs().contains(word.substr(0, word.size() - 1))) return true;
  if (word.size() > 4 && word.ends_with("es") && setup_verbs().contains(word.substr(0, word.size() - 2))) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Tokens

struct Token {
  std::string text;        ///< as written
  std::string lower;       ///< lower case
  bool separator = false;  ///< ',', '/', '&', ';' or a conjunction between list items
};

// Identifier-like spellings: snake_case, camelCase, or kebab-case in a list.
bool is_snake(std::string_view w) {
  return w.find('_') != std::string_view::npos && std::islower(static_cast<unsigned char>(w.front())) &&
         std::all_of(w.begin(), w.end(), [](char c) {
           return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
                  c == '_';
         });
}
bool is_camel(std::string_view w) {
  if (w.size() < 3 || !std::islower(static_cast<unsigned char>(w.front()))) return false;
  bool upper_inside = false;
  for (char c : w) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    if (std::isupper(static_cast<unsigned char>(c))) upper_inside = true;
  }
  return upper_inside;
}
bool is_kebab(std::string_view w) {
  if (w.find('-') == std::string_view::npos || w.front() == '-' || w.back() == '-') return false;
  return std::all_of(w.begin(), w.end(),
                     [](char c) { return std::islower(static_cast<unsigned char>(c)) || c == '-'; });
}
bool is_env_name(std::string_view w) {
  return w.size() > 3 && w.find('_') != std::string_view::npos && std::all_of(w.begin(), w.end(), [](char c) {
           return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
                  c == '_';
         });
}

std::vector<Token> tokenize(std::string_view clause) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < clause.size()) {
    unsigned char c = static_cast<unsigned char>(clause[i]);
    if (std::isalnum(c) || c == '_' || c >= 0x80) {
      std::size_t j = i;
      while (j < clause.size()) {
        unsigned char d = static_cast<unsigned char>(clause[j]);
        bool inner = (d == '-' || d == '\'' || d == '.') && j + 1 < clause.size() &&
                     std::isalnum(static_cast<unsigned char>(clause[j + 1]));
        if (std::isalnum(d) || d == '_' || d >= 0x80 || inner) {
          ++j;
        } else {
          break;
        }
      }
      std::string word(clause.substr(i, j - i));
      Token t{word, lower(word)};
      if (t.lower == "and" || t.lower == "or" || t.lower == "plus") t.separator = true;
      out.push_back(std::move(t));
      i = j;
    } else if (c == ',' || c == '/' || c == '&' || c == ';' || c == '|') {
      out.push_back({std::string(1, static_cast<char>(c)), std::string(1, static_cast<char>(c)), true});
      ++i;
    } else {
      ++i;
    }
  }
  // "as well as", "along with": separators too.
  for (std::size_t k = 0; k + 2 < out.size(); ++k) {
    if (out[k].lower == "as" && out[k + 1].lower == "well" && out[k + 2].lower == "as") {
      out[k].separator = true;
      out.erase(out.begin() + static_cast<std::ptrdiff_t>(k) + 1, out.begin() + static_cast<std::ptrdiff_t>(k) + 3);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Clauses: lines, bullets, sentences, and the two sides of a colon or a spaced dash.

struct Clause {
  std::string text;
  bool list = false;  ///< a list of tools: a bullet, after a colon, "with", "tools", "offering"
};

std::string strip_bullet(const std::string& line, bool& bullet) {
  std::size_t i = line.find_first_not_of(" \t");
  if (i == std::string::npos) return "";
  std::string rest = line.substr(i);
  bullet = false;
  static const std::regex marker(R"(^(?:[-*+•·]|\d{1,3}[.)]|[a-z][.)])\s+)");
  std::smatch m;
  if (std::regex_search(rest, m, marker)) {
    bullet = true;
    rest = m.suffix();
  } else if (rest.rfind("\xE2\x80\xA2", 0) == 0) {  // U+2022 without a following space
    bullet = true;
    rest = rest.substr(3);
  }
  return rest;
}

std::string without_parentheses(const std::string& s) {
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '(' || c == '[') {
      ++depth;
    } else if ((c == ')' || c == ']') && depth > 0) {
      --depth;
    } else if (depth == 0) {
      out += c;
    }
  }
  return out;
}

// Words after which what follows is a list of tools.
bool introduces_list(const std::string& lower_text) {
  static const std::regex intro(
      R"((?:^|\b)(tools?|commands?|functions?|operations?|endpoints?|actions?|capabilit(?:y|ies)|features?|methods?|with|offering|offers|exposing|exposes|providing|provides|supporting|supports|including|includes)\s*:?\s*(?:for|to|like|such as)?\s*:?\s*$)");
  return std::regex_search(lower_text, intro);
}

std::vector<Clause> split_clauses(std::string_view text) {
  std::vector<Clause> out;
  std::string normalized;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // Curly quotes and dashes to ASCII, so the rules see one spelling.
    if (text.compare(i, 3, "\xE2\x80\x99") == 0 || text.compare(i, 3, "\xE2\x80\x98") == 0) {
      normalized += '\'';
      i += 2;
    } else if (text.compare(i, 3, "\xE2\x80\x9C") == 0 || text.compare(i, 3, "\xE2\x80\x9D") == 0) {
      normalized += '"';
      i += 2;
    } else if (text.compare(i, 3, "\xE2\x80\x94") == 0 || text.compare(i, 3, "\xE2\x80\x93") == 0) {
      normalized += " - ";
      i += 2;
    } else {
      normalized += text[i];
    }
  }
  std::size_t start = 0;
  while (start <= normalized.size()) {
    std::size_t end = normalized.find('\n', start);
    if (end == std::string::npos) end = normalized.size();
    bool bullet = false;
    std::string line = without_parentheses(strip_bullet(normalized.substr(start, end - start), bullet));
    start = end + 1;
    if (line.empty()) continue;
    // Sentences: ". ", "; ", "! ", "? " and a final period.
    std::vector<std::string> sentences;
    std::string current;
    for (std::size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      bool end_of_sentence = (c == '.' || c == '!' || c == '?' || c == ';') &&
                             (i + 1 == line.size() || line[i + 1] == ' ' || line[i + 1] == '\t');
      if (end_of_sentence) {
        sentences.push_back(current);
        current.clear();
      } else {
        current += c;
      }
    }
    sentences.push_back(current);
    for (const std::string& sentence : sentences) {
      // A colon (not inside a URL or a time) or a spaced dash: a heading, then a list.
      std::vector<std::string> parts;
      std::string part;
      for (std::size_t i = 0; i < sentence.size(); ++i) {
        bool colon = sentence[i] == ':' && (i + 1 == sentence.size() || sentence[i + 1] == ' ');
        bool dash =
            sentence[i] == '-' && i > 0 && sentence[i - 1] == ' ' && i + 1 < sentence.size() && sentence[i + 1] == ' ';
        if (colon || dash) {
          parts.push_back(part);
          part.clear();
        } else {
          part += sentence[i];
        }
      }
      parts.push_back(part);
      for (std::size_t p = 0; p < parts.size(); ++p) {
        std::string trimmed = parts[p];
        trimmed.erase(0, trimmed.find_first_not_of(" \t\""));
        trimmed.erase(trimmed.find_last_not_of(" \t\"") + 1);
        if (trimmed.empty()) continue;
        out.push_back({trimmed, bullet || p > 0});
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tool phrases

struct Phrase {
  std::string verb;                 ///< normalised; empty for a name written out
  std::vector<std::string> object;  ///< lower-case words, as written (number kept)
  std::string explicit_name;        ///< a name spelled as an identifier, or a bare list item
  std::vector<std::string> params;  ///< nouns from "by X", "for X", "of X", "with X and Y"
  std::string words;                ///< the phrase as written, from the verb on
  bool by_filters = false;          ///< params came from "by ..."
};

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string s;
  for (const std::string& p : parts) s += (s.empty() ? "" : std::string(sep)) + p;
  return s;
}

std::string snake(std::string_view w) {
  std::string out;
  for (char c : w) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

// The noun phrase after position i (a preposition): up to two words, skipping determiners.
std::vector<std::string> noun_after(const std::vector<Token>& toks, std::size_t i, std::size_t end) {
  std::vector<std::string> words;
  for (std::size_t k = i; k < end; ++k) {
    const Token& t = toks[k];
    if (t.separator && !words.empty()) break;
    if (t.separator) break;
    if (skip_words().contains(t.lower) || has_digit(t.lower)) {
      if (!words.empty()) break;
      continue;
    }
    if (stop_words().contains(t.lower)) break;
    if (!is_alpha_word(t.lower) && t.lower.find('-') == std::string::npos && t.lower.find('\'') == std::string::npos)
      break;
    words.push_back(t.lower);
  }
  if (words.size() > 2) words.erase(words.begin(), words.end() - 2);
  return words;
}

// A setting word ends a parameter list: "for a city" is a parameter, "over HTTP" is not.
bool is_param_noun(const std::vector<std::string>& noun) {
  if (noun.empty()) return false;
  for (const std::string& w : noun) {
    if (setting_words().contains(w) || not_objects().contains(w) || w.ends_with("'s") || w.ends_with("ing"))
      return false;
  }
  return true;
}

// Reads the parameters in the tail of a phrase: "by name, SKU or category", "for a city".
void read_tail(const std::vector<Token>& toks, std::size_t k, std::size_t end, Phrase& p) {
  static const std::set<std::string, std::less<>> param_preps = {"by",   "for",  "of", "to",  "in",
                                                                 "from", "with", "on", "into"};
  std::string prep;
  for (; k < end; ++k) {
    const Token& t = toks[k];
    if (param_preps.contains(t.lower)) {
      prep = t.lower;
      std::vector<std::string> noun = noun_after(toks, k + 1, end);
      if (is_param_noun(noun)) {
        p.params.push_back(snake(join(noun, "_")));
        if (prep == "by") p.by_filters = true;
      }
    }
  }
}

// One list item (tokens [begin, end)): a verb phrase, a name written out, or nothing.
std::optional<Phrase> read_item(const std::vector<Token>& toks, std::size_t begin, std::size_t end, bool list,
                                bool first_in_clause) {
  // Names written as identifiers: every one in the item is a tool.
  for (std::size_t k = begin; k < end; ++k) {
    const std::string& w = toks[k].text;
    if (is_snake(w) || is_camel(w) || (list && is_kebab(w) && verb_of(w.substr(0, w.find('-')), false))) {
      Phrase p;
      p.explicit_name = w;
      p.words = w;
      return p;
    }
  }
  // The first tool verb in the item, where a verb can stand: at its start, or after a word
  // that leads up to one ("can", "to", "should", a subject).
  static const std::set<std::string, std::less<>> leads = {
      "can",     "to",       "should",    "will",      "must", "could",     "would",    "may",        "please",
      "and",     "i",        "we",        "it",        "they", "users",     "user",     "agents",     "me",
      "us",      "you",      "also",      "just",      "then", "that",      "which",    "wich",       "who",
      "lets",    "let",      "able",      "helps",     "help", "might",     "shall",    "clients",    "people",
      "claude",  "team",     "others",    "tools",     "tool", "functions", "commands", "operations", "actions",
      "with",    "offering", "exposing",  "providing", "or",   "either",    "easily",   "quickly",    "automatically",
      "members", "admins",   "customers", "anyone"};
  for (std::size_t k = begin; k < end; ++k) {
    const Token& t = toks[k];
    if (t.separator) continue;
    bool at_start = k == begin || leads.contains(toks[k - 1].lower);
    if (is_setup_verb(t.lower)) continue;
    // "look up", "look for", "set up": two-word verbs.
    std::optional<std::string> verb;
    std::size_t after = k + 1;
    if (t.lower == "look" && k + 1 < end && (toks[k + 1].lower == "up" || toks[k + 1].lower == "for")) {
      verb = toks[k + 1].lower == "up" ? "get" : "search";
      after = k + 2;
    } else if (t.lower == "square" && k + 1 < end && toks[k + 1].lower == "root") {
      Phrase p;
      p.explicit_name = "square_root";
      p.words = "square root";
      return p;
    } else {
      verb = verb_of(t.lower, at_start);
      if (verb && !at_start && !verbs().contains(t.lower) &&
          !(t.lower.ends_with("s") && verbs().contains(t.lower.substr(0, t.lower.size() - 1))) &&
          !(t.lower.ends_with("es") && verbs().contains(t.lower.substr(0, t.lower.size() - 2))))
        verb.reset();
    }
    if (!verb) continue;
    // A verb in the middle of a noun phrase ("todo list MCP") is not one unless it leads.
    if (!at_start && k > begin && !stop_words().contains(toks[k - 1].lower) && !is_setup_verb(toks[k - 1].lower) &&
        !list)
      continue;
    Phrase p;
    p.verb = *verb;
    std::size_t j = after;
    for (; j < end; ++j) {
      const Token& o = toks[j];
      if (o.separator) break;
      if (skip_words().contains(o.lower) || has_digit(o.lower) || (o.lower.find('-') != std::string::npos)) {
        if (!p.object.empty()) break;
        continue;
      }
      if (stop_words().contains(o.lower)) break;
      if (o.lower.ends_with("ed") && o.lower.size() > 4 && !p.object.empty()) break;  // "results paginated"
      if (!is_alpha_word(o.lower) && o.lower.find('\'') == std::string::npos) break;
      p.object.push_back(o.lower);
    }
    // "a deal's stage": the owner is context, the stage is the object.
    std::vector<std::string> object;
    for (const std::string& w : p.object) {
      if (w.ends_with("'s") || w.ends_with("s'")) {
        object.clear();
        continue;
      }
      object.push_back(w);
    }
    p.object = object;
    if (p.object.size() > 2) p.object.erase(p.object.begin(), p.object.end() - 2);
    for (const std::string& w : p.object) {
      if (not_objects().contains(w)) return std::nullopt;  // "create an MCP server", "returns results"
    }
    read_tail(toks, j, end, p);
    // "reply to a ticket": no object, so the first parameter's noun is the object.
    if (p.object.empty() && !p.params.empty() && !binary_math().contains(p.verb) && toks[j].lower != "by") {
      std::string noun = p.params.front();
      p.params.erase(p.params.begin());
      std::size_t at = 0;
      for (std::size_t u = noun.find('_'); u != std::string::npos; u = noun.find('_', at)) {
        p.object.push_back(noun.substr(at, u - at));
        at = u + 1;
      }
      p.object.push_back(noun.substr(at));
    }
    // "add two numbers": the verb is the whole name.
    if (binary_math().contains(p.verb)) {
      bool generic = std::all_of(p.object.begin(), p.object.end(), [](const std::string& w) {
        return w == "numbers" || w == "number" || w == "values" || w == "integers" || w == "them";
      });
      if (generic) p.object.clear();
    }
    for (std::size_t w = k; w < end; ++w) p.words += (p.words.empty() ? "" : " ") + toks[w].text;
    (void)first_in_clause;
    return p;
  }
  // A bare name in a list: "ping", "power", "square root".
  if (list) {
    std::vector<std::string> words;
    for (std::size_t k = begin; k < end; ++k) {
      const Token& t = toks[k];
      if (!is_alpha_word(t.lower) || setting_words().contains(t.lower) || stop_words().contains(t.lower) ||
          skip_words().contains(t.lower))
        return std::nullopt;
      words.push_back(t.lower);
    }
    if (words.empty() || words.size() > 2) return std::nullopt;
    Phrase p;
    p.explicit_name = join(words, "_");
    p.words = join(words, " ");
    return p;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// The draft

struct Param {
  std::string name;
  std::string type = "string";
  std::string description;
  bool required = false;
  std::optional<long> default_value;
  std::optional<long> minimum;
};

struct ToolDraft {
  std::string name;
  std::string verb;
  std::vector<std::string> object;
  std::string description;
  std::vector<Param> params;
  std::string returns;  ///< "number" for arithmetic; empty: unstructured
  std::vector<std::string> todos;
  bool read_only = false;
  bool pure = false;  ///< arithmetic: no I/O at all
  std::string connection;
  bool lists = false;  ///< returns many things: gets the page size
};

struct ConnectionDraft {
  std::string name;
  std::string type;
  std::string env;
  std::string description;
  std::string todo;
};

struct Draft {
  std::string name;
  std::string description;
  std::set<std::string> transports;
  std::optional<long> port;
  std::string auth;  ///< api_key, bearer, none, or empty
  std::string auth_env;
  std::string auth_todo;
  std::optional<long> page_size;
  bool pagination_without_size = false;
  std::vector<ConnectionDraft> connections;
  std::vector<ToolDraft> tools;
  std::vector<std::string> todos;
};

std::string capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string humanize(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '_' || c == '-') {
      out += ' ';
    } else if (std::isupper(static_cast<unsigned char>(c)) && i > 0) {
      out += ' ';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return capitalized(out);
}

// Splits a name into words: search_products, getUser, fetch-page.
std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> words;
  std::string w;
  for (char c : name) {
    if (c == '_' || c == '-') {
      if (!w.empty()) words.push_back(w);
      w.clear();
    } else if (std::isupper(static_cast<unsigned char>(c))) {
      if (!w.empty()) words.push_back(w);
      w = std::string(1, static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      w += c;
    }
  }
  if (!w.empty()) words.push_back(w);
  return words;
}

void add_param(ToolDraft& t, Param p) {
  for (const Param& q : t.params) {
    if (q.name == p.name) return;
  }
  t.params.push_back(std::move(p));
}

ToolDraft tool_from(const Phrase& ph) {
  ToolDraft t;
  if (!ph.explicit_name.empty()) {
    t.name = ph.explicit_name;
    std::vector<std::string> words = name_words(ph.explicit_name);
    if (!words.empty()) {
      if (auto v = verb_of(words.front(), false)) {
        t.verb = *v;
        t.object.assign(words.begin() + 1, words.end());
      }
    }
    t.description = humanize(ph.explicit_name);
    t.todos.push_back("say what " + ph.explicit_name + " does and when to use it; models choose tools by it");
  } else {
    t.verb = ph.verb;
    t.object = ph.object;
    if (!t.object.empty()) {
      std::string& head = t.object.back();
      if (item_verbs().contains(t.verb)) head = singular(head);
    }
    t.name = snake(t.verb + (t.object.empty() ? "" : "_" + join(t.object, "_")));
    // "look up customers by email": many things found by a field is a search.
    if (t.verb == "get" && !t.object.empty() && is_plural(t.object.back()) && ph.by_filters) {
      t.verb = "search";
      t.name = snake("search_" + join(t.object, "_"));
    }
    t.description = capitalized(ph.words);
  }
  const bool binary = binary_math().contains(t.name);
  const bool unary = unary_math().contains(t.name);
  if (binary || unary) {
    t.pure = true;
    t.read_only = true;
    t.returns = "number";
    if (binary) {
      add_param(t, {"a", "number", "The first operand", true, {}, {}});
      add_param(t, {"b", "number", "The second operand", true, {}, {}});
    } else {
      add_param(t, {"x", "number", "The operand", true, {}, {}});
    }
    if (!ph.explicit_name.empty()) t.todos.clear();
    if (t.description == humanize(t.name)) {
      static const std::map<std::string, std::string, std::less<>> text = {
          {"add", "Add two numbers and return the sum"},
          {"subtract", "Subtract the second number from the first and return the difference"},
          {"multiply", "Multiply two numbers and return the product"},
          {"divide", "Divide the first number by the second and return the quotient"},
          {"power", "Raise the first number to the power of the second"},
          {"square_root", "Return the square root of a number"}};
      if (auto it = text.find(t.name); it != text.end()) t.description = it->second;
    }
    return t;
  }
  t.read_only = read_verbs().contains(t.verb);
  t.lists =
      t.verb == "list" || t.verb == "search" || (t.verb == "get" && !t.object.empty() && is_plural(t.object.back()));
  if (t.verb == "search") add_param(t, {"query", "string", "What to search for", true, {}, {}});
  for (const std::string& name : ph.params) {
    if (name.empty() || name == t.name) continue;
    bool required = !ph.by_filters && t.verb != "search";
    std::string description = ph.by_filters ? "Only return matches on this " + humanize(name).substr(0, 1) : "";
    description = ph.by_filters ? "Filter by " + lower(humanize(name)) : "The " + lower(humanize(name));
    add_param(t, {name, "string", description, required, {}, {}});
  }
  if (t.verb == "convert" && t.params.empty()) {
    add_param(t, {"value", "string", "What to convert", true, {}, {}});
    add_param(t, {"from", "string", "The unit or format it is in", true, {}, {}});
    add_param(t, {"to", "string", "The unit or format to convert it to", true, {}, {}});
    t.todos.push_back("give value a number type, or from/to an enum, if that fits");
  }
  const std::string noun = t.object.empty() ? "item" : lower(join(t.object, " "));
  if (t.params.empty() && !t.object.empty() && item_verbs().contains(t.verb) && t.verb != "create" && t.verb != "add" &&
      t.verb != "send" && t.verb != "upload" && t.verb != "post") {
    add_param(t, {"id", "string", "Which " + noun + " to " + t.verb, true, {}, {}});
  }
  if (t.verb == "create" || t.verb == "add" || t.verb == "update" || t.verb == "send" || t.verb == "post") {
    const bool vowel = std::string_view("aeiou").find(noun.front()) != std::string_view::npos;
    t.todos.push_back(std::string("add the fields ") + (vowel ? "an " : "a ") + noun + " has as parameters");
  } else if (t.params.empty() && !t.lists) {
    t.todos.push_back("add the parameters " + t.name + " needs, if any");
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Settings read from the whole text

struct DbKind {
  const char* pattern;
  const char* type;
};
constexpr DbKind kDatabases[] = {
    {R"(\b(?:postgre(?:s|sql)?|psql|pg)\b)", "postgresql"},
    {R"(\b(?:mysql|mariadb)\b)", "mysql"},
    {R"(\bsqlite3?\b)", "sqlite"},
    {R"(\bmongo(?:db)?\b)", "mongodb"},
    {R"(\bredis\b)", "redis"},
    {R"(\bclickhouse\b)", "clickhouse"},
    {R"(\b(?:elasticsearch|opensearch)\b)", "elasticsearch"},
    {R"(\bdynamodb\b)", "dynamodb"},
    {R"(\b(?:sql server|mssql)\b)", "mssql"},
    {R"(\bsnowflake\b)", "snowflake"},
    {R"(\bbigquery\b)", "bigquery"},
    {R"(\bcassandra\b)", "cassandra"},
    {R"(\bduckdb\b)", "duckdb"},
    {R"(\bsupabase\b)", "postgresql"},
};

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void read_settings(const std::string& text, Draft& d) {
  const std::string t = lower(text);
  std::smatch m;
  // Auth.
  static const std::regex no_auth(
      R"(\b(?:no|without|doesn't need|does not need|not require)\s+(?:any\s+)?(?:auth|authentication|login|api key)\b|\bunauthenticated\b|\bpublic\b)");
  static const std::regex bearer(
      R"(\bbearer\b|\boauth2?\b|\bjwt\b|\baccess tokens?\b|\bbot tokens?\b|\btoken[- ]based\b|\btoken auth)");
  static const std::regex api_key(R"(\bapi[- ]?keys?\b|\bx-api-key\b)");
  static const std::regex auth_word(R"(\b(?:auth|authenticat\w*|authori[sz]\w*|login|credentials|secured?)\b)");
  if (std::regex_search(t, bearer)) {
    d.auth = "bearer";
  } else if (std::regex_search(t, api_key)) {
    d.auth = "api_key";
  } else if (std::regex_search(t, no_auth)) {
    d.auth = "none";
  } else if (std::regex_search(t, auth_word)) {
    d.auth_todo = "the description asks for authentication without saying which kind: api_key or bearer";
  }
  if (d.auth != "none" && !d.auth.empty() && std::regex_search(t, no_auth) &&
      !std::regex_search(t, std::regex(R"(\bpublic\b)")))
    d.auth = "none";
  // Pagination.
  static const std::regex page_patterns[] = {
      std::regex(R"(paginat\w*\s+(?:at|of|by|to|with)?\s*(\d{1,5})\b)"),
      std::regex(R"(page[- ]size\s*(?:of|is|=|:)?\s*(\d{1,5})\b)"),
      std::regex(R"(\b(\d{1,5})\s+(?:[a-z]+\s+)?(?:per|a|each)\s+page\b)"),
      std::regex(R"(\bpages?\s+of\s+(\d{1,5})\b)"),
      std::regex(
          R"(\b(?:limit(?:ed)?|capped|at most|up to|max(?:imum)? of)\s+(?:to|at|of)?\s*(\d{1,5})\s+(?:items|results|rows|records|entries|per)\b)")};
  for (const std::regex& re : page_patterns) {
    if (std::regex_search(t, m, re)) {
      d.page_size = std::stol(m[1]);
      break;
    }
  }
  if (!d.page_size && std::regex_search(t, std::regex(R"(\bpaginat\w*|\bper page\b|\bpage size\b)")))
    d.pagination_without_size = true;
  // Transports.
  if (std::regex_search(t, std::regex(R"(\bstdio\b|\bstandard (?:input|in|io)\b|\bstdin\b)")))
    d.transports.insert("stdio");
  if (std::regex_search(t, std::regex(R"(\bhttps?\b|\bstreamable\b|\bsse\b|\bover the network\b|\bremote server\b)")) &&
      !std::regex_search(t, std::regex(R"(\bhttps?://)")))
    d.transports.insert("http");
  static const std::regex port(
      R"(\b(?:port|listen(?:s|ing)? on)\s*(?:number\s*)?[:=]?\s*(\d{2,5})\b|localhost:(\d{2,5})\b)");
  if (std::regex_search(t, m, port)) {
    long n = std::stol(m[1].matched ? m[1].str() : m[2].str());
    if (n >= 1 && n <= 65535) {
      d.port = n;
      d.transports.insert("http");
    }
  }
  // Databases: "PostgreSQL inventory database" -> inventory_db.
  std::set<std::string> seen;
  for (const DbKind& kind : kDatabases) {
    std::regex re(std::string(kind.pattern) + R"((?:\s+([a-z]+))?(?:\s+([a-z]+))?)");
    if (!std::regex_search(t, m, re) || seen.contains(kind.type)) continue;
    seen.insert(kind.type);
    ConnectionDraft c;
    c.type = kind.type;
    static const std::set<std::string, std::less<>> db_words = {"database", "db",    "store",     "cluster", "instance",
                                                                "server",   "cache", "warehouse", "table",   "tables"};
    std::string qualifier;
    if (m[1].matched && m[2].matched && db_words.contains(m[2].str()) && !skip_words().contains(m[1].str()) &&
        !stop_words().contains(m[1].str()))
      qualifier = m[1];
    // "our inventory database (PostgreSQL)", "a CRM in Postgres".
    if (qualifier.empty()) {
      std::smatch q;
      std::string before = t.substr(0, static_cast<std::size_t>(m.position(0)));
      if (std::regex_search(before, q, std::regex(R"(\b([a-z]+)\s+(?:database|db)\s+(?:in|on|with|using)?\s*$)")) ||
          std::regex_search(before, q, std::regex(R"(\b(?:a|an|the|our|my)\s+([a-z]+)\s+(?:in|on)\s+$)")))
        qualifier = q[1];
    }
    if (skip_words().contains(qualifier) || db_words.contains(qualifier)) qualifier.clear();
    c.name = (qualifier.empty() ? std::string(kind.type) : qualifier) + "_db";
    c.env = d.connections.empty() ? "DATABASE_URL" : upper(c.name) + "_URL";
    c.description = std::string("The ") + (qualifier.empty() ? "" : qualifier + " ") + "database (" + kind.type + ")";
    d.connections.push_back(c);
  }
  if (d.connections.empty() &&
      std::regex_search(t, m, std::regex(R"(\b(?:a|an|the|our|my)\s+(?:([a-z]+)\s+)?(?:database|db)\b)"))) {
    ConnectionDraft c;
    std::string q = m[1].matched ? m[1].str() : "";
    if (skip_words().contains(q) || stop_words().contains(q)) q.clear();
    c.name = (q.empty() ? "main" : q) + "_db";
    c.type = "sql";
    c.env = "DATABASE_URL";
    c.description = "The database";
    c.todo = "which database is it? set type to postgresql, mysql, sqlite, ...";
    d.connections.push_back(c);
  }
  // APIs and integrations: "the weather API", "Slack integration", "wraps the Stripe API".
  static const std::regex api(
      R"(\b([a-z][a-z0-9.]*)\s+(?:rest\s+|web\s+|http\s+|public\s+)?(?:api|integration)\b(?![- ]?(?:keys?|tokens?)\b))");
  static const std::set<std::string, std::less<>> not_names = {
      "a",    "an",    "the",  "our", "my",     "rest",  "mcp", "web",      "http",    "json", "public",
      "your", "their", "this", "an",  "simple", "small", "new", "internal", "private", "any"};
  for (auto it = std::sregex_iterator(t.begin(), t.end(), api); it != std::sregex_iterator(); ++it) {
    std::string word = (*it)[1];
    if (not_names.contains(word) || verb_of(word, false) || is_setup_verb(word)) continue;
    // "A calculator API with ..." at the start names the server itself, not a service it calls.
    std::string before = t.substr(0, static_cast<std::size_t>(it->position(0)));
    if (std::regex_match(
            before,
            std::regex(
                R"(\s*(?:(?:please\s+)?(?:create|build|make|write|generate|give me|i need|i want|we need)\s+(?:me\s+)?)?(?:a|an)\s+(?:simple\s+|small\s+|basic\s+)?)")))
      continue;
    std::string name = snake(word) + "_api";
    if (std::any_of(d.connections.begin(), d.connections.end(),
                    [&](const ConnectionDraft& c) { return c.name == name; }))
      continue;
    ConnectionDraft c;
    c.name = name;
    c.type = "http";
    c.env = upper(snake(word)) + "_API_KEY";
    c.description = "The " + word + " API";
    c.todo = "set envVar to what the " + word + " API needs (its key or base URL)";
    d.connections.push_back(c);
  }
  // An environment variable named outright: the API's key, or the server's own.
  static const std::regex env_name(R"(\b([A-Z][A-Z0-9]*_[A-Z0-9_]+)\b)");
  if (std::regex_search(text, m, env_name)) {
    std::string name = m[1];
    bool given = false;
    for (ConnectionDraft& c : d.connections) {
      if (c.type == "http" && !given) {
        c.env = name;
        c.todo.clear();
        given = true;
      }
    }
    if (!given && !d.auth.empty() && d.auth != "none") d.auth_env = name;
  }
}

// The server's name: what the description is about ("calculator", "weather", "inventory").
std::string server_name(const std::string& text, const Draft& d) {
  std::string t = lower(text);
  std::smatch m;
  static const std::regex subject(
      R"(\b([a-z][a-z0-9-]*)\s+(?:mcp\s+)?(?:api|server|mcp|helper|assistant|integration|service|backend|bot|tool|app|shortener|book)\b)");
  static const std::set<std::string, std::less<>> weak = {
      "a",    "an",     "the",  "mcp",    "simple",      "small",  "local",   "public", "our",
      "my",   "this",   "that", "http",   "stdio",       "rest",   "new",     "basic",  "remote",
      "tiny", "little", "nice", "good",   "own",         "your",   "their",   "one",    "web",
      "json", "node",   "c",    "native", "lightweight", "custom", "internal"};
  for (auto it = std::sregex_iterator(t.begin(), t.end(), subject); it != std::sregex_iterator(); ++it) {
    std::string w = (*it)[1];
    if (!weak.contains(w) && !verb_of(w, false) && !stop_words().contains(w)) return snake(w) + "-mcp";
  }
  for (const ConnectionDraft& c : d.connections) {
    std::string base = c.name.substr(0, c.name.rfind('_'));
    if (base != c.type) return snake(base) + "-mcp";
  }
  if (!d.tools.empty() && !d.tools.front().object.empty()) return snake(d.tools.front().object.back()) + "-mcp";
  return "my-mcp";
}

std::string first_sentence(const std::string& text) {
  std::string flat;
  for (char c : text) flat += (c == '\n' || c == '\t' || c == '\r') ? ' ' : c;
  std::size_t end = flat.find(". ");
  std::string s = flat.substr(0, end == std::string::npos ? flat.size() : end);
  s.erase(0, s.find_first_not_of(" -*"));
  while (!s.empty() && (s.back() == ' ' || s.back() == '.' || s.back() == ':')) s.pop_back();
  std::string collapsed;
  for (char c : s) {
    if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
    collapsed += c;
  }
  if (collapsed.size() > 160) collapsed = collapsed.substr(0, 157) + "...";
  return capitalized(collapsed);
}

// CRUD on a noun: create, get, update, delete and list.
void read_crud(const std::string& text, std::vector<ToolDraft>& tools) {
  std::string t = lower(text);
  std::smatch m;
  static const std::regex after(
      R"(\bcrud\s+(?:operations\s+|endpoints\s+|tools\s+)?(?:for|on|of|over)\s+(?:the\s+|our\s+|my\s+)?([a-z]+))");
  static const std::regex before(R"(\b([a-z]+)\s+crud\b)");
  std::string noun;
  if (std::regex_search(t, m, after)) {
    noun = m[1];
  } else if (std::regex_search(t, m, before) && !skip_words().contains(m[1].str())) {
    noun = m[1];
  }
  if (noun.empty()) return;
  std::string one = singular(noun);
  std::string many = is_plural(noun) ? noun : noun + "s";
  for (const auto& [verb, object] : std::vector<std::pair<std::string, std::string>>{
           {"create", one}, {"get", one}, {"update", one}, {"delete", one}, {"list", many}}) {
    Phrase p;
    p.verb = verb;
    p.object = {object};
    p.words = verb + " a " + object;
    if (verb == "list") p.words = "list " + many;
    tools.push_back(tool_from(p));
  }
}

Draft read_description(std::string_view description) {
  Draft d;
  const std::string text(description);
  read_settings(text, d);
  std::vector<Phrase> phrases;
  for (const Clause& clause : split_clauses(text)) {
    std::vector<Token> toks = tokenize(clause.text);
    // The words before the first tool verb can open a list: "with", "tools for", "offering".
    std::vector<std::pair<std::size_t, std::size_t>> items;
    std::size_t begin = 0;
    for (std::size_t k = 0; k <= toks.size(); ++k) {
      if (k == toks.size() || toks[k].separator) {
        if (k > begin) items.emplace_back(begin, k);
        begin = k + 1;
      }
    }
    bool list = clause.list;
    std::vector<Phrase> in_clause;
    for (std::size_t n = 0; n < items.size(); ++n) {
      auto [b, e] = items[n];
      // "... with add": the list starts inside the first item.
      bool item_list = list;
      std::size_t start = b;
      for (std::size_t k = b; k < e; ++k) {
        std::string before;
        for (std::size_t w = b; w <= k; ++w) before += (before.empty() ? "" : " ") + toks[w].lower;
        if (verb_of(toks[k].lower, false) && !introduces_list(before)) break;  // a verb comes first
        if (introduces_list(before)) {
          item_list = true;
          start = k + 1;
          list = true;
        }
      }
      if (start >= e) continue;
      std::optional<Phrase> p = read_item(toks, start, e, item_list, n == 0);
      if (!p && item_list && start != b) p = read_item(toks, b, e, false, n == 0);
      if (!p) {
        // A verb-less item after "by name": another filter ("by name, SKU or category").
        if (!in_clause.empty() && in_clause.back().by_filters) {
          std::vector<std::string> noun = noun_after(toks, b, e);
          if (is_param_noun(noun)) in_clause.back().params.push_back(snake(join(noun, "_")));
        }
        continue;
      }
      in_clause.push_back(*p);
    }
    // "create, update and delete notes": bare verbs take the object of the next phrase, and
    // when that phrase acts on one thing at a time, so do they (get, set and delete keys).
    for (std::size_t n = in_clause.size(); n-- > 0;) {
      Phrase& p = in_clause[n];
      if (p.verb.empty() || !p.object.empty() || binary_math().contains(p.verb)) continue;
      for (std::size_t m = n + 1; m < in_clause.size(); ++m) {
        if (in_clause[m].verb.empty()) break;
        if (!in_clause[m].object.empty()) {
          p.object = in_clause[m].object;
          if (item_verbs().contains(in_clause[m].verb) && p.verb != "list" && p.verb != "search")
            p.object.back() = singular(p.object.back());
          if (p.params.empty()) p.params = in_clause[m].params;
          p.by_filters = in_clause[m].by_filters;
          break;
        }
      }
    }
    for (Phrase& p : in_clause) {
      // A lone verb outside a list ("it'll run over HTTP") is not a tool.
      if (!p.verb.empty() && p.object.empty() && !list && !binary_math().contains(p.verb)) continue;
      phrases.push_back(p);
    }
  }
  std::set<std::string> names;
  read_crud(text, d.tools);
  for (const ToolDraft& t : d.tools) names.insert(t.name);
  for (const Phrase& p : phrases) {
    ToolDraft t = tool_from(p);
    if (t.name.empty() || !names.insert(t.name).second) continue;
    d.tools.push_back(std::move(t));
  }
  // Connections: one for every tool when there is one; by shared words when there are more.
  for (ToolDraft& t : d.tools) {
    if (t.pure || d.connections.empty()) continue;
    const ConnectionDraft* pick = &d.connections.front();
    for (const ConnectionDraft& c : d.connections) {
      std::string base = c.name.substr(0, c.name.rfind('_'));
      if (t.name.find(base) != std::string::npos) pick = &c;
    }
    t.connection = pick->name;
  }
  // Pagination: a limit on every tool that returns many things.
  if (d.page_size || d.pagination_without_size) {
    bool any = false;
    for (ToolDraft& t : d.tools) {
      if (!t.lists) continue;
      any = true;
      Param limit{"limit", "integer", "The largest number of results to return", false, d.page_size.value_or(50), 1};
      add_param(t, limit);
      if (!d.page_size) t.todos.push_back("the description asks for pagination without a page size; 50 is a guess");
    }
    if (!any)
      d.todos.push_back(
          "the description asks for pagination, but no tool here lists or searches; add a limit parameter where it "
          "belongs");
  }
  d.name = server_name(text, d);
  d.description = first_sentence(text);
  if (d.tools.empty()) d.todos.push_back("no tools found in the description: add them under tools");
  return d;
}

// ---------------------------------------------------------------------------------------------
// YAML

void comment_lines(std::string& out, const std::string& indent, const std::vector<std::string>& todos) {
  for (const std::string& todo : todos) out += indent + "# TODO: " + todo + "\n";
}

std::string render(const Draft& d, std::string_view description) {
  std::string y;
  y += "# yaml-language-server: $schema=https://mcpc.dev/schema/mcp-spec.schema.json\n";
  y += "# Drafted by `mcpc new` with the offline rules from this description:\n";
  std::string flat(description);
  std::size_t start = 0;
  while (start < flat.size()) {
    std::size_t end = flat.find('\n', start);
    if (end == std::string::npos) end = flat.size();
    std::string line = sanitize_utf8(flat.substr(start, end - start));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (!line.empty()) y += "#   " + line + "\n";
    start = end + 1;
  }
  y += "# Review every TODO, then run `mcpc check` on this file.\n";
  y += "name: " + yaml_scalar(d.name) + "\n";
  y += "version: 0.1.0\n";
  if (!d.description.empty()) y += "description: " + yaml_scalar(d.description) + "\n";
  y += "\n";
  // Transports: what was named; auth only applies to HTTP, so auth alone asks for HTTP.
  std::set<std::string> transports = d.transports;
  bool auth_on = !d.auth.empty() && d.auth != "none";
  if (transports.empty() && auth_on) {
    y += "# Auth applies to the HTTP transport, so the server listens on HTTP.\n";
    transports.insert("http");
  }
  if (transports.empty()) {
    y += "transport: stdio  # TODO: or http, to serve remote clients\n";
  } else if (transports.size() == 1 && *transports.begin() == "stdio") {
    y += "transport: stdio\n";
  } else {
    y += "transports:\n";
    if (transports.contains("stdio")) y += "  - type: stdio\n";
    if (transports.contains("http")) {
      y += "  - type: http\n";
      y += "    port: " + std::to_string(d.port.value_or(3000)) + (d.port ? "" : "  # TODO: the port to listen on") +
           "\n";
    }
  }
  std::vector<std::pair<std::string, std::string>> env;  // name, description
  if (auth_on) {
    std::string var = !d.auth_env.empty() ? d.auth_env : (d.auth == "bearer" ? "MCP_BEARER_TOKEN" : "MCP_API_KEY");
    y += "\nauth:\n  type: " + d.auth + "\n";
    if (d.auth == "api_key") y += "  header: X-API-Key\n";
    y += "  envVar: " + var + "\n";
    env.emplace_back(var, d.auth == "bearer" ? "The token clients must send as Authorization: Bearer <token>"
                                             : "The key clients must send in the X-API-Key header");
  } else if (!d.auth_todo.empty()) {
    y += "\n# TODO: " + d.auth_todo + "\n# auth:\n#   type: api_key\n#   envVar: MCP_API_KEY\n";
  }
  if (!env.empty()) {
    y += "\nenv:\n";
    for (const auto& [name, text] : env)
      y += "  - name: " + name + "\n    description: " + yaml_scalar(text) + "\n    secret: true\n";
  }
  if (!d.connections.empty()) {
    y += "\nconnections:\n";
    for (const ConnectionDraft& c : d.connections) {
      if (!c.todo.empty()) y += "  # TODO: " + c.todo + "\n";
      y += "  - name: " + c.name + "\n    type: " + c.type + "\n    envVar: " + c.env + "\n";
      y += "    description: " + yaml_scalar(c.description) + "\n";
    }
  }
  if (d.page_size)
    y += "\n# Pages of " + std::to_string(*d.page_size) + ": the listing tools take a limit, " +
         std::to_string(*d.page_size) + " by default.\n";
  if (!d.todos.empty()) {
    y += "\n";
    comment_lines(y, "", d.todos);
  }
  if (d.tools.empty()) {
    y += "tools: []\n";
    return y;
  }
  y += "\ntools:\n";
  for (std::size_t i = 0; i < d.tools.size(); ++i) {
    const ToolDraft& t = d.tools[i];
    if (i > 0) y += "\n";
    comment_lines(y, "  ", t.todos);
    y += "  - name: " + yaml_scalar(t.name) + "\n";
    y += "    description: " + yaml_scalar(t.description) + "\n";
    if (!t.params.empty()) {
      y += "    parameters:\n";
      for (const Param& p : t.params) {
        y += "      " + yaml_scalar(p.name) + ": { type: " + p.type;
        if (!p.description.empty()) y += ", description: " + yaml_scalar(p.description);
        if (p.minimum) y += ", minimum: " + std::to_string(*p.minimum);
        if (p.default_value) y += ", default: " + std::to_string(*p.default_value);
        if (p.required) y += ", required: true";
        y += " }\n";
      }
    }
    if (!t.returns.empty()) y += "    returns: " + t.returns + "\n";
    if (t.pure) {
      y += "    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false }\n";
    } else if (t.read_only) {
      y += "    annotations: { readOnlyHint: true }\n";
    } else if (t.verb == "delete") {
      y += "    annotations: { destructiveHint: true }\n";
    }
    if (!t.connection.empty()) y += "    connection: " + t.connection + "\n";
  }
  return y;
}

}  // namespace

std::string yaml_scalar(std::string_view s) {
  static const std::set<std::string, std::less<>> reserved = {"true", "false", "null", "yes", "no", "on", "off", "~"};
  bool plain = !s.empty() && !reserved.contains(lower(s)) && std::isalpha(static_cast<unsigned char>(s.front()));
  for (std::size_t i = 0; plain && i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\' || c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == '&' ||
        c == '*' || c == '!' || c == '|' || c == '>' || c == '%' || c == '@' || c == '`')
      plain = false;
    if (c == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) plain = false;
    if (c == '#' && i > 0 && s[i - 1] == ' ') plain = false;
  }
  if (plain && s.back() == ' ') plain = false;
  if (plain) return std::string(s);
  std::string out = "\"";
  for (char ch : sanitize_utf8(s)) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (c < 0x20) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string offline_spec(std::string_view description) { return render(read_description(description), description); }

}  // namespace mcpc::describe
