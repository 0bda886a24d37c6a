// Reading IR JSON back: every golden dump round-trips byte for byte, and malformed input is
// refused with a message naming the JSON path.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "../support/files.h"
#include "mcpc/frontend/spec.h"
#include "mcpc/ir/ir_json.h"

namespace mcpc {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = fs::path(MCPC_SOURCE_DIR) / "tests/golden/ir";

using testing::read_file;

std::vector<fs::path> golden_dumps() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(kGoldenDir)) {
    std::string name = entry.path().filename().string();
    if (name.size() > 8 && name.compare(name.size() - 8, 8, ".ir.json") == 0) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// A golden dump with one change made to its JSON, as text.
std::string edited_golden(const char* name, void (*edit)(OrderedJson&)) {
  OrderedJson j = OrderedJson::parse(read_file(kGoldenDir / name));
  edit(j);
  return j.dump(2);
}

/// parse_ir must fail; returns its message.
std::string error_of(const std::string& text) {
  std::string error;
  auto m = ir::parse_ir(text, &error);
  EXPECT_FALSE(m.has_value());
  EXPECT_FALSE(error.empty());
  return error;
}

TEST(IrFromJson, EveryGoldenRoundTrips) {
  auto files = golden_dumps();
  ASSERT_GE(files.size(), 17u) << "golden IR dumps not found under " << kGoldenDir;
  for (const fs::path& p : files) {
    std::string text = read_file(p);
    std::string error;
    auto m = ir::parse_ir(text, &error);
    ASSERT_TRUE(m.has_value()) << p.filename() << ": " << error;
    EXPECT_EQ(ir::dump(*m), text) << p.filename();
  }
}

TEST(IrFromJson, RestoresLocationsDefaultsAndSchemaPointers) {
  std::string error;
  auto m = ir::parse_ir(read_file(kGoldenDir / "include.ir.json"), &error);
  ASSERT_TRUE(m.has_value()) << error;
  ASSERT_EQ(m->files.size(), 4u);
  // "tests/golden/ir/include/tools.part.yaml:10:11" is files[1], line 10, column 11.
  const ir::EnvVar* store = m->find_env("STORE_PATH");
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->loc, (SourceLoc{1, 10, 11}));
  EXPECT_EQ(store->default_value, "/tmp/store.db");
  EXPECT_FALSE(store->implicit);

  for (const ir::Tool& t : m->tools) {
    ASSERT_TRUE(t.input_schema.locs.count("")) << t.name << ": \"#\" must come back as the pointer \"\"";
    EXPECT_EQ(t.input_schema.loc, t.input_schema.locs.at(""));
    EXPECT_EQ(t.name_loc, t.loc);
  }

  // Keys the writer leaves out come back as the struct defaults.
  auto http = ir::parse_ir(read_file(kGoldenDir / "transports_auth.ir.json"), &error);
  ASSERT_TRUE(http.has_value()) << error;
  for (const ir::Transport& t : http->transports) {
    if (t.kind == ir::TransportKind::Stdio) {
      EXPECT_EQ(t.host, ir::Transport{}.host);
      EXPECT_EQ(t.port, ir::Transport{}.port);
      EXPECT_EQ(t.path, ir::Transport{}.path);
    }
  }
}

// A spec assembled from several files: files[] order and every location's file index survive.
TEST(IrFromJson, ModuleFromSpecWithIncludesRoundTrips) {
  SourceManager sm;
  DiagnosticEngine diags;
  auto m = load_spec((kGoldenDir / "include.yaml").string(), sm, diags);
  ASSERT_TRUE(m.has_value());
  ASSERT_GT(m->files.size(), 1u);

  std::string text = ir::dump(*m);
  std::string error;
  auto back = ir::parse_ir(text, &error);
  ASSERT_TRUE(back.has_value()) << error;
  EXPECT_EQ(back->files, m->files);
  EXPECT_EQ(ir::dump(*back), text);
  ASSERT_EQ(back->tools.size(), m->tools.size());
  bool saw_included = false;
  for (std::size_t i = 0; i < m->tools.size(); ++i) {
    EXPECT_EQ(back->tools[i].loc, m->tools[i].loc) << m->tools[i].name;
    saw_included = saw_included || back->tools[i].loc.file > 0;
  }
  EXPECT_TRUE(saw_included) << "expected a tool declared in an included file";
}

// File names may contain ':' themselves; a location splits at its last two colons.
TEST(IrFromJson, FileNamesWithColonsRoundTrip) {
  ir::Module m;
  m.files = {"C:\\specs\\root.yaml", "https://example.com:8080/part.yaml"};
  m.server.name = "colons";
  m.server.version = "1.0.0";
  m.server.loc = SourceLoc{0, 1, 1};
  ir::Tool t;
  t.name = "t";
  t.loc = SourceLoc{1, 12, 3};
  t.input_schema.locs[""] = SourceLoc{1, 13, 5};
  t.input_schema.locs["/properties/a~1b"] = SourceLoc{1, 14, 7};
  m.tools.push_back(t);

  std::string text = ir::dump(m);
  std::string error;
  auto back = ir::parse_ir(text, &error);
  ASSERT_TRUE(back.has_value()) << error;
  EXPECT_EQ(back->tools.at(0).loc, (SourceLoc{1, 12, 3}));
  EXPECT_EQ(back->tools.at(0).input_schema.locs.at("/properties/a~1b"), (SourceLoc{1, 14, 7}));
  EXPECT_EQ(back->server.loc, (SourceLoc{0, 1, 1}));
  EXPECT_EQ(ir::dump(*back), text);
}

