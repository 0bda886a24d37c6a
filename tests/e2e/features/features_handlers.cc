// Handlers of the features test server (mcp.yaml): fixed bytes and texts the end-to-end test
// (tests/e2e/features.test.mjs) expects, the same as the TypeScript handlers in ts/handlers/.
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mcpc-features-server.h"

namespace features_mcp {
namespace {

using mcpc::runtime::content::text;

// The first bytes of a PNG and of a WAV file: enough to tell them apart on the wire.
const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
const std::string kWav("RIFF$\0\0\0WAVEfmt ", 16);

std::vector<std::string> starting_with(const std::vector<std::string>& values, const std::string& prefix) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    if (v.starts_with(prefix)) out.push_back(v);
  }
  return out;
}

class Features final : public Handlers {
 public:
  ToolResult chart(const ChartParams&, Context&) override {
    return ToolResult::image(kPng, "image/png").with(text("A chart of nothing in particular"));
  }

  ToolResult recording(const RecordingParams&, Context&) override { return ToolResult::audio(kWav, "audio/wav"); }

  ToolResult find_report(const FindReportParams& params, Context&) override {
    return ToolResult::resource_link("features://reports/daily/" + params.id, "report " + params.id, "text/plain");
  }

  ToolResult report_inline(const ReportInlineParams&, Context&) override {
    return ToolResult::embedded_resource("features://reports/daily/1", "text/plain", "Daily report 1")
        .with(mcpc::runtime::content::resource_blob("features://reports/daily/1.bin", "application/octet-stream",
                                                    mcpc::runtime::base64_encode(kPng)));
  }

  ToolResult mislabeled(const MislabeledParams&, Context&) override { return ToolResult::image(kPng, "image/png"); }

  ResourceContents read_counter(const std::string& uri, Context&) override {
    return {mcpc::runtime::resource_contents_text(uri, "text/plain", "read " + std::to_string(++reads_) + " times")};
  }

  ResourceContents read_report(const std::string& uri, const ReportVariables& variables, Context&) override {
    return {mcpc::runtime::resource_contents_text(uri, "text/plain",
                                                  std::string(to_string(variables.kind)) + " report " + variables.id)};
  }

  std::vector<std::string> complete_report_id(const std::string& value,
                                              const std::map<std::string, std::string>& context) override {
    auto kind = context.find("kind");
    std::string prefix = kind == context.end() ? "any" : kind->second;
    return starting_with({prefix + "-1", prefix + "-2"}, value);
  }

  std::vector<std::string> complete_write_story_topic(const std::string& value,
                                                      const std::map<std::string, std::string>&) override {
    return starting_with({"dragons", "dogs", "ducks", "robots"}, value);
  }

 private:
  std::atomic<int> reads_{0};
};

}  // namespace

std::unique_ptr<Handlers> make_handlers() { return std::make_unique<Features>(); }

}  // namespace features_mcp
