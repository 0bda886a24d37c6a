// find_built_servers() on File API replies written by the test: the shapes CMake 3.25 writes
// (codemodel v2, target objects, paths relative to the source or build tree), and each way a
// build tree can be unusable. The real thing, a configured project, is tests/publish.
#include "mcpc/pipeline/cmake_file_api.h"

#include <gtest/gtest.h>

#include <filesystem>
#include "mcpc/json.h"

#include "../support/temp_dir.h"

namespace mcpc::pipeline {
namespace {
namespace fs = std::filesystem;

class FileApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(source_);
    write(build_ / "CMakeCache.txt", "CMAKE_COMMAND:INTERNAL=/usr/bin/cmake\n");
  }

  static void write(const fs::path& p, const std::string& text) { testing::write_file(p, text); }
  fs::path reply() const { return build_ / ".cmake/api/v1/reply"; }

  // A reply with the given targets: {name, type, sources[], artifacts[]} each.
  void write_reply(const std::vector<Json>& targets, const std::string& config = "") {
    Json refs = Json::array();
    int i = 0;
    for (const Json& t : targets) {
      std::string file = "target-" + t["name"].get<std::string>() + "-" + std::to_string(i++) + ".json";
      write(reply() / file, t.dump());
      refs.push_back({{"name", t["name"]}, {"jsonFile", file}});
    }
    Json codemodel{{"kind", "codemodel"},
                   {"paths", {{"source", source_.string()}, {"build", build_.string()}}},
                   {"configurations", {{{"name", config}, {"targets", refs}}}}};
    write(reply() / "codemodel-v2-abc.json", codemodel.dump());
    Json index{{"reply", {{"client-mcpc", {{"codemodel-v2", {{"jsonFile", "codemodel-v2-abc.json"}}}}}}}};
    write(reply() / "index-2026-01-01T00-00-00-0000.json", index.dump());
  }
  fs::path descriptor(const std::string& target, const std::string& backend, bool publish) {
    fs::path p = build_ / "mcpc" / (target + ".mcpc-server.json");
    write(p, Json{{"format", "mcpc-server/1"},
                  {"target", target},
                  {"backend", backend},
                  {"spec", (source_ / (target + ".yaml")).string()},
                  {"output_dir", (build_ / (target + "_mcp")).string()},
                  {"publish", publish}}
                 .dump());
    return p;
  }

  testing::TempDir root_{"file-api"};
  fs::path build_ = root_ / "build";
  fs::path source_ = root_ / "src";
};

TEST_F(FileApiTest, FindsServerTargetsByTheirDescriptor) {
  fs::path greeter = descriptor("greeter", "cpp", true);
  fs::path web = descriptor("web", "ts", false);
  write_reply({
      {{"name", "zlib"}, {"type", "STATIC_LIBRARY"}, {"sources", {{{"path", "zlib.c"}}}}},
      {{"name", "greeter"},
       {"type", "EXECUTABLE"},
       {"artifacts", {{{"path", "bin/greeter"}}}},
       {"sources", {{{"path", "greeter_mcp/greeter.cc"}}, {{"path", greeter.string()}}}}},
      {{"name", "web"}, {"type", "UTILITY"}, {"sources", {{{"path", web.string()}}}}},
  });
  FileApiResult r = find_built_servers(build_);
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.servers.size(), 2u);
  EXPECT_EQ(r.servers[0].target, "greeter");
  EXPECT_EQ(r.servers[0].backend, "cpp");
  EXPECT_TRUE(r.servers[0].publish);
  EXPECT_EQ(r.servers[0].artifact, build_ / "bin/greeter");  // relative to the build tree
  EXPECT_EQ(r.servers[0].spec, source_ / "greeter.yaml");
  EXPECT_EQ(r.servers[1].target, "web");
  EXPECT_EQ(r.servers[1].backend, "ts");
  EXPECT_FALSE(r.servers[1].publish);
  EXPECT_EQ(r.servers[1].artifact, build_ / "web_mcp");  // a TypeScript package: its directory
}

TEST_F(FileApiTest, DescriptorPathsRelativeToTheSourceTree) {
  // A build directory inside the source tree: CMake reports its files relative to the source.
  build_ = source_ / "build";
  fs::create_directories(build_);
  write(build_ / "CMakeCache.txt", "");
  fs::path d = descriptor("greeter", "cpp", false);
  write_reply({{{"name", "greeter"},
                {"artifacts", {{{"path", "greeter"}}}},
                {"sources", {{{"path", fs::relative(d, source_).string()}}}}}});
  FileApiResult r = find_built_servers(build_);
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.servers.size(), 1u);
  EXPECT_EQ(r.servers[0].artifact, build_ / "greeter");
}

