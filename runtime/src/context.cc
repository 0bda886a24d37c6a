// Context: progress, logging, cancellation and requests to the client for one handler call.
#include "internal.h"

namespace mcpc::runtime {
namespace detail {

Exchange::Exchange(std::shared_ptr<SessionImpl> session, Json id, Json meta, std::shared_ptr<MessageSink> sink)
    : session_(std::move(session)), id_(std::move(id)), meta_(std::move(meta)), sink_(std::move(sink)) {}

void Exchange::cancel() {
  {
    std::lock_guard lock(mu_);
    cancelled_.store(true, std::memory_order_release);
  }
  cv_.notify_all();
}

bool Exchange::wait_cancelled_until(std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(mu_);
  return cv_.wait_until(lock, until, [this] { return cancelled_.load(std::memory_order_acquire); });
}

}  // namespace detail

Context::Context(std::shared_ptr<detail::Exchange> exchange) : exchange_(std::move(exchange)) {}
Context::~Context() = default;

const Json& Context::meta() const { return exchange_->meta(); }
const ClientInfo& Context::client() const { return exchange_->session().client(); }
bool Context::cancelled() const { return exchange_->cancelled(); }

bool Context::sleep_for(std::chrono::milliseconds duration) const {
  WorkerPool& pool = exchange_->session().server().pool;
  pool.blocking_begin();
  bool cancelled = exchange_->wait_cancelled_until(std::chrono::steady_clock::now() + duration);
  pool.blocking_end();
  return !cancelled;
}

void Context::progress(double progress, std::optional<double> total, const std::string& message) {
  auto token = exchange_->meta().find("progressToken");
  if (token == exchange_->meta().end() || exchange_->cancelled()) return;
  Json params{{"progressToken", *token}, {"progress", progress}};
  if (total) params["total"] = *total;
  if (!message.empty()) params["message"] = message;
  exchange_->sink()->send(
      Json{{"jsonrpc", "2.0"}, {"method", "notifications/progress"}, {"params", std::move(params)}});
}

void Context::log(LogLevel level, Json data, const std::string& logger) {
  if (!exchange_->session().log_enabled(level) || exchange_->cancelled()) return;
  Json params{{"level", to_string(level)}, {"data", std::move(data)}};
  if (!logger.empty()) params["logger"] = logger;
  exchange_->sink()->send(Json{{"jsonrpc", "2.0"}, {"method", "notifications/message"}, {"params", std::move(params)}});
}

Json Context::create_message(Json params, std::chrono::milliseconds timeout) {
  return exchange_->session().request_client("sampling/createMessage", std::move(params), exchange_->sink(), timeout,
                                             exchange_.get());
}

Json Context::elicit(Json params, std::chrono::milliseconds timeout) {
  return exchange_->session().request_client("elicitation/create", std::move(params), exchange_->sink(), timeout,
                                             exchange_.get());
}

Json Context::list_roots(std::chrono::milliseconds timeout) {
  return exchange_->session().request_client("roots/list", Json::object(), exchange_->sink(), timeout, exchange_.get());
}

void Context::close_sse_stream() { exchange_->sink()->interrupt(); }

void Context::resource_updated(const std::string& uri) { exchange_->session().server().notify_resource_updated(uri); }

}  // namespace mcpc::runtime
