#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "../support/files.h"
#include "mcpc/support/diagnostic.h"

namespace mcpc {
namespace {

TEST(DiagnosticEngine, SortsByPositionAndCountsSeverities) {
  SourceManager sm;
  auto a = sm.add("a.yaml", "one\ntwo\nthree\n");
  DiagnosticEngine d;
  d.report(Check::UnknownKey, SourceLoc{a, 3, 1}, "third");
  d.report(Check::UnusedEnv, SourceLoc{a, 1, 2}, "warn");
  d.report(Check::Type, SourceLoc{a, 1, 2}, "first");
  EXPECT_EQ(d.error_count(), 2u);
  EXPECT_EQ(d.warning_count(), 1u);
  auto s = d.sorted();
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].message, "first");  // error before warning at the same place
  EXPECT_EQ(s[1].message, "warn");
  EXPECT_EQ(s[2].message, "third");
}

TEST(RenderText, PrintsLocationSeverityCheckAndCaret) {
  SourceManager sm;
  auto a = sm.add("spec.yaml", "tools:\n  - nme: x\n");
  DiagnosticEngine d;
  auto& diag = d.report(Check::UnknownKey, SourceLoc{a, 2, 5}, "unknown key 'nme' in tool");
  diag.length = 3;
  diag.notes.push_back("did you mean 'name'?");
  std::string text = render_text(sm, d.sorted(), {});
  EXPECT_EQ(text,
            "spec.yaml:2:5: error: unknown key 'nme' in tool [unknown-key]\n"
            "    - nme: x\n"
            "      ^~~\n"
            "  note: did you mean 'name'?\n");
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  TextRenderOptions color;
  color.color = true;
  EXPECT_NE(render_text(sm, d.sorted(), color).find("\x1b[1;31m"), std::string::npos);
}

// Spec text quoted in a message, a note or the excerpt cannot drive the reader's terminal:
// C0 (ESC, CR, BEL), DEL and C1 (U+009B is a one-byte CSI) become U+FFFD.
TEST(RenderText, EscapesControlCharactersFromTheSpec) {
  SourceManager sm;
  auto a = sm.add("spec.yaml",
                  "name: \"\x1b]0;pwned\x07\xc2\x9b"
                  "2J\"\n");
  DiagnosticEngine d;
  auto& diag = d.report(Check::UnknownKey, SourceLoc{a, 1, 7}, "tool '\x1b[2Jx\r' is odd \xc2\x9b");
  diag.notes.push_back("note \x1b]0;title\x07");
  std::string text = render_text(sm, d.sorted(), {});
  for (char c : text) EXPECT_FALSE(c == '\x1b' || c == '\x07' || c == '\r') << text;
  EXPECT_EQ(text.find("\xc2\x9b"), std::string::npos) << text;
  EXPECT_NE(text.find("tool '\xEF\xBF\xBD[2Jx\xEF\xBF\xBD' is odd \xEF\xBF\xBD"), std::string::npos) << text;
}

TEST(RenderJson, IsAnArrayOfDiagnostics) {
  SourceManager sm;
  auto a = sm.add("spec.yaml", "x\n");
  DiagnosticEngine d;
  d.report(Check::Semver, SourceLoc{a, 1, 1}, "bad version");
  auto j = nlohmann::json::parse(render_json(sm, d.sorted()));
  ASSERT_TRUE(j.is_array());
  EXPECT_EQ(j[0]["file"], "spec.yaml");
  EXPECT_EQ(j[0]["line"], 1);
  EXPECT_EQ(j[0]["check"], "semver");
  EXPECT_EQ(j[0]["severity"], "error");
}

TEST(RenderSarif, HasRulesResultsAndRegions) {
  SourceManager sm;
  auto a = sm.add("specs/s.yaml", "name: x\n");
  DiagnosticEngine d;
  d.report(Check::ToolName, SourceLoc{a, 1, 7}, "bad name").length = 1;
  auto j = nlohmann::json::parse(render_sarif(sm, d.sorted(), "1.2.3"));
  EXPECT_EQ(j["version"], "2.1.0");
  const auto& run = j["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "mcpc");
  EXPECT_EQ(run["tool"]["driver"]["rules"].size(), all_checks().size());
  EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
  const auto& r = run["results"][0];
  EXPECT_EQ(r["ruleId"], "tool-name");
  EXPECT_EQ(run["tool"]["driver"]["rules"][r["ruleIndex"].get<int>()]["id"], "tool-name");
  EXPECT_EQ(r["level"], "error");
  const auto& loc = r["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "specs/s.yaml");
  EXPECT_EQ(loc["region"]["startLine"], 1);
  EXPECT_EQ(loc["region"]["startColumn"], 7);
  EXPECT_EQ(loc["region"]["endColumn"], 8);
  EXPECT_TRUE(r["partialFingerprints"].contains("primaryLocationLineHash"));
}

TEST(CheckTable, NamesAreUniqueAndKebabCase) {
  std::set<std::string_view> seen;
  for (const CheckInfo& c : all_checks()) {
    EXPECT_TRUE(seen.insert(c.name).second) << c.name;
    for (char ch : c.name) EXPECT_TRUE((ch >= 'a' && ch <= 'z') || ch == '-' || (ch >= '0' && ch <= '9')) << c.name;
  }
}

TEST(DidYouMean, FindsCloseCandidatesOnly) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(closest_match("descripton", {"name", "description", "title"}), "description");
  EXPECT_EQ(closest_match("Parameters", {"parameters", "returns"}), "parameters");
  EXPECT_EQ(closest_match("zzzzzz", {"name", "description"}), "");
}

}  // namespace
}  // namespace mcpc

namespace mcpc {
namespace {

// docs/diagnostics.md is what `help.text` in SARIF points at: every check needs its section.
TEST(CheckTable, EveryCheckIsDocumented) {
  std::string doc = testing::read_file(MCPC_SOURCE_DIR "/docs/diagnostics.md");
  ASSERT_FALSE(doc.empty()) << "docs/diagnostics.md is missing";
  for (const CheckInfo& c : all_checks()) {
    EXPECT_NE(doc.find("\n## " + std::string(c.name) + "\n"), std::string::npos)
        << "docs/diagnostics.md has no section for [" << c.name << "]";
  }
}

}  // namespace
}  // namespace mcpc
