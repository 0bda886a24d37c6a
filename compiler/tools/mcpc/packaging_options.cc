#include "packaging_options.h"

namespace mcpc::tool {

void PackagingOptions::add_to(CLI::App& cmd) {
  cmd.add_option("--namespace", registry_namespace,
                 "server.json name prefix: NAMESPACE/NAME (default: " + std::string(package::kDefaultNamespace) +
                     ", which the official registry refuses: use one you own, e.g. io.github.USER)");
  cmd.add_option("--base-url", base_url,
                 "URL the .mcpb will be downloaded from (server.json identifier = URL/NAME-VERSION.mcpb; default: "
                 "the bare file name; the official registry wants a GitHub or GitLab release URL)");
  cmd.add_option("--author", metadata.author, "Author, \"Name\" or \"Name <email>\" (default: the spec's author)");
  cmd.add_option("--repository", metadata.repository, "Source repository URL (https://github.com/...)");
  cmd.add_option("--documentation", metadata.documentation, "Documentation URL");
  cmd.add_option("--license", metadata.license, "License (SPDX expression)");
  cmd.add_option("--tag", metadata.tags, "A tag (repeatable)");
  cmd.add_option("--source-date-epoch", epoch,
                 "Timestamp for every archive entry (default: $SOURCE_DATE_EPOCH, else 2000-01-01)");
  cmd.add_flag("--keep-debug", keep_debug,
               "Package native binaries as built, with symbols and debug info (default: a stripped copy)");
  cmd.add_flag("--npm-published", npm_published,
               "TypeScript: NAME@VERSION is on npm, so the client configs' npx command works (otherwise they come "
               "with a warning, and local-* configs that run the packaged tarball are written too)");
}

void PackagingOptions::apply_to(package::PackageRequest& request) const {
  request.registry_namespace = registry_namespace;
  request.identifier_base_url = base_url;
  request.metadata = metadata;
  request.source_date_epoch = epoch;
  request.keep_debug = keep_debug;
  request.npm_published = npm_published;
}

std::string PackagingOptions::problem() const {
  if (registry_namespace.empty()) return "";
  std::string err = package::check_registry_name(registry_namespace + "/server");
  return err.empty() ? "" : "invalid --namespace '" + registry_namespace + "': " + err;
}

}  // namespace mcpc::tool
