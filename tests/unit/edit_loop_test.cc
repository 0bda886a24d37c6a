// The edit loop of a user's handler source: the handler-interface record and what
// `mcpc compile` reports when it changes ([handler-interface]), `--add-stubs`, which header
// the skeleton includes, and the generated main that includes nothing. The same loop through
// CMake, built and run, is tests/handlers.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "../../codegen/src/cpp/handler_source.h"
#include "../support/cli_tester.h"
#include "mcpc/codegen/interface.h"
#include "mcpc/process/subprocess.h"

namespace fs = std::filesystem;
using namespace mcpc::codegen;

namespace {

using mcpc::testing::CliRun;
using mcpc::testing::read_file;
using mcpc::testing::run_mcpc;
using mcpc::testing::TempDir;

const std::string kFixtures = MCPC_SOURCE_DIR "/tests/handlers/";
const std::string kV1 = kFixtures + "bookmarks.v1.yaml";
const std::string kV2 = kFixtures + "bookmarks.v2.yaml";
const std::string kV3 = kFixtures + "bookmarks.v3.yaml";
const char* kMarker = "// mcpc: stubs for new handlers go above this line";

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

CliRun compile(const std::string& spec, const fs::path& out, const std::string& target = "cpp") {
  return run_mcpc(
      {"compile", "--color=never", "-q", "-t", target, "--basename", "bookmarks", "-o", out.string(), spec});
}

/// Runs the C++ compiler; its output on failure.
mcpc::process::CommandResult cxx(std::vector<std::string> args) {
  mcpc::process::SpawnOptions options;
  options.argv = {MCPC_CXX, "-std=c++20"};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  return mcpc::process::run_command(options, std::chrono::minutes(5));
}

// ---- the record ----------------------------------------------------------------------------

// A spec name may hold any character: tabs and newlines (the record's separators), a
// backslash (its escape), other controls, NUL.
const std::string kOddName("odd\tname\nwith \\ escapes\x01\x7f\0!", 27);

HandlerInterface sample() {
  HandlerInterface i{"cpp", {}, {}};
  i.handlers.push_back(
      {"tool", "search", "search", "ToolResult", "const SearchParams& params, Context& ctx", "SearchParams", ""});
  i.handlers.push_back({"prompt", kOddName, "odd_prompt", "PromptResult", "", "", ""});
  i.types.push_back({"SearchParams", {{"q", "std::string"}, {"sort", "std::optional<Sort>"}}});
  i.types.push_back({"Sort", {{"New", ""}, {"Old", ""}}});
  return i;
}

TEST(HandlerInterfaceRecord, RoundTripsWhatItWrites) {
  HandlerInterface i = sample();
  std::optional<HandlerInterface> back = parse_interface(format_interface(i));
  ASSERT_TRUE(back);
  EXPECT_EQ(format_interface(*back), format_interface(i));
  EXPECT_EQ(back->handlers[1].name, kOddName);
  std::string text = format_interface(i);
  EXPECT_EQ(
      std::count_if(text.begin(), text.end(), [](char c) { return c >= 0 && c < 0x20 && c != '\n' && c != '\t'; }), 0)
      << "control characters are escaped: the record is plain text\n"
      << text;
  EXPECT_TRUE(interface_changes(i, *back).empty());
}

TEST(HandlerInterfaceRecord, RefusesWhatItDidNotWrite) {
  std::string good = format_interface(sample());
  EXPECT_FALSE(parse_interface(""));
  EXPECT_FALSE(parse_interface("# only a comment\n"));
  EXPECT_FALSE(parse_interface(good.substr(0, good.size() - 1))) << "truncated: the last line is unfinished";
  EXPECT_FALSE(parse_interface("mcpc-interface\t2\tcpp\n")) << "another version of the format";
  EXPECT_FALSE(parse_interface("mcpc-interface\t1\tcpp\nmember\tq\tstd::string\n")) << "a member before any type";
  EXPECT_FALSE(parse_interface("mcpc-interface\t1\tcpp\nhandler\ttool\tx\n")) << "too few fields";
  EXPECT_FALSE(parse_interface("mcpc-interface\t1\tcpp\ntype\tA\\t\n")) << "an unknown escape";
  EXPECT_FALSE(parse_interface("mcpc-interface\t1\tcpp\ntype\tA\\x4\n")) << "a short \\x escape";
  EXPECT_FALSE(parse_interface("mcpc-interface\t1\tcpp\ntype\tA\\xg1\n")) << "not hex";
  EXPECT_FALSE(parse_interface("mcpc-interface\t1\tcpp\ntype\tA\\\n")) << "a lone backslash";
  EXPECT_FALSE(parse_interface("mcpc-interface\t1\tcpp\nsomething else\n"));
  EXPECT_FALSE(parse_interface(std::string(1 << 16, '\0')));
  EXPECT_TRUE(parse_interface("mcpc-interface\t1\tcpp\n"));
}

TEST(HandlerInterfaceRecord, DescribesEachKindOfChange) {
  HandlerInterface before = sample();
  HandlerInterface after = sample();
  after.handlers[0].returns = "Outcome<SearchResult>";
  after.handlers[0].result_type = "SearchResult";
  after.handlers.push_back(
      {"tool", "add-tag", "add_tag", "ToolResult", "const AddTagParams& params, Context& ctx", "AddTagParams", ""});
  after.handlers.erase(after.handlers.begin() + 1);
  after.types[0].members = {{"q", "std::optional<std::string>"}, {"limit", "std::int64_t"}};
  after.types[1].members.emplace_back("Title", "");
  std::vector<std::string> lines = interface_changes(before, after);
  ASSERT_EQ(lines.size(), 4u) << ::testing::PrintToString(lines);
  EXPECT_EQ(lines[0],
            "search now returns Outcome<SearchResult> (was ToolResult); parameters changed: q now "
            "std::optional<std::string> (was std::string), limit added (std::int64_t), sort removed");
  EXPECT_EQ(lines[1], "new tool 'add-tag': ToolResult add_tag(const AddTagParams& params, Context& ctx)");
  EXPECT_EQ(lines[2], "prompt '" + kOddName + "' was removed: delete odd_prompt() from your handlers");
  EXPECT_EQ(lines[3], "Sort changed: Title added");
  // A record of another backend is not compared; a long list is cut.
  after.target = "ts";
  EXPECT_TRUE(interface_changes(before, after).empty());
  after.target = "cpp";
  lines = interface_changes(before, after, 3);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2], "... and 2 more");
}