TEST(IrFromJson, RejectsOtherIrVersion) {
  for (int version : {ir::kOldestIrVersion - 1, ir::kIrVersion + 1}) {
    OrderedJson j = OrderedJson::parse(read_file(kGoldenDir / "minimal.ir.json"));
    j["irVersion"] = version;
    std::string error = error_of(j.dump(2));
    EXPECT_NE(error.find("irVersion"), std::string::npos) << error;
    EXPECT_NE(error.find("IR version " + std::to_string(version)), std::string::npos) << error;
    EXPECT_NE(error.find(std::to_string(ir::kIrVersion)), std::string::npos) << error;
  }
}

// Version 1 had no named types: its files read as modules without them, and are written back
// as the current version.
TEST(IrFromJson, ReadsVersionOneFiles) {
  OrderedJson j = OrderedJson::parse(read_file(kGoldenDir / "full_server.ir.json"));
  j["irVersion"] = 1;
  std::string error;
  auto m = ir::parse_ir(j.dump(2), &error);
  ASSERT_TRUE(m.has_value()) << error;
  EXPECT_TRUE(m->types.empty());
  EXPECT_EQ(ir::dump(*m), read_file(kGoldenDir / "full_server.ir.json"));
}

// Named types and the uses recorded beside each schema come back as they were lowered.
TEST(IrFromJson, RestoresNamedTypesAndTheirUses) {
  SourceManager sm;
  DiagnosticEngine diags;
  auto m = load_spec((kGoldenDir / "named_types.yaml").string(), sm, diags);
  ASSERT_TRUE(m.has_value());
  ASSERT_FALSE(m->types.empty());
  std::string error;
  auto back = ir::parse_ir(ir::dump(*m), &error);
  ASSERT_TRUE(back.has_value()) << error;
  ASSERT_EQ(back->types.size(), m->types.size());
  for (std::size_t i = 0; i < m->types.size(); ++i) {
    EXPECT_EQ(back->types[i].name, m->types[i].name);
    EXPECT_EQ(back->types[i].loc, m->types[i].loc);
    EXPECT_EQ(back->types[i].schema.json, m->types[i].schema.json);
    EXPECT_EQ(back->types[i].schema.named, m->types[i].schema.named);
  }
  const ir::Tool* get = back->find_tool("get_bookmark");
  ASSERT_NE(get, nullptr);
  ASSERT_TRUE(get->output_schema.has_value());
  EXPECT_EQ(get->output_schema->named.at(""), "Bookmark");
  EXPECT_EQ(get->input_schema.named.at("/properties/id"), "BookmarkId");

  error = error_of(edited_golden("named_types.ir.json", [](OrderedJson& j) {
    j["tools"][0]["inputSchema"]["named"]["properties/id"] = "BookmarkId";
  }));
  EXPECT_NE(error.find("tools[0].inputSchema.named"), std::string::npos) << error;
  error = error_of(
      edited_golden("named_types.ir.json", [](OrderedJson& j) { j["types"][0]["named"] = OrderedJson::array(); }));
  EXPECT_NE(error.find("types[0].named: expected an object"), std::string::npos) << error;
}

TEST(IrFromJson, RejectsBadLocation) {
  std::string error =
      error_of(edited_golden("minimal.ir.json", [](OrderedJson& j) { j["server"]["loc"] = "nowhere"; }));
  EXPECT_NE(error.find("server.loc"), std::string::npos) << error;
  EXPECT_NE(error.find("nowhere"), std::string::npos) << error;

  error = error_of(edited_golden("minimal.ir.json", [](OrderedJson& j) { j["server"]["loc"] = "other.yaml:1:1"; }));
  EXPECT_NE(error.find("server.loc"), std::string::npos) << error;
  EXPECT_NE(error.find("other.yaml"), std::string::npos) << error;

  error = error_of(edited_golden(
      "minimal.ir.json", [](OrderedJson& j) { j["server"]["loc"] = j["files"][0].get<std::string>() + ":x:1"; }));
  EXPECT_NE(error.find("server.loc"), std::string::npos) << error;
}

