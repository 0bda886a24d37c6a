// Runs one of the document readers on text held in a test.
#pragma once

#include <memory>
#include <string>

#include "mcpc/frontend/document.h"

namespace mcpc::frontend::doc {

struct Read {
  SourceManager sm;
  DiagnosticEngine diags;
  Node root;
  bool ok = false;
};

/// `reader` is read_yaml or read_json; YAML input is UTF-8-checked first, as the front end does.
template <typename Reader>
std::unique_ptr<Read> read_with(Reader reader, const std::string& name, const std::string& text, Limits limits = {}) {
  auto r = std::make_unique<Read>();
  auto id = r->sm.add(name, text);
  r->ok = check_utf8(r->sm, id, r->diags) && reader(r->sm, id, limits, r->diags, r->root);
  return r;
}

}  // namespace mcpc::frontend::doc
