// Natural language -> spec: a description of a server in, spec YAML a person can read and edit
// out, checked by the pipeline like any spec. Without a language model configured, offline
// rules draft it (docs/natural-language.md); with one, the model writes it under the spec's
// JSON Schema and the checks' diagnostics go back to it for repair.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "mcpc/support/diagnostic.h"

namespace mcpc::describe {

/// Which way a description becomes a spec.
enum class Provider {
  Offline,    ///< the deterministic rules, no network
  Anthropic,  ///< the Anthropic Messages API, with tool use
  OpenAi,     ///< an OpenAI-compatible chat-completions endpoint, with a JSON Schema response format
};

/// "offline rules", "Anthropic", "OpenAI-compatible endpoint": for messages.
std::string_view provider_name(Provider provider);

struct LlmConfig {
  Provider provider = Provider::Offline;
  std::string url;      ///< Anthropic: the base URL; OpenAI: the endpoint, as configured
  std::string model;    ///< the model to ask for
  std::string api_key;  ///< never printed, logged or written: redacted wherever text leaves the library
  std::chrono::milliseconds timeout{120'000};         ///< one request, whole
  std::chrono::milliseconds connect_timeout{10'000};  ///< one connection
  int attempts = 4;                                   ///< tries per request on 429, 5xx and network errors
  std::chrono::milliseconds backoff{1'000};           ///< before the second try; doubles after
  int repair_rounds = 3;                              ///< requests after the first, each carrying what was wrong
};

/// The Anthropic model used when MCPC_LLM_MODEL does not name one.
inline constexpr std::string_view kDefaultAnthropicModel = "claude-sonnet-4-5";

/// The configuration the environment asks for: MCPC_LLM_URL (with MCPC_LLM_MODEL and
/// MCPC_LLM_API_KEY) picks an OpenAI-compatible endpoint, else ANTHROPIC_API_KEY (with
/// ANTHROPIC_BASE_URL and MCPC_LLM_MODEL) the Anthropic API, else the offline rules.
/// MCPC_LLM_TIMEOUT sets the request timeout in seconds. `getenv` is replaceable for tests.
LlmConfig config_from_env(const std::function<const char*(const char*)>& getenv = nullptr);

/// The URL an OpenAI-compatible request goes to: `url` as given when it ends in
/// /chat/completions, else url + "/chat/completions" when it ends in /v1, else url +
/// "/v1/chat/completions".
std::string chat_completions_url(std::string_view url);

/// The offline draft of a spec for `description`: YAML with `# TODO:` comments where the
/// rules could not tell. Deterministic; never fails (an empty description gives a skeleton).
std::string offline_spec(std::string_view description);

struct Options {
  LlmConfig llm;
  /// Progress of network calls, one line at a time ("asking ... (attempt 2 of 4)"); may be null.
  std::function<void(const std::string&)> progress;
  /// The file name the spec's diagnostics carry while it is checked (and fed back to a model).
  std::string display_name = "mcp.yaml";
};

struct Result {
  bool ok = false;   ///< a spec was produced (it may still have errors: check it)
  std::string yaml;  ///< the spec, ready to write
  Provider provider = Provider::Offline;
  int requests = 0;           ///< model requests that got an answer (0 offline)
  bool clean = false;         ///< the last check found no errors
  std::string last_problems;  ///< the last check's diagnostics as text (what a repair round sends)
};

/// Turns `description` into a spec as `options.llm` says, checking each answer with the
/// pipeline (parse + checks) and sending the diagnostics back for up to `repair_rounds` more
/// requests. A service that cannot be reached or refuses the request is one [llm] error in
/// `diags` (no location) and `ok` false; the API key never appears in it.
Result describe(std::string_view description, const Options& options, DiagnosticEngine& diags);

/// Checks spec text with the pipeline: the diagnostics rendered as text (empty when there are
/// none), and whether any of them is an error.
struct CheckOutcome {
  bool has_errors = false;
  std::string text;
};
CheckOutcome check_spec_text(const std::string& yaml, const std::string& display_name);

/// `text` with every occurrence of `secret` (when it is at least 4 bytes) replaced by "***".
std::string redact(std::string text, std::string_view secret);

}  // namespace mcpc::describe