TEST(IrFromJson, NativeBindingsRoundTrip) {
  std::string error;
  auto m = ir::parse_ir(read_file(kGoldenDir / "full_server.ir.json"), &error);
  ASSERT_TRUE(m.has_value()) << error;
  ASSERT_FALSE(m->tools.empty());
  ir::NativeFunction f;
  f.function = "::geo::area";
  f.params.push_back({"shape", "::geo::Shape", ir::NativePass::Value, false});
  f.params.push_back({"label", "std::string", ir::NativePass::CStr, true});
  f.result_type = "double";
  m->tools[0].native = f;
  m->native_headers = {"geo/shapes.h"};
  ir::NativeType unit{ir::NativeType::Kind::Enum, "::geo::Unit", {{"metre", true}, {"foot", true}}, {}};
  ir::NativeType shape{ir::NativeType::Kind::Struct, "::geo::Shape", {{"name", true}, {"unit", false}}, {}};
  m->native_types = {unit, shape};
  std::string text = ir::dump(*m);
  auto back = ir::parse_ir(text, &error);
  ASSERT_TRUE(back.has_value()) << error;
  EXPECT_EQ(ir::dump(*back), text);
  ASSERT_TRUE(back->tools[0].native.has_value());
  EXPECT_EQ(back->tools[0].native->params[1].pass, ir::NativePass::CStr);
  EXPECT_TRUE(back->tools[0].native->params[1].has_default);
  EXPECT_FALSE(back->native_types[1].members[1].required);
  EXPECT_EQ(back->native_types[0].kind, ir::NativeType::Kind::Enum);

  OrderedJson j = OrderedJson::parse(text);
  j["tools"][0]["native"]["params"][0]["pass"] = "by-pigeon";
  error = error_of(j.dump());
  EXPECT_NE(error.find("tools[0].native.params[0].pass"), std::string::npos) << error;
}

TEST(IrFromJson, RejectsMissingServerName) {
  std::string error = error_of(edited_golden("minimal.ir.json", [](OrderedJson& j) { j["server"].erase("name"); }));
  EXPECT_NE(error.find("server.name"), std::string::npos) << error;
  EXPECT_NE(error.find("missing"), std::string::npos) << error;
}

TEST(IrFromJson, RejectsWrongTypeDeepInside) {
  std::string error =
      error_of(edited_golden("full_server.ir.json", [](OrderedJson& j) { j["tools"][0]["name"] = 42; }));
  EXPECT_NE(error.find("tools[0].name"), std::string::npos) << error;
  EXPECT_NE(error.find("expected a string"), std::string::npos) << error;

  error = error_of(edited_golden(
      "full_server.ir.json", [](OrderedJson& j) { j["tools"][0]["inputSchema"]["schema"] = OrderedJson::array(); }));
  EXPECT_NE(error.find("tools[0].inputSchema.schema: expected an object"), std::string::npos) << error;
}

TEST(IrFromJson, RejectsUnknownEnumAndUnexpectedKeys) {
  std::string error = error_of(
      edited_golden("transports_auth.ir.json", [](OrderedJson& j) { j["transports"][0]["type"] = "carrier-pigeon"; }));
  EXPECT_NE(error.find("transports[0].type"), std::string::npos) << error;
  EXPECT_NE(error.find("carrier-pigeon"), std::string::npos) << error;

  error = error_of(edited_golden("full_server.ir.json", [](OrderedJson& j) { j["tools"][0]["readOnly"] = true; }));
  EXPECT_NE(error.find("tools[0].readOnly"), std::string::npos) << error;
}

TEST(IrFromJson, RestoresPromptArgumentValuesContentTypesAndHandlerResources) {
  std::string error;
  auto m = ir::parse_ir(read_file(kGoldenDir / "spec_features.ir.json"), &error);
  ASSERT_TRUE(m.has_value()) << error;
  const ir::PromptArgument& style = m->prompts.at(0).arguments.at(1);
  EXPECT_EQ(style.default_value, "prose");
  EXPECT_EQ(style.enum_values, (std::vector<std::string>{"bullets", "prose"}));
  EXPECT_FALSE(m->prompts.at(0).arguments.at(3).default_value.has_value());
  ASSERT_EQ(m->tools.at(0).content_types.size(), 2u);
  EXPECT_EQ(m->tools.at(0).content_types[0].name, "image");
  EXPECT_EQ(m->resources.at(0).kind, ir::ResourceContentKind::Handler);

  // A handler resource has no content value: one given would be dropped, so it is refused.
  error = error_of(
      edited_golden("spec_features.ir.json", [](OrderedJson& j) { j["resources"][0]["content"]["value"] = "text"; }));
  EXPECT_NE(error.find("resources[0].content.value"), std::string::npos) << error;
  error = error_of(
      edited_golden("spec_features.ir.json", [](OrderedJson& j) { j["prompts"][0]["arguments"][1]["enum"][0] = 1; }));
  EXPECT_NE(error.find("prompts[0].arguments[1].enum[0]: expected a string"), std::string::npos) << error;
}

TEST(IrFromJson, RejectsMalformedText) {
  EXPECT_NE(error_of("{\"irVersion\": 1,").find("invalid JSON"), std::string::npos);
  EXPECT_NE(error_of("[]").find("object"), std::string::npos);
  EXPECT_NE(error_of(std::string(100000, '[') + std::string(100000, ']')).find("nested"), std::string::npos);
  // No error string wanted: still no throw.
  EXPECT_FALSE(ir::parse_ir("null", nullptr).has_value());
}

}  // namespace
}  // namespace mcpc
