// Man pages written from the command line's definition (man.cc).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <utility>
#include <vector>

#include "subcommand.h"

namespace mcpc::tool {

/// The roff page of `app` (mcpc or one of its subcommands), referring to `see_also` pages.
std::string man_page(const CommandLine& cl, const CLI::App& app, const std::vector<std::string>& see_also);

/// Every page, as {file name, text}: mcpc.1 and mcpc-SUBCOMMAND.1 for each subcommand.
std::vector<std::pair<std::string, std::string>> man_pages(const CommandLine& cl);

}  // namespace mcpc::tool
