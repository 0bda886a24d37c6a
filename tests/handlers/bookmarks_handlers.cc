// The handlers a user wrote for bookmarks.v1.yaml, starting from the skeleton
// (mcpc compile bookmarks.v1.yaml --emit-handler-skeleton bookmarks_handlers.cc --basename bookmarks).
// tests/handlers adds stubs to it for v2 and checks that none of these bytes change.
#include "bookmarks.h"

#include <mutex>

namespace bookmarks {
namespace {

// Mentioned only in a comment and in a string, add_tag() override and read_tag() are not
// declared here: --add-stubs must still add them.
[[maybe_unused]] const char* const kNotADeclaration = "ToolResult add_tag(const AddTagParams&, Context&) override";

class BookmarksHandlers final : public Handlers {
 public:
  /// Find bookmarks whose title contains the query
  ToolResult search(const SearchParams& params, Context&) override {
    std::lock_guard lock(mutex_);
    return ToolResult::text("found nothing like '" + params.q + "' (written by hand)");
  }

  Outcome<DeleteBookmarkResult> delete_bookmark(const DeleteBookmarkParams& params, Context&) override {
    if (params.id.empty()) return ToolResult::error("which bookmark?");
    return DeleteBookmarkResult{.deleted = true};
  }

  ToolResult rename_bookmark(const RenameBookmarkParams& params, Context&) override {
    return ToolResult::text("renamed " + params.id + " to " + params.title);
  }

  ResourceContents read_item(const std::string& uri, const ItemVariables&, Context&) override {
    return {mcpc::runtime::resource_contents_text(uri, "text/plain", "a bookmark")};
  }

  // mcpc: stubs for new handlers go above this line (--add-stubs)

 private:
  std::mutex mutex_;
};

}  // namespace

std::unique_ptr<Handlers> make_handlers() { return std::make_unique<BookmarksHandlers>(); }

}  // namespace bookmarks
