// A small geometry library. Its functions marked MCPC_TOOL are also the tools of an MCP
// server (see CMakeLists.txt): mcpc reads their types and doc comments from this header, and
// the server calls them directly. The library itself depends on <mcpc/annotations.h> only.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <mcpc/annotations.h>

namespace geometry {

/// A point in the plane.
struct Point {
  /// Horizontal coordinate.
  double x = 0;
  /// Vertical coordinate.
  double y = 0;
};

/// A unit of length.
enum class Unit { metre, centimetre, foot, inch };

/// A closed polygon: its corners in order, the last joined to the first.
struct Polygon {
  /// What to call the polygon in answers.
  std::string name;
  /// The corners, in order.
  std::vector<Point> corners;
  /// The unit of the coordinates; metres when left out.
  std::optional<Unit> unit;
};

/// What measure() finds.
struct Measurement {
  /// The polygon's name.
  std::string name;
  /// Area, in square units.
  double area = 0;
  /// Perimeter, in units.
  double perimeter = 0;
  /// The unit of both.
  Unit unit = Unit::metre;
};

/// Measures a simple polygon: its area (shoelace formula) and its perimeter.
/// @param polygon The polygon; it needs at least three corners.
/// @return Area and perimeter, in the polygon's unit.
MCPC_TOOL("Measure the area and perimeter of a polygon")
Measurement measure(const Polygon& polygon);

/// The straight-line distance between two points.
/// @param a One point.
/// @param b The other point.
MCPC_TOOL("Distance between two points")
double distance(const Point& a, const Point& b);

/// Converts a length from one unit to another.
/// @param value The length.
/// @param from Its unit.
/// @param to The unit wanted; metres when left out.
MCPC_TOOL("Convert a length between units")
double convert(double value, Unit from, Unit to = Unit::metre);

/// The corners of a regular polygon centred on the origin, the first on the positive x axis.
/// @param sides How many sides.
/// @param radius Distance from the centre to each corner.
MCPC_TOOL("Corners of a regular polygon")
std::vector<Point> regular_polygon(MCPC_RANGE(3, 64) std::uint8_t sides, double radius = 1.0);

/// The smallest axis-aligned box holding every point: its lower-left and upper-right corners.
/// Empty when there are no points.
/// @param points The points.
MCPC_TOOL("Bounding box of points")
std::optional<std::array<Point, 2>> bounding_box(const std::vector<Point>& points);

/// Not a tool: helpers stay out of the server unless marked.
double square(double v);

}  // namespace geometry
