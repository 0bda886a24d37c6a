// The glue of native-function tools (mcpc/runtime/bind.h): every kind of parameter type both
// ways, the messages of bad arguments, C++ defaults, and results, voids and exceptions.
#include "mcpc/runtime/bind.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "mcpc/runtime/server.h"

namespace geo {

enum class Unit { metre, foot };
enum Colour { red, green };

struct Point {
  double x = 0;
  double y = 0;
};

struct Shape {
  std::string name;
  std::vector<Point> points;
  std::optional<Unit> unit;
  int weight = 1;
};

}  // namespace geo

// As the generator writes them (fully qualified, outside any namespace).
template <>
struct mcpc::runtime::bind::StructFields<::geo::Point> {
  static constexpr auto fields = std::make_tuple(mcpc::runtime::bind::field("x", &::geo::Point::x, true),
                                                 mcpc::runtime::bind::field("y", &::geo::Point::y, true));
};
template <>
struct mcpc::runtime::bind::StructFields<::geo::Shape> {
  static constexpr auto fields = std::make_tuple(mcpc::runtime::bind::field("name", &::geo::Shape::name, true),
                                                 mcpc::runtime::bind::field("points", &::geo::Shape::points, true),
                                                 mcpc::runtime::bind::field("unit", &::geo::Shape::unit, false),
                                                 mcpc::runtime::bind::field("weight", &::geo::Shape::weight, false));
};
template <>
struct mcpc::runtime::bind::EnumNames<::geo::Unit> {
  static constexpr std::string_view name = "Unit";
  static constexpr std::pair<std::string_view, ::geo::Unit> values[] = {{"metre", ::geo::Unit::metre},
                                                                        {"foot", ::geo::Unit::foot}};
};
template <>
struct mcpc::runtime::bind::EnumNames<::geo::Colour> {
  static constexpr std::string_view name = "Colour";
  static constexpr std::pair<std::string_view, ::geo::Colour> values[] = {{"red", ::geo::red}, {"green", ::geo::green}};
};

