#include "http_request.h"

#include <algorithm>

#include "internal.h"
#include "secure_random.h"

namespace mcpc::runtime::http_request {
namespace {

bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_hex(unsigned char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_ows(char c) { return c == ' ' || c == '\t'; }

// RFC 9110 token characters.
bool is_tchar(unsigned char c) {
  if (is_alpha(c) || is_digit(c)) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// Reads a token at `pos`; empty when there is none.
std::string_view token_at(std::string_view s, std::size_t& pos) {
  std::size_t start = pos;
  while (pos < s.size() && is_tchar(static_cast<unsigned char>(s[pos]))) ++pos;
  return s.substr(start, pos - start);
}

// Reads a quoted-string at `pos` (which holds the opening quote), quotes included.
bool quoted_at(std::string_view s, std::size_t& pos) {
  std::size_t i = pos + 1;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '"') {
      pos = i + 1;
      return true;
    }
    if (c == '\\') {
      if (i + 1 >= s.size()) return false;
      auto next = static_cast<unsigned char>(s[i + 1]);
      if (next < 0x20 && next != '\t') return false;
      if (next == 0x7F) return false;
      i += 2;
      continue;
    }
    if ((c < 0x20 && c != '\t') || c == 0x7F) return false;
    ++i;
  }
  return false;
}

// Parses one media type (or media range) "type/subtype *(OWS ";" OWS [name=value])" and calls
// on_param(name, value) for each parameter (a quoted value keeps its quotes). False if malformed.
template <class OnParam>
bool parse_media(std::string_view s, std::string_view& type, std::string_view& subtype, OnParam&& on_param) {
  s = trim(s);
  std::size_t pos = 0;
  type = token_at(s, pos);
  if (type.empty() || pos >= s.size() || s[pos] != '/') return false;
  ++pos;
  subtype = token_at(s, pos);
  if (subtype.empty()) return false;
  while (true) {
    while (pos < s.size() && is_ows(s[pos])) ++pos;
    if (pos == s.size()) return true;
    if (s[pos] != ';') return false;
    ++pos;
    while (pos < s.size() && is_ows(s[pos])) ++pos;
    if (pos == s.size() || s[pos] == ';') continue;  // an empty parameter is allowed
    std::string_view name = token_at(s, pos);
    if (name.empty() || pos >= s.size() || s[pos] != '=') return false;
    ++pos;
    std::size_t value_start = pos;
    if (pos < s.size() && s[pos] == '"') {
      if (!quoted_at(s, pos)) return false;
    } else if (token_at(s, pos).empty()) {
      return false;
    }
    if (!on_param(name, s.substr(value_start, pos - value_start))) return false;
  }
}

// A qvalue in thousandths ("0.5" -> 500), or -1 when malformed.
int qvalue(std::string_view v) {
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return -1;
  int whole = v[0] - '0';
  if (v.size() == 1) return whole * 1000;
  if (v[1] != '.' || v.size() > 5) return -1;
  int frac = 0, scale = 100;
  for (std::size_t i = 2; i < v.size(); ++i, scale /= 10) {
    if (!is_digit(static_cast<unsigned char>(v[i]))) return -1;
    frac += (v[i] - '0') * scale;
  }
  int q = whole * 1000 + frac;
  return q > 1000 ? -1 : q;
}

Verdict refuse(int status, int code, std::string message, std::string_view extra_headers = {}) {
  Verdict v;
  v.status = status;
  v.code = code;
  v.message = std::move(message);
  v.extra_headers = extra_headers;
  return v;
}

Verdict route(Route r) {
  Verdict v;
  v.route = r;
  return v;
}

}  // namespace

std::string printable(std::string_view raw, std::size_t max_bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::size_t n = std::min(raw.size(), max_bytes);
  std::string out;
  out.reserve(n + 8);
  for (std::size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(raw[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  if (raw.size() > n) out += "...";
  return out;
}

std::optional<std::string_view> host_of_authority(std::string_view authority) {
  std::size_t end;  // one past the host
  if (!authority.empty() && authority[0] == '[') {
    end = authority.find(']');
    if (end == std::string_view::npos || end == 1) return std::nullopt;
    for (std::size_t i = 1; i < end; ++i) {
      auto c = static_cast<unsigned char>(authority[i]);
      if (!is_hex(c) && c != ':' && c != '.') return std::nullopt;
    }
    ++end;
  } else {
    end = 0;
    while (end < authority.size()) {
      auto c = static_cast<unsigned char>(authority[end]);
      if (c == ':') break;
      if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '.' && c != '_' && c != '~') return std::nullopt;
      ++end;
    }
    if (end == 0) return std::nullopt;
  }
  if (end < authority.size()) {
    if (authority[end] != ':') return std::nullopt;
    std::string_view port = authority.substr(end + 1);
    if (port.size() > 5) return std::nullopt;
    unsigned value = 0;
    for (char c : port) {
      if (!is_digit(static_cast<unsigned char>(c))) return std::nullopt;
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > 65535) return std::nullopt;
  }
  return authority.substr(0, end);
}

std::optional<std::string_view> host_of_origin(std::string_view origin) {
  auto sep = origin.find("://");
  if (sep == std::string_view::npos || sep == 0 || !is_alpha(static_cast<unsigned char>(origin[0]))) {
    return std::nullopt;
  }
  for (std::size_t i = 1; i < sep; ++i) {
    auto c = static_cast<unsigned char>(origin[i]);
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return std::nullopt;
  }
  return host_of_authority(origin.substr(sep + 3));
}

bool host_allowed(std::string_view host, const std::vector<std::string>& allowed) {
  if (iequals(host, "localhost") || host == "127.0.0.1" || iequals(host, "[::1]")) return true;
  return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) { return iequals(host, a); });
}

bool media_type_is(std::string_view value, std::string_view type, std::string_view subtype) {
  std::string_view t, s;
  bool charset_ok = true;
  bool ok = parse_media(value, t, s, [&](std::string_view name, std::string_view v) {
    if (iequals(name, "charset")) {
      if (v.size() >= 2 && v.front() == '"') v = v.substr(1, v.size() - 2);
      charset_ok = iequals(v, "utf-8");
    }
    return true;
  });
  return ok && charset_ok && iequals(t, type) && iequals(s, subtype);
}

bool accepts(std::string_view accept, std::string_view type, std::string_view subtype) {
  int best_specificity = 0;  // 3 exact, 2 type/*, 1 */*
  int best_q = 0;
  std::size_t start = 0;
  bool in_quote = false;
  for (std::size_t i = 0; i <= accept.size(); ++i) {
    if (i < accept.size()) {
      char c = accept[i];
      if (in_quote) {
        if (c == '\\')
          ++i;
        else if (c == '"')
          in_quote = false;
        continue;
      }
      if (c == '"') {
        in_quote = true;
        continue;
      }
      if (c != ',') continue;
    }
    std::string_view element = trim(accept.substr(start, std::min(i, accept.size()) - start));
    start = i + 1;
    if (element.empty()) continue;
    std::string_view t, s;
    int q = 1000;
    bool q_ok = true;
    if (!parse_media(element, t, s, [&](std::string_view name, std::string_view v) {
          if (iequals(name, "q")) {
            q = qvalue(v);
            q_ok = q >= 0;
          }
          return q_ok;
        })) {
      continue;
    }
    int specificity = 0;
    if (t == "*" && s == "*")
      specificity = 1;
    else if (iequals(t, type) && s == "*")
      specificity = 2;
    else if (iequals(t, type) && iequals(s, subtype))
      specificity = 3;
    if (specificity == 0) continue;
    if (specificity > best_specificity || (specificity == best_specificity && q > best_q)) {
      best_specificity = specificity;
      best_q = q;
    }
  }
  return best_specificity > 0 && best_q > 0;
}

std::optional<std::string_view> bearer_token_of(std::string_view authorization) {
  std::size_t pos = 0;
  std::string_view scheme = token_at(authorization, pos);
  if (!iequals(scheme, "bearer") || pos >= authorization.size() || authorization[pos] != ' ') return std::nullopt;
  while (pos < authorization.size() && authorization[pos] == ' ') ++pos;
  std::string_view token = authorization.substr(pos);
  while (!token.empty() && is_ows(token.back())) token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

Verdict check_request(const RequestHead& head, const HttpOptions& o) {
  // DNS-rebinding defence: Host and (when present) Origin must name an allowed host.
  if (head.host_count > 1) return refuse(400, kInvalidRequest, "Bad Request: more than one Host header");
  if (head.host_count == 0) {
    if (head.version >= 11) return refuse(400, kInvalidRequest, "Bad Request: an HTTP/1.1 request needs a Host header");
  } else {
    auto host = host_of_authority(head.host);
    if (!host) return refuse(400, kInvalidRequest, "Bad Request: malformed Host header '" + printable(head.host) + "'");
    if (!host_allowed(*host, o.allowed_hosts)) {
      return refuse(403, kInvalidRequest, "Forbidden: Host '" + printable(head.host) + "' is not allowed");
    }
  }
  if (head.origin_count > 1) return refuse(403, kInvalidRequest, "Forbidden: more than one Origin header");
  if (head.origin_count == 1) {
    // A sandboxed iframe or a file: page sends "null"; it is not the user's own client.
    bool ok = head.origin == "null" ? o.allow_null_origin : [&] {
      auto host = host_of_origin(head.origin);
      return host && host_allowed(*host, o.allowed_hosts);
    }();
    if (!ok) return refuse(403, kInvalidRequest, "Forbidden: Origin '" + printable(head.origin) + "' is not allowed");
  }
  std::string_view path = head.target.substr(0, head.target.find('?'));
  if (path == "/health" && head.method == Method::Get) return route(Route::Health);
  if (path != o.path) {
    return refuse(404, kInvalidRequest, "not found: " + printable(path) + " (the MCP endpoint is " + o.path + ")");
  }
  if (!o.bearer_token.empty()) {
    auto token = bearer_token_of(head.authorization);
    if (!token || !constant_time_equal(*token, o.bearer_token)) {
      return refuse(401, kInvalidRequest, "missing or invalid bearer token", "WWW-Authenticate: Bearer\r\n");
    }
  }
  if (!o.api_key_header.empty() && !o.api_key.empty() && !constant_time_equal(head.api_key, o.api_key)) {
    return refuse(401, kInvalidRequest, "missing or invalid " + o.api_key_header + " header");
  }
  if (!head.protocol_version.empty()) {
    const auto& supported = supported_protocol_versions();
    if (std::find(supported.begin(), supported.end(), head.protocol_version) == supported.end()) {
      return refuse(400, kInvalidRequest,
                    "unsupported MCP-Protocol-Version '" + printable(head.protocol_version) + "'");
    }
  }
  switch (head.method) {
    case Method::Post:
      if (head.content_type_count != 1 || !media_type_is(head.content_type, "application", "json")) {
        return refuse(415, kInvalidRequest, "Unsupported Media Type: Content-Type must be application/json");
      }
      if (!head.accept.empty() && !accepts(head.accept, "application", "json") &&
          !accepts(head.accept, "text", "event-stream")) {
        return refuse(406, kInvalidRequest,
                      "Not Acceptable: Accept must include application/json and text/event-stream");
      }
      return route(Route::Post);
    case Method::Get:
      if (!accepts(head.accept, "text", "event-stream")) {
        return refuse(406, kInvalidRequest, "Not Acceptable: GET needs Accept: text/event-stream");
      }
      return route(Route::Get);
    case Method::Delete:
      return route(Route::Delete);
    case Method::Other:
      break;
  }
  return refuse(405, kInvalidRequest, "method not allowed", "Allow: GET, POST, DELETE\r\n");
}

std::string refusal_body(int code, std::string_view message) {
  // The message is printable() text already; replace is the last line of defence.
  return make_error(nullptr, code, std::string(message)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

Verdict parse_post_body(std::string_view body, std::size_t max_json_depth, Json& out) {
  if (!nesting_within(body, max_json_depth)) {
    return refuse(400, kInvalidRequest, "message nests deeper than " + std::to_string(max_json_depth) + " levels");
  }
  out = parse_message(body);  // the same reader as stdio: a raw NUL cannot cut the body short
  if (out.is_discarded()) return refuse(400, kParseError, "Parse error: the body is not valid JSON");
  // A message that is not a well-formed JSON-RPC request gets an HTTP error, not a 200 whose
  // body a client could not relate to anything.
  if (out.is_object() && out.contains("method") && !out["method"].is_string()) {
    return refuse(400, kInvalidRequest, "method must be a string");
  }
  // A request whose id cannot be echoed cannot be answered in-band: refuse it here.
  if (out.is_object() && out.contains("method") && out.contains("id")) {
    const Json& id = out["id"];
    if (!(id.is_string() || id.is_number_integer() || id.is_number_unsigned())) {
      return refuse(400, kInvalidRequest, "id must be a string or an integer");
    }
  }
  return route(Route::Post);
}

}  // namespace mcpc::runtime::http_request
