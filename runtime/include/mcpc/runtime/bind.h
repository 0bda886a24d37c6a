// Calls into existing C++ functions: the glue of tools extracted from annotated C++ headers
// (`mcpc extract`, add_mcp_server(... FROM_HEADERS)). Generated code decodes each JSON argument
// into the parameter's real type with argument<T>(), calls the function, and turns what it
// returns (or throws) into a tool result with invoke(). The user's structs and enums are
// described to these templates by specializations of StructFields and EnumNames, which the
// generator writes from the headers; everything else (numbers, strings, containers) is here.
#pragma once

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mcpc/runtime/codec.h"

namespace mcpc::runtime::bind {

/// A public data member of a struct, as its JSON property.
template <typename T, typename M>
struct Field {
  std::string_view name;
  M T::*member;
  bool required;  ///< false: a missing property leaves the member as it was initialized
};

template <typename T, typename M>
constexpr Field<T, M> field(std::string_view name, M T::*member, bool required) {
  return {name, member, required};
}

/// Specialized for each struct a native function takes or returns:
///   static constexpr auto fields = std::make_tuple(field("x", &Point::x, true), ...);
template <typename T>
struct StructFields;

/// Specialized for each enum: its name (for messages) and its enumerators by name:
///   static constexpr std::string_view name = "Shape";
///   static constexpr std::pair<std::string_view, Shape> values[] = {{"circle", Shape::circle}};
template <typename T>
struct EnumNames;

template <typename T>
concept DescribedStruct = requires {
  StructFields<T>::fields;
};
template <typename T>
concept DescribedEnum = std::is_enum_v<T> && requires {
  EnumNames<T>::values;
};

namespace detail {

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <typename T>
struct IsVector : std::false_type {};
template <typename T, typename A>
struct IsVector<std::vector<T, A>> : std::true_type {};

template <typename T>
struct IsArray : std::false_type {};
template <typename T, std::size_t N>
struct IsArray<std::array<T, N>> : std::true_type {};

template <typename T>
struct IsSpan : std::false_type {};
template <typename T, std::size_t N>
struct IsSpan<std::span<T, N>> : std::true_type {};

template <typename T>
struct IsStringMap : std::false_type {};
template <typename V, typename C, typename A>
struct IsStringMap<std::map<std::string, V, C, A>> : std::true_type {};
template <typename V, typename H, typename E, typename A>
struct IsStringMap<std::unordered_map<std::string, V, H, E, A>> : std::true_type {};

template <typename>
inline constexpr bool kUnsupported = false;

/// "Expected an integer from MIN to MAX": the message of every out-of-range number.
[[noreturn]] void out_of_range(std::string_view what, long double min, long double max);
/// "Expected an array of N elements, got M".
[[noreturn]] void wrong_size(std::size_t expected, std::size_t got);
/// Calls f(key, value) for each member of object `json` (throws unless it is an object).
void each_member(const Json& json, void (*f)(void* context, const std::string& key, const Json& value), void* context);
/// The unsigned integer `json` holds, when it is one above INT64_MAX (else nullopt).
std::optional<std::uint64_t> large_unsigned(const Json& json);
void encode_unsigned(Json& json, std::uint64_t value);

}  // namespace detail

template <typename T>
void decode(const Json& json, T& value);
template <typename T>
void encode(Json& json, const T& value);

template <typename T>
void decode(const Json& json, T& value) {
  if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string> || std::is_same_v<T, Json>) {
    codec::decode(json, value);
  } else if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_same_v<T, std::uint64_t> || std::is_same_v<T, unsigned long long>) {
      if (std::optional<std::uint64_t> big = detail::large_unsigned(json)) {
        value = static_cast<T>(*big);
        return;
      }
    }
    std::int64_t n = 0;
    codec::decode(json, n);
    using Limits = std::numeric_limits<T>;
    bool below = std::is_signed_v<T> ? n < static_cast<std::int64_t>(Limits::min()) : n < 0;
    bool above = sizeof(T) < sizeof(std::int64_t) || std::is_unsigned_v<T>
                     ? n > 0 && static_cast<std::uint64_t>(n) > static_cast<std::uint64_t>(Limits::max())
                     : false;
    if (below || above) {
      detail::out_of_range("an integer", static_cast<long double>(Limits::min()),
                           static_cast<long double>(Limits::max()));
    }
    value = static_cast<T>(n);
  } else if constexpr (std::is_floating_point_v<T>) {
    double d = 0;
    codec::decode(json, d);
    if constexpr (sizeof(T) < sizeof(double)) {
      if (d > static_cast<double>(std::numeric_limits<T>::max()) ||
          d < static_cast<double>(std::numeric_limits<T>::lowest())) {
        detail::out_of_range("a number", static_cast<long double>(std::numeric_limits<T>::lowest()),
                             static_cast<long double>(std::numeric_limits<T>::max()));
      }
    }
    value = static_cast<T>(d);
  } else if constexpr (detail::IsOptional<T>::value) {
    if (codec::is_null(json))
      value.reset();
    else
      decode(json, value.emplace());
  } else if constexpr (detail::IsVector<T>::value) {
    std::size_t size = codec::array_size(json);
    value.clear();
    value.resize(size);
    for (std::size_t i = 0; i < size; ++i) decode(codec::element(json, i), value[i]);
  } else if constexpr (detail::IsArray<T>::value) {
    std::size_t size = codec::array_size(json);
    if (size != value.size()) detail::wrong_size(value.size(), size);
    for (std::size_t i = 0; i < size; ++i) decode(codec::element(json, i), value[i]);
  } else if constexpr (detail::IsStringMap<T>::value) {
    value.clear();
    detail::each_member(
        json,
        [](void* context, const std::string& key, const Json& member) {
          try {
            decode(member, (*static_cast<T*>(context))[key]);
          } catch (...) {
            codec::rethrow_in(key);
          }
        },
        &value);
  } else if constexpr (DescribedEnum<T>) {
    const std::string& text = codec::string_of(json);
    for (const auto& [name, enumerator] : EnumNames<T>::values) {
      if (text == name) {
        value = enumerator;
        return;
      }
    }
    codec::invalid_value(text, EnumNames<T>::name);
  } else if constexpr (DescribedStruct<T>) {
    codec::expect_object(json);
    std::apply(
        [&](const auto&... fields) {
          auto one = [&](const auto& f) {
            const Json* found = codec::find(json, f.name);
            if (!found) {
              if (f.required) codec::missing(f.name);
              return;
            }
            try {
              decode(*found, value.*(f.member));
            } catch (...) {
              codec::rethrow_in(f.name);
            }
          };
          (one(fields), ...);
        },
        StructFields<T>::fields);
  } else {
    static_assert(detail::kUnsupported<T>, "mcpc::runtime::bind: no JSON conversion for this type");
  }
}

