// The discovery page's embedded assets (registry/web): what `mcpc serve` finds for a path, and
// that every embedded file is byte-for-byte the one in registry/web/static with a matching ETag.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>

#include "mcpc/registry/sha256.h"
#include "mcpc/web/assets.h"

namespace {

using mcpc::web::all_assets;
using mcpc::web::Asset;
using mcpc::web::find_asset;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(WebAssets, RootAndIndexAreThePage) {
  const Asset* root = find_asset("/");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root, find_asset("/index.html"));
  EXPECT_EQ(root->path, "/index.html");
  EXPECT_EQ(root->content_type, "text/html; charset=utf-8");
  EXPECT_NE(root->body.find("<!doctype html>"), std::string_view::npos);
}

TEST(WebAssets, ScriptAndStyleAreServedUnderAssets) {
  const Asset* script = find_asset("/assets/app.js");
  ASSERT_NE(script, nullptr);
  EXPECT_EQ(script->content_type, "text/javascript; charset=utf-8");
  const Asset* style = find_asset("/assets/style.css");
  ASSERT_NE(style, nullptr);
  EXPECT_EQ(style->content_type, "text/css; charset=utf-8");
  const Asset* icon = find_asset("/assets/favicon.svg");
  ASSERT_NE(icon, nullptr);
  EXPECT_EQ(icon->content_type, "image/svg+xml");
}

TEST(WebAssets, UnknownPathsAreNotFound) {
  for (const char* path : {"", "/nope", "/assets", "/assets/", "/app.js", "/assets/index.html", "/assets/../index.html",
                           "/index.html?x=1", "/ASSETS/app.js", "index.html", "/assets/app.js/", "//index.html"}) {
    EXPECT_EQ(find_asset(path), nullptr) << path;
  }
}

TEST(WebAssets, EveryAssetIsTheSourceFileWithItsDigestAsETag) {
  const std::filesystem::path dir = MCPC_WEB_STATIC_DIR;
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) on_disk.insert(entry.path().filename());
  std::set<std::string> embedded;
  std::set<std::string_view> etags;
  for (const Asset& asset : all_assets()) {
    SCOPED_TRACE(std::string(asset.path));
    ASSERT_FALSE(asset.content_type.empty());
    ASSERT_EQ(asset.path.front(), '/');
    EXPECT_EQ(find_asset(asset.path), &asset);
    const std::string file = std::filesystem::path(asset.path).filename();
    embedded.insert(file);
    EXPECT_EQ(asset.body, read_file(dir / file)) << "rebuild: the embedded copy is stale";
    // A strong ETag as sent: the first 128 bits of the body's SHA-256, in quotes.
    ASSERT_EQ(asset.etag.size(), 34u);
    EXPECT_EQ(asset.etag.front(), '"');
    EXPECT_EQ(asset.etag.back(), '"');
    EXPECT_EQ(asset.etag.substr(1, 32), mcpc::registry::sha256_hex(asset.body).substr(0, 32));
    EXPECT_TRUE(etags.insert(asset.etag).second) << "two assets share an ETag";
  }
  EXPECT_EQ(embedded, on_disk);
}

// The service sends Content-Security-Policy: default-src 'self'. Inline scripts, inline styles
// and event-handler attributes would be blocked by it, and markup built from strings would let
// API data inject elements: none of these may appear.
TEST(WebAssets, PageRunsUnderAStrictContentSecurityPolicy) {
  const std::string html(find_asset("/")->body);
  const std::regex script_tag("<script([^>]*)>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), script_tag); it != std::sregex_iterator(); ++it) {
    EXPECT_NE((*it)[1].str().find("src=\"/assets/"), std::string::npos) << (*it)[0];
  }
  EXPECT_FALSE(std::regex_search(html, std::regex(R"(\son[a-z]+\s*=)", std::regex::icase)));
  EXPECT_EQ(html.find("style="), std::string::npos);
  EXPECT_EQ(html.find("<style"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos) << "no third-party resources";
  EXPECT_EQ(html.find("https://"), std::string::npos) << "no third-party resources";

  const std::string_view script = find_asset("/assets/app.js")->body;
  for (const char* sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"}) {
    EXPECT_EQ(script.find(sink), std::string_view::npos) << sink;
  }
}

}  // namespace
