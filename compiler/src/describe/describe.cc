// describe(): the offline rules, or a model asked for a spec under the spec's JSON Schema, each
// answer checked by the pipeline and its diagnostics sent back for repair.
#include "mcpc/describe/describe.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "describe_internal.h"
#include "mcpc/pipeline/pipeline.h"

namespace mcpc::describe {
namespace {

using Clock = std::chrono::steady_clock;

std::string trimmed_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string seconds_text(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

void emit_yaml(const OrderedJson& v, int indent, std::string& out);

std::string scalar_text(const OrderedJson& v) {
  if (v.is_string()) return yaml_scalar(v.get<std::string>());
  if (v.is_null()) return "null";
  return v.dump();
}

bool is_block(const OrderedJson& v) { return (v.is_object() || v.is_array()) && !v.empty(); }

void emit_yaml(const OrderedJson& v, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      out += pad + yaml_scalar(it.key()) + ":";
      const OrderedJson& value = it.value();
      if (is_block(value)) {
        out += "\n";
        emit_yaml(value, indent + 2, out);
      } else {
        out += " " +
               (value.is_object()  ? std::string("{}")
                : value.is_array() ? std::string("[]")
                                   : scalar_text(value)) +
               "\n";
      }
    }
  } else if (v.is_array()) {
    for (const OrderedJson& item : v) {
      if (is_block(item)) {
        std::string nested;
        emit_yaml(item, indent + 2, nested);
        // The first line of the item goes after "- ".
        out += pad + "- " + nested.substr(static_cast<std::size_t>(indent) + 2);
      } else {
        out += pad + "- " +
               (item.is_object()  ? std::string("{}")
                : item.is_array() ? std::string("[]")
                                  : scalar_text(item)) +
               "\n";
      }
    }
  } else {
    out += pad + scalar_text(v) + "\n";
  }
}

// The prose a model gets besides the schema.
constexpr std::string_view kSystemPrompt =
    "You write server specs for mcpc, a compiler of Model Context Protocol (MCP) servers. Given a description of a "
    "server, answer with one complete spec that follows the given JSON Schema exactly. Use: name in kebab-case "
    "ending in -mcp; version \"0.1.0\"; a one-sentence description; transport stdio unless the description asks for "
    "HTTP (then transports with type http and the port it names); auth (api_key or bearer, with envVar naming an env "
    "entry declared under env with secret: true) only when the description asks for authentication; a connection "
    "(type postgresql, mysql, sqlite, http, redis, mongodb, ...) with an envVar for every database or external API "
    "it names, and every connection used by at least one tool; one tool per operation, named in snake_case as verb "
    "plus object (search_products, get_stock_level), keeping names the description spells out, each with a "
    "description saying what it does and when to use it, parameters in the shorthand form (name: {type, "
    "description, required: true}) and returns when the result has a known shape; a limit integer parameter with "
    "the page size as its default on listing tools when the description asks for pagination. Never include secret "
    "values.";

constexpr std::string_view kToolName = "write_spec";

// The schema as a model takes it: without $schema and $id, which some services refuse.
OrderedJson schema_for_model() {
  static const OrderedJson schema = [] {
    OrderedJson s = OrderedJson::parse(spec_schema_text());
    s.erase("$schema");
    s.erase("$id");
    return s;
  }();
  return schema;
}

// The message a service put in an error body ({"error": {"message": ...}}), else the body.
std::string service_message(const std::string& body) {
  Json parsed = Json::parse(body, nullptr, false);
  if (!parsed.is_discarded() && parsed.is_object()) {
    const Json* error = parsed.contains("error") ? &parsed["error"] : nullptr;
    if (error != nullptr && error->is_object() && error->contains("message") && (*error)["message"].is_string())
      return (*error)["message"].get<std::string>();
    if (error != nullptr && error->is_string()) return error->get<std::string>();
    if (parsed.contains("message") && parsed["message"].is_string()) return parsed["message"].get<std::string>();
  }
  std::string text = body.substr(0, 200);
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

// One conversation with a model: the provider's wire format on top of retried POSTs.
class Conversation {
 public:
  Conversation(const Options& options, std::string_view description) : options_(options), config_(options.llm) {
    OrderedJson user = {
        {"role", "user"},
        {"content", "Write the mcpc spec for this MCP server description:\n\n" + std::string(description)}};
    messages_ = OrderedJson::array({user});
  }

  /// Asks once (with retries); the spec the model answered, or nothing with `error` set.
  /// `malformed` says the service answered, but not with a usable spec.
  std::optional<OrderedJson> ask(std::string& error, bool& malformed) {
    malformed = false;
    std::optional<HttpResponse> response = post(error);
    if (!response) return std::nullopt;
    ++answered_;
    OrderedJson parsed = OrderedJson::parse(response->body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
      malformed = true;
      error = "the answer is not JSON";
      last_assistant_.reset();
      return std::nullopt;
    }
    return config_.provider == Provider::Anthropic ? read_anthropic(parsed, error, malformed)
                                                   : read_openai(parsed, error, malformed);
  }

  /// The next request carries `problems`: what was wrong with the last answer.
  void feed_back(const std::string& problems) {
    std::string text = problems + "\n\nAnswer again with the whole corrected spec.";
    if (config_.provider == Provider::Anthropic && last_assistant_ && !tool_use_id_.empty()) {
      messages_.push_back({{"role", "assistant"}, {"content", *last_assistant_}});
      messages_.push_back(
          {{"role", "user"},
           {"content",
            OrderedJson::array(
                {{{"type", "tool_result"}, {"tool_use_id", tool_use_id_}, {"is_error", true}, {"content", text}}})}});
    } else if (last_assistant_) {
      messages_.push_back({{"role", "assistant"}, {"content", *last_assistant_}});
      messages_.push_back({{"role", "user"}, {"content", text}});
    } else {
      // Nothing usable to answer to: the note goes with the request itself.
      OrderedJson& first = messages_.back();
      first["content"] =
          first["content"].get<std::string>() + "\n\n(Your previous answer could not be used: " + text + ")";
    }
  }

  int answered() const { return answered_; }

 private:
  std::string url() const {
    return config_.provider == Provider::Anthropic ? trimmed_url(config_.url) + "/v1/messages"
                                                   : chat_completions_url(config_.url);
  }

  std::string body() const {
    OrderedJson b;
    b["model"] = config_.model;
    if (config_.provider == Provider::Anthropic) {
      b["max_tokens"] = 8192;
      b["system"] = kSystemPrompt;
      b["tools"] = OrderedJson::array({{{"name", kToolName},
                                        {"description", "Write the complete mcpc spec of the described MCP server."},
                                        {"input_schema", schema_for_model()}}});
      b["tool_choice"] = {{"type", "tool"}, {"name", kToolName}};
      b["messages"] = messages_;
    } else {
      OrderedJson messages = OrderedJson::array({{{"role", "system"}, {"content", kSystemPrompt}}});
      for (const OrderedJson& m : messages_) messages.push_back(m);
      b["messages"] = messages;
      b["temperature"] = 0;
      b["response_format"] = {
          {"type", "json_schema"},
          {"json_schema", {{"name", "mcp_spec"}, {"schema", schema_for_model()}, {"strict", false}}}};
    }
    return b.dump();
  }

  std::vector<std::pair<std::string, std::string>> headers() const {
    std::vector<std::pair<std::string, std::string>> h = {{"content-type", "application/json"}};
    if (config_.provider == Provider::Anthropic) {
      h.emplace_back("x-api-key", config_.api_key);
      h.emplace_back("anthropic-version", "2023-06-01");
    } else if (!config_.api_key.empty()) {
      h.emplace_back("authorization", "Bearer " + config_.api_key);
    }
    return h;
  }

  std::string key_variable() const {
    return config_.provider == Provider::Anthropic ? "ANTHROPIC_API_KEY" : "MCPC_LLM_API_KEY";
  }

  void progress(const std::string& line) const {
    if (options_.progress) options_.progress(redact(line, config_.api_key));
  }

  // POSTs the request, retrying 429, 5xx and network errors with doubling waits.
  std::optional<HttpResponse> post(std::string& error) {
    const std::string target = url();
    const std::string payload = body();
    std::chrono::milliseconds wait = config_.backoff;
    const int attempts = std::max(1, config_.attempts);
    for (int attempt = 1; attempt <= attempts; ++attempt) {
      progress("asking " + std::string(provider_name(config_.provider)) + " (" + config_.model + ") at " + target +
               (attempt > 1 ? " (attempt " + std::to_string(attempt) + " of " + std::to_string(attempts) + ")" : ""));
      Clock::time_point start = Clock::now();
      HttpResponse r = http_post(target, headers(), payload, config_.timeout, config_.connect_timeout);
      auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
      if (r.status >= 200 && r.status < 300) {
        progress("answer received in " + seconds_text(took));
        return r;
      }
      std::string what;
      if (r.status == 401 || r.status == 403) {
        error = std::string(provider_name(config_.provider)) + " refused the API key (HTTP " +
                std::to_string(r.status) + ": " + service_message(r.body) + "); check " + key_variable();
        error = redact(error, config_.api_key);
        return std::nullopt;
      }
      bool retry = r.status == 0 || r.status == 429 || r.status >= 500;
      what = r.status == 0 ? "no answer (" + r.error + ")"
                           : "HTTP " + std::to_string(r.status) + ": " + service_message(r.body);
      if (!retry) {
        error = redact(
            std::string(provider_name(config_.provider)) + " at " + target + " refused the request (" + what + ")",
            config_.api_key);
        return std::nullopt;
      }
      if (attempt == attempts) {
        error = redact(std::string(provider_name(config_.provider)) + " at " + target + " gave " + what + " after " +
                           std::to_string(attempts) + " attempt" + (attempts == 1 ? "" : "s") +
                           (r.status == 0 ? "; is the service running and reachable?" : "; try again later"),
                       config_.api_key);
        return std::nullopt;
      }
      progress(redact(what, config_.api_key) + "; retrying in " + seconds_text(wait));
      std::this_thread::sleep_for(wait);
      wait *= 2;
    }
    return std::nullopt;
  }

  std::optional<OrderedJson> read_anthropic(const OrderedJson& parsed, std::string& error, bool& malformed) {
    malformed = true;
    last_assistant_.reset();
    tool_use_id_.clear();
    if (!parsed.contains("content") || !parsed["content"].is_array()) {
      error = "the answer has no content";
      return std::nullopt;
    }
    last_assistant_ = parsed["content"];
    for (const OrderedJson& block : parsed["content"]) {
      if (!block.is_object() || block.value("type", "") != "tool_use") continue;
      tool_use_id_ = block.value("id", "");
      if (!block.contains("input") || !block["input"].is_object()) {
        error = "the write_spec call has no spec object";
        return std::nullopt;
      }
      malformed = false;
      return block["input"];
    }
    error = "the answer does not call write_spec";
    return std::nullopt;
  }

  std::optional<OrderedJson> read_openai(const OrderedJson& parsed, std::string& error, bool& malformed) {
    malformed = true;
    last_assistant_.reset();
    const OrderedJson* content = nullptr;
    if (parsed.contains("choices") && parsed["choices"].is_array() && !parsed["choices"].empty()) {
      const OrderedJson& choice = parsed["choices"][0];
      if (choice.is_object() && choice.contains("message") && choice["message"].is_object() &&
          choice["message"].contains("content") && choice["message"]["content"].is_string())
        content = &choice["message"]["content"];
    }
    if (content == nullptr) {
      error = "the answer has no choices[0].message.content";
      return std::nullopt;
    }
    std::string text = content->get<std::string>();
    last_assistant_ = text;
    // Some local models fence JSON even when asked for a schema.
    std::size_t open = text.find('{');
    std::size_t close = text.rfind('}');
    if (open == std::string::npos || close == std::string::npos || close < open) {
      error = "the answer is not a JSON object";
      return std::nullopt;
    }
    OrderedJson spec = OrderedJson::parse(text.substr(open, close - open + 1), nullptr, false);
    if (spec.is_discarded() || !spec.is_object()) {
      error = "the answer is not a JSON object";
      return std::nullopt;
    }
    malformed = false;
    return spec;
  }

  const Options& options_;
  const LlmConfig& config_;
  OrderedJson messages_;
  std::optional<OrderedJson> last_assistant_;
  std::string tool_use_id_;
  int answered_ = 0;
};

std::string header_comment(std::string_view description, const LlmConfig& config) {
  std::string y = "# yaml-language-server: $schema=https://mcpc.dev/schema/mcp-spec.schema.json\n";
  y += "# Drafted by `mcpc new` with " + std::string(provider_name(config.provider)) + " (" + config.model +
       ") from this description:\n";
  std::string text(description);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = sanitize_utf8(text.substr(start, end - start));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (!line.empty()) y += "#   " + line + "\n";
    start = end + 1;
  }
  return y + "# Review it, then run `mcpc check` on this file.\n";
}

Result describe_with_model(std::string_view description, const Options& options, DiagnosticEngine& diags) {
  Result result;
  result.provider = options.llm.provider;
  Conversation conversation(options, description);
  const int rounds = 1 + std::max(0, options.llm.repair_rounds);
  std::string last_error;
  for (int round = 0; round < rounds; ++round) {
    std::string error;
    bool malformed = false;
    std::optional<OrderedJson> spec = conversation.ask(error, malformed);
    result.requests = conversation.answered();
    if (!spec && !malformed) {
      diags.report(Check::Llm, SourceLoc::none(), redact(error, options.llm.api_key));
      return result;
    }
    std::string problems;
    if (!spec) {
      problems = "Your answer could not be used: " + error + ". Call " + std::string(kToolName) +
                 " with the spec as its input.";
      if (options.llm.provider == Provider::OpenAi)
        problems = "Your answer could not be used: " + error + ". Answer with the spec as one JSON object.";
      last_error = error;
    } else {
      std::string yaml = header_comment(description, options.llm) + json_to_yaml(in_spec_order(*spec));
      yaml = redact(yaml, options.llm.api_key);
      CheckOutcome outcome = check_spec_text(yaml, options.display_name);
      result.ok = true;
      result.yaml = yaml;
      result.clean = !outcome.has_errors;
      result.last_problems = outcome.text;
      if (result.clean) return result;
      problems = "mcpc check found these problems in the spec (written as YAML):\n" + outcome.text;
    }
    if (round + 1 < rounds) {
      if (options.progress)
        options.progress(std::string(spec ? "the spec has errors" : "the answer was not a spec") +
                         "; asking for a repair (round " + std::to_string(round + 1) + " of " +
                         std::to_string(rounds - 1) + ")");
      conversation.feed_back(redact(problems, options.llm.api_key));
    }
  }
  if (!result.ok) {
    diags.report(Check::Llm, SourceLoc::none(),
                 redact(std::string(provider_name(options.llm.provider)) + " gave no usable spec in " +
                            std::to_string(rounds) + " answers (the last: " + last_error + ")",
                        options.llm.api_key));
  }
  return result;
}

}  // namespace

