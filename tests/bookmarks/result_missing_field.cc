// Must not compile: this result leaves out `created`, which add_bookmark's output schema
// requires. The compiler's error names the field (compile_result_test.cmake checks it).
#include "bookmarks.h"

namespace bookmarks {

Outcome<AddBookmarkResult> add_without_created(const AddBookmarkParams& params) {
  return AddBookmarkResult{.id = 1, .url = params.url, .title = params.title};
}

}  // namespace bookmarks
