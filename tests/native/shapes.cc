#include "shapes.h"

#include <atomic>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace geo {
namespace {
std::atomic<int> touch_count{0};
}

double polygon_area(const Polygon& polygon) {
  if (polygon.points.size() < 3) throw std::invalid_argument("a polygon needs at least 3 points");
  double twice = 0;
  for (std::size_t i = 0; i < polygon.points.size(); ++i) {
    const Point& a = polygon.points[i];
    const Point& b = polygon.points[(i + 1) % polygon.points.size()];
    twice += a.x * b.y - b.x * a.y;
  }
  double area = std::fabs(twice) / 2;
  return polygon.unit == Unit::foot ? area * 0.09290304 : area;
}

std::string describe(const char* label, std::uint8_t sides) {
  return std::string(label) + " has " + std::to_string(sides) + " sides";
}

Point midpoint(Point a, Point b) { return {(a.x + b.x) / 2, (a.y + b.y) / 2}; }

std::map<std::string, int> count_words(std::string_view text) {
  std::map<std::string, int> counts;
  std::istringstream in{std::string(text)};
  std::string word;
  while (in >> word) ++counts[word];
  return counts;
}

void touch() { ++touch_count; }
int touches() { return touch_count; }

}  // namespace geo
