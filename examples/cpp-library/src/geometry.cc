#include "geometry/geometry.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace geometry {
namespace {

double metres_per(Unit unit) {
  switch (unit) {
    case Unit::metre:
      return 1.0;
    case Unit::centimetre:
      return 0.01;
    case Unit::foot:
      return 0.3048;
    case Unit::inch:
      return 0.0254;
  }
  throw std::invalid_argument("unknown unit");
}

}  // namespace

double square(double v) { return v * v; }

Measurement measure(const Polygon& polygon) {
  if (polygon.corners.size() < 3) {
    throw std::invalid_argument("polygon '" + polygon.name + "' has " + std::to_string(polygon.corners.size()) +
                                " corners; it needs at least 3");
  }
  Measurement m;
  m.name = polygon.name;
  m.unit = polygon.unit.value_or(Unit::metre);
  double twice_area = 0;
  for (std::size_t i = 0; i < polygon.corners.size(); ++i) {
    const Point& a = polygon.corners[i];
    const Point& b = polygon.corners[(i + 1) % polygon.corners.size()];
    twice_area += a.x * b.y - b.x * a.y;
    m.perimeter += distance(a, b);
  }
  m.area = std::fabs(twice_area) / 2;
  return m;
}

double distance(const Point& a, const Point& b) { return std::sqrt(square(a.x - b.x) + square(a.y - b.y)); }

double convert(double value, Unit from, Unit to) { return value * metres_per(from) / metres_per(to); }

std::vector<Point> regular_polygon(std::uint8_t sides, double radius) {
  std::vector<Point> corners;
  for (int i = 0; i < sides; ++i) {
    double angle = 2 * std::numbers::pi * i / sides;
    corners.push_back({radius * std::cos(angle), radius * std::sin(angle)});
  }
  return corners;
}

std::optional<std::array<Point, 2>> bounding_box(const std::vector<Point>& points) {
  if (points.empty()) return std::nullopt;
  std::array<Point, 2> box{points.front(), points.front()};
  for (const Point& p : points) {
    box[0].x = std::min(box[0].x, p.x);
    box[0].y = std::min(box[0].y, p.y);
    box[1].x = std::max(box[1].x, p.x);
    box[1].y = std::max(box[1].y, p.y);
  }
  return box;
}

}  // namespace geometry
