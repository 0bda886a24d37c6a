// Drives a Session without a transport: messages in, captured messages out.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "mcpc/runtime/context.h"
#include "mcpc/runtime/server.h"
#include "mcpc/runtime/session.h"

namespace mcpc::runtime::testing {

class CaptureSink : public MessageSink {
 public:
  void send(const Json& m) override {
    std::lock_guard lock(mu_);
    messages_.push_back(m);
    cv_.notify_all();
  }
  void finish() override {
    std::lock_guard lock(mu_);
    ++finished_;
    cv_.notify_all();
  }
  /// Waits for the first message matching `pred`.
  Json wait_for(const std::function<bool(const Json&)>& pred,
                std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mu_);
    Json found;
    cv_.wait_for(lock, timeout, [&] {
      for (const Json& m : messages_) {
        if (pred(m)) {
          found = m;
          return true;
        }
      }
      return false;
    });
    return found;
  }
  Json response(const Json& id, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return wait_for([&](const Json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); }, timeout);
  }
  std::vector<Json> all() {
    std::lock_guard lock(mu_);
    return messages_;
  }
  std::size_t count(const std::string& method) {
    std::lock_guard lock(mu_);
    return static_cast<std::size_t>(std::count_if(messages_.begin(), messages_.end(),
                                                  [&](const Json& m) { return m.value("method", "") == method; }));
  }
  int finished() {
    std::lock_guard lock(mu_);
    return finished_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Json> messages_;
  int finished_ = 0;
};

inline Json request(int id, const std::string& method, Json params = Json::object()) {
  return Json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

/// A session already initialized at `version`, with client capabilities `caps`.
struct Harness {
  explicit Harness(Server& server, std::string version = "2025-11-25",
                   Json caps = Json{{"sampling", Json::object()}, {"elicitation", Json::object()}})
      : sink(std::make_shared<CaptureSink>()), session(server.open_session(sink)) {
    send(request(
        0, "initialize",
        {{"protocolVersion", version}, {"capabilities", caps}, {"clientInfo", {{"name", "t"}, {"version", "1"}}}}));
    EXPECT_TRUE(sink->response(0).contains("result"));
    send(Json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
  }
  Incoming send(const Json& m) { return session->receive(m.dump(), sink); }
  Json call(int id, const std::string& method, Json params = Json::object()) {
    send(request(id, method, std::move(params)));
    return sink->response(id);
  }
  std::shared_ptr<CaptureSink> sink;
  std::shared_ptr<Session> session;
};

}  // namespace mcpc::runtime::testing
