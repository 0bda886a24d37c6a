// Handlers of the notes example: notes are Markdown files, NOTES_DIR/<folder>/<id>.md.
//
// A note file is its title as a heading, an optional tags line, a blank line and the body:
//
//   # Buy milk
//   tags: errands, home
//
//   Semi-skimmed, two litres.
//
// Folder names and identifiers are checked against [a-z0-9-]+ before they touch the file
// system, so no request can name a path outside NOTES_DIR. Handlers run on worker threads,
// possibly several at once: one mutex serialises the file operations.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc-notes.h"

namespace notes_mcp {
namespace {

namespace fs = std::filesystem;
using mcpc::runtime::McpError;

constexpr std::size_t kMaxNameLength = 64;

// [a-z0-9-]+, at most kMaxNameLength characters: a folder name or a note identifier.
bool valid_name(std::string_view name) {
  return !name.empty() && name.size() <= kMaxNameLength && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

fs::path notes_dir() {
  // Read at each use, not in the constructor: the generated main applies the spec's default
  // (./notes) after make_handlers() ran.
  const char* dir = std::getenv("NOTES_DIR");
  return fs::path(dir && *dir ? dir : "./notes");
}

std::string note_uri(const std::string& folder, const std::string& id) { return "notes://" + folder + "/" + id; }

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A readable identifier from a title: "Buy milk!" -> "buy-milk".
std::string slug(std::string_view title) {
  std::string out;
  for (char c : lowercase(title)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
    if (out.size() >= 48) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "note" : out;
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Note {
  std::string title;
  std::string text;  ///< the whole file
};

std::optional<Note> load(const fs::path& path) {
  std::optional<std::string> text = read_file(path);
  if (!text) return std::nullopt;
  Note note;
  std::string_view first(*text);
  first = first.substr(0, first.find('\n'));
  if (first.rfind("# ", 0) == 0) first.remove_prefix(2);
  note.title = std::string(first);
  note.text = std::move(*text);
  return note;
}

class Notes final : public Handlers {
 public:
  Outcome<CreateNoteResult> create_note(const CreateNoteParams& params, Context&) override {
    if (!valid_name(params.folder)) {
      return ToolResult::error("folder must be 1 to 64 characters of a-z, 0-9 and '-', not '" + params.folder + "'");
    }
    std::string title = params.title;  // one line: it is the file's heading
    std::replace_if(
        title.begin(), title.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');

    std::string text = "# " + title + "\n";
    if (params.tags && !params.tags->empty()) {
      std::string line;
      for (const std::string& tag : *params.tags) line += (line.empty() ? "" : ", ") + tag;
      text += "tags: " + line + "\n";
    }
    text += "\n" + params.body;
    if (text.back() != '\n') text += '\n';

    std::lock_guard lock(mutex_);
    const fs::path dir = notes_dir() / params.folder;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return ToolResult::error("cannot create folder " + params.folder + ": " + ec.message());

    // The title's slug, or slug-2, slug-3... when taken. "wx" creates the file only if it does
    // not exist, so even another server process sharing NOTES_DIR cannot make us overwrite a note.
    const std::string base = slug(title);
    for (int n = 1; n <= 1000; ++n) {
      std::string id = n == 1 ? base : base + "-" + std::to_string(n);
      const fs::path path = dir / (id + ".md");
      std::FILE* file = std::fopen(path.c_str(), "wx");
      if (!file) {
        if (errno == EEXIST) continue;
        return ToolResult::error("cannot write note " + id + ": " + std::strerror(errno));
      }
      const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
      if (std::fclose(file) != 0 || !written) {
        fs::remove(path, ec);
        return ToolResult::error("cannot write note " + id);
      }
      return CreateNoteResult{id, note_uri(params.folder, id)};
    }
    return ToolResult::error("too many notes titled '" + title + "' in " + params.folder);
  }

  Outcome<SearchNotesResult> search_notes(const SearchNotesParams& params, Context&) override {
    if (params.folder && !valid_name(*params.folder)) {
      return ToolResult::error("folder must be 1 to 64 characters of a-z, 0-9 and '-', not '" + *params.folder + "'");
    }
    const std::string needle = lowercase(params.query);
    const std::size_t limit = static_cast<std::size_t>(std::clamp<std::int64_t>(params.limit, 1, 100));

    std::lock_guard lock(mutex_);
    const fs::path root = notes_dir();
    std::vector<std::string> folders;
    if (params.folder) {
      folders.push_back(*params.folder);
    } else {
      std::error_code ec;
      for (const fs::directory_entry& entry : fs::directory_iterator(root, ec)) {
        std::string name = entry.path().filename().string();
        if (entry.is_directory(ec) && valid_name(name)) folders.push_back(std::move(name));
      }
    }
    std::sort(folders.begin(), folders.end());

    std::vector<SearchNotesItem> found;
    for (const std::string& folder : folders) {
      std::vector<std::string> ids;
      std::error_code ec;  // a folder that does not exist holds no notes
      for (const fs::directory_entry& entry : fs::directory_iterator(root / folder, ec)) {
        const fs::path& path = entry.path();
        std::string id = path.stem().string();
        if (path.extension() == ".md" && entry.is_regular_file(ec) && valid_name(id)) ids.push_back(std::move(id));
      }
      std::sort(ids.begin(), ids.end());
      for (const std::string& id : ids) {
        std::optional<Note> note = load(root / folder / (id + ".md"));
        if (!note || lowercase(note->text).find(needle) == std::string::npos) continue;
        found.push_back({id, note->title, folder});
        if (found.size() == limit) return SearchNotesResult{.result = std::move(found)};
      }
    }
    return SearchNotesResult{.result = std::move(found)};
  }

  ResourceContents read_note(const std::string& uri, const NoteVariables& variables, Context&) override {
    check_names(variables.folder, variables.id);
    std::lock_guard lock(mutex_);
    std::optional<std::string> text = read_file(notes_dir() / variables.folder / (variables.id + ".md"));
    if (!text) throw McpError(mcpc::runtime::kResourceNotFound, "no such note: " + uri, Json{{"uri", uri}});
    return {mcpc::runtime::resource_contents_text(uri, "text/markdown", *text)};
  }

  // The spec's message, with a default length, followed by the note itself when it exists,
  // so the model needs no resources/read of its own.
  PromptResult summarize_note_prompt(const SummarizeNoteArguments& arguments, Context& ctx) override {
    check_names(arguments.folder, arguments.id);
    SummarizeNoteArguments filled = arguments;
    if (!filled.length || filled.length->empty()) filled.length = "a few sentences";
    PromptResult result = Handlers::summarize_note_prompt(filled, ctx);

    std::optional<std::string> text;
    {
      std::lock_guard lock(mutex_);
      text = read_file(notes_dir() / arguments.folder / (arguments.id + ".md"));
    }
    if (text) {
      result.messages.push_back({"user", mcpc::runtime::content::resource_text(note_uri(arguments.folder, arguments.id),
                                                                               "text/markdown", *text)});
    }
    return result;
  }

 private:
  // Protocol errors (-32602): a client that names folders or notes the template's pattern forbids.
  static void check_names(const std::string& folder, const std::string& id) {
    if (!valid_name(folder))
      throw McpError(mcpc::runtime::kInvalidParams, "invalid folder name '" + folder + "': use a-z, 0-9 and '-'");
    if (!valid_name(id))
      throw McpError(mcpc::runtime::kInvalidParams, "invalid note identifier '" + id + "': use a-z, 0-9 and '-'");
  }

  std::mutex mutex_;
};

}  // namespace

std::unique_ptr<Handlers> make_handlers() { return std::make_unique<Notes>(); }

}  // namespace notes_mcp
