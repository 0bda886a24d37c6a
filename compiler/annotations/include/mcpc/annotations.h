// Marks C++ functions as MCP tools for mcpc-extract (docs/cpp-headers.md). Include this header
// only: it declares nothing and needs no library. Under Clang each macro becomes a
// [[clang::annotate("mcpc:...")]] attribute that mcpc-extract reads from the header; other
// compilers see nothing, so annotated headers build everywhere unchanged.
//
//   /// Distance between two points.
//   /// @param a The first point
//   MCPC_TOOL("Distance between two points") double distance(const Point& a, const Point& b);
//
//   MCPC_TOOL_NAMED("scale_by", "Scale a shape") Shape scale(const Shape& s, MCPC_RANGE(0, 100) double k);
//
// Placement: a tool macro goes before the function declaration (free function, or static
// member function); a parameter macro before the parameter's type; a field macro before the
// data member's type.
#pragma once

#if defined(__clang__)
#define MCPC_DETAIL_ANNOTATE(text) [[clang::annotate(text)]]
#else
#define MCPC_DETAIL_ANNOTATE(text)
#endif

/// The function is a tool named after it; `description` (a string literal, may be "") tells
/// models what it does. An empty description takes the function's doc comment instead.
#define MCPC_TOOL(description) MCPC_DETAIL_ANNOTATE("mcpc:tool:" description)

/// The function is a tool called `name` (a string literal): for overloads, or to rename.
#define MCPC_TOOL_NAMED(name, description) \
  MCPC_DETAIL_ANNOTATE("mcpc:tool:" description) MCPC_DETAIL_ANNOTATE("mcpc:name:" name)

/// Inclusive bounds of a number: `minimum` and `maximum` in the schema. Write numbers.
#define MCPC_RANGE(min, max) MCPC_DETAIL_ANNOTATE("mcpc:range:" #min ":" #max)
/// Inclusive lower bound only.
#define MCPC_MINIMUM(min) MCPC_DETAIL_ANNOTATE("mcpc:minimum:" #min)
/// Inclusive upper bound only.
#define MCPC_MAXIMUM(max) MCPC_DETAIL_ANNOTATE("mcpc:maximum:" #max)
/// An ECMA-262 regular expression (a string literal) that a string must match.
#define MCPC_PATTERN(regex) MCPC_DETAIL_ANNOTATE("mcpc:pattern:" regex)
/// A sample value, as JSON text in a string literal: MCPC_EXAMPLE("42"), MCPC_EXAMPLE("\"red\"").
/// May be given more than once.
#define MCPC_EXAMPLE(json) MCPC_DETAIL_ANNOTATE("mcpc:example:" json)
