// Handlers of the bookmarks test server (mcp.yaml): bookmarks kept in memory. What the e2e test
// (tests/e2e/bookmarks.test.mjs) checks of them: template variables arrive typed and checked,
// and a result breaking its own schema (a `created` that is no date-time) is refused by the
// server itself.
#include <chrono>
#include <cstdint>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "bookmarks.h"

namespace bookmarks {
namespace {

// The variables have their declared types: std::int64_t, not the URI's text; a variable the
// URI may leave out ({?limit}) is optional, a plain string one is "" then.
static_assert(std::is_same_v<decltype(BookmarkVariables::id), std::int64_t>);
static_assert(std::is_same_v<decltype(SearchVariables::q), std::string>);
static_assert(std::is_same_v<decltype(SearchVariables::limit), std::optional<std::int64_t>>);
static_assert(std::is_same_v<decltype(SearchVariables::exact), std::optional<bool>>);

std::string now_utc() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

Json to_json_value(const Bookmark& bookmark) {
  Json json;
  to_json(json, bookmark);
  return json;
}

class BookmarksHandlers final : public Handlers {
 public:
  Outcome<Bookmark> add_bookmark(const AddBookmarkParams& params, Context&) override {
    std::lock_guard lock(mutex_);
    // `created` is returned as given: "yesterday" is no date-time, and the server says so.
    Bookmark saved{.id = static_cast<std::int64_t>(saved_.size()) + 1,
                   .url = params.url,
                   .title = params.title,
                   .created = params.created.value_or(now_utc()),
                   .tags = params.tags};
    saved_.push_back(saved);
    return saved;
  }

  ResourceContents read_bookmark(const std::string& uri, const BookmarkVariables& variables, Context&) override {
    std::lock_guard lock(mutex_);
    if (variables.id > static_cast<std::int64_t>(saved_.size())) {
      throw mcpc::runtime::McpError(mcpc::runtime::kResourceNotFound, "no bookmark " + std::to_string(variables.id),
                                    Json{{"uri", uri}});
    }
    Json item = to_json_value(saved_[static_cast<std::size_t>(variables.id - 1)]);
    item["next"] = variables.id + 1;  // arithmetic on the variable: it is a number
    return {mcpc::runtime::resource_contents_text(uri, "application/json", item.dump())};
  }

  ResourceContents read_search(const std::string& uri, const SearchVariables& variables, Context&) override {
    std::lock_guard lock(mutex_);
    Json found = Json::array();
    for (const Bookmark& b : saved_) {
      const std::string& title = b.title;
      bool hit = variables.exact.value_or(false) ? title == variables.q : title.find(variables.q) != std::string::npos;
      if (hit && (!variables.limit || static_cast<std::int64_t>(found.size()) < *variables.limit)) {
        found.push_back(b.id);
      }
    }
    Json answer{{"q", variables.q},
                {"limit", variables.limit ? Json(*variables.limit) : Json()},
                {"exact", variables.exact ? Json(*variables.exact) : Json()},
                {"ids", found}};
    return {mcpc::runtime::resource_contents_text(uri, "application/json", answer.dump())};
  }

 private:
  std::mutex mutex_;
  std::vector<Bookmark> saved_;
};

}  // namespace

std::unique_ptr<Handlers> make_handlers() { return std::make_unique<BookmarksHandlers>(); }

}  // namespace bookmarks
