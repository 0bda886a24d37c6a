// The packaging options `mcpc package` and `mcpc publish` share (namespace, download URL,
// metadata, archive timestamp, debug info, npm), declared once so both commands spell and
// document them alike.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "mcpc/package/package.h"

namespace mcpc::tool {

struct PackagingOptions {
  std::string registry_namespace;
  std::string base_url;
  package::Metadata metadata;
  std::optional<std::int64_t> epoch;
  bool keep_debug = false;
  bool npm_published = false;

  /// Adds --namespace, --base-url, --author, --repository, --documentation, --license, --tag,
  /// --source-date-epoch, --keep-debug and --npm-published to `cmd`.
  void add_to(CLI::App& cmd);
  /// Copies them into a request.
  void apply_to(package::PackageRequest& request) const;
  /// A usage problem with them (a --namespace that cannot prefix a server.json name), or "".
  std::string problem() const;
};

}  // namespace mcpc::tool
