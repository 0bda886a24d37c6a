// View-model pieces every backend shares: the transport and auth defaults, and the
// environment variables in the IR's JSON order (by name, so --from-ir renders the same bytes).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mcpc/ir/module.h"
#include "templates.h"

namespace mcpc::codegen {

/// Spells a string as a literal of the target language.
using Literal = std::string (*)(std::string_view);

/// Sets default_transport ("stdio" or "http") and default_transport_lit, http_host_lit,
/// http_port (a number), http_path_lit, auth_bearer, auth_api_key, auth_env_lit and
/// auth_header_lit. `lit` is the target language's string literal (escape.h).
void set_transport_view(View& view, const ir::Module& module, Literal lit);

/// The module's HTTP transport, or the defaults when it has none.
ir::Transport http_transport(const ir::Module& module);

std::vector<const ir::EnvVar*> env_by_name(const ir::Module& module);

}  // namespace mcpc::codegen
