// Server: registries, capabilities, the worker pool, and broadcasts to live sessions.
#include <algorithm>

#include "internal.h"

namespace mcpc::runtime {

const std::vector<std::string>& supported_protocol_versions() {
  static const std::vector<std::string> versions = {"2025-11-25", "2025-06-18", "2025-03-26"};
  return versions;
}

WorkerPool::WorkerPool(std::size_t max_workers) : max_(std::max<std::size_t>(1, max_workers)) {}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::post(std::function<void()> job) {
  std::lock_guard lock(mu_);
  jobs_.push_back(std::move(job));
  // Grow while every worker is busy, so a handler blocked on the client cannot starve others.
  if (idle_ < jobs_.size() && threads_.size() < max_) {
    threads_.emplace_back([this] { run(); });
  } else {
    cv_.notify_one();
  }
}

void WorkerPool::run() {
  std::unique_lock lock(mu_);
  while (true) {
    ++idle_;
    cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    --idle_;
    if (jobs_.empty()) return;  // stopping
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    lock.lock();
  }
}

Json Server::Impl::capabilities() const {
  std::shared_lock lock(mu);
  Json caps = Json::object();
  if (has_tools) caps["tools"] = Json{{"listChanged", true}};
  if (has_resources) caps["resources"] = Json{{"subscribe", true}, {"listChanged", true}};
  if (has_prompts) caps["prompts"] = Json{{"listChanged", true}};
  caps["logging"] = Json::object();
  bool completions = std::any_of(prompts.begin(), prompts.end(), [](const auto& p) { return bool(p->complete); }) ||
                     std::any_of(templates.begin(), templates.end(), [](const auto& t) { return bool(t->complete); });
  if (completions || has_prompts || !templates.empty()) caps["completions"] = Json::object();
  return caps;
}

std::vector<std::shared_ptr<SessionImpl>> Server::Impl::live_sessions() {
  std::lock_guard lock(sessions_mu);
  std::vector<std::shared_ptr<SessionImpl>> out;
  sessions.erase(std::remove_if(sessions.begin(), sessions.end(), [](const auto& w) { return w.expired(); }),
                 sessions.end());
  for (const auto& w : sessions) {
    if (auto s = w.lock()) out.push_back(std::move(s));
  }
  return out;
}

void Server::Impl::broadcast_list_changed(const char* method) {
  Json note{{"jsonrpc", "2.0"}, {"method", method}};
  for (auto& s : live_sessions()) {
    if (s->initialized()) s->notify(note);
  }
}

Server::Server(ServerOptions options) : impl_(std::make_shared<Impl>(std::move(options))) {}
Server::~Server() = default;

namespace {

// Replaces the entry with the same key, or appends: registering twice updates.
template <typename T, typename Same>
void upsert(std::vector<std::shared_ptr<const T>>& v, T item, Same same) {
  auto it = std::find_if(v.begin(), v.end(), [&](const auto& p) { return same(*p, item); });
  auto ptr = std::make_shared<const T>(std::move(item));
  if (it != v.end()) *it = std::move(ptr);
  else v.push_back(std::move(ptr));
}

template <typename T, typename Match>
bool erase_if(std::shared_mutex& mu, std::vector<std::shared_ptr<const T>>& v, Match match) {
  std::unique_lock lock(mu);
  auto it = std::remove_if(v.begin(), v.end(), [&](const auto& p) { return match(*p); });
  bool removed = it != v.end();
  v.erase(it, v.end());
  return removed;
}

}  // namespace

void Server::add_tool(Tool tool) {
  {
    std::unique_lock lock(impl_->mu);
    upsert(impl_->tools, std::move(tool), [](const Tool& a, const Tool& b) { return a.name == b.name; });
    impl_->has_tools = true;
  }
  impl_->broadcast_list_changed("notifications/tools/list_changed");
}

void Server::add_resource(Resource resource) {
  {
    std::unique_lock lock(impl_->mu);
    upsert(impl_->resources, std::move(resource), [](const Resource& a, const Resource& b) { return a.uri == b.uri; });
    impl_->has_resources = true;
  }
  impl_->broadcast_list_changed("notifications/resources/list_changed");
}

void Server::add_resource_template(ResourceTemplate t) {
  {
    std::unique_lock lock(impl_->mu);
    upsert(impl_->templates, std::move(t),
           [](const ResourceTemplate& a, const ResourceTemplate& b) { return a.uri_template == b.uri_template; });
    impl_->has_resources = true;
  }
  impl_->broadcast_list_changed("notifications/resources/list_changed");
}

void Server::add_prompt(Prompt prompt) {
  {
    std::unique_lock lock(impl_->mu);
    upsert(impl_->prompts, std::move(prompt), [](const Prompt& a, const Prompt& b) { return a.name == b.name; });
    impl_->has_prompts = true;
  }
  impl_->broadcast_list_changed("notifications/prompts/list_changed");
}

bool Server::remove_tool(const std::string& name) {
  bool removed = erase_if(impl_->mu, impl_->tools, [&](const Tool& t) { return t.name == name; });
  if (removed) impl_->broadcast_list_changed("notifications/tools/list_changed");
  return removed;
}

bool Server::remove_resource(const std::string& uri) {
  bool removed = erase_if(impl_->mu, impl_->resources, [&](const Resource& r) { return r.uri == uri; });
  if (removed) impl_->broadcast_list_changed("notifications/resources/list_changed");
  return removed;
}

bool Server::remove_prompt(const std::string& name) {
  bool removed = erase_if(impl_->mu, impl_->prompts, [&](const Prompt& p) { return p.name == name; });
  if (removed) impl_->broadcast_list_changed("notifications/prompts/list_changed");
  return removed;
}

void Server::notify_resource_updated(const std::string& uri) {
  Json note{{"jsonrpc", "2.0"}, {"method", "notifications/resources/updated"}, {"params", {{"uri", uri}}}};
  for (auto& s : impl_->live_sessions()) {
    if (s->subscribed(uri)) s->notify(note);
  }
}

Json Server::capabilities() const { return impl_->capabilities(); }
const ServerOptions& Server::options() const { return impl_->options; }

std::shared_ptr<Session> Server::open_session(std::shared_ptr<MessageSink> notifications) {
  auto s = std::make_shared<SessionImpl>(impl_, std::move(notifications));
  std::lock_guard lock(impl_->sessions_mu);
  impl_->sessions.push_back(s);
  return s;
}

}  // namespace mcpc::runtime
