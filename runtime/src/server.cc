// Server: registries, capabilities, the worker pool, and broadcasts to live sessions.
#include <algorithm>
#include <cstdio>

#include "internal.h"

namespace mcpc::runtime {

const std::vector<std::string>& supported_protocol_versions() {
  static const std::vector<std::string> versions = {"2025-11-25", "2025-06-18", "2025-03-26"};
  return versions;
}

namespace {
thread_local WorkerPool::Batch* tl_batch = nullptr;
constexpr auto kMaxQueueWait = std::chrono::milliseconds(20);  // then slow handlers get company
}  // namespace

WorkerPool::WorkerPool(std::size_t max_workers)
    : core_(std::max<std::size_t>(2, std::thread::hardware_concurrency())),
      max_(std::max<std::size_t>(1, max_workers)) {
  core_ = std::min(core_, max_);
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  monitor_cv_.notify_all();
  // The last reference to the server can be dropped by a job finishing on a worker: that
  // worker cannot join itself, so it is detached (it only returns from here on).
  auto finish = [](std::thread& t) {
    if (!t.joinable()) return;
    if (t.get_id() == std::this_thread::get_id())
      t.detach();
    else
      t.join();
  };
  for (std::thread& t : threads_) finish(t);
  finish(monitor_);
}

void WorkerPool::grow_if_needed(std::chrono::steady_clock::time_point now) {
  if (jobs_.empty() || idle_ >= jobs_.size() || threads_.size() >= max_) return;
  std::size_t runnable = threads_.size() - blocked_;
  bool starved = now - jobs_.front().queued > kMaxQueueWait;
  if (runnable < core_ || starved) threads_.emplace_back([this] { run(); });
}

void WorkerPool::post(std::function<void()> job) {
  if (tl_batch && &tl_batch->pool_ == this) {
    tl_batch->jobs_.push_back(std::move(job));
    return;
  }
  std::lock_guard lock(mu_);
  auto now = std::chrono::steady_clock::now();
  jobs_.push_back({std::move(job), now});
  grow_if_needed(now);
  cv_.notify_one();
  start_monitor();
}

void WorkerPool::start_monitor() {
  if (!monitor_.joinable()) {
    // Watches for queues stuck behind slow handlers when no new posts arrive to notice it.
    monitor_ = std::thread([this] {
      std::unique_lock lock(mu_);
      while (!stopping_) {
        monitor_cv_.wait_for(lock, kMaxQueueWait);
        grow_if_needed(std::chrono::steady_clock::now());
      }
    });
  }
}

WorkerPool::Batch::Batch(WorkerPool& pool) : pool_(pool), outer_(tl_batch) { tl_batch = this; }

WorkerPool::Batch::~Batch() {
  tl_batch = outer_;
  if (jobs_.empty()) return;
  std::lock_guard lock(pool_.mu_);
  auto now = std::chrono::steady_clock::now();
  for (auto& job : jobs_) pool_.jobs_.push_back({std::move(job), now});
  pool_.grow_if_needed(now);
  if (jobs_.size() == 1)
    pool_.cv_.notify_one();
  else
    pool_.cv_.notify_all();
  pool_.start_monitor();
}

void WorkerPool::blocking_begin() {
  std::lock_guard lock(mu_);
  ++blocked_;
  grow_if_needed(std::chrono::steady_clock::now());
}

void WorkerPool::blocking_end() {
  std::lock_guard lock(mu_);
  --blocked_;
}

void WorkerPool::run() {
  std::unique_lock lock(mu_);
  while (true) {
    ++idle_;
    cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    --idle_;
    if (jobs_.empty()) return;  // stopping
    std::function<void()> job = std::move(jobs_.front().fn);
    jobs_.pop_front();
    lock.unlock();
    try {
      job();
    } catch (...) {
      // Jobs answer their own errors; this is the last resort that keeps the worker (and the
      // process: an exception leaving a thread is std::terminate) alive.
      std::fputs("mcpc: a worker job threw; its request may go unanswered\n", stderr);
    }
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

RegisteredTool::RegisteredTool(Tool t) : Tool(std::move(t)), input_check(input_schema), output_check(output_schema) {
  OrderedJson j{{"name", name}};
  if (!title.empty()) j["title"] = title;
  if (!description.empty()) j["description"] = description;
  j["inputSchema"] = input_schema;
  if (output_schema) j["outputSchema"] = *output_schema;
  if (annotations) {
    OrderedJson a = OrderedJson::object();
    if (annotations->title) a["title"] = *annotations->title;
    if (annotations->read_only) a["readOnlyHint"] = *annotations->read_only;
    if (annotations->destructive) a["destructiveHint"] = *annotations->destructive;
    if (annotations->idempotent) a["idempotentHint"] = *annotations->idempotent;
    if (annotations->open_world) a["openWorldHint"] = *annotations->open_world;
    j["annotations"] = std::move(a);
  }
  listing = j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::shared_ptr<const RegisteredTool> Server::Impl::find_tool(const std::string& name) const {
  std::shared_lock lock(mu);
  for (const auto& t : tools) {
    if (t->name == name) return t;
  }
  return nullptr;
}

std::shared_ptr<const Prompt> Server::Impl::find_prompt(const std::string& name) const {
  std::shared_lock lock(mu);
  for (const auto& p : prompts) {
    if (p->name == name) return p;
  }
  return nullptr;
}

void Server::Impl::notify_resource_updated(const std::string& uri) {
  Json note{{"jsonrpc", "2.0"}, {"method", "notifications/resources/updated"}, {"params", {{"uri", uri}}}};
  for (auto& s : live_sessions()) {
    if (s->subscribed(uri)) s->notify(note);
  }
}

void Server::Impl::broadcast_list_changed(const char* method) {
  Json note{{"jsonrpc", "2.0"}, {"method", method}};
  for (auto& s : live_sessions()) {
    if (s->initialized()) s->notify(note);
  }
}

void Server::Impl::start_watchdog() {
  std::call_once(watchdog_once, [this] {
    watchdog = std::thread([this] {
      std::unique_lock lock(watchdog_mu);
      while (!stopping) {
        watchdog_cv.wait_for(lock, std::chrono::milliseconds(50));
        lock.unlock();
        auto now = std::chrono::steady_clock::now();
        try {
          for (auto& s : live_sessions()) s->expire(now);
        } catch (...) {
          std::fputs("mcpc: answering a timed-out request failed\n", stderr);
        }
        lock.lock();
      }
    });
  });
}

Server::Impl::~Impl() {
  {
    std::lock_guard lock(watchdog_mu);
    stopping = true;
  }
  watchdog_cv.notify_all();
  if (watchdog.joinable()) {
    if (watchdog.get_id() == std::this_thread::get_id())
      watchdog.detach();
    else
      watchdog.join();
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
  if (it != v.end())
    *it = std::move(ptr);
  else
    v.push_back(std::move(ptr));
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
  RegisteredTool registered(std::move(tool));  // its listing is written before the lock is taken
  {
    std::unique_lock lock(impl_->mu);
    upsert(impl_->tools, std::move(registered), [](const Tool& a, const Tool& b) { return a.name == b.name; });
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

void Server::notify_resource_updated(const std::string& uri) { impl_->notify_resource_updated(uri); }

Json Server::capabilities() const { return impl_->capabilities(); }
const ServerOptions& Server::options() const { return impl_->options; }

std::shared_ptr<Session> Server::open_session(std::shared_ptr<MessageSink> notifications) {
  auto s = std::make_shared<SessionImpl>(impl_, std::move(notifications));
  std::lock_guard lock(impl_->sessions_mu);
  impl_->sessions.push_back(s);
  return s;
}

}  // namespace mcpc::runtime