// ---- mcpc compile -o DIR: the report -------------------------------------------------------

TEST(HandlerInterface, CompileReportsWhatChangedOnceAndEvenWhenQuiet) {
  TempDir tmp;
  fs::path out = tmp / "out";
  CliRun first = compile(kV1, out);
  ASSERT_EQ(first.code, 0) << first.describe();
  EXPECT_EQ(first.err, "") << "nothing to compare with on the first run";
  EXPECT_TRUE(fs::is_regular_file(out / "bookmarks.mcpc-interface"));

  CliRun changed = compile(kV3, out);
  ASSERT_EQ(changed.code, 0) << changed.describe();
  EXPECT_EQ(count(changed.err, "[handler-interface]"), 1u) << "one block: " << changed.err;
  EXPECT_EQ(changed.err.rfind("mcpc: warning: the handler interface changed", 0), 0u) << changed.err;
  for (const char* note : {
           "note: search: parameters changed: q now std::optional<std::string> (was std::string), limit added "
           "(std::optional<std::int64_t>)\n",
           "note: delete_bookmark now returns ToolResult (was Outcome<DeleteBookmarkResult>)\n",
           "note: new tool 'add_tag': ToolResult add_tag(const AddTagParams& params, Context& ctx)\n",
           "note: new resource template 'tag': ResourceContents read_tag(const std::string& uri, const TagVariables& "
           "variables, Context& ctx)\n",
           "note: new resource 'recent': ResourceContents read_recent(const std::string& uri, Context& ctx)\n",
           "note: tool 'rename_bookmark' was removed: delete rename_bookmark() from your handlers\n",
           "note: SearchParamsSort changed: Title added\n",
       }) {
    EXPECT_NE(changed.err.find(note), std::string::npos) << note << "\nin:\n" << changed.err;
  }
  EXPECT_EQ(count(changed.err, "note:"), 7u) << changed.err;

  CliRun again = compile(kV3, out);
  EXPECT_EQ(again.code, 0);
  EXPECT_EQ(again.err, "") << "reported once, by the run that wrote the change";
  // -W: the run that notices fails, but its files are written (so the next run passes).
  CliRun strict =
      run_mcpc({"compile", "--color=never", "-q", "-W", "--basename", "bookmarks", "-o", out.string(), kV1});
  EXPECT_EQ(strict.code, 1) << strict.describe();
  EXPECT_NE(read_file(out / "bookmarks.h").find("rename_bookmark"), std::string::npos);
}