namespace {

using mcpc::runtime::Json;
using mcpc::runtime::McpError;
using mcpc::runtime::ToolResult;
namespace bind = mcpc::runtime::bind;

template <typename T>
T decoded(const char* json) {
  T value{};
  bind::decode(Json::parse(json), value);
  return value;
}

template <typename T>
std::string encoded(const T& value) {
  Json json;
  bind::encode(json, value);
  return json.dump();
}

template <typename T>
std::string decode_error(const char* json) {
  try {
    decoded<T>(json);
  } catch (const McpError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Bind, IntegersKeepTheirRealRanges) {
  EXPECT_EQ(decoded<std::uint8_t>("255"), 255);
  EXPECT_EQ(decode_error<std::uint8_t>("256"), "expected an integer from 0 to 255");
  EXPECT_EQ(decode_error<std::uint8_t>("-1"), "expected an integer from 0 to 255");
  EXPECT_EQ(decoded<std::int16_t>("-32768"), -32768);
  EXPECT_EQ(decode_error<std::int16_t>("32768"), "expected an integer from -32768 to 32767");
  EXPECT_EQ(decoded<std::uint64_t>("18446744073709551615"), 18446744073709551615ULL);
  EXPECT_EQ(decoded<std::int64_t>("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(encoded(std::uint64_t{18446744073709551615ULL}), "18446744073709551615");
  EXPECT_NE(decode_error<int>("1.5"), "no error");
  EXPECT_NE(decode_error<int>("\"1\""), "no error");
}

TEST(Bind, FloatsStringsAndBools) {
  EXPECT_FLOAT_EQ(decoded<float>("1.5"), 1.5f);
  EXPECT_EQ(decode_error<float>("1e300"), "expected a number from -3.40282347e+38 to 3.40282347e+38");
  EXPECT_DOUBLE_EQ(decoded<double>("2"), 2.0);
  EXPECT_EQ(decoded<std::string>("\"h\\u00e9\""), "h\xc3\xa9");
  EXPECT_TRUE(decoded<bool>("true"));
  EXPECT_EQ(encoded(std::string_view("a\"b")), "\"a\\\"b\"");
  EXPECT_EQ(encoded(static_cast<const char*>("c")), "\"c\"");
}

TEST(Bind, ContainersBothWays) {
  EXPECT_EQ((decoded<std::vector<int>>("[1,2,3]")), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ((decoded<std::array<int, 2>>("[1,2]")), (std::array<int, 2>{1, 2}));
  EXPECT_EQ((decode_error<std::array<int, 2>>("[1]")), "expected an array of 2 elements, got 1");
  EXPECT_EQ((decoded<std::optional<int>>("null")), std::nullopt);
  EXPECT_EQ((decoded<std::optional<int>>("4")), 4);
  auto map = decoded<std::map<std::string, double>>(R"({"a":1,"b":2.5})");
  EXPECT_EQ(map.at("b"), 2.5);
  EXPECT_EQ((decode_error<std::map<std::string, int>>(R"({"a":"x"})")),
            "member 'a': expected an integer, got a string");
  std::unordered_map<std::string, int> unordered{{"z", 1}, {"a", 2}, {"m", 3}};
  EXPECT_EQ(encoded(unordered), R"({"a":2,"m":3,"z":1})");  // sorted: the same text every time
  std::vector<int> backing{4, 5};
  EXPECT_EQ(encoded(std::span<const int>(backing)), "[4,5]");
}

TEST(Bind, StructsAndEnumsByTheirNames) {
  auto shape = decoded<geo::Shape>(R"({"name":"tri","points":[{"x":1,"y":2}],"unit":"foot"})");
  EXPECT_EQ(shape.name, "tri");
  ASSERT_EQ(shape.points.size(), 1u);
  EXPECT_EQ(shape.points[0].y, 2);
  EXPECT_EQ(shape.unit, geo::Unit::foot);
  EXPECT_EQ(shape.weight, 1);  // not required: keeps its initializer
  EXPECT_EQ(encoded(shape), R"({"name":"tri","points":[{"x":1.0,"y":2.0}],"unit":"foot","weight":1})");
  shape.unit.reset();
  EXPECT_EQ(encoded(shape).find("unit"), std::string::npos);  // an empty optional is left out
  EXPECT_EQ(decode_error<geo::Shape>(R"({"name":"tri"})"), "member 'points' is missing");
  EXPECT_EQ(decode_error<geo::Shape>(R"({"name":"t","points":[{"x":1,"y":"2"}]})"),
            "member 'points': member 'y': expected a number, got a string");
  EXPECT_EQ(decode_error<geo::Unit>(R"("yard")"), "'yard' is not a valid Unit");
  EXPECT_EQ(decoded<geo::Colour>(R"("green")"), geo::green);
  EXPECT_EQ(encoded(geo::red), R"("red")");
}

TEST(Bind, ArgumentsByNameWithDefaults) {
  Json args = Json::parse(R"({"width":2,"label":null})");
  EXPECT_EQ(bind::argument<int>(args, "width"), 2);
  EXPECT_EQ(bind::argument_or<std::string>(args, "label", R"("none")"), "none");
  EXPECT_EQ(bind::argument_or<geo::Unit>(args, "unit", R"("metre")"), geo::Unit::metre);
  try {
    bind::argument<int>(args, "height");
    ADD_FAILURE() << "a missing argument decoded";
  } catch (const McpError& e) {
    EXPECT_EQ(std::string(e.what()), "member 'height' is missing");
  }
}

double area(double w, double h) {
  if (w < 0) throw std::invalid_argument("width must not be negative");
  return w * h;
}

TEST(Bind, InvokeMakesResultsErrorsAndVoids) {
  Json args = Json::parse(R"({"w":2,"h":3})");
  ToolResult ok =
      bind::invoke<true>([&] { return area(bind::argument<double>(args, "w"), bind::argument<double>(args, "h")); });
  ASSERT_TRUE(ok.structured.has_value());
  EXPECT_EQ(ok.structured->dump(), R"({"result":6.0})");
  EXPECT_FALSE(ok.is_error);

  ToolResult thrown = bind::invoke<true>([&] { return area(-1, 1); });
  EXPECT_TRUE(thrown.is_error);
  EXPECT_NE(thrown.content.dump().find("width must not be negative"), std::string::npos);

  ToolResult unknown = bind::invoke<true>([]() -> int { throw 42; });
  EXPECT_TRUE(unknown.is_error);

  int calls = 0;
  ToolResult done = bind::invoke<false>([&] { ++calls; });
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(done.is_error);
  EXPECT_TRUE(done.content.empty());

  // Arguments that do not decode are the client's error, as for handler tools.
  Json bad = Json::parse(R"({"w":"2","h":3})");
  EXPECT_THROW(
      bind::invoke<true>([&] { return area(bind::argument<double>(bad, "w"), bind::argument<double>(bad, "h")); }),
      McpError);
}

}  // namespace
