// Front end + semantic checks on generated specs, in memory: what `mcpc check` costs per tool
// without process start-up or file I/O. Run: build-release/bin/mcpc-check-bench
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include <benchmark/benchmark.h>

#include "mcpc/frontend/spec.h"
#include "mcpc/sema/check.h"
#include "mcpc/support/diagnostic.h"
#include "mcpc/support/source.h"
#include "spec_generator.h"

namespace {

// One full check of `text`; false (with a message) when the spec did not pass cleanly.
bool check_once(const std::string& display_name, const std::string& text, std::string& error) {
  mcpc::SourceManager sm;
  mcpc::DiagnosticEngine diags;
  std::optional<mcpc::ir::Module> module = mcpc::load_spec_text(display_name, text, sm, diags);
  if (!module) {
    error = "load_spec_text returned nothing";
    return false;
  }
  auto checked = mcpc::sema::check(std::move(*module), diags);
  benchmark::DoNotOptimize(checked);
  if (!checked || diags.error_count() != 0) {
    const auto sorted = diags.sorted();
    error = "generated spec has errors:\n" +
            mcpc::render_text(sm, sorted, mcpc::TextRenderOptions{.color = false, .show_source = false});
    return false;
  }
  return true;
}

void run(benchmark::State& state, bool json) {
  const auto tools = static_cast<std::size_t>(state.range(0));
  const auto spec = mcpc::bench::generate_spec(tools);
  const std::string text = json ? mcpc::bench::to_json_text(spec) : mcpc::bench::to_yaml(spec);
  const std::string name = json ? "bench.json" : "bench.yaml";
  std::string error;
  if (!check_once(name, text, error)) {
    state.SkipWithError(error.c_str());
    return;
  }
  for (auto _ : state) {
    check_once(name, text, error);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(tools));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
  state.counters["spec_bytes"] = static_cast<double>(text.size());
}

void BM_CheckYaml(benchmark::State& state) { run(state, false); }
void BM_CheckJson(benchmark::State& state) { run(state, true); }

}  // namespace

BENCHMARK(BM_CheckYaml)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckJson)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