TEST(HandlerInterface, NoUsableRecordMeansNothingToCompare) {
  TempDir tmp;
  fs::path out = tmp / "out";
  ASSERT_EQ(compile(kV1, out).code, 0);
  std::string record = read_file(out / "bookmarks.mcpc-interface");
  // Hand-edited into something that is not a record: nothing compared, the record rewritten.
  mcpc::testing::write_file(out / "bookmarks.mcpc-interface", record.substr(0, record.size() / 2) + "\x01junk");
  CliRun damaged = compile(kV3, out);
  EXPECT_EQ(damaged.code, 0) << damaged.describe();
  EXPECT_EQ(damaged.err, "");
  EXPECT_EQ(parse_interface(read_file(out / "bookmarks.mcpc-interface"))->handlers.size(), 6u);
  // Another backend's record under the same name is not compared either.
  fs::path ts = tmp / "ts";
  ASSERT_EQ(compile(kV1, ts, "ts").code, 0);
  fs::copy_file(ts / "mcpc.interface", out / "bookmarks.mcpc-interface", fs::copy_options::overwrite_existing);
  CliRun other = compile(kV1, out);
  EXPECT_EQ(other.code, 0) << other.describe();
  EXPECT_EQ(other.err, "");
  // A directory where the record should be: generation fails as for any other file.
  fs::remove(out / "bookmarks.mcpc-interface");
  fs::create_directory(out / "bookmarks.mcpc-interface");
  EXPECT_EQ(compile(kV1, out).code, 2);
}

TEST(HandlerInterface, TypeScriptReportsInTheSameBlock) {
  TempDir tmp;
  fs::path out = tmp / "out";
  ASSERT_EQ(compile(kV1, out, "ts").code, 0);
  CliRun changed = compile(kV3, out, "ts");
  ASSERT_EQ(changed.code, 0) << changed.describe();
  EXPECT_EQ(count(changed.err, "[handler-interface]"), 1u) << changed.err;
  EXPECT_NE(changed.err.find("note: deleteBookmark now returns Promise<CallToolResult> (was "
                             "Promise<DeleteBookmarkResult>)\n"),
            std::string::npos)
      << changed.err;
  EXPECT_NE(changed.err.find("note: search: parameters changed: q now string | undefined (was string), limit added "
                             "(number | undefined), sort now \"new\" | \"old\" | \"title\" | undefined"),
            std::string::npos)
      << changed.err;
  // The handler files kept from v1 carry the old signature line: listed in the same block.
  EXPECT_NE(changed.err.find("note: src/handlers/delete_bookmark.ts: its signature changed"), std::string::npos)
      << changed.err;
}

// ---- --emit-handler-skeleton ---------------------------------------------------------------

