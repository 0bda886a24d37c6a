// Private runtime types shared by server.cc, session.cc and context.cc.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

#include "mcpc/runtime/context.h"
#include "mcpc/runtime/server.h"
#include "mcpc/runtime/session.h"

namespace mcpc::runtime {

class SessionImpl;

/// Runs handlers off the transport's reader thread. It keeps as many runnable workers as there
/// are cores (more would only context-switch), and adds one whenever a worker blocks (waiting on
/// the client, sleeping) or a queued job has waited too long behind slow handlers, up to a
/// limit: so a handler that waits, or a slow one, never stops others from running.
class WorkerPool {
 public:
  explicit WorkerPool(std::size_t max_workers);
  ~WorkerPool();
  void post(std::function<void()> job);
  /// While a Batch is alive on a thread, that thread's posts are queued together when it ends:
  /// a transport reading many messages at once pays for one lock and one wake-up round.
  class Batch {
   public:
    explicit Batch(WorkerPool& pool);
    ~Batch();

   private:
    WorkerPool& pool_;
    std::vector<std::function<void()>> jobs_;
    Batch* outer_;
    friend class WorkerPool;
  };
  /// Brackets a wait inside a handler (Context sleeps, requests to the client).
  void blocking_begin();
  void blocking_end();

 private:
  void run();
  void grow_if_needed(std::chrono::steady_clock::time_point now);  // with mu_ held
  void start_monitor();                                            // with mu_ held
  struct Job {
    std::function<void()> fn;
    std::chrono::steady_clock::time_point queued;
  };
  std::mutex mu_;
  std::condition_variable cv_;          // workers wait here
  std::condition_variable monitor_cv_;  // only the monitor waits here (so it never eats a wake-up)
  std::deque<Job> jobs_;
  std::vector<std::thread> threads_;
  std::thread monitor_;
  std::size_t idle_ = 0;
  std::size_t blocked_ = 0;
  std::size_t core_;
  std::size_t max_;
  bool stopping_ = false;
};

/// A registered tool and what serving it needs, worked out once: its schemas as the validator
/// reads them (Json), and its tools/list entry as JSON text with the keys in the order given
/// (a Json object would sort the properties of its schemas).
struct RegisteredTool : Tool {
  explicit RegisteredTool(Tool tool);
  Json input_check;
  std::optional<Json> output_check;
  std::string listing;
};

struct Server::Impl {
  explicit Impl(ServerOptions o) : options(std::move(o)), pool(options.max_workers) {}

  ServerOptions options;
  mutable std::shared_mutex mu;  // guards the registries
  // Handlers hold a shared_ptr while they run, so removal never pulls a tool from under them.
  std::vector<std::shared_ptr<const RegisteredTool>> tools;
  std::vector<std::shared_ptr<const Resource>> resources;
  std::vector<std::shared_ptr<const ResourceTemplate>> templates;
  std::vector<std::shared_ptr<const Prompt>> prompts;
  bool has_tools = false, has_resources = false, has_prompts = false;

  std::mutex sessions_mu;
  std::vector<std::weak_ptr<SessionImpl>> sessions;

  WorkerPool pool;

  // Request timeouts: one thread for every session, started with the first timed request.
  std::once_flag watchdog_once;
  std::thread watchdog;
  std::mutex watchdog_mu;
  std::condition_variable watchdog_cv;
  bool stopping = false;
  void start_watchdog();
  ~Impl();

  Json capabilities() const;
  std::shared_ptr<const RegisteredTool> find_tool(const std::string& name) const;
  std::shared_ptr<const Prompt> find_prompt(const std::string& name) const;
  void broadcast_list_changed(const char* method);
  void notify_resource_updated(const std::string& uri);
  std::vector<std::shared_ptr<SessionImpl>> live_sessions();
};

namespace detail {

/// One request being handled: what its Context reaches.
class Exchange {
 public:
  Exchange(std::shared_ptr<SessionImpl> session, Json id, Json meta, std::shared_ptr<MessageSink> sink);

  const Json& id() const { return id_; }
  const Json& meta() const { return meta_; }
  SessionImpl& session() { return *session_; }
  const std::shared_ptr<MessageSink>& sink() const { return sink_; }

  void cancel();
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }
  /// Exactly one of the handler and the timeout watchdog answers; true for the first caller.
  bool claim_answer() { return !answered_.exchange(true); }
  bool runs_inline = false;  // on the reading thread: must not wait on the client
  std::chrono::steady_clock::time_point deadline;
  /// Waits until `deadline` or cancellation; true if cancelled.
  bool wait_cancelled_until(std::chrono::steady_clock::time_point until);

 private:
  std::shared_ptr<SessionImpl> session_;
  Json id_;
  Json meta_;
  std::shared_ptr<MessageSink> sink_;
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> answered_{false};
  std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace detail

class SessionImpl : public Session, public std::enable_shared_from_this<SessionImpl> {
 public:
  SessionImpl(std::shared_ptr<Server::Impl> server, std::shared_ptr<MessageSink> notifications);
  ~SessionImpl() override;

