// Must not compile: this result leaves out `created`, which add_bookmark's output schema (the
// named type Bookmark) requires. The compiler's error names the field (compile_result_test.cmake
// checks it).
#include "bookmarks.h"

namespace bookmarks {

Outcome<Bookmark> add_without_created(const AddBookmarkParams& params) {
  return Bookmark{.id = 1, .url = params.url, .title = params.title};
}

}  // namespace bookmarks
