// The `format`s the official MCP SDK clients assert on structured output: ajv with ajv-formats
// in its "full" mode (tests/e2e/node_modules), each read as they read it. The regular expressions
// are theirs, run on RE2 as Latin-1 (their character classes are ASCII, and JavaScript's case
// folding without the u flag never maps a non-ASCII letter to an ASCII one, as Unicode folding
// would: 'ſ' to 's'); their two lookaheads are checked in code. tests/runtime/formats.json holds
// the cases both must agree on (tests/e2e/formats.test.mjs runs ajv on it).
#include "formats.h"

#include <charconv>
#include <cmath>
#include <memory>
#include <string_view>

#include <re2/re2.h>

#include "mcpc/json_schema/ecma_regex.h"

namespace mcpc::json_schema::formats {
namespace {

enum class Case { Sensitive, Insensitive };

std::unique_ptr<const re2::RE2> compile(std::string_view pattern, Case c, bool utf8 = false) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_encoding(utf8 ? re2::RE2::Options::EncodingUTF8 : re2::RE2::Options::EncodingLatin1);
  options.set_case_sensitive(c == Case::Sensitive);
  return std::make_unique<const re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
}

// ajv-formats' `uri` (the expression is anchored; `uri` also asks for a ':' or '/').
constexpr std::string_view kUri =
    R"re(^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$)re";
constexpr std::string_view kUriReference =
    R"re(^(?:[a-z][a-z0-9+\-.]*:)?(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'"()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?(?:\?(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?$)re";
constexpr std::string_view kUriTemplate =
    R"re(^(?:(?:[^\x00-\x20"'<>%\\^`{|}]|%[0-9a-f]{2})|\{[+#./;?&=,!@|]?(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?(?:,(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?)*\})*$)re";
constexpr std::string_view kEmail =
    R"re(^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$)re";
// Without its lookahead (?=.{1,253}\.?$), checked in code.
constexpr std::string_view kHostname =
    R"re(^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$)re";
constexpr std::string_view kIpv4 =
    R"re(^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$)re";
constexpr std::string_view kIpv6 =
    R"re(^((([0-9a-f]{1,4}:){7}([0-9a-f]{1,4}|:))|(([0-9a-f]{1,4}:){6}(:[0-9a-f]{1,4}|((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9a-f]{1,4}:){5}(((:[0-9a-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9a-f]{1,4}:){4}(((:[0-9a-f]{1,4}){1,3})|((:[0-9a-f]{1,4})?:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){3}(((:[0-9a-f]{1,4}){1,4})|((:[0-9a-f]{1,4}){0,2}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){2}(((:[0-9a-f]{1,4}){1,5})|((:[0-9a-f]{1,4}){0,3}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){1}(((:[0-9a-f]{1,4}){1,6})|((:[0-9a-f]{1,4}){0,4}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(:(((:[0-9a-f]{1,4}){1,7})|((:[0-9a-f]{1,4}){0,5}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:)))$)re";
constexpr std::string_view kUuid = R"re(^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$)re";
constexpr std::string_view kJsonPointer = R"re(^(?:\/(?:[^~/]|~0|~1)*)*$)re";
constexpr std::string_view kJsonPointerUriFragment =
    R"re(^#(?:\/(?:[a-z0-9_\-.!$&'()*+,;:=@]|%[0-9a-f]{2}|~0|~1)*)*$)re";
constexpr std::string_view kRelativeJsonPointer = R"re(^(?:0|[1-9][0-9]*)(?:#|(?:\/(?:[^~/]|~0|~1)*)*)$)re";
// Without its lookaheads: P(?!$) (not "P" alone) and T(?=\d) (a digit after T), checked in code.
constexpr std::string_view kDuration = R"re(^P((\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?|(\d+W)?)$)re";
// Checked line by line: ajv runs it with the m flag.
constexpr std::string_view kByte = R"re(^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$)re";

// JavaScript's \s, which date-time splits on (with 't' and 'T').
const std::string kSeparators = "tT" + std::string(ecma_detail::kSpaceClass);

struct Expressions {
  std::unique_ptr<const re2::RE2> date = compile(R"re(^(\d\d\d\d)-(\d\d)-(\d\d)$)re", Case::Sensitive);
  std::unique_ptr<const re2::RE2> time =
      compile(R"re(^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$)re", Case::Insensitive);
  std::unique_ptr<const re2::RE2> date_time_parts =
      compile("^([^" + kSeparators + "]*)[" + kSeparators + "]([^" + kSeparators + "]*)$", Case::Sensitive, true);
  std::unique_ptr<const re2::RE2> uri = compile(kUri, Case::Insensitive);
  std::unique_ptr<const re2::RE2> uri_reference = compile(kUriReference, Case::Insensitive);
  std::unique_ptr<const re2::RE2> uri_template = compile(kUriTemplate, Case::Insensitive);
  std::unique_ptr<const re2::RE2> email = compile(kEmail, Case::Insensitive);
  std::unique_ptr<const re2::RE2> hostname = compile(kHostname, Case::Insensitive);
  std::unique_ptr<const re2::RE2> ipv4 = compile(kIpv4, Case::Sensitive);
  std::unique_ptr<const re2::RE2> ipv6 = compile(kIpv6, Case::Insensitive);
  std::unique_ptr<const re2::RE2> uuid = compile(kUuid, Case::Insensitive);
  std::unique_ptr<const re2::RE2> json_pointer = compile(kJsonPointer, Case::Sensitive);
  std::unique_ptr<const re2::RE2> json_pointer_uri_fragment = compile(kJsonPointerUriFragment, Case::Insensitive);
  std::unique_ptr<const re2::RE2> relative_json_pointer = compile(kRelativeJsonPointer, Case::Sensitive);
  std::unique_ptr<const re2::RE2> duration = compile(kDuration, Case::Sensitive);
  std::unique_ptr<const re2::RE2> byte = compile(kByte, Case::Sensitive);
};

const Expressions& expressions() {
  static const Expressions e;
  return e;
}

bool matches(const std::unique_ptr<const re2::RE2>& re, const std::string& text) {
  return re->ok() && re2::RE2::PartialMatch(text, *re);
}

int number(const std::string& digits) {
  int n = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), n);
  return n;
}

