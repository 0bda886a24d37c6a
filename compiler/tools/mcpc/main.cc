// mcpc: the thin entry point; everything lives in the mcpc_tool library.
#include <unistd.h>

#include <iostream>

#include "mcpc/tool/cli.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  return mcpc::run_cli(args, {std::cout, std::cerr, std::cin, isatty(STDERR_FILENO) == 1});
}
