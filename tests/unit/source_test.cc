#include <gtest/gtest.h>

#include "mcpc/support/source.h"

namespace mcpc {
namespace {

TEST(SourceFile, PositionsCountCodePointsNotBytes) {
  SourceFile f("x.yaml", "ab\nété: 1\r\nz");
  std::uint32_t line = 0, col = 0;
  f.position_of(0, line, col);
  EXPECT_EQ(line, 1u);
  EXPECT_EQ(col, 1u);
  f.position_of(3 + 5, line, col);  // after "été" (5 bytes) on line 2
  EXPECT_EQ(line, 2u);
  EXPECT_EQ(col, 4u);
  EXPECT_EQ(f.column_of(1, 5), 4u);
  EXPECT_EQ(f.line_text(2), "été: 1");  // CR dropped
  EXPECT_EQ(f.line_text(3), "z");
  EXPECT_EQ(f.line_text(4), "");
  EXPECT_EQ(f.line_text(0), "");
}

TEST(SourceManager, DescribesLocations) {
  SourceManager sm;
  auto id = sm.add("a/b.yaml", "x: 1\n");
  EXPECT_EQ(sm.describe(sm.loc(id, 1, 4)), "a/b.yaml:1:4");
  EXPECT_EQ(sm.describe(SourceLoc{id, 0, 0}), "a/b.yaml");
}

}  // namespace
}  // namespace mcpc