bool is_leap_year(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

bool date(const std::string& text) {
  std::string y, m, d;
  if (!re2::RE2::FullMatch(text, *expressions().date, &y, &m, &d)) return false;
  static constexpr int kDays[] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int year = number(y), month = number(m), day = number(d);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month == 2 && is_leap_year(year) ? 29 : kDays[month]);
}

// RFC 3339 time; `strict_zone`: the offset is required. 23:59:60 is allowed as a leap second
// in UTC, whatever the offset says the local time is.
bool time(const std::string& text, bool strict_zone) {
  std::string hh, mm, ss, zone, sign, zone_h, zone_m;
  if (!re2::RE2::FullMatch(text, *expressions().time, &hh, &mm, &ss, &zone, &sign, &zone_h, &zone_m)) return false;
  int hour = number(hh), minute = number(mm);
  double second = 0;
  std::from_chars(ss.data(), ss.data() + ss.size(), second);
  int zone_sign = sign == "-" ? -1 : 1;
  int zone_hour = zone_h.empty() ? 0 : number(zone_h);
  int zone_minute = zone_m.empty() ? 0 : number(zone_m);
  if (zone_hour > 23 || zone_minute > 59 || (strict_zone && zone.empty())) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  int utc_minute = minute - zone_minute * zone_sign;
  int utc_hour = hour - zone_hour * zone_sign - (utc_minute < 0 ? 1 : 0);
  return (utc_hour == 23 || utc_hour == -1) && (utc_minute == 59 || utc_minute == -1) && second < 61;
}

bool date_time(const std::string& text, bool strict_zone) {
  std::string day, clock;
  return re2::RE2::FullMatch(text, *expressions().date_time_parts, &day, &clock) && date(day) &&
         time(clock, strict_zone);
}

bool uri(const std::string& text) {
  return text.find_first_of(":/") != std::string::npos && matches(expressions().uri, text);
}

bool hostname(const std::string& text) {
  std::size_t n = text.size();
  bool length_ok = (n >= 1 && n <= 253) || (n == 254 && text.back() == '.');
  return length_ok && matches(expressions().hostname, text);
}

bool duration(const std::string& text) {
  if (text == "P" || !matches(expressions().duration, text)) return false;
  std::size_t t = text.find('T');
  return t == std::string::npos || (t + 1 < text.size() && text[t + 1] >= '0' && text[t + 1] <= '9');
}

// Some line (split at JavaScript's line terminators) is base64.
bool byte(const std::string& text) {
  std::size_t start = 0;
  while (true) {
    std::size_t end = start;
    std::size_t next = std::string::npos;
    while (end < text.size()) {
      if (text[end] == '\n' || text[end] == '\r') {
        next = end + 1;
        break;
      }
      if (text.compare(end, 3, "\xE2\x80\xA8") == 0 || text.compare(end, 3, "\xE2\x80\xA9") == 0) {
        next = end + 3;
        break;
      }
      ++end;
    }
    if (matches(expressions().byte, text.substr(start, end - start))) return true;
    if (next == std::string::npos) return false;
    start = next;
  }
}

}  // namespace

std::optional<bool> check_string(std::string_view format, const std::string& text) {
  const Expressions& e = expressions();
  if (format == "date") return date(text);
  if (format == "time") return time(text, true);
  if (format == "date-time") return date_time(text, true);
  if (format == "iso-time") return time(text, false);
  if (format == "iso-date-time") return date_time(text, false);
  if (format == "duration") return duration(text);
  if (format == "uri") return uri(text);
  if (format == "uri-reference") return matches(e.uri_reference, text);
  if (format == "uri-template") return matches(e.uri_template, text);
  if (format == "email") return matches(e.email, text);
  if (format == "hostname") return hostname(text);
  if (format == "ipv4") return matches(e.ipv4, text);
  if (format == "ipv6") return matches(e.ipv6, text);
  if (format == "uuid") return matches(e.uuid, text);
  if (format == "json-pointer") return matches(e.json_pointer, text);
  if (format == "json-pointer-uri-fragment") return matches(e.json_pointer_uri_fragment, text);
  if (format == "relative-json-pointer") return matches(e.relative_json_pointer, text);
  if (format == "byte") return byte(text);
  return std::nullopt;
}

std::optional<bool> check_number(std::string_view format, double value) {
  bool integer = std::isfinite(value) && std::floor(value) == value;
  if (format == "int32") return integer && value >= -2147483648.0 && value <= 2147483647.0;
  if (format == "int64") return integer;
  if (format == "float" || format == "double") return true;
  return std::nullopt;
}

}  // namespace mcpc::json_schema::formats
