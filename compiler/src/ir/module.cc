// IR lookups and enum spellings.
#include "mcpc/ir/module.h"

namespace mcpc::ir {

std::string pointer_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

SourceLoc Schema::loc_of(std::string_view pointer) const {
  std::string p(pointer);
  while (true) {
    auto it = locs.find(p);
    if (it != locs.end()) return it->second;
    auto slash = p.rfind('/');
    if (slash == std::string::npos) return loc;
    p.resize(slash);
  }
}

const Tool* Module::find_tool(std::string_view name) const {
  for (const Tool& t : tools) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

const Connection* Module::find_connection(std::string_view name) const {
  for (const Connection& c : connections) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const EnvVar* Module::find_env(std::string_view name) const {
  for (const EnvVar& e : env) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

TypeIndex::TypeIndex(const Module& m) {
  for (const NamedType& t : m.types) by_name_.emplace(t.name, &t);
}

const NamedType* TypeIndex::find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

std::string_view to_string(TransportKind kind) { return kind == TransportKind::Http ? "http" : "stdio"; }

std::string_view to_string(AuthType type) {
  switch (type) {
    case AuthType::ApiKey:
      return "api_key";
    case AuthType::Bearer:
      return "bearer";
    case AuthType::None:
      return "none";
  }
  return "none";
}

std::string_view to_string(ResourceContentKind kind) {
  switch (kind) {
    case ResourceContentKind::Text:
      return "text";
    case ResourceContentKind::Blob:
      return "blob";
    case ResourceContentKind::File:
      return "file";
    case ResourceContentKind::Handler:
      return "handler";
  }
  return "text";
}

std::string_view to_string(TriggerKind kind) { return kind == TriggerKind::Webhook ? "webhook" : "cron"; }

std::string_view to_string(NativePass pass) { return pass == NativePass::CStr ? "c_str" : "value"; }

std::string_view to_string(NativeType::Kind kind) { return kind == NativeType::Kind::Enum ? "enum" : "struct"; }

}  // namespace mcpc::ir
