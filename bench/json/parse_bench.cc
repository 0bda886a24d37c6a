// mcpc-json-parse-bench: parsing one typical MCP message with each JSON parser Debian 12 offers,
// to choose the runtime's (docs/performance.md, "The runtime's JSON path"). Every parser
// validates the whole text and builds its own tree, reusing its arena or parser between runs
// where it has one; the runtime's current path (nlohmann DOM) is the baseline.
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>
#include <simdjson.h>

#include <boost/json.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "internal.h"  // the runtime's parse_message

namespace {

const std::string kAdd =
    R"({"jsonrpc":"2.0","id":12345,"method":"tools/call","params":{"name":"add","arguments":{"a":12.25,"b":3.5}}})";

std::string echo_message(std::size_t bytes) {
  std::string s = R"({"jsonrpc":"2.0","id":12345,"method":"tools/call","params":{"name":"echo","arguments":{"text":")";
  for (std::size_t i = 0; i < bytes; ++i) s += (i % 64 == 63) ? 'n' : static_cast<char>('a' + i % 26);
  return s + R"("}}})";
}
const std::string kEcho = echo_message(2048);

const std::string& message(const benchmark::State& state) { return state.range(0) == 0 ? kAdd : kEcho; }

void label(benchmark::State& state) {
  state.SetLabel(state.range(0) == 0 ? "add" : "echo 2 KB");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * message(state).size()));
}

void NlohmannDom(benchmark::State& state) {
  const std::string& text = message(state);
  for (auto _ : state) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    benchmark::DoNotOptimize(j);
  }
  label(state);
}

// nlohmann's SAX interface validates without building anything: the floor for that parser.
void NlohmannSaxOnly(benchmark::State& state) {
  const std::string& text = message(state);
  for (auto _ : state) {
    bool ok = nlohmann::json::accept(text);
    benchmark::DoNotOptimize(ok);
  }
  label(state);
}

void BoostJsonMonotonic(benchmark::State& state) {
  const std::string& text = message(state);
  unsigned char buffer[8192];
  boost::json::parser p;
  for (auto _ : state) {
    boost::json::monotonic_resource mr(buffer, sizeof buffer);
    p.reset(&mr);
    boost::system::error_code ec;
    p.write(text, ec);
    boost::json::value v = p.release();
    benchmark::DoNotOptimize(v);
  }
  label(state);
}

void SimdjsonDom(benchmark::State& state) {
  simdjson::padded_string text(message(state));
  simdjson::dom::parser p;
  for (auto _ : state) {
    simdjson::dom::element e;
    auto err = p.parse(text).get(e);
    benchmark::DoNotOptimize(err);
    benchmark::DoNotOptimize(e);
  }
  label(state);
}

// The text is copied into a padded buffer per message, as the runtime would have to.
void SimdjsonDomCopy(benchmark::State& state) {
  const std::string& text = message(state);
  simdjson::dom::parser p;
  for (auto _ : state) {
    simdjson::padded_string padded(text);
    simdjson::dom::element e;
    auto err = p.parse(padded).get(e);
    benchmark::DoNotOptimize(err);
    benchmark::DoNotOptimize(e);
  }
  label(state);
}

void RapidjsonPool(benchmark::State& state) {
  const std::string& text = message(state);
  char value_buffer[8192], parse_buffer[4096];
  for (auto _ : state) {
    rapidjson::MemoryPoolAllocator<> values(value_buffer, sizeof value_buffer);
    rapidjson::MemoryPoolAllocator<> stack(parse_buffer, sizeof parse_buffer);
    using PoolDocument = rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>,
                                                    rapidjson::MemoryPoolAllocator<>>;
    PoolDocument d(&values, 1024, &stack);
    d.Parse<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
    benchmark::DoNotOptimize(d.HasParseError());
  }
  label(state);
}

// What the runtime does now: Boost.JSON's parser building the nlohmann Json handlers take.
void RuntimeParseMessage(benchmark::State& state) {
  const std::string& text = message(state);
  for (auto _ : state) {
    auto j = mcpc::runtime::parse_message(text);
    benchmark::DoNotOptimize(j);
  }
  label(state);
}

// Parse and write back (what the runtime does per request today: envelope in, answer out).
void NlohmannParseDump(benchmark::State& state) {
  const std::string& text = message(state);
  for (auto _ : state) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    std::string out = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    benchmark::DoNotOptimize(out);
  }
  label(state);
}

}  // namespace

BENCHMARK(NlohmannDom)->Arg(0)->Arg(1);
BENCHMARK(NlohmannSaxOnly)->Arg(0)->Arg(1);
BENCHMARK(BoostJsonMonotonic)->Arg(0)->Arg(1);
BENCHMARK(SimdjsonDom)->Arg(0)->Arg(1);
BENCHMARK(SimdjsonDomCopy)->Arg(0)->Arg(1);
BENCHMARK(RapidjsonPool)->Arg(0)->Arg(1);
BENCHMARK(RuntimeParseMessage)->Arg(0)->Arg(1);
BENCHMARK(NlohmannParseDump)->Arg(0)->Arg(1);
BENCHMARK_MAIN();
