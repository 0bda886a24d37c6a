// The front-end interface: one kind of input (spec files, IR files, and later C++ headers,
// descriptions, OpenAPI documents) in, an unchecked IR module out. Every front end is listed
// in one table (mcpc/pipeline/frontends.h); the pipeline picks one by name or by input.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/ir/module.h"
#include "mcpc/support/diagnostic.h"
#include "mcpc/support/source.h"

namespace mcpc {

/// Bounds that keep hostile input from costing unbounded time or memory.
struct Limits {
  std::size_t max_file_bytes = 16u << 20;  ///< per file
  std::size_t max_depth = 64;              ///< nesting of mappings and sequences
  std::size_t max_nodes = 1'000'000;       ///< nodes after alias expansion, per file
  std::size_t max_include_depth = 16;
  std::size_t max_files = 256;
};

enum class InputFormat { Auto, Yaml, JsonText };  // not "Json": mcpc::Json is a type

struct FrontendOptions {
  Limits limits;
  InputFormat format = InputFormat::Auto;  ///< spec files; Auto: by extension, ".json" is JSON
  /// C++ headers (the "cpp" front end, which runs mcpc-extract): arguments for the compiler
  /// that parses them (-I, -D, -std), and a build directory holding compile_commands.json.
  std::vector<std::string> cxx_args;
  std::string cxx_build_dir;
};

namespace frontend {

/// One input: a file the front end reads, or bytes already in memory (standard input).
struct Input {
  std::string path;                 ///< as the user spelled it; the name diagnostics show
  std::optional<std::string> text;  ///< set: read these bytes instead of the file at `path`
};

/// The bytes of an input: its `text`, or the file at `path` read whole. A file that cannot be
/// read is an [io] error, one larger than `limits.max_file_bytes` a [limits] error (checked
/// before reading); both at SourceLoc::none().
std::optional<std::string> read_input(const Input& input, const Limits& limits, DiagnosticEngine& diags);

class Frontend {
 public:
  virtual ~Frontend() = default;
  /// The --frontend name: "spec", "ir".
  virtual std::string_view name() const = 0;
  virtual std::string_view description() const = 0;
  /// Whether this front end reads `path` when the user names none. The pipeline asks the
  /// front ends in table order, so the first that accepts an input reads it.
  virtual bool accepts(std::string_view path) const = 0;
  /// Loads one input. Problems go to `diags`; nothing is returned only when nothing could be
  /// loaded. A module with errors reported is still returned, so the checks can add theirs.
  virtual std::optional<ir::Module> load(const Input& input, SourceManager& sm, DiagnosticEngine& diags,
                                         const FrontendOptions& options) const = 0;
};

}  // namespace frontend
}  // namespace mcpc