  Incoming receive(std::string_view text, const std::shared_ptr<MessageSink>& sink) override;
  Incoming receive_json(Json message, const std::shared_ptr<MessageSink>& sink) override;
  void receive_all(const std::vector<std::string_view>& texts, const std::shared_ptr<MessageSink>& sink) override;
  std::string protocol_version() const override;
  bool initialized() const override { return initialized_.load(); }
  void set_notification_sink(std::shared_ptr<MessageSink> sink) override;
  void close() override;
  std::size_t in_flight() const override;

  // Used by Context and Server.
  const ClientInfo& client() const { return client_; }
  bool log_enabled(LogLevel level) const { return static_cast<int>(level) >= log_level_.load(); }
  /// Sends a request to the client through `sink` and waits for the answer.
  Json request_client(const std::string& method, Json params, const std::shared_ptr<MessageSink>& sink,
                      std::chrono::milliseconds timeout, detail::Exchange* on_behalf_of);
  void notify(const Json& message);  // through the notification sink
  bool subscribed(const std::string& uri);
  /// Answers and cancels requests past their deadline (called by the server's watchdog).
  void expire(std::chrono::steady_clock::time_point now);
  Server::Impl& server() { return *server_; }

 private:
  Incoming handle_request(Json& msg, const std::shared_ptr<MessageSink>& sink);
  void handle_notification(const Json& msg);
  void handle_response(const Json& msg);
  void run_request(const std::string& method, Json id, std::string key, Json params,
                   const std::shared_ptr<MessageSink>& sink);
  /// Registers a request as in flight under `key` (its id dumped). Refused, with the error sent
  /// through `sink`, when the id is already in flight or the session is at its in-flight limit.
  std::shared_ptr<detail::Exchange> admit(const Json& id, const std::string& key, const Json& params,
                                          const std::shared_ptr<MessageSink>& sink);
  void run_inline(const RegisteredTool& tool, const Json& params, std::shared_ptr<detail::Exchange> ex,
                  const std::string& key);
  /// An error for `id` when it is already in flight (a second answer with one id), else null.
  Json duplicate_id_error(const Json& id, const std::string& key) const;
  /// What a URI names: a registered resource, or the first readable template it matches (with
  /// its variables, percent-decoded); nothing when neither. Used by reads and subscriptions.
  struct ResourceMatch {
    std::shared_ptr<const Resource> resource;
    std::shared_ptr<const ResourceTemplate> resource_template;
    std::map<std::string, std::string> variables;
  };
  std::optional<ResourceMatch> find_resource(const std::string& uri) const;
  Json subscribe(const Json& params, bool on);
  Json dispatch(const std::string& method, const Json& params, detail::Exchange& ex);
  Json initialize(const Json& params);
  /// The tool a tools/call names, if it is declared to run inline.
  std::shared_ptr<const RegisteredTool> inline_tool(const Json& params) const;
  Json run_tool(const RegisteredTool& tool, const Json& params, detail::Exchange& ex);
  Json call_tool(const Json& params, detail::Exchange& ex);
  Json read_resource(const Json& params, detail::Exchange& ex);
  Json get_prompt(const Json& params, detail::Exchange& ex);
  Json complete(const Json& params, detail::Exchange& ex);
  Json list_page(const Json& params, const char* key);
  /// The result of tools/list as JSON text: the tools' entries as registered, in their order.
  std::string list_tools(const Json& params);
  bool at_least(const char* version) const;

  std::shared_ptr<Server::Impl> server_;
  mutable std::mutex mu_;
  std::shared_ptr<MessageSink> notifications_;
  std::string version_;
  ClientInfo client_;
  std::atomic<bool> initialize_seen_{false};
  std::atomic<bool> initialized_{false};
  std::atomic<bool> closed_{false};
  std::atomic<int> log_level_{static_cast<int>(LogLevel::Info)};
  std::set<std::string> subscriptions_;
  std::unordered_map<std::string, std::shared_ptr<detail::Exchange>> in_flight_;  // key: id dumped
  struct Pending {
    std::promise<Json> promise;
  };
  std::map<std::string, std::shared_ptr<Pending>> pending_;  // our requests to the client
  std::int64_t next_request_id_ = 0;
};

/// True when JSON text nests brackets no deeper than `max_depth` (strings skipped). Checked
/// before parsing, because parsing and copying deep JSON recurse through it.
bool nesting_within(std::string_view text, std::size_t max_depth);

/// One JSON text, or a discarded value when `text` is not exactly one (also when it holds a raw
/// NUL, which the parser would take for the end of input). Check nesting_within() first.
Json parse_message(std::string_view text);

/// A per-session limit was reached (in-flight requests, subscriptions): implementation-defined
/// JSON-RPC server error.
constexpr int kLimitExceeded = -32000;

/// Error response / response builders (exact shapes: no nulls, no "error" next to "result").
Json make_result(const Json& id, Json result);
Json make_error(const Json& id, int code, const std::string& message, const Json& data = nullptr);

}  // namespace mcpc::runtime