TEST(HandlerSkeleton, SaysWhichHeaderItIncludes) {
  TempDir tmp;
  CliRun plain = run_mcpc({"compile", kV1, "--emit-handler-skeleton", (tmp / "a.cc").string()});
  ASSERT_EQ(plain.code, 0) << plain.describe();
  EXPECT_NE(read_file(tmp / "a.cc").find("#include \"bookmarks.h\""), std::string::npos);
  EXPECT_NE(plain.out.find("mcpc: it includes \"bookmarks.h\"; for add_mcp_server(<target> ...), emit it with "
                           "--basename <target>\n"),
            std::string::npos)
      << plain.out;
  CliRun named =
      run_mcpc({"compile", kV1, "--basename", "my_server", "--emit-handler-skeleton", (tmp / "b.cc").string()});
  EXPECT_NE(read_file(tmp / "b.cc").find("#include \"my_server.h\""), std::string::npos);
  EXPECT_EQ(named.out.find("--basename"), std::string::npos) << named.out;
  CliRun quiet = run_mcpc({"compile", kV1, "-q", "--emit-handler-skeleton", (tmp / "c.cc").string()});
  EXPECT_EQ(quiet.out, "");
}

TEST(HandlerSkeleton, AddStubsKeepsEveryByteTheUserWroteAndBuilds) {
  TempDir tmp;
  tmp.keep_if_failed();
  std::string mine = read_file(kFixtures + "bookmarks_handlers.cc");
  fs::path file = tmp.write("bookmarks_handlers.cc", mine);
  fs::path out = tmp / "gen";
  ASSERT_EQ(compile(kV2, out).code, 0);

  CliRun add = run_mcpc({"compile", kV2, "--emit-handler-skeleton", file.string(), "--add-stubs"});
  ASSERT_EQ(add.code, 0) << add.describe();
  EXPECT_EQ(add.out, "mcpc: added to " + file.string() + ": tool add_tag, resource template tag, resource recent\n");
  std::string now = read_file(file);
  std::size_t at = mine.find("  " + std::string(kMarker));
  ASSERT_NE(at, std::string::npos);
  ASSERT_GT(now.size(), mine.size());
  std::size_t added = now.size() - mine.size();
  EXPECT_EQ(now.substr(0, at), mine.substr(0, at)) << "everything before the marker is as it was";
  EXPECT_EQ(now.substr(at + added), mine.substr(at)) << "the marker and everything after it are as they were";
  std::string stubs = now.substr(at, added);
  EXPECT_NE(stubs.find("  ToolResult add_tag([[maybe_unused]] const AddTagParams& params"), std::string::npos) << stubs;
  EXPECT_NE(stubs.find("  ResourceContents read_tag(const std::string& uri"), std::string::npos) << stubs;
  EXPECT_NE(
      stubs.find("  ResourceContents read_recent(const std::string& uri, [[maybe_unused]] Context& ctx) override"),
      std::string::npos)
      << stubs;
  EXPECT_EQ(stubs.find("search"), std::string::npos) << "handlers already written get no stub:\n" << stubs;

  // The result is a handler source the generated server builds with.
  mcpc::process::CommandResult built = cxx({"-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-I", out.string(), "-I",
                                            MCPC_SOURCE_DIR "/runtime/include", file.string()});
  EXPECT_TRUE(built.ok()) << built.describe() << "\n" << built.output;

  // Nothing left to add: the file is not written (its modification time stays).
  auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(1);
  fs::last_write_time(file, old_time);
  CliRun again = run_mcpc({"compile", kV2, "--emit-handler-skeleton", file.string(), "--add-stubs"});
  EXPECT_EQ(again.code, 0) << again.describe();
  EXPECT_NE(again.out.find("nothing to add"), std::string::npos) << again.out;
  EXPECT_EQ(read_file(file), now);
  EXPECT_EQ(fs::last_write_time(file), old_time);
}