TEST_F(FileApiTest, WritesTheQueryWhenThereIsNone) {
  FileApiResult r = find_built_servers(build_);
  EXPECT_TRUE(r.query_written);
  EXPECT_TRUE(r.needs_cmake);
  EXPECT_NE(r.error.find("run 'cmake " + build_.string() + "'"), std::string::npos) << r.error;
  EXPECT_TRUE(fs::exists(build_ / ".cmake/api/v1/query/client-mcpc/codemodel-v2"));
  // Asked again: the query is there now, the reply still is not.
  FileApiResult again = find_built_servers(build_);
  EXPECT_FALSE(again.query_written);
  EXPECT_TRUE(again.needs_cmake);
}

TEST_F(FileApiTest, PicksTheNamedConfiguration) {
  write_reply({}, "Release");
  EXPECT_EQ(find_built_servers(build_, "Release").error, "");
  FileApiResult r = find_built_servers(build_, "Debug");
  EXPECT_NE(r.error.find("no configuration 'Debug' (it has: Release)"), std::string::npos) << r.error;
}

TEST_F(FileApiTest, RefusesWhatIsNotABuildTree) {
  EXPECT_NE(find_built_servers(root_ / "missing").error.find("is not a directory"), std::string::npos);
  EXPECT_NE(find_built_servers(source_).error.find("not a CMake build directory"), std::string::npos);
  EXPECT_FALSE(fs::exists(source_ / ".cmake"));  // nothing written into a non-build directory
}

TEST_F(FileApiTest, ReportsABrokenReply) {
  write_reply({{{"name", "greeter"}, {"sources", {{{"path", "x.mcpc-server.json"}}}}}});
  write(reply() / "codemodel-v2-abc.json", "{not json");
  EXPECT_NE(find_built_servers(build_).error.find("is not valid JSON"), std::string::npos);
}

TEST_F(FileApiTest, IsBuiltAsksForTheExecutableOrThePackageJson) {
  BuiltServer native{"greeter", "cpp", source_ / "greeter.yaml", build_ / "bin/greeter", build_ / "greeter_mcp"};
  EXPECT_FALSE(native.is_built());
  write(native.artifact, "binary");
  EXPECT_TRUE(native.is_built());
  BuiltServer ts{"web", "ts", source_ / "web.yaml", build_ / "web_mcp", build_ / "web_mcp"};
  fs::create_directories(ts.artifact);
  EXPECT_FALSE(ts.is_built());  // generated sources alone are not the package yet
  write(ts.artifact / "package.json", "{}");
  EXPECT_TRUE(ts.is_built());
  EXPECT_FALSE(BuiltServer{}.is_built());
}

TEST_F(FileApiTest, RunsCMakeOnlyWhenAskedAndOnlyForAnUnansweredQuery) {
  // The query is there (add_mcp_server wrote it), the reply is not, and the cache names a
  // "cmake" that fails: asked to, find_built_servers runs it and reports its failure.
  write(build_ / ".cmake/api/v1/query/client-mcpc/codemodel-v2", "");
  write(build_ / "CMakeCache.txt", "CMAKE_COMMAND:INTERNAL=/bin/false\n");
  FileApiResult without = find_built_servers(build_);
  EXPECT_TRUE(without.needs_cmake);
  EXPECT_FALSE(without.ran_cmake);
  FileApiResult with = find_built_servers(build_, "", /*run_cmake=*/true);
  EXPECT_NE(with.error.find("re-running '/bin/false " + build_.string() + "'"), std::string::npos) << with.error;
  // A "cmake" that answers the query (writes a reply) is run once and its reply read.
  fs::path fake = root_ / "fake-cmake";
  write(fake, "#!/bin/sh\nmkdir -p \"$1/.cmake/api/v1/reply\" && printf '%s' '" +
                  Json{{"kind", "codemodel"},
                       {"paths", {{"source", "/s"}, {"build", "/b"}}},
                       {"configurations", {{{"name", ""}, {"targets", Json::array()}}}}}
                      .dump() +
                  "' > \"$1/.cmake/api/v1/reply/codemodel-v2-x.json\" && printf '%s' '" +
                  Json{{"reply", {{"client-mcpc", {{"codemodel-v2", {{"jsonFile", "codemodel-v2-x.json"}}}}}}}}.dump() +
                  "' > \"$1/.cmake/api/v1/reply/index-1.json\"\n");
  fs::permissions(fake, fs::perms::owner_all);
  write(build_ / "CMakeCache.txt", "CMAKE_COMMAND:INTERNAL=" + fake.string() + "\n");
  FileApiResult ran = find_built_servers(build_, "", /*run_cmake=*/true);
  EXPECT_EQ(ran.error, "");
  EXPECT_TRUE(ran.ran_cmake);
  EXPECT_TRUE(ran.servers.empty());
}

TEST_F(FileApiTest, ReadsTheCMakeThatConfiguredTheBuild) {
  EXPECT_EQ(cmake_of_build(build_), fs::path("/usr/bin/cmake"));
  EXPECT_EQ(cmake_of_build(root_.path()), fs::path());
}

}  // namespace
}  // namespace mcpc::pipeline
