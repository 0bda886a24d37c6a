// Compiles: every field add_bookmark's output schema (Bookmark) requires is set (the optional
// `tags` may be left out), and required fields read and assign like the values they hold.
#include "bookmarks.h"

namespace bookmarks {

Outcome<Bookmark> add_with_every_field(const AddBookmarkParams& params) {
  Bookmark result{.id = 1, .url = params.url, .title = params.title, .created = "2024-01-31T12:00:00Z"};
  result.id = result.id + 1;
  result.title += " (copy)";
  if (result.url.empty() || result.title.size() > 100) return ToolResult::error("no url");
  std::string created = result.created;
  result.created = created;
  result.tags = std::vector<std::string>{"saved"};
  return result;
}

}  // namespace bookmarks
