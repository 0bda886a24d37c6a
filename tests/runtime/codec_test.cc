// The JSON code generated servers call (mcpc/runtime/codec.h): each value type both ways,
// errors that name the member, and tools registered from a constant table (add_tools).
#include "mcpc/runtime/codec.h"

#include <gtest/gtest.h>

#include "mcpc/runtime/server.h"
#include "session_harness.h"

namespace demo {

using mcpc::runtime::Json;
namespace codec = mcpc::runtime::codec;

enum class Mode { Fast, Slow };
void to_json(Json& json, const Mode& value) { codec::encode(json, value == Mode::Fast ? "fast" : "slow"); }
void from_json(const Json& json, Mode& value) {
  const std::string& text = codec::string_of(json);
  if (text == "fast") {
    value = Mode::Fast;
  } else if (text == "slow") {
    value = Mode::Slow;
  } else {
    codec::invalid_value(text, "Mode");
  }
}

// As the generator writes a struct: field by field.
struct Item {
  std::string name{};
  std::int64_t count = 1;
  std::optional<double> price;
  std::vector<Mode> modes{};
  std::optional<std::string> note{};  // required, but may be null
};
void to_json(Json& json, const Item& value) {
  codec::begin_object(json);
  codec::put(json, "name", value.name);
  codec::put(json, "count", value.count);
  codec::put_optional(json, "price", value.price);
  codec::put(json, "modes", value.modes);
  codec::put(json, "note", value.note);
}
void from_json(const Json& json, Item& value) {
  codec::expect_object(json);
  codec::get(json, "name", value.name);
  codec::get_optional(json, "count", value.count);
  codec::get_optional(json, "price", value.price);
  codec::get_optional(json, "modes", value.modes);
  codec::get(json, "note", value.note);
}

struct Result {
  mcpc::runtime::Required<std::vector<Item>, "items"> items;
};
void to_json(Json& json, const Result& value) {
  codec::begin_object(json);
  codec::put(json, "items", value.items);
}

}  // namespace demo

namespace {

using demo::Item;
using mcpc::runtime::Json;
using mcpc::runtime::McpError;

std::string error_of(const Json& json) {
  try {
    mcpc::runtime::decode_arguments<Item>(json);
  } catch (const McpError& e) {
    EXPECT_EQ(e.code(), mcpc::runtime::kInvalidParams);
    return e.what();
  }
  return "(no error)";
}

TEST(Codec, RoundTrip) {
  Item item{.name = "a\"b", .count = 3, .price = 2.5, .modes = {demo::Mode::Slow, demo::Mode::Fast}, .note = {}};
  Json json;
  to_json(json, item);
  EXPECT_EQ(json, Json::parse(R"({"name":"a\"b","count":3,"price":2.5,"modes":["slow","fast"],"note":null})"));
  Item back = mcpc::runtime::decode_arguments<Item>(json);
  EXPECT_EQ(back.name, item.name);
  EXPECT_EQ(back.count, 3);
  EXPECT_EQ(back.price, 2.5);
  EXPECT_EQ(back.modes, item.modes);
  EXPECT_FALSE(back.note);

  Item defaults = mcpc::runtime::decode_arguments<Item>(Json::parse(R"({"name":"x","price":null,"note":"n"})"));
  EXPECT_EQ(defaults.count, 1);  // absent: the default stays
  EXPECT_FALSE(defaults.price);  // null: as absent
  EXPECT_EQ(defaults.note, "n");
  Json out;
  to_json(out, defaults);
  EXPECT_FALSE(out.contains("price"));  // an empty optional member is left out

  demo::Result result{.items = std::vector<Item>{item}};
  Json r;
  to_json(r, result);
  EXPECT_EQ(r["items"][0]["name"], "a\"b");
}

TEST(Codec, IntegralFloatsAreIntegers) {
  EXPECT_EQ(mcpc::runtime::decode_arguments<Item>(Json::parse(R"({"name":"x","count":4.0,"note":null})")).count, 4);
  EXPECT_EQ(error_of(Json::parse(R"({"name":"x","count":4.5,"note":null})")),
            "invalid arguments: member 'count': expected an integer, got a number");
  EXPECT_EQ(error_of(Json::parse(R"({"name":"x","count":18446744073709551615,"note":null})")),
            "invalid arguments: member 'count': integer out of range");
}

TEST(Codec, ErrorsNameTheMember) {
  EXPECT_EQ(error_of(Json::parse(R"({"note":null})")), "invalid arguments: member 'name' is missing");
  EXPECT_EQ(error_of(Json::parse(R"({"name":1,"note":null})")),
            "invalid arguments: member 'name': expected a string, got an integer");
  EXPECT_EQ(error_of(Json::parse(R"({"name":"x","modes":["fast","medium"],"note":null})")),
            "invalid arguments: member 'modes': 'medium' is not a valid Mode");
  EXPECT_EQ(error_of(Json::parse(R"({"name":"x","modes":"fast","note":null})")),
            "invalid arguments: member 'modes': expected an array, got a string");
  EXPECT_EQ(error_of(Json::parse(R"({"name":"x"})")), "invalid arguments: member 'note' is missing");
  EXPECT_EQ(error_of(Json::array()), "invalid arguments: expected an object, got an array");
}

mcpc::runtime::ToolResult call_echo(void* handlers, const Json& arguments, mcpc::runtime::Context&) {
  ++*static_cast<int*>(handlers);
  return mcpc::runtime::ToolResult::text(arguments.at("text").get<std::string>());
}

TEST(Codec, AddToolsRegistersATable) {
  const mcpc::runtime::ToolEntry tools[] = {
      {.name = "echo",
       .title = "Echo",
       .description = "Echo the text",
       .input_schema = R"({"type":"object","properties":{"text":{"type":"string"}},"required":["text"]})",
       .has_annotations = true,
       .read_only = true,
       .open_world = false,
       .content_types = "text image",
       .call = &call_echo},
      {.name = "other", .input_schema = R"({"type":"object"})", .output_schema = R"({"type":"object"})"},
  };
  mcpc::runtime::Server server;
  int calls = 0;
  mcpc::runtime::add_tools(server, &calls, tools, std::size(tools));
  mcpc::runtime::testing::Harness h(server);
  Json list = h.call(1, "tools/list")["result"]["tools"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["name"], "echo");
  EXPECT_EQ(list[0]["title"], "Echo");
  EXPECT_EQ(list[0]["description"], "Echo the text");
  EXPECT_EQ(list[0]["annotations"], Json::parse(R"({"readOnlyHint":true,"openWorldHint":false})"));
  EXPECT_FALSE(list[1].contains("annotations"));
  EXPECT_EQ(list[1]["outputSchema"], Json::parse(R"({"type":"object"})"));
  Json result = h.call(2, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}})["result"];
  EXPECT_EQ(result["content"][0]["text"], "hi");
  EXPECT_EQ(calls, 1);
}

}  // namespace
