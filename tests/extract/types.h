// The extractor's type table, one tool per row (docs/cpp-headers.md): the golden files
// types.ir.json and types.spec.yaml are what mcpc-extract makes of it.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mcpc/annotations.h"

namespace geo {

/// A colour a shape is drawn in.
enum class Color { Red, Green, Blue };

/// A point in the plane.
struct Point {
  double x;  ///< Horizontal position
  double y;  ///< Vertical position
};

using Polyline = std::vector<Point>;

/// A shape with an outline.
struct Shape {
  /// The shape's name
  std::string name;
  Polyline outline;
  /// Drawn in this colour
  Color color = Color::Blue;
  std::optional<std::string> label;
  MCPC_RANGE(1, 10) int weight = 1;
  std::map<std::string, double> metrics;
};

namespace detail {
enum Legacy { kOne, kTwo };
}  // namespace detail

/// Distance between two points.
/// @param a The first point
/// @param b The second point
/// @return The Euclidean distance
MCPC_TOOL("") double distance(const Point& a, const Point& b);

/** Moves a shape by an offset.
 *  \param shape What to move
 *  \param dx How far right
 *  \returns The moved shape */
MCPC_TOOL("Moves a shape") Shape translate(const Shape& shape, double dx, double dy = 0.5);

/// Every integer width.
MCPC_TOOL("Integer ranges")
std::int64_t integers(std::uint8_t u8, std::int8_t i8, std::uint16_t u16, std::int16_t i16, std::uint32_t u32,
                      std::int32_t i32, std::uint64_t u64, std::int64_t i64, unsigned long long ull, short s);

MCPC_TOOL("Strings in every spelling")
std::string strings(const std::string& owned, std::string_view view, const char* c_string,
                    MCPC_PATTERN("^[a-z]+$") MCPC_EXAMPLE("\"abc\"") std::string word = "abc");

MCPC_TOOL("Containers")
std::vector<std::string> containers(std::vector<int> list, std::array<double, 3> triple, std::span<const Point> points,
                                    const std::map<std::string, int>& counts,
                                    std::unordered_map<std::string, std::vector<bool>> flags);

MCPC_TOOL("Optionals and defaults")
std::optional<Color> optionals(std::optional<int> maybe, std::optional<int> limit = 10,
                               std::optional<std::string> none = std::nullopt, MCPC_RANGE(0, 100) int percent = 50,
                               bool verbose = false, Color color = Color::Green, float scale = 1.5f,
                               detail::Legacy legacy = detail::kTwo, std::vector<int> empty = {});

struct Tools {
  /// A static member function is a tool too.
  MCPC_TOOL("") static bool is_origin(Point p);
};

MCPC_TOOL_NAMED("area_of_shape", "Area inside a shape's outline") double area(const Shape& shape);
MCPC_TOOL_NAMED("area_of_circle", "Area of a circle") double area(MCPC_MINIMUM(0) double radius);

MCPC_TOOL("Plain success") void reset();

}  // namespace geo
