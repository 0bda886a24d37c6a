// Shared body of the spec fuzz targets: front end, then semantic checks, then every
// diagnostic renderer, on one in-memory file. Nothing may crash, hang, leak or trip a sanitizer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "mcpc/frontend/spec.h"
#include "mcpc/ir/ir_json.h"
#include "mcpc/sema/check.h"
#include "mcpc/support/diagnostic.h"
#include "mcpc/support/source.h"

namespace mcpc::fuzz {

inline void run_spec(const char* display_name, const std::uint8_t* data, std::size_t size) {
  SourceManager sm;
  DiagnosticEngine diags;
  FrontendOptions options;  // the real limits: hostile input is exactly what they are for
  std::optional<ir::Module> module =
      load_spec_text(display_name, std::string(reinterpret_cast<const char*>(data), size), sm, diags, options);
  if (module) {
    // The IR dump must work on any module the front end returns, checked or not.
    (void)ir::dump(*module);
    if (auto checked = sema::check(std::move(*module), diags)) {
      (void)ir::dump(checked->module());
    }
  }
  // Renderers index into the source by line and column: a bad location shows up here.
  const auto sorted = diags.sorted();
  (void)render_text(sm, sorted, TextRenderOptions{.color = true, .show_source = true});
  (void)render_json(sm, sorted);
  (void)render_sarif(sm, sorted, "fuzz");
}

}  // namespace mcpc::fuzz
