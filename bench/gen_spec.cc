// mcpc-gen-spec N OUT.{yaml,json}: writes a valid synthetic spec with N tools (for benchmarks).
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "spec_generator.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: mcpc-gen-spec N OUT.yaml|OUT.json\n"
                 "Writes a valid MCP server spec with N tools (plus resources, resource\n"
                 "templates, prompts, connections and triggers in proportion); '-' writes\n"
                 "YAML to standard output.\n";
    return 2;
  }
  std::size_t n = 0;
  const std::string_view count = argv[1];
  auto [ptr, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
  if (ec != std::errc() || ptr != count.data() + count.size() || n == 0) {
    std::cerr << "mcpc-gen-spec: N must be a positive integer, got '" << count << "'\n";
    return 2;
  }
  const std::string out_path = argv[2];
  const auto spec = mcpc::bench::generate_spec(n);
  const bool json = out_path.size() >= 5 && out_path.ends_with(".json");
  const std::string text = json ? mcpc::bench::to_json_text(spec) : mcpc::bench::to_yaml(spec);
  if (out_path == "-") {
    std::cout << text;
    return std::cout ? 0 : 1;
  }
  std::ofstream out(out_path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "mcpc-gen-spec: cannot write " << out_path << "\n";
    return 1;
  }
  std::cerr << "mcpc-gen-spec: wrote " << out_path << " (" << n << " tools, " << text.size() << " bytes)\n";
  return 0;
}
