// Handlers of tests/golden/ir/named_types.yaml for the native server of ts.named_types
// (named-types.test.mjs): three tools return the one Bookmark struct, one a list of them, one an
// optional Owner. The same behaviour as the TypeScript handlers in ts/, so the test can compare.
#include <algorithm>
#include <map>
#include <mutex>

#include "named_types.h"

namespace bookmarks_mcp {
namespace {

class BookmarkHandlers final : public Handlers {
 public:
  BookmarkHandlers() {
    Bookmark first;
    first.id = 1;
    first.url = "https://example.com/";
    first.title = "Example";
    first.tags = std::vector<std::string>{"example", "docs"};
    first.visibility = Visibility::Public;
    first.owner = Owner{"Ada", std::string("ada@example.com"), std::nullopt};
    store_[first.id] = first;
  }

  Outcome<Bookmark> get_bookmark(const GetBookmarkParams& params, Context&) override {
    std::lock_guard lock(mutex_);
    auto it = store_.find(params.id);
    if (it == store_.end()) return ToolResult::error("no bookmark " + std::to_string(params.id));
    return it->second;
  }

  Outcome<Bookmark> add_bookmark(const AddBookmarkParams& params, Context&) override {
    std::lock_guard lock(mutex_);
    Bookmark b;
    b.id = next_id_++;
    b.url = params.url;
    b.tags = params.tags;
    b.visibility = params.visibility.value_or(Visibility::Private);
    store_[b.id] = b;
    return b;
  }

  Outcome<Bookmark> update_bookmark(const UpdateBookmarkParams& params, Context&) override {
    std::lock_guard lock(mutex_);
    if (!store_.count(params.bookmark.id))
      return ToolResult::error("no bookmark " + std::to_string(params.bookmark.id));
    store_[params.bookmark.id] = params.bookmark;
    return params.bookmark;
  }

  Outcome<ListBookmarksResult> list_bookmarks(const ListBookmarksParams& params, Context&) override {
    std::lock_guard lock(mutex_);
    std::vector<Bookmark> found;
    for (const auto& [id, b] : store_) {
      bool tagged = b.tags && std::find(b.tags->begin(), b.tags->end(), params.tag.value_or("")) != b.tags->end();
      if (!params.tag || tagged) found.push_back(b);
    }
    return ListBookmarksResult{.result = std::move(found)};  // a result sets every required field
  }

  Outcome<FindOwnerResult> find_owner(const FindOwnerParams& params, Context&) override {
    std::lock_guard lock(mutex_);
    std::optional<Owner> owner;  // null when there is none: the result must say so
    if (auto it = params.id ? store_.find(*params.id) : store_.end(); it != store_.end()) owner = it->second.owner;
    return FindOwnerResult{.result = owner};
  }

 private:
  std::mutex mutex_;
  std::map<std::int64_t, Bookmark> store_;
  std::int64_t next_id_ = 2;
};

}  // namespace

std::unique_ptr<Handlers> make_handlers() { return std::make_unique<BookmarkHandlers>(); }

}  // namespace bookmarks_mcp
