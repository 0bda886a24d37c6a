// Server names, versions and semver ordering.
#include <gtest/gtest.h>

#include "mcpc/registry/names.h"

namespace mcpc::registry {
namespace {

TEST(RegistryNames, AcceptsPlainAndNamespacedNames) {
  EXPECT_FALSE(name_problem("inventory-mcp"));
  EXPECT_FALSE(name_problem("io.github.acme/inventory-mcp"));
  EXPECT_FALSE(name_problem("a"));
  EXPECT_FALSE(name_problem("mcp_weather2"));
}

TEST(RegistryNames, RefusesHostileNames) {
  EXPECT_TRUE(name_problem(""));
  EXPECT_TRUE(name_problem(".."));
  EXPECT_TRUE(name_problem("a/../b"));
  EXPECT_TRUE(name_problem("a..b"));
  EXPECT_TRUE(name_problem("/abs"));
  EXPECT_TRUE(name_problem("a/b/c"));
  EXPECT_TRUE(name_problem("trailing/"));
  EXPECT_TRUE(name_problem(std::string("nul\0byte", 8)));
  EXPECT_TRUE(name_problem("tab\there"));
  EXPECT_TRUE(name_problem("new\nline"));
  EXPECT_TRUE(name_problem("Upper"));
  EXPECT_TRUE(name_problem("-dash-first"));
  EXPECT_TRUE(name_problem("sp ace"));
  EXPECT_TRUE(name_problem(std::string(10000, 'a')));
  EXPECT_NE(name_problem(std::string(10000, 'a'))->find("10000 characters"), std::string::npos);
  EXPECT_NE(name_problem(std::string("x\x01y"))->find("0x01"), std::string::npos);
}

TEST(RegistryNames, RefusesHostileVersions) {
  EXPECT_FALSE(version_problem("1.0.0"));
  EXPECT_FALSE(version_problem("1.0.0-rc.1+build.5"));
  EXPECT_FALSE(version_problem("2024.01.15"));
  EXPECT_FALSE(version_problem("v2"));
  for (const char* bad : {"", "latest", "..", "1..2", "../1.0.0", "1.0.0/x", "^1.2.0", "~1.2", ">=1.0.0", "1.x",
                          "1.2.X", "*", "1.0 || 2.0", "1.0.0 ", "-1.0.0", ".1.0"}) {
    EXPECT_TRUE(version_problem(bad)) << bad;
  }
  EXPECT_TRUE(version_problem(std::string("1.0\0", 4)));
  EXPECT_TRUE(version_problem("1.0\x7f"));
  EXPECT_TRUE(version_problem(std::string(10000, '1')));
}

TEST(RegistrySemver, ParsesStrictSemver) {
  EXPECT_TRUE(parse_semver("1.2.3"));
  EXPECT_TRUE(parse_semver("0.0.0-alpha.1+sha.abc"));
  EXPECT_FALSE(parse_semver("1.2"));
  EXPECT_FALSE(parse_semver("01.2.3"));
  EXPECT_FALSE(parse_semver("1.2.3-01"));
  EXPECT_FALSE(parse_semver("v1.2.3"));
  EXPECT_FALSE(parse_semver("1.2.3-"));
  EXPECT_FALSE(parse_semver("1.2.3-a..b"));
}

TEST(RegistrySemver, PrecedenceFollowsTheSpec) {
  // semver.org section 11's example chain.
  const char* chain[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                         "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
                         "1.0.0-rc.1",  "1.0.0",         "1.0.1",
                         "1.1.0",       "2.0.0",         "10.0.0"};
  for (std::size_t i = 0; i + 1 < std::size(chain); ++i) {
    EXPECT_LT(*parse_semver(chain[i]), *parse_semver(chain[i + 1])) << chain[i] << " < " << chain[i + 1];
  }
  EXPECT_EQ(*parse_semver("1.0.0+a"), *parse_semver("1.0.0+b"));
}

TEST(RegistrySemver, LatestOrdering) {
  // semver beats non-semver regardless of publish order
  EXPECT_TRUE(compare_versions("0.0.1", 1, "2024.01.15", 2) > 0);
  // semver precedence
  EXPECT_TRUE(compare_versions("1.10.0", 1, "1.9.0", 2) > 0);
  EXPECT_TRUE(compare_versions("2.0.0-rc.1", 5, "1.9.9", 1) > 0);
  EXPECT_TRUE(compare_versions("2.0.0-rc.1", 5, "2.0.0", 1) < 0);
  // non-semver: later publish wins
  EXPECT_TRUE(compare_versions("b", 3, "c", 2) > 0);
  // equal precedence (build metadata): later publish wins
  EXPECT_TRUE(compare_versions("1.0.0+b", 2, "1.0.0+a", 1) > 0);
}

}  // namespace
}  // namespace mcpc::registry
