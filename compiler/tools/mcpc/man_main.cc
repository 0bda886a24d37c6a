// mcpc_man OUTDIR DOCDIR: writes the man pages of every mcpc subcommand into OUTDIR, saying
// that the documents are in DOCDIR (where they are installed). Run by the build.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "man.h"
#include "subcommand.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: mcpc_man OUTDIR DOCDIR\n";
    return 2;
  }
  mcpc::tool::CommandLine cl(argv[2]);
  std::filesystem::create_directories(argv[1]);
  for (const auto& [file, text] : mcpc::tool::man_pages(cl)) {
    std::ofstream out(std::filesystem::path(argv[1]) / file, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::cerr << "mcpc_man: cannot write " << file << "\n";
      return 1;
    }
  }
  return 0;
}
