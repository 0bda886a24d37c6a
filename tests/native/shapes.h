// A small library whose functions a generated server calls directly (tests/native): the glue
// of native tools without the header front end, from a checked-in IR (shapes.ir.json).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace geo {

enum class Unit { metre, foot };

struct Point {
  double x = 0;
  double y = 0;
};

struct Polygon {
  std::string name;
  std::vector<Point> points;
  std::optional<Unit> unit;
};

/// The area of a simple polygon (shoelace formula); throws for fewer than 3 points.
double polygon_area(const Polygon& polygon);

/// "LABEL has SIDES sides".
std::string describe(const char* label, std::uint8_t sides = 3);

Point midpoint(Point a, Point b);

/// How often each word occurs.
std::map<std::string, int> count_words(std::string_view text);

/// Counts its calls; returns nothing.
void touch();
int touches();

}  // namespace geo