std::string_view provider_name(Provider provider) {
  switch (provider) {
    case Provider::Offline:
      return "the offline rules";
    case Provider::Anthropic:
      return "Anthropic";
    case Provider::OpenAi:
      return "the OpenAI-compatible endpoint";
  }
  return "";
}

LlmConfig config_from_env(const std::function<const char*(const char*)>& getenv_fn) {
  auto get = [&](const char* name) -> std::string {
    const char* v = getenv_fn ? getenv_fn(name) : std::getenv(name);
    return v == nullptr ? "" : v;
  };
  LlmConfig c;
  if (std::string url = get("MCPC_LLM_URL"); !url.empty()) {
    c.provider = Provider::OpenAi;
    c.url = url;
    c.model = get("MCPC_LLM_MODEL");
    c.api_key = get("MCPC_LLM_API_KEY");
  } else if (std::string key = get("ANTHROPIC_API_KEY"); !key.empty()) {
    c.provider = Provider::Anthropic;
    c.api_key = key;
    c.url = get("ANTHROPIC_BASE_URL");
    if (c.url.empty()) c.url = "https://api.anthropic.com";
    c.model = get("MCPC_LLM_MODEL");
    if (c.model.empty()) c.model = std::string(kDefaultAnthropicModel);
  }
  if (std::string timeout = get("MCPC_LLM_TIMEOUT"); !timeout.empty()) {
    char* end = nullptr;
    double seconds = std::strtod(timeout.c_str(), &end);
    if (end != timeout.c_str() && seconds > 0) c.timeout = std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  }
  return c;
}

