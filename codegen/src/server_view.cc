#include "server_view.h"

#include <algorithm>

namespace mcpc::codegen {

ir::Transport http_transport(const ir::Module& m) {
  for (const ir::Transport& t : m.transports) {
    if (t.kind == ir::TransportKind::Http) return t;
  }
  return ir::Transport();
}

void set_transport_view(View& v, const ir::Module& m, Literal lit) {
  ir::Transport http_settings = http_transport(m);
  const ir::Transport* http = &http_settings;
  std::string first = m.transports.empty() || m.transports[0].kind == ir::TransportKind::Stdio ? "stdio" : "http";
  v.set("default_transport", first);
  v.set("default_transport_lit", lit(first));
  v.set("http_host_lit", lit(http->host));
  v.set("http_port", std::to_string(http->port));
  v.set("http_path_lit", lit(http->path));
  bool bearer = m.auth && m.auth->type == ir::AuthType::Bearer && m.auth->env;
  bool api_key = m.auth && m.auth->type == ir::AuthType::ApiKey && m.auth->env;
  v.set("auth_bearer", View(bearer));
  v.set("auth_api_key", View(api_key));
  if (bearer || api_key) v.set("auth_env_lit", lit(m.auth->env->name));
  if (api_key) v.set("auth_header_lit", lit(m.auth->header));
}

std::vector<const ir::EnvVar*> env_by_name(const ir::Module& m) {
  std::vector<const ir::EnvVar*> sorted;
  for (const ir::EnvVar& e : m.env) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->name < b->name; });
  return sorted;
}

}  // namespace mcpc::codegen
