// The session: JSON-RPC classification, lifecycle, method dispatch, cancellation and
// requests to the client. Cheap protocol methods answer on the caller's thread; handlers
// (tools, reads, prompts, completions) run on the worker pool so nothing slow blocks reading.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iterator>

#include "internal.h"
#include "json_text.h"
#include "mcpc/json_schema/uri_template.h"
#include "mcpc/json_schema/validator.h"
#include "mcpc/runtime/typed.h"

namespace mcpc::runtime {

using json_schema::UriTemplate;
using json_schema::ValidationLimits;

Json make_result(const Json& id, Json result) {
  return Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

Json make_error(const Json& id, int code, const std::string& message, const Json& data) {
  Json err{{"code", code}, {"message", message}};
  if (!data.is_null()) err["data"] = data;
  Json msg{{"jsonrpc", "2.0"}, {"error", std::move(err)}};
  // The id is left out only when the request's id could not be read.
  if (!id.is_null()) msg["id"] = id;
  return msg;
}

namespace {

bool valid_id(const Json& id) { return id.is_string() || id.is_number_integer() || id.is_number_unsigned(); }

// Appended, not "o" + temporary: GCC 12 warns (-Wrestrict, a false positive) on that once inlined.
std::string encode_cursor(std::size_t offset) {
  std::string cursor(1, 'o');
  cursor += std::to_string(offset);
  return cursor;
}

std::optional<std::size_t> decode_cursor(const Json& cursor) {
  if (!cursor.is_string()) return std::nullopt;
  const std::string& c = cursor.get_ref<const std::string&>();
  if (c.size() < 2 || c[0] != 'o' || c.size() > 20) return std::nullopt;
  std::size_t v = 0;
  for (std::size_t i = 1; i < c.size(); ++i) {
    if (c[i] < '0' || c[i] > '9') return std::nullopt;
    v = v * 10 + static_cast<std::size_t>(c[i] - '0');
  }
  return v;
}

Json resource_json(const Resource& r) {
  Json j{{"uri", r.uri}, {"name", r.name}};
  if (!r.title.empty()) j["title"] = r.title;
  if (!r.description.empty()) j["description"] = r.description;
  if (!r.mime_type.empty()) j["mimeType"] = r.mime_type;
  if (r.size) j["size"] = *r.size;
  return j;
}

Json template_json(const ResourceTemplate& t) {
  Json j{{"uriTemplate", t.uri_template}, {"name", t.name}};
  if (!t.title.empty()) j["title"] = t.title;
  if (!t.description.empty()) j["description"] = t.description;
  if (!t.mime_type.empty()) j["mimeType"] = t.mime_type;
  return j;
}

// The string enum of variable `name` in a template's variables schema, or nothing.
std::vector<std::string> enum_strings(const Json& variables_schema, const std::string& name) {
  std::vector<std::string> out;
  if (!variables_schema.is_object()) return out;
  auto props = variables_schema.find("properties");
  if (props == variables_schema.end() || !props->is_object()) return out;
  auto var = props->find(name);
  if (var == props->end() || !var->is_object()) return out;
  auto values = var->find("enum");
  if (values == var->end() || !values->is_array()) return out;
  for (const Json& v : *values) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// The type of the first content block whose type is not in `types` (empty: any is), if any.
std::optional<std::string> undeclared_content(const Json& content, const std::vector<std::string>& types) {
  if (types.empty() || !content.is_array()) return std::nullopt;
  for (const Json& block : content) {
    auto type = block.is_object() ? block.find("type") : block.end();
    std::string name = type != block.end() && type->is_string() ? type->get<std::string>() : "";
    if (std::find(types.begin(), types.end(), name) == types.end()) return name;
  }
  return std::nullopt;
}

Json prompt_json(const Prompt& p) {
  Json j{{"name", p.name}};
  if (!p.title.empty()) j["title"] = p.title;
  if (!p.description.empty()) j["description"] = p.description;
  if (!p.arguments.empty()) {
    Json args = Json::array();
    for (const PromptArgument& a : p.arguments) {
      Json aj{{"name", a.name}};
      if (!a.title.empty()) aj["title"] = a.title;
      if (!a.description.empty()) aj["description"] = a.description;
      if (a.required) aj["required"] = true;
      args.push_back(std::move(aj));
    }
    j["arguments"] = std::move(args);
  }
  return j;
}

// Where the page a list request asks for starts.
std::size_t cursor_offset(const Json& params) {
  auto c = params.find("cursor");
  if (c == params.end()) return 0;
  auto decoded = decode_cursor(*c);
  if (!decoded) throw McpError(kInvalidParams, "invalid cursor");
  return *decoded;
}

const std::string& require_string(const Json& params, const char* key) {
  auto it = params.find(key);
  if (it == params.end() || !it->is_string()) {
    throw McpError(kInvalidParams, std::string("params.") + key + " must be a string");
  }
  return it->get_ref<const std::string&>();
}

// params._meta, or {} (it carries the progress token).
Json meta_of(const Json& params) {
  auto m = params.find("_meta");
  return m != params.end() && m->is_object() ? *m : Json::object();
}

// A handler's context for an exchange that outlives the call (non-owning).
Context context_for(detail::Exchange& ex) {
  return Context(std::shared_ptr<detail::Exchange>(std::shared_ptr<detail::Exchange>{}, &ex));
}

// A final response as text: append_json writes it faster than the transports' nlohmann dump
// (the text is the same), and long strings in results are where that shows.
void send_response(MessageSink& sink, const Json& message) { sink.send_response_text(to_json_text(message)); }

// Runs `run`; the JSON-RPC error for what it throws, or nothing when it returns.
template <typename Run>
std::optional<Json> failure_of(const Json& id, Run&& run) {
  try {
    run();
    return std::nullopt;
  } catch (const McpError& e) {
    return make_error(id, e.code(), e.what(), e.data());
  } catch (const std::exception& e) {
    return make_error(id, kInternalError, std::string("internal error: ") + e.what());
  } catch (...) {  // a handler threw something that is not an exception: still one answer, no escape
    return make_error(id, kInternalError, "internal error: the handler threw a non-exception");
  }
}

// Runs `produce` and wraps what it returns, or the error it throws, as the JSON-RPC answer.
template <typename Produce>
Json answer(const Json& id, Produce&& produce) {
  Json result;
  if (auto failed = failure_of(id, [&] { result = produce(); })) return std::move(*failed);
  return make_result(id, std::move(result));
}

// The same answer as text: the envelope is written around the result (as make_result's Json
// would be dumped: keys sorted), without building a Json for it.
template <typename Produce>
std::string answer_text(const Json& id, Produce&& produce) {
  Json result;
  if (auto failed = failure_of(id, [&] { result = produce(); })) return to_json_text(*failed);
  std::string out;
  out.reserve(256);
  out += R"({"id":)";
  append_json(out, id);
  out += R"(,"jsonrpc":"2.0","result":)";
  append_json(out, result);
  out += '}';
  return out;
}

// Collects the answers of a 2025-03-26 batch and sends them as one array. Every item is
// expected to answer (expect()); items that turn out to be notifications or responses are
// finished by the dispatcher instead. One extra expectation, released after the last item is
// dispatched, keeps the array from going out before every item was seen.
class BatchSink : public MessageSink {
 public:
  explicit BatchSink(std::shared_ptr<MessageSink> outer) : outer_(std::move(outer)) {}
  void expect() {
    std::lock_guard lock(mu_);
    ++outstanding_;
  }
  void send(const Json& message) override {
    if (message.contains("method")) {
      outer_->send(message);  // notifications and requests to the client pass through
      return;
    }
    send_response_text(to_json_text(message));
  }
  // Answers are kept as text: some come as text (tools/list), and the array is sent as text.
  void send_response_text(const std::string& text) override {
    std::lock_guard lock(mu_);
    answers_ += (answers_.empty() ? "[" : ",") + text;
  }
  void finish() override {
    std::unique_lock lock(mu_);
    if (--outstanding_ > 0) return;
    std::string all = std::move(answers_);
    lock.unlock();
    if (!all.empty()) outer_->send_response_text(all + "]");
    outer_->finish();
  }

 private:
  std::shared_ptr<MessageSink> outer_;
  std::size_t outstanding_ = 1;  // the dispatch loop itself
  std::mutex mu_;
  std::string answers_;
};

}  // namespace

bool nesting_within(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      // Jump to the closing quote: the next one after an even run of backslashes. memchr goes
      // through long strings many bytes at a time.
      for (std::size_t from = i + 1;;) {
        const void* q = std::memchr(text.data() + from, '"', text.size() - from);
        if (!q) return true;  // unterminated: the parser refuses it
        std::size_t k = static_cast<std::size_t>(static_cast<const char*>(q) - text.data());
        std::size_t backslashes = 0;
        while (k - backslashes > i + 1 && text[k - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) {
          i = k;
          break;
        }
        from = k + 1;
      }
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

SessionImpl::SessionImpl(std::shared_ptr<Server::Impl> server, std::shared_ptr<MessageSink> notifications)
    : server_(std::move(server)), notifications_(std::move(notifications)) {}

SessionImpl::~SessionImpl() = default;

std::string SessionImpl::protocol_version() const {
  std::lock_guard lock(mu_);
  return version_;
}

void SessionImpl::set_notification_sink(std::shared_ptr<MessageSink> sink) {
  std::lock_guard lock(mu_);
  notifications_ = std::move(sink);
}

void SessionImpl::notify(const Json& message) {
  std::shared_ptr<MessageSink> sink;
  {
    std::lock_guard lock(mu_);
    sink = notifications_;
  }
  if (sink && !closed_) sink->send(message);
}

bool SessionImpl::subscribed(const std::string& uri) {
  std::lock_guard lock(mu_);
  return subscriptions_.count(uri) > 0;
}

std::size_t SessionImpl::in_flight() const {
  std::lock_guard lock(mu_);
  return in_flight_.size();
}

void SessionImpl::close() {
  closed_ = true;
  std::unordered_map<std::string, std::shared_ptr<detail::Exchange>> running;
  std::map<std::string, std::shared_ptr<Pending>> pending;
  {
    std::lock_guard lock(mu_);
    running.swap(in_flight_);
    pending.swap(pending_);
    notifications_.reset();
  }
  for (auto& [id, ex] : running) ex->cancel();
  for (auto& [id, p] : pending) {
    p->promise.set_exception(std::make_exception_ptr(McpError(kInternalError, "session closed")));
  }
}

bool SessionImpl::at_least(const char* version) const {
  std::lock_guard lock(mu_);
  return version_ >= version;  // revisions are dates, so string order is time order
}

Incoming SessionImpl::receive(std::string_view text, const std::shared_ptr<MessageSink>& sink) {
  const ServerOptions& o = server_->options;
  if (text.size() > o.max_message_bytes) {
    sink->send(make_error(nullptr, kInvalidRequest,
                          "message of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                              std::to_string(o.max_message_bytes) + " bytes"));
    sink->finish();
    return Incoming::Invalid;
  }
  if (!nesting_within(text, o.max_json_depth)) {
    sink->send(make_error(nullptr, kInvalidRequest,
                          "message nests deeper than " + std::to_string(o.max_json_depth) + " levels"));
    sink->finish();
    return Incoming::Invalid;
  }
  Json msg = parse_message(text);
  if (msg.is_discarded()) {
    sink->send(make_error(nullptr, kParseError, "Parse error: the message is not valid JSON"));
    sink->finish();
    return Incoming::Invalid;
  }
  return receive_json(std::move(msg), sink);
}

void SessionImpl::receive_all(const std::vector<std::string_view>& texts, const std::shared_ptr<MessageSink>& sink) {
  WorkerPool::Batch batch(server_->pool);
  for (std::string_view t : texts) receive(t, sink);
}

Incoming SessionImpl::receive_json(Json msg, const std::shared_ptr<MessageSink>& sink) {
  if (closed_) {
    sink->send(
        make_error(msg.is_object() && msg.contains("id") ? msg["id"] : Json(), kInvalidRequest, "session is closed"));
    sink->finish();
    return Incoming::Invalid;
  }
  if (msg.is_array()) {
    if (protocol_version() != "2025-03-26" || msg.empty()) {
      sink->send(
          make_error(nullptr, kInvalidRequest,
                     msg.empty() ? "empty batch" : "JSON-RPC batches are only allowed in protocol version 2025-03-26"));
      sink->finish();
      return Incoming::Invalid;
    }
    // Each item may cost a handler and an answer far larger than itself: the size is capped, and
    // an oversize batch is refused whole (its items are freed on return, none ran).
    if (std::size_t limit = server_->options.max_batch_size; msg.size() > limit) {
      sink->send(make_error(
          nullptr, kInvalidRequest,
          "batch of " + std::to_string(msg.size()) + " messages exceeds the limit of " + std::to_string(limit)));
      sink->finish();
      return Incoming::Invalid;
    }
    auto batch = std::make_shared<BatchSink>(sink);
    std::shared_ptr<MessageSink> item_sink = batch;
    for (Json& m : msg) {
      batch->expect();
      Incoming kind = m.is_array() ? Incoming::Invalid : receive_json(std::move(m), item_sink);
      if (kind == Incoming::Invalid && m.is_array()) {
        item_sink->send(make_error(nullptr, kInvalidRequest, "batches cannot nest"));
        item_sink->finish();
      }
      if (kind == Incoming::Notification || kind == Incoming::Response) batch->finish();  // no answer coming
    }
    batch->finish();  // every item dispatched
    return Incoming::Batch;
  }
  if (!msg.is_object()) {
    sink->send(make_error(nullptr, kInvalidRequest, "a JSON-RPC message must be an object"));
    sink->finish();
    return Incoming::Invalid;
  }
  auto jsonrpc = msg.find("jsonrpc");
  auto id = msg.find("id");
  Json id_or_null = id != msg.end() && valid_id(*id) ? *id : Json();
  if (jsonrpc == msg.end() || *jsonrpc != "2.0") {
    sink->send(make_error(id_or_null, kInvalidRequest, "jsonrpc must be \"2.0\""));
    sink->finish();
    return Incoming::Invalid;
  }
  auto method = msg.find("method");
  if (method != msg.end()) {
    if (!method->is_string()) {
      sink->send(make_error(id_or_null, kInvalidRequest, "method must be a string"));
      sink->finish();
      return Incoming::Invalid;
    }
    if (id == msg.end()) {
      // A notification is never answered, not even when its params are malformed: the handlers
      // ignore what they cannot use.
      handle_notification(msg);
      return Incoming::Notification;
    }
    if (!valid_id(*id)) {
      sink->send(make_error(nullptr, kInvalidRequest, "id must be a string or an integer"));
      sink->finish();
      return Incoming::Invalid;
    }
    if (auto p = msg.find("params"); p != msg.end() && !p->is_object()) {
      // JSON-RPC allows by-position params (an array), MCP's methods all take named ones.
      bool positional = p->is_array();
      sink->send(make_error(
          *id, positional ? kInvalidParams : kInvalidRequest,
          positional ? "params must be an object (MCP methods take named parameters)" : "params must be an object"));
      sink->finish();
      return Incoming::Invalid;
    }
    return handle_request(msg, sink);
  }
  if (id != msg.end() && (msg.contains("result") || msg.contains("error"))) {
    handle_response(msg);
    return Incoming::Response;
  }
  sink->send(make_error(id_or_null, kInvalidRequest, "not a JSON-RPC request, notification or response"));
  sink->finish();
  return Incoming::Invalid;
}

void SessionImpl::handle_notification(const Json& msg) {
  const std::string& method = msg["method"].get_ref<const std::string&>();
  if (method == "notifications/initialized") {
    if (initialize_seen_) initialized_ = true;
  } else if (method == "notifications/cancelled") {
    auto params = msg.find("params");
    if (params == msg.end() || !params->is_object()) return;
    auto rid = params->find("requestId");
    if (rid == params->end() || !valid_id(*rid)) return;  // malformed: ignored, as the spec allows
    std::shared_ptr<detail::Exchange> ex;
    {
      std::lock_guard lock(mu_);
      auto it = in_flight_.find(rid->dump());
      if (it != in_flight_.end()) ex = it->second;
    }
    if (ex) ex->cancel();  // unknown or finished requests: ignored (races are normal)
  }
  // Other notifications (roots/list_changed, progress for our requests) need no action.
}

void SessionImpl::handle_response(const Json& msg) {
  std::shared_ptr<Pending> p;
  {
    std::lock_guard lock(mu_);
    auto it = pending_.find(msg["id"].dump());
    if (it == pending_.end()) return;  // late answer to a request that timed out
    p = it->second;
    pending_.erase(it);
  }
  if (auto err = msg.find("error"); err != msg.end()) {
    int code = err->is_object() && err->contains("code") && (*err)["code"].is_number_integer()
                   ? (*err)["code"].get<int>()
                   : kInternalError;
    std::string message = err->is_object() && err->contains("message") && (*err)["message"].is_string()
                              ? (*err)["message"].get<std::string>()
                              : "error";
    p->promise.set_exception(std::make_exception_ptr(McpError(code, message, err->value("data", Json()))));
  } else {
    p->promise.set_value(msg["result"]);
  }
}

Incoming SessionImpl::handle_request(Json& msg, const std::shared_ptr<MessageSink>& sink) {
  std::string method = msg["method"].get<std::string>();
  Json id = msg["id"];
  Json params = msg.contains("params") && msg["params"].is_object() ? std::move(msg["params"]) : Json::object();
  std::string key = id.dump();

  auto reply = [&](const Json& message) {
    send_response(*sink, message);
    sink->finish();
    return Incoming::Request;
  };
  bool pooled = method == "tools/call" || method == "resources/read" || method == "prompts/get" ||
                method == "completion/complete";
  auto not_initialized = [&] {
    return reply(make_error(id, kInvalidRequest, "the session is not initialized; send initialize first"));
  };
  if (!pooled) {
    // Answered right here; but while a request with this id is in flight, a second answer with
    // the same id would be one too many.
    if (Json dup = duplicate_id_error(id, key); !dup.is_null()) return reply(dup);
    if (method == "initialize") return reply(answer(id, [&] { return initialize(params); }));
    if (method == "ping") return reply(make_result(id, Json::object()));
    if (!initialize_seen_) return not_initialized();
    if (method == "tools/list") {  // written as text: a Json result would sort each schema's keys
      std::string result;
      Json failed = answer(id, [&] {
        result = list_tools(params);
        return Json();
      });
      if (result.empty()) return reply(failed);
      sink->send_response_text(R"({"id":)" + id.dump(-1, ' ', false, Json::error_handler_t::replace) +
                               R"(,"jsonrpc":"2.0","result":)" + result + "}");
      sink->finish();
      return Incoming::Request;
    }
    detail::Exchange none(nullptr, id, Json::object(), sink);
    return reply(answer(id, [&] { return dispatch(method, params, none); }));
  }
  if (!initialize_seen_) return not_initialized();
  if (method == "tools/call") {
    if (auto tool = inline_tool(params)) {
      // Inline or not, a tool call is in flight while it runs: the same id checks and limit.
      if (auto ex = admit(id, key, params, sink)) run_inline(*tool, params, std::move(ex), key);
      return Incoming::Request;
    }
  }
  run_request(method, std::move(id), std::move(key), std::move(params), sink);
  return Incoming::Request;
}

Json SessionImpl::duplicate_id_error(const Json& id, const std::string& key) const {
  std::lock_guard lock(mu_);
  if (in_flight_.count(key) == 0) return Json();
  return make_error(id, kInvalidRequest, "request id is already in use by a request still in flight");
}

std::shared_ptr<detail::Exchange> SessionImpl::admit(const Json& id, const std::string& key, const Json& params,
                                                     const std::shared_ptr<MessageSink>& sink) {
  std::size_t limit = server_->options.max_in_flight_per_session;
  Json refusal;
  {
    std::lock_guard lock(mu_);
    if (in_flight_.count(key)) {
      refusal = make_error(id, kInvalidRequest, "request id is already in use by a request still in flight");
    } else if (in_flight_.size() >= limit) {
      // Refused before anything keeps a copy of the arguments: the caller frees them.
      refusal = make_error(id, kLimitExceeded,
                           "too many requests in flight in this session (limit " + std::to_string(limit) +
                               "); send more after some are answered");
    } else {
      auto ex = std::make_shared<detail::Exchange>(shared_from_this(), id, meta_of(params), sink);
      in_flight_.emplace(key, ex);
      return ex;
    }
  }
  sink->send(refusal);
  sink->finish();
  return nullptr;
}

void SessionImpl::run_inline(const RegisteredTool& tool, const Json& params, std::shared_ptr<detail::Exchange> ex,
                             const std::string& key) {
  ex->runs_inline = true;
  std::string reply = answer_text(ex->id(), [&] { return run_tool(tool, params, *ex); });
  {
    std::lock_guard lock(mu_);
    in_flight_.erase(key);
  }
  // As for pooled requests: a cancelled one (HTTP: from another connection) gets no response.
  if (!ex->claim_answer()) return;
  if (!ex->cancelled()) ex->sink()->send_response_text(reply);
  ex->sink()->finish();
}

void SessionImpl::run_request(const std::string& method, Json id, std::string key, Json params,
                              const std::shared_ptr<MessageSink>& sink) {
  auto ex = admit(id, key, params, sink);
  if (!ex) return;
  if (server_->options.request_timeout.count() > 0) {
    ex->deadline = std::chrono::steady_clock::now() + server_->options.request_timeout;
    server_->start_watchdog();
  }
  auto self = shared_from_this();
  server_->pool.post([self, ex, method, params = std::move(params), key = std::move(key)]() {
    std::string reply = answer_text(ex->id(), [&] { return self->dispatch(method, params, *ex); });
    {
      std::lock_guard lock(self->mu_);
      self->in_flight_.erase(key);
    }
    // A cancelled request gets no response (spec: cancellation); a timed-out one already has one.
    if (!ex->claim_answer()) return;
    if (!ex->cancelled()) ex->sink()->send_response_text(reply);
    ex->sink()->finish();
  });
}

void SessionImpl::expire(std::chrono::steady_clock::time_point now) {
  std::vector<std::shared_ptr<detail::Exchange>> late;
  {
    std::lock_guard lock(mu_);
    for (auto& [key, ex] : in_flight_) {
      if (ex->deadline.time_since_epoch().count() != 0 && now >= ex->deadline) late.push_back(ex);
    }
  }
  for (auto& ex : late) {
    if (!ex->claim_answer()) continue;
    ex->cancel();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(server_->options.request_timeout).count();
    ex->sink()->send(make_error(ex->id(), kRequestTimeout, "request timed out after " + std::to_string(ms) + " ms"));
    ex->sink()->finish();
  }
}

std::shared_ptr<const RegisteredTool> SessionImpl::inline_tool(const Json& params) const {
  auto name = params.find("name");
  if (name == params.end() || !name->is_string()) return nullptr;
  auto tool = server_->find_tool(name->get_ref<const std::string&>());
  return tool && tool->runs_inline ? tool : nullptr;
}

Json SessionImpl::initialize(const Json& params) {
  if (initialize_seen_.exchange(true)) {
    throw McpError(kInvalidRequest, "the session is already initialized");
  }
  auto pv = params.find("protocolVersion");
  if (pv == params.end() || !pv->is_string()) {
    initialize_seen_ = false;
    throw McpError(kInvalidParams, "params.protocolVersion must be a string");
  }
  const auto& supported = supported_protocol_versions();
  std::string version = std::find(supported.begin(), supported.end(), pv->get<std::string>()) != supported.end()
                            ? pv->get<std::string>()
                            : supported.front();  // counter-offer our newest
  {
    std::lock_guard lock(mu_);
    version_ = version;
    client_.protocol_version = version;
    if (auto c = params.find("capabilities"); c != params.end() && c->is_object()) client_.capabilities = *c;
    if (auto c = params.find("clientInfo"); c != params.end() && c->is_object()) client_.info = *c;
  }
  const ServerOptions& o = server_->options;
  Json info{{"name", o.name}, {"version", o.version}};
  if (!o.title.empty()) info["title"] = o.title;
  if (!o.description.empty()) info["description"] = o.description;
  if (!o.website.empty()) info["websiteUrl"] = o.website;
  Json result{{"protocolVersion", version}, {"capabilities", server_->capabilities()}, {"serverInfo", std::move(info)}};
  if (!o.instructions.empty()) result["instructions"] = o.instructions;
  return result;
}

Json SessionImpl::list_page(const Json& params, const char* key) {
  std::size_t offset = cursor_offset(params);
  std::size_t page = std::max<std::size_t>(1, server_->options.page_size);
  Json items = Json::array();
  std::size_t total = 0;
  {
    std::shared_lock lock(server_->mu);
    std::string k = key;
    auto take = [&](const auto& v, auto to_json) {
      total = v.size();
      for (std::size_t i = offset; i < v.size() && i < offset + page; ++i) items.push_back(to_json(*v[i]));
    };
    if (k == "resources")
      take(server_->resources, resource_json);
    else if (k == "resourceTemplates")
      take(server_->templates, template_json);
    else
      take(server_->prompts, prompt_json);
  }
  if (offset > total) throw McpError(kInvalidParams, "invalid cursor");
  Json result{{key, std::move(items)}};
  if (offset + page < total) result["nextCursor"] = encode_cursor(offset + page);
  return result;
}

std::string SessionImpl::list_tools(const Json& params) {
  if (!server_->has_tools) throw McpError(kMethodNotFound, "Method not found: tools/list (capability not offered)");
  std::size_t offset = cursor_offset(params);
  std::size_t page = std::max<std::size_t>(1, server_->options.page_size);
  std::string tools;
  std::size_t total = 0;
  {
    std::shared_lock lock(server_->mu);
    total = server_->tools.size();
    for (std::size_t i = offset; i < total && i < offset + page; ++i) {
      tools += (tools.empty() ? "" : ",") + server_->tools[i]->listing;
    }
  }
  if (offset > total) throw McpError(kInvalidParams, "invalid cursor");
  std::string result = R"({"tools":[)" + tools + "]";
  if (offset + page < total) result += R"(,"nextCursor":")" + encode_cursor(offset + page) + R"(")";
  return result + "}";
}

Json SessionImpl::dispatch(const std::string& method, const Json& params, detail::Exchange& ex) {
  Server::Impl& s = *server_;
  auto need = [&](bool have) {
    if (!have) throw McpError(kMethodNotFound, "Method not found: " + method + " (capability not offered)");
  };
  if (method == "tools/call") {
    need(s.has_tools);
    return call_tool(params, ex);
  }
  if (method == "resources/list") {
    need(s.has_resources);
    return list_page(params, "resources");
  }
  if (method == "resources/templates/list") {
    need(s.has_resources);
    return list_page(params, "resourceTemplates");
  }
  if (method == "resources/read") {
    need(s.has_resources);
    return read_resource(params, ex);
  }
  if (method == "resources/subscribe" || method == "resources/unsubscribe") {
    need(s.has_resources);
    return subscribe(params, method == "resources/subscribe");
  }
  if (method == "prompts/list") {
    need(s.has_prompts);
    return list_page(params, "prompts");
  }
  if (method == "prompts/get") {
    need(s.has_prompts);
    return get_prompt(params, ex);
  }
  if (method == "logging/setLevel") {
    auto level = parse_log_level(require_string(params, "level"));
    if (!level)
      throw McpError(kInvalidParams,
                     "invalid log level; expected debug, info, notice, warning, error, critical, alert or emergency");
    log_level_ = static_cast<int>(*level);
    return Json::object();
  }
  if (method == "completion/complete") return complete(params, ex);
  throw McpError(kMethodNotFound, "Method not found: " + method);
}

Json SessionImpl::subscribe(const Json& params, bool on) {
  const std::string& uri = require_string(params, "uri");
  if (!on) {
    std::lock_guard lock(mu_);
    subscriptions_.erase(uri);  // unknown or never subscribed: nothing to do, not an error
    return Json::object();
  }
  // Every subscription is kept for the session's life: bounded in length and number, and only
  // for URIs that can ever be updated. The URI is not echoed back (it may be long).
  const ServerOptions& o = server_->options;
  if (uri.size() > o.max_uri_bytes) {
    throw McpError(kInvalidParams,
                   "params.uri is longer than the limit of " + std::to_string(o.max_uri_bytes) + " bytes");
  }
  if (!find_resource(uri)) {
    throw McpError(kInvalidParams,
                   "unknown resource: params.uri is not a listed resource and matches no resource template");
  }
  std::lock_guard lock(mu_);
  if (subscriptions_.count(uri) == 0 && subscriptions_.size() >= o.max_subscriptions_per_session) {
    throw McpError(kLimitExceeded, "too many subscriptions in this session (limit " +
                                       std::to_string(o.max_subscriptions_per_session) +
                                       "); unsubscribe from some first");
  }
  subscriptions_.insert(uri);
  return Json::object();
}

std::optional<SessionImpl::ResourceMatch> SessionImpl::find_resource(const std::string& uri) const {
  std::vector<std::shared_ptr<const ResourceTemplate>> templates;
  {
    std::shared_lock lock(server_->mu);
    for (const auto& r : server_->resources) {
      if (r->uri == uri) return ResourceMatch{r, nullptr, {}};
    }
    templates = server_->templates;
  }
  for (const auto& t : templates) {
    if (!t->read) continue;
    try {
      if (auto vars = UriTemplate(t->uri_template).match(uri)) return ResourceMatch{nullptr, t, std::move(*vars)};
    } catch (const std::exception&) {
      // An invalid template: it matches nothing.
    }
  }
  return std::nullopt;
}

Json SessionImpl::call_tool(const Json& params, detail::Exchange& ex) {
  const std::string& name = require_string(params, "name");
  auto tool = server_->find_tool(name);
  if (!tool) throw McpError(kInvalidParams, "Unknown tool: " + name);
  return run_tool(*tool, params, ex);
}

Json SessionImpl::run_tool(const RegisteredTool& tool, const Json& params, detail::Exchange& ex) {
  const std::string& name = tool.name;
  static const Json no_arguments = Json::object();  // absent arguments mean {}
  const Json* args_ptr = &no_arguments;
  if (auto a = params.find("arguments"); a != params.end() && !a->is_null()) {
    if (!a->is_object()) throw McpError(kInvalidParams, "params.arguments must be an object");
    args_ptr = &*a;
  }
  const Json& args = *args_ptr;
  // Validation stops when the request is cancelled or times out (the watchdog cancels it).
  ValidationLimits limits;
  limits.cancelled = [&ex] { return ex.cancelled(); };
  std::string invalid = json_schema::validate(tool.input_check, args, limits);
  if (ex.cancelled()) throw McpError(kInternalError, "request cancelled while its arguments were validated");
  if (!invalid.empty()) {
    std::string message = "Invalid arguments for tool '" + name + "': " + invalid;
    // 2025-11-25 (SEP-1303): input validation failures are tool errors the model can fix.
    if (at_least("2025-11-25")) {
      return Json{{"content", Json::array({content::text(message)})}, {"isError", true}};
    }
    throw McpError(kInvalidParams, message);
  }
  ToolResult r;
  Context ctx = context_for(ex);
  try {
    r = tool.handler ? tool.handler(args, ctx) : ToolResult::error("tool '" + name + "' has no handler");
  } catch (const McpError&) {
    throw;
  } catch (const std::exception& e) {
    r = ToolResult::error("Tool '" + name + "' failed: " + e.what());
  }
  // A result JSON cannot carry, or that breaks the tool's output schema, is the handler's bug:
  // the client gets a tool error saying what is wrong and where, the developer the same line on
  // stderr. Formats are checked here as the SDK clients check them, so such a result fails in
  // the server that made it rather than in a client.
  auto handler_bug = [&](const std::string& message) {
    if (!ex.cancelled()) std::fputs(("mcpc: " + message + "\n").c_str(), stderr);
    r = ToolResult::error(message);
  };
  // JSON has no Infinity or NaN (nlohmann would write null) and no invalid UTF-8 (it would throw
  // when the response is written).
  std::string unrepresentable = r.structured ? unrepresentable_in_json(*r.structured) : "";
  if (!unrepresentable.empty())
    unrepresentable = "structuredContent" + unrepresentable;
  else if (std::string bad = unrepresentable_in_json(r.content); !bad.empty())
    unrepresentable = "content" + bad;
  if (!unrepresentable.empty())
    handler_bug("Tool '" + name + "' returned a result JSON cannot represent: " + unrepresentable);
  if (auto type = r.is_error ? std::nullopt : undeclared_content(r.content, tool.content_types)) {
    std::string declared;
    for (const std::string& t : tool.content_types) declared += (declared.empty() ? "" : ", ") + t;
    handler_bug("Tool '" + name + "' returned content of type " + Json(*type).dump() +
                ", which it does not declare (its content types: " + declared + ")");
  }
  if (!r.is_error && tool.output_check) {
    static const json_schema::ValidationOptions<Json> output_checks{.assert_formats = true};
    if (!r.structured) {
      handler_bug("Tool '" + name + "' declares an output schema but returned no structured content");
    } else if (std::string bad = json_schema::validate(*tool.output_check, *r.structured, limits, output_checks);
               !bad.empty()) {
      handler_bug("Tool '" + name + "' returned structured content that does not match its output schema: " + bad);
    }
  }
  Json result{{"content", std::move(r.content)}};
  if (r.structured) {
    if (result["content"].empty()) result["content"].push_back(content::text(r.structured->dump()));
    if (!r.is_error) result["structuredContent"] = std::move(*r.structured);
  }
  if (r.is_error) result["isError"] = true;
  return result;
}

Json typed_variables(const Json& variables_schema, const std::map<std::string, std::string>& variables) {
  return json_schema::typed_variables(variables_schema, variables);
}

Json SessionImpl::read_resource(const Json& params, detail::Exchange& ex) {
  const std::string& uri = require_string(params, "uri");
  std::optional<ResourceMatch> found = find_resource(uri);
  if (!found) throw McpError(kResourceNotFound, "Resource not found: " + uri, Json{{"uri", uri}});
  Context ctx = context_for(ex);
  ResourceContents contents;
  if (found->resource) {
    if (!found->resource->read) throw McpError(kInternalError, "resource '" + uri + "' has no reader");
    contents = found->resource->read(uri, ctx);
  } else {
    const ResourceTemplate& t = *found->resource_template;
    // Percent-decoding can make bytes that are not UTF-8 (%FF); they cannot go into JSON.
    for (const auto& [name, value] : found->variables) {
      if (!is_valid_utf8(value)) {
        throw McpError(kInvalidParams, "Invalid resource URI " + uri + ": variable '" + name +
                                           "' is not valid UTF-8 once percent-decoded");
      }
    }
    if (t.variables_schema.is_object()) {
      Json typed = typed_variables(t.variables_schema, found->variables);
      if (std::string why = json_schema::validate(t.variables_schema, typed); !why.empty()) {
        throw McpError(kInvalidParams, "Invalid resource URI " + uri + ": variable " + why.substr(1));
      }
    }
    contents = t.read(uri, found->variables, ctx);
  }
  return Json{{"contents", std::move(contents)}};
}

Json SessionImpl::get_prompt(const Json& params, detail::Exchange& ex) {
  const std::string& name = require_string(params, "name");
  auto prompt = server_->find_prompt(name);
  if (!prompt) throw McpError(kInvalidParams, "Unknown prompt: " + name);
  std::map<std::string, std::string> args;
  if (auto a = params.find("arguments"); a != params.end() && !a->is_null()) {
    if (!a->is_object()) throw McpError(kInvalidParams, "params.arguments must be an object of strings");
    for (auto it = a->begin(); it != a->end(); ++it) {
      if (!it.value().is_string())
        throw McpError(kInvalidParams, "prompt argument '" + it.key() + "' must be a string");
      args[it.key()] = it.value().get<std::string>();
    }
  }
  for (const PromptArgument& pa : prompt->arguments) {
    auto given = args.find(pa.name);
    if (given == args.end()) {
      if (pa.required) throw McpError(kInvalidParams, "prompt '" + name + "' needs argument '" + pa.name + "'");
      if (pa.default_value) args[pa.name] = *pa.default_value;
    } else if (!pa.values.empty() && std::find(pa.values.begin(), pa.values.end(), given->second) == pa.values.end()) {
      throw McpError(kInvalidParams,
                     "Invalid arguments for prompt " + name + ": " + pa.name + ": must be one of " +
                         Json(pa.values).dump() + ", not " + Json(given->second).dump(),
                     Json{{"argument", pa.name}, {"allowed", pa.values}});
    }
  }
  if (!prompt->get) throw McpError(kInternalError, "prompt '" + name + "' has no handler");
  Context ctx = context_for(ex);
  PromptResult r = prompt->get(args, ctx);
  Json messages = Json::array();
  for (PromptMessage& m : r.messages) messages.push_back(Json{{"role", m.role}, {"content", std::move(m.content)}});
  Json result{{"messages", std::move(messages)}};
  if (!r.description.empty()) result["description"] = r.description;
  return result;
}

Json SessionImpl::complete(const Json& params, detail::Exchange&) {
  auto ref = params.find("ref");
  if (ref == params.end() || !ref->is_object()) throw McpError(kInvalidParams, "params.ref must be an object");
  auto arg = params.find("argument");
  if (arg == params.end() || !arg->is_object()) throw McpError(kInvalidParams, "params.argument must be an object");
  const std::string& arg_name = require_string(*arg, "name");
  const std::string& arg_value = require_string(*arg, "value");
  std::map<std::string, std::string> context;
  if (auto c = params.find("context"); c != params.end() && c->is_object()) {
    if (auto a = c->find("arguments"); a != c->end() && a->is_object()) {
      for (auto it = a->begin(); it != a->end(); ++it) {
        if (it.value().is_string()) context[it.key()] = it.value().get<std::string>();
      }
    }
  }
  const std::string& type = require_string(*ref, "type");
  Completer completer;
  std::vector<std::string> allowed;  // an enum-backed argument completes from its values
  {
    std::shared_lock lock(server_->mu);
    if (type == "ref/prompt") {
      const std::string& name = require_string(*ref, "name");
      auto it = std::find_if(server_->prompts.begin(), server_->prompts.end(),
                             [&](const auto& p) { return p->name == name; });
      if (it == server_->prompts.end()) throw McpError(kInvalidParams, "Unknown prompt: " + name);
      completer = (*it)->complete;
      for (const PromptArgument& a : (*it)->arguments) {
        if (a.name == arg_name) allowed = a.values;
      }
    } else if (type == "ref/resource") {
      const std::string& uri = require_string(*ref, "uri");
      auto it = std::find_if(server_->templates.begin(), server_->templates.end(),
                             [&](const auto& t) { return t->uri_template == uri; });
      if (it == server_->templates.end()) throw McpError(kInvalidParams, "Unknown resource template: " + uri);
      completer = (*it)->complete;
      allowed = enum_strings((*it)->variables_schema, arg_name);
    } else {
      throw McpError(kInvalidParams, "params.ref.type must be ref/prompt or ref/resource");
    }
  }
  std::vector<std::string> values;
  if (!allowed.empty()) {
    std::copy_if(allowed.begin(), allowed.end(), std::back_inserter(values),
                 [&](const std::string& v) { return v.starts_with(arg_value); });
  } else if (completer) {
    values = completer(arg_name, arg_value, context);
  }
  std::size_t total = values.size();
  if (values.size() > 100) values.resize(100);  // the spec's maximum per response
  return Json{{"completion", {{"values", values}, {"total", total}, {"hasMore", total > values.size()}}}};
}

Json SessionImpl::request_client(const std::string& method, Json params, const std::shared_ptr<MessageSink>& sink,
                                 std::chrono::milliseconds timeout, detail::Exchange* on_behalf_of) {
  static const std::map<std::string, std::string> capability_of = {
      {"sampling/createMessage", "sampling"}, {"elicitation/create", "elicitation"}, {"roots/list", "roots"}};
  if (auto cap = capability_of.find(method);
      cap != capability_of.end() && !client_.capabilities.contains(cap->second)) {
    throw McpError(kMethodNotFound, "the client does not support " + cap->second + " (not in its capabilities)");
  }
  if (on_behalf_of && on_behalf_of->runs_inline) {
    // Its answer would arrive on the very thread this handler is blocking.
    throw McpError(kInternalError, "a tool that runs inline cannot wait for " + method);
  }
  auto pending = std::make_shared<Pending>();
  std::future<Json> answer = pending->promise.get_future();
  Json id;
  {
    std::lock_guard lock(mu_);
    id = next_request_id_++;
    pending_[id.dump()] = pending;
  }
  Json request{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) request["params"] = std::move(params);
  sink->send(request);
  // This worker now waits on the client: let the pool run others meanwhile.
  server_->pool.blocking_begin();
  struct Unblock {
    WorkerPool& pool;
    ~Unblock() { pool.blocking_end(); }
  } unblock{server_->pool};
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto give_up = [&](const std::string& reason, int code) -> Json {
    {
      std::lock_guard lock(mu_);
      pending_.erase(id.dump());
    }
    sink->send(Json{{"jsonrpc", "2.0"},
                    {"method", "notifications/cancelled"},
                    {"params", {{"requestId", id}, {"reason", reason}}}});
    throw McpError(code, reason);
  };
  while (true) {
    auto step = std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
    if (answer.wait_until(step) == std::future_status::ready) return answer.get();  // rethrows client errors
    if (on_behalf_of && on_behalf_of->cancelled())
      return give_up("the request that needed it was cancelled", kInternalError);
    if (closed_) throw McpError(kInternalError, "session closed");
    if (std::chrono::steady_clock::now() >= deadline) return give_up(method + " timed out", kRequestTimeout);
  }
}

}  // namespace mcpc::runtime