std::string chat_completions_url(std::string_view url) {
  std::string u = trimmed_url(std::string(url));
  if (u.ends_with("/chat/completions")) return u;
  if (u.ends_with("/v1")) return u + "/chat/completions";
  return u + "/v1/chat/completions";
}

std::string json_to_yaml(const OrderedJson& value) {
  std::string out;
  emit_yaml(value, 0, out);
  return out;
}

namespace {

// `object` with `first` keys leading in that order, the rest as they were.
OrderedJson ordered(const OrderedJson& object, std::initializer_list<std::string_view> first) {
  if (!object.is_object()) return object;
  OrderedJson out = OrderedJson::object();
  for (std::string_view key : first) {
    if (object.contains(key)) out[std::string(key)] = object.at(std::string(key));
  }
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (!out.contains(it.key())) out[it.key()] = it.value();
  }
  return out;
}

}  // namespace

OrderedJson in_spec_order(const OrderedJson& spec) {
  OrderedJson out =
      ordered(spec, {"name", "version", "title", "description", "website", "author", "transport", "transports", "auth",
                     "env", "connections", "types", "tools", "resources", "resourceTemplates", "prompts", "triggers"});
  if (out.contains("tools") && out["tools"].is_array()) {
    for (OrderedJson& tool : out["tools"])
      tool = ordered(tool, {"name", "title", "description", "parameters", "inputSchema", "returns", "outputSchema",
                            "annotations", "connection", "env"});
  }
  for (const char* list : {"env", "connections", "resources", "prompts"}) {
    if (!out.contains(list) || !out[list].is_array()) continue;
    for (OrderedJson& item : out[list]) item = ordered(item, {"name", "uri", "type", "description"});
  }
  return out;
}

std::string redact(std::string text, std::string_view secret) {
  if (secret.size() < 4) return text;
  for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
    text.replace(at, secret.size(), "***");
  return text;
}

CheckOutcome check_spec_text(const std::string& yaml, const std::string& display_name) {
  SourceManager sources;
  DiagnosticEngine diags;
  pipeline::Request request;
  request.inputs.push_back({display_name, yaml});
  request.frontend = "spec";
  pipeline::run(request, sources, diags);
  CheckOutcome outcome;
  outcome.has_errors = diags.has_errors();
  outcome.text = render_text(sources, diags.sorted(), {});
  return outcome;
}

Result describe(std::string_view description, const Options& options, DiagnosticEngine& diags) {
  if (options.llm.provider != Provider::Offline) return describe_with_model(description, options, diags);
  Result result;
  result.ok = true;
  result.yaml = offline_spec(description);
  CheckOutcome outcome = check_spec_text(result.yaml, options.display_name);
  result.clean = !outcome.has_errors;
  result.last_problems = outcome.text;
  return result;
}

}  // namespace mcpc::describe
