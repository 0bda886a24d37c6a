// The offline rules of `mcpc new`: the two descriptions they must get exactly, and their score
// on tests/describe/descriptions.yaml (docs/natural-language.md reports it). Every draft must
// pass the checks; the score must not fall below what docs/natural-language.md says.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "mcpc/describe/describe.h"
#include "mcpc/pipeline/pipeline.h"

namespace mcpc {
namespace {

// The draft for `text`, loaded and checked like any spec; nullopt when it has errors.
struct Checked {
  std::string yaml;
  std::optional<sema::CheckedModule> module;
  std::string problems;
};

Checked draft(const std::string& text) {
  Checked c;
  c.yaml = describe::offline_spec(text);
  SourceManager sources;
  DiagnosticEngine diags;
  pipeline::Request request;
  request.inputs.push_back({"mcp.yaml", c.yaml});
  pipeline::Result result = pipeline::run(request, sources, diags);
  c.problems = render_text(sources, diags.sorted(), {});
  if (!diags.has_errors() && !result.modules.empty()) c.module = std::move(result.modules.front());
  return c;
}

std::vector<std::string> tool_names(const ir::Module& m) {
  std::vector<std::string> names;
  for (const ir::Tool& t : m.tools) names.push_back(t.name);
  return names;
}

const ir::Tool* find_tool(const ir::Module& m, std::string_view name) {
  for (const ir::Tool& t : m.tools) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

constexpr const char* kPattern1 =
    "Create an MCP server that:\n"
    "       - Connects to our PostgreSQL inventory database\n"
    "       - Has tools for: search_products, get_stock_level, update_inventory\n"
    "       - Requires API key authentication\n"
    "       - Returns results paginated at 50 items\n";

TEST(OfflineRules, InventoryDescriptionGivesItsToolsAuthDatabaseAndPageSize) {
  Checked c = draft(kPattern1);
  ASSERT_TRUE(c.module) << c.problems << "\n" << c.yaml;
  const ir::Module& m = c.module->module();
  EXPECT_EQ(tool_names(m), (std::vector<std::string>{"search_products", "get_stock_level", "update_inventory"}))
      << c.yaml;
  ASSERT_TRUE(m.auth) << c.yaml;
  EXPECT_EQ(m.auth->type, ir::AuthType::ApiKey);
  ASSERT_EQ(m.connections.size(), 1u) << c.yaml;
  EXPECT_EQ(m.connections[0].type, "postgresql");
  EXPECT_EQ(m.connections[0].name, "inventory_db");
  ASSERT_TRUE(m.connections[0].env);
  EXPECT_EQ(m.connections[0].env->name, "DATABASE_URL");
  const ir::Tool* search = find_tool(m, "search_products");
  ASSERT_NE(search, nullptr);
  const auto& limit = search->input_schema.json["properties"]["limit"];
  EXPECT_EQ(limit["type"], "integer") << c.yaml;
  EXPECT_EQ(limit["default"], 50) << c.yaml;
  for (const ir::Tool& t : m.tools) {
    ASSERT_TRUE(t.connection) << t.name;
    EXPECT_EQ(t.connection->name, "inventory_db");
  }
  EXPECT_NE(c.yaml.find("# TODO:"), std::string::npos) << "what the rules could not tell is marked";
}

TEST(OfflineRules, CalculatorSentenceGivesFourToolsOfTwoNumbers) {
  Checked c = draft("A calculator API with add, subtract, multiply, divide");
  ASSERT_TRUE(c.module) << c.problems << "\n" << c.yaml;
  const ir::Module& m = c.module->module();
  EXPECT_EQ(tool_names(m), (std::vector<std::string>{"add", "subtract", "multiply", "divide"})) << c.yaml;
  EXPECT_TRUE(m.connections.empty()) << "the calculator is the server, not an API it calls:\n" << c.yaml;
  EXPECT_FALSE(m.auth && m.auth->type != ir::AuthType::None);
  for (const ir::Tool& t : m.tools) {
    const auto& props = t.input_schema.json["properties"];
    ASSERT_EQ(props.size(), 2u) << t.name << "\n" << c.yaml;
    for (const auto& [name, schema] : props.items()) EXPECT_EQ(schema["type"], "number") << t.name << "." << name;
    EXPECT_EQ(t.input_schema.json["required"].size(), 2u) << t.name;
  }
  EXPECT_EQ(m.server.name, "calculator-mcp");
}

TEST(OfflineRules, TransportPortBearerAndNothingAtAll) {
  Checked c = draft("An HTTP server on port 8080 with bearer tokens that lists orders.");
  ASSERT_TRUE(c.module) << c.problems << "\n" << c.yaml;
  const ir::Module& m = c.module->module();
  ASSERT_EQ(m.transports.size(), 1u);
  EXPECT_EQ(m.transports[0].kind, ir::TransportKind::Http);
  EXPECT_EQ(m.transports[0].port, 8080);
  ASSERT_TRUE(m.auth);
  EXPECT_EQ(m.auth->type, ir::AuthType::Bearer);
  EXPECT_EQ(tool_names(m), std::vector<std::string>{"list_orders"});

  Checked empty = draft("");
  EXPECT_TRUE(empty.module) << empty.problems << "\n" << empty.yaml;
  EXPECT_NE(empty.yaml.find("# TODO: no tools found"), std::string::npos) << empty.yaml;
  // Hostile text stays in comments and quoted scalars: the draft still parses.
  Checked odd = draft("tools: \"quote\", #hash, key: value\n- {flow: [x]}\n- delete: everything\x1b[2J");
  EXPECT_TRUE(odd.module) << odd.problems << "\n" << odd.yaml;
}

// ---------------------------------------------------------------------------------------------
// The score on the table.

struct Score {
  int cases = 0, exact = 0, clean = 0;
  int expected = 0, produced = 0, matched = 0;
  int auth_ok = 0, conn_ok = 0, page_ok = 0;
  int transport_cases = 0, transport_ok = 0;
  double precision() const { return produced == 0 ? 0 : 100.0 * matched / produced; }
  double recall() const { return expected == 0 ? 0 : 100.0 * matched / expected; }
};

std::string percent(int n, int of) {
  std::ostringstream s;
  s.precision(1);
  s << std::fixed << (of == 0 ? 0.0 : 100.0 * n / of) << "% (" << n << "/" << of << ")";
  return s.str();
}

std::string fixed1(double v) {
  std::ostringstream s;
  s.precision(1);
  s << std::fixed << v << "%";
  return s.str();
}

TEST(OfflineRules, ScoreOnTheDescriptionTable) {
  YAML::Node table = YAML::LoadFile(MCPC_SOURCE_DIR "/tests/describe/descriptions.yaml");
  std::map<std::string, Score> scores;  // by set: dev, heldout
  std::string misses;
  for (const YAML::Node& row : table) {
    const std::string id = row["id"].as<std::string>();
    const std::string set = row["set"].as<std::string>();
    Score& s = scores[set];
    ++s.cases;
    Checked c = draft(row["text"].as<std::string>());
    std::set<std::string> want;
    for (const YAML::Node& t : row["tools"]) want.insert(t.as<std::string>());
    s.expected += static_cast<int>(want.size());
    if (!c.module) {
      ADD_FAILURE() << id << ": the draft has errors\n" << c.problems << c.yaml;
      misses += "| " + id + " | (draft has errors) |\n";
      continue;
    }
    ++s.clean;
    const ir::Module& m = c.module->module();
    std::set<std::string> got;
    for (const ir::Tool& t : m.tools) got.insert(t.name);
    s.produced += static_cast<int>(got.size());
    std::string wrong;
    for (const std::string& n : got) {
      if (want.contains(n)) {
        ++s.matched;
      } else {
        wrong += " +" + n;
      }
    }
    for (const std::string& n : want) {
      if (!got.contains(n)) wrong += " -" + n;
    }
    if (wrong.empty()) ++s.exact;
    std::string want_auth = row["auth"] ? row["auth"].as<std::string>() : "none";
    std::string got_auth = !m.auth                                ? "none"
                           : m.auth->type == ir::AuthType::ApiKey ? "api_key"
                           : m.auth->type == ir::AuthType::Bearer ? "bearer"
                                                                  : "none";
    if (want_auth == got_auth) {
      ++s.auth_ok;
    } else {
      wrong += " auth:" + got_auth;
    }
    std::multiset<std::string> want_conn, got_conn;
    if (row["connections"])
      for (const YAML::Node& t : row["connections"]) want_conn.insert(t.as<std::string>());
    for (const ir::Connection& k : m.connections) got_conn.insert(k.type);
    if (want_conn == got_conn) {
      ++s.conn_ok;
    } else {
      wrong += " connections:";
      for (const std::string& k : got_conn) wrong += k + ",";
    }
    std::optional<long> want_page;
    if (row["page_size"]) want_page = row["page_size"].as<long>();
    std::optional<long> got_page;
    for (const ir::Tool& t : m.tools) {
      const auto& props = t.input_schema.json["properties"];
      if (props.contains("limit") && props["limit"].contains("default"))
        got_page = props["limit"]["default"].get<long>();
    }
    if (want_page == got_page) {
      ++s.page_ok;
    } else {
      wrong += " page:" + (got_page ? std::to_string(*got_page) : std::string("none"));
    }
    if (row["transport"]) {
      ++s.transport_cases;
      bool ok = false;
      for (const ir::Transport& t : m.transports) {
        bool kind = (t.kind == ir::TransportKind::Http) == (row["transport"].as<std::string>() == "http");
        bool port = !row["port"] || t.port == row["port"].as<long>();
        ok = ok || (kind && port && m.transports.size() == 1);
      }
      if (ok) {
        ++s.transport_ok;
      } else {
        wrong += " transport";
      }
    }
    if (!wrong.empty()) misses += "| " + id + " (" + set + ") |" + wrong + " |\n";
  }
  std::string report = "| | dev | heldout |\n|---|---|---|\n";
  auto row = [&](const std::string& name, auto f) {
    report += "| " + name + " | " + f(scores["dev"]) + " | " + f(scores["heldout"]) + " |\n";
  };
  row("descriptions", [](const Score& s) { return std::to_string(s.cases); });
  row("drafts that pass `mcpc check`", [](const Score& s) { return percent(s.clean, s.cases); });
  row("tool recall", [](const Score& s) {
    return fixed1(s.recall()) + " (" + std::to_string(s.matched) + "/" + std::to_string(s.expected) + ")";
  });
  row("tool precision", [](const Score& s) {
    return fixed1(s.precision()) + " (" + std::to_string(s.matched) + "/" + std::to_string(s.produced) + ")";
  });
  row("exact tool set", [](const Score& s) { return percent(s.exact, s.cases); });
  row("auth right", [](const Score& s) { return percent(s.auth_ok, s.cases); });
  row("connections right", [](const Score& s) { return percent(s.conn_ok, s.cases); });
  row("page size right", [](const Score& s) { return percent(s.page_ok, s.cases); });
  row("transport right (where named)", [](const Score& s) { return percent(s.transport_ok, s.transport_cases); });
  std::string text =
      report + "\nMisses (+ produced, not expected; - expected, not produced):\n\n| case | difference |\n|---|---|\n" +
      misses;
  std::cout << text;
  if (const char* out = std::getenv("MCPC_DESCRIBE_SCORE_OUT")) std::ofstream(out) << text;
  // Regression floors, below the score docs/natural-language.md reports.
  const Score& dev = scores["dev"];
  EXPECT_EQ(dev.clean, dev.cases);
  EXPECT_GE(dev.recall(), 80.0);
  EXPECT_GE(dev.precision(), 80.0);
}

}  // namespace
}  // namespace mcpc