TEST(HandlerSkeleton, AddStubsNeedsTheMarkerLine) {
  TempDir tmp;
  std::string mine = read_file(kFixtures + "bookmarks_handlers.cc");
  std::size_t at = mine.find(kMarker);
  mine.erase(at, mine.find('\n', at) - at);
  fs::path file = tmp.write("handlers.cc", mine);
  CliRun r = run_mcpc({"compile", "--color=never", kV2, "--emit-handler-skeleton", file.string(), "--add-stubs"});
  EXPECT_EQ(r.code, 1) << r.describe();
  EXPECT_NE(r.err.find("has no line '" + std::string(kMarker) + "'; put that line inside your Handlers class"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(read_file(file), mine);
  // With nothing to add, no marker is needed.
  EXPECT_EQ(run_mcpc({"compile", kV1, "--emit-handler-skeleton", file.string(), "--add-stubs"}).code, 0);
}

TEST(HandlerSkeleton, AddStubsKeepsCrlfAndStartsMissingFiles) {
  TempDir tmp;
  std::string crlf;
  for (char c : read_file(kFixtures + "bookmarks_handlers.cc"))
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  fs::path file = tmp.write("handlers.cc", crlf);
  ASSERT_EQ(run_mcpc({"compile", kV2, "--emit-handler-skeleton", file.string(), "--add-stubs"}).code, 0);
  std::string now = read_file(file);
  EXPECT_EQ(count(now, "\n"), count(now, "\r\n")) << "every line ends in CRLF";
  EXPECT_GT(now.size(), crlf.size());
  // A file that is not there yet gets the whole skeleton, marker included.
  fs::path fresh = tmp / "fresh.cc";
  CliRun r = run_mcpc({"compile", kV2, "--emit-handler-skeleton", fresh.string(), "--add-stubs"});
  ASSERT_EQ(r.code, 0) << r.describe();
  EXPECT_NE(read_file(fresh).find(kMarker), std::string::npos);
  EXPECT_NE(read_file(fresh).find("make_handlers()"), std::string::npos);
  // Wrong uses.
  EXPECT_EQ(run_mcpc({"compile", kV2, "--add-stubs", "-o", (tmp / "o").string()}).code, 2);
  EXPECT_EQ(run_mcpc({"compile", kV2, "--emit-handler-skeleton", file.string(), "--add-stubs", "--force"}).code, 2);
  CliRun ts = run_mcpc({"compile", kV2, "-t", "ts", "--emit-handler-skeleton", file.string(), "--add-stubs"});
  EXPECT_EQ(ts.code, 2);
  EXPECT_NE(ts.err.find("--add-stubs is for --target cpp"), std::string::npos) << ts.err;
}

TEST(HandlerSource, FindsOverridesOnlyInCode) {
  using namespace mcpc::codegen::cpp;
  std::string source =
      "// ToolResult a() override\n"
      "/* ToolResult b(int) override; */\n"
      "auto s = \"c() override\"; auto r = R\"x(d() override)x\"; int n = 1'000; char q = '\"';\n"
      "ToolResult e(const P& p, Context& c) override {\n"
      "Outcome<R> f(\n  const P&,\n  Context&) const final;\n"
      "void g(int x) { e(x); }\n"
      "ToolResult e2(P) override;\n";
  std::string code = code_only(source);
  ASSERT_EQ(code.size(), source.size());
  for (const char* absent : {"a", "b", "c", "d", "g", "e2x", ""})
    EXPECT_FALSE(declares_override(code, absent)) << absent;
  for (const char* present : {"e", "f", "e2"}) EXPECT_TRUE(declares_override(code, present)) << present;
  EXPECT_EQ(marked_line("x;\n  // here\n", code_only("x;\n  // here\n"), "here"), 3u);
  EXPECT_EQ(marked_line("auto s = \"here\";\n", code_only("auto s = \"here\";\n"), "here"), std::string::npos);
}

// ---- the generated main --------------------------------------------------------------------

TEST(GeneratedMain, IncludesNothing) {
  TempDir tmp;
  fs::path out = tmp / "out";
  ASSERT_EQ(compile(kV1, out).code, 0);
  // No include path at all, not even the standard library's: the main file needs none.
  mcpc::process::CommandResult r = cxx({"-nostdinc", "-Wall", "-Wextra", "-Werror", "-c",
                                        (out / "bookmarks_main.cc").string(), "-o", (tmp / "main.o").string()});
  EXPECT_TRUE(r.ok()) << r.describe() << "\n" << r.output;
}

}  // namespace