template <typename T>
void encode(Json& json, const T& value) {
  if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view> ||
                std::is_same_v<T, Json>) {
    codec::encode(json, value);
  } else if constexpr (std::is_same_v<T, const char*> || std::is_same_v<T, char*>) {
    codec::encode(json, std::string_view(value ? value : ""));
  } else if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t)) {
      if (value > static_cast<T>(std::numeric_limits<std::int64_t>::max())) {
        detail::encode_unsigned(json, static_cast<std::uint64_t>(value));
        return;
      }
    }
    codec::encode(json, static_cast<std::int64_t>(value));
  } else if constexpr (std::is_floating_point_v<T>) {
    codec::encode(json, static_cast<double>(value));
  } else if constexpr (detail::IsOptional<T>::value) {
    if (value)
      encode(json, *value);
    else
      codec::encode_null(json);
  } else if constexpr (detail::IsVector<T>::value || detail::IsArray<T>::value || detail::IsSpan<T>::value) {
    codec::begin_array(json, value.size());
    for (const auto& element : value) encode(codec::append(json), element);
  } else if constexpr (detail::IsStringMap<T>::value) {
    codec::begin_object(json);
    // Sorted, so that an unordered_map gives the same text every time.
    std::vector<const typename T::value_type*> members;
    members.reserve(value.size());
    for (const auto& member : value) members.push_back(&member);
    std::sort(members.begin(), members.end(), [](auto* a, auto* b) { return a->first < b->first; });
    for (const auto* member : members) encode(codec::member(json, member->first), member->second);
  } else if constexpr (DescribedEnum<T>) {
    for (const auto& [name, enumerator] : EnumNames<T>::values) {
      if (value == enumerator) {
        codec::encode(json, name);
        return;
      }
    }
    codec::encode(json, static_cast<std::int64_t>(value));  // a value outside the enumerators
  } else if constexpr (DescribedStruct<T>) {
    codec::begin_object(json);
    std::apply(
        [&](const auto&... fields) {
          auto one = [&](const auto& f) {
            const auto& member = value.*(f.member);
            if constexpr (detail::IsOptional<std::decay_t<decltype(member)>>::value) {
              if (!member) return;  // an optional member left empty is left out, not null
            }
            encode(codec::member(json, f.name), member);
          };
          (one(fields), ...);
        },
        StructFields<T>::fields);
  } else {
    static_assert(detail::kUnsupported<T>, "mcpc::runtime::bind: no JSON conversion for this type");
  }
}

/// The argument `name`, decoded as T; a missing one is the client's error (-32602).
template <typename T>
T argument(const Json& arguments, std::string_view name) {
  T value{};
  const Json* found = codec::find(arguments, name);
  if (!found) codec::missing(name);
  try {
    decode(*found, value);
  } catch (...) {
    codec::rethrow_in(name);
  }
  return value;
}

/// The argument `name`, or when it is missing or null the parameter's C++ default argument,
/// which the generator wrote into the tool's input schema as `default_json`.
template <typename T>
T argument_or(const Json& arguments, std::string_view name, std::string_view default_json) {
  const Json* found = codec::find(arguments, name);
  if (!found || codec::is_null(*found)) {
    T value{};
    decode(codec::parse(default_json), value);
    return value;
  }
  return argument<T>(arguments, name);
}

/// Runs `call` (which decodes the arguments and calls the function) and makes its outcome a
/// tool result: a value becomes structuredContent ({"result": value} when `Wrapped`, for
/// results that are not objects), void an empty success, an exception an isError result with
/// its what(). Arguments that do not decode answer -32602, as for handler tools.
template <bool Wrapped, typename F>
ToolResult invoke(F&& call) {
  try {
    using R = std::invoke_result_t<F&>;
    if constexpr (std::is_void_v<R>) {
      call();
      return ToolResult{};
    } else {
      Json value;
      if constexpr (Wrapped) {
        codec::begin_object(value);
        encode(codec::member(value, "result"), call());
      } else {
        encode(value, call());
      }
      return ToolResult::structured_result(std::move(value));
    }
  } catch (const McpError& e) {
    invalid_arguments(e);
  } catch (const std::exception& e) {
    return ToolResult::error(e.what());
  } catch (...) {
    return ToolResult::error("the function threw an exception that is not a std::exception");
  }
}

}  // namespace mcpc::runtime::bind
