// The pipeline (mcpc/pipeline/pipeline.h): front-end choice, every problem as a diagnostic,
// and a test-only front end (tool_list_frontend.h) added by following
// docs/adding-a-frontend.md, with its golden IR and diagnostics.
#include "mcpc/pipeline/pipeline.h"

#include <gtest/gtest.h>

#include "../support/golden.h"
#include "mcpc/ir/ir_json.h"
#include "tool_list_frontend.h"

namespace mcpc {
namespace {

// Paths are relative to the source root (CTest runs this there) so goldens hold no machine paths.
const pipeline::FrontendTable& table_with_tool_lists() {
  static const pipeline::FrontendTable table = [] {
    pipeline::FrontendTable t{&testing::tool_list_frontend()};
    t.insert(t.end(), pipeline::frontends().begin(), pipeline::frontends().end());
    return t;
  }();
  return table;
}

pipeline::Request request_for(const std::string& path) {
  pipeline::Request request;
  request.inputs.push_back({path, std::nullopt});
  request.frontends = &table_with_tool_lists();
  return request;
}

std::string checks_of(const DiagnosticEngine& diags) {
  std::string out;
  for (const Diagnostic& d : diags.sorted()) out += std::string(check_info(d.check).name) + " ";
  return out;
}

TEST(PipelineFrontends, TestFrontendIsChosenByItsInputAndLowersToTheGoldenIr) {
  SourceManager sm;
  DiagnosticEngine diags;
  pipeline::Result result = pipeline::run(request_for("tests/pipeline/greetings.tools"), sm, diags);
  ASSERT_FALSE(diags.has_errors()) << render_text(sm, diags.sorted(), {});
  ASSERT_EQ(result.modules.size(), 1u);
  testing::expect_golden(MCPC_SOURCE_DIR "/tests/pipeline/golden/greetings.ir.json",
                         ir::dump(result.modules.front().module()));
}

TEST(PipelineFrontends, TestFrontendProblemsAndTheChecksReportTogether) {
  SourceManager sm;
  DiagnosticEngine diags;
  pipeline::run(request_for("tests/pipeline/broken.tools"), sm, diags);
  TextRenderOptions plain;
  plain.show_source = false;
  testing::expect_golden(MCPC_SOURCE_DIR "/tests/pipeline/golden/broken.stderr",
                         render_text(sm, diags.sorted(), plain));
}

TEST(PipelineFrontends, TestFrontendFeedsEveryBackend) {
  for (const codegen::Backend* backend : codegen::backends()) {
    SourceManager sm;
    DiagnosticEngine diags;
    pipeline::Request request = request_for("tests/pipeline/greetings.tools");
    request.backend = std::string(backend->name());
    pipeline::Result result = pipeline::run(request, sm, diags);
    EXPECT_FALSE(diags.has_errors()) << backend->name() << ": " << render_text(sm, diags.sorted(), {});
    ASSERT_TRUE(result.output.has_value()) << backend->name();
    EXPECT_FALSE(result.output->files.empty());
  }
}

TEST(PipelineFrontends, WithoutTheTestFrontendTheSpecFrontendReadsTheFile) {
  SourceManager sm;
  DiagnosticEngine diags;
  pipeline::Request request = request_for("tests/pipeline/greetings.tools");
  request.frontends = nullptr;  // the built-in table: the spec front end takes any file
  pipeline::Result result = pipeline::run(request, sm, diags);
  EXPECT_TRUE(diags.has_errors());
  EXPECT_TRUE(result.modules.empty());
}

TEST(PipelineFrontends, AFrontendCanBeNamed) {
  SourceManager sm;
  DiagnosticEngine diags;
  pipeline::Request request = request_for("tests/pipeline/greetings.tools");
  request.frontend = "spec";
  pipeline::run(request, sm, diags);
  EXPECT_TRUE(diags.has_errors()) << "the spec front end cannot read a tool list";
}

TEST(PipelineProblems, UnknownNamesAreUsageErrorsWithoutALocation) {
  for (auto [frontend, backend] : {std::pair{"nope", ""}, std::pair{"", "nope"}}) {
    SourceManager sm;
    DiagnosticEngine diags;
    pipeline::Request request = request_for("tests/pipeline/greetings.tools");
    request.frontend = frontend;
    request.backend = backend;
    pipeline::Result result = pipeline::run(request, sm, diags);
    ASSERT_EQ(diags.raw().size(), 1u);
    EXPECT_EQ(diags.raw()[0].check, Check::Usage);
    EXPECT_EQ(diags.raw()[0].loc, SourceLoc::none());
    EXPECT_EQ(sm.describe(diags.raw()[0].loc), "mcpc");
    EXPECT_FALSE(result.output.has_value());
  }
}

TEST(PipelineProblems, AMissingInputIsAnIoErrorAndTheOthersAreStillChecked) {
  SourceManager sm;
  DiagnosticEngine diags;
  pipeline::Request request = request_for("tests/pipeline/no-such-file.tools");
  request.inputs.push_back({"tests/pipeline/broken.tools", std::nullopt});
  pipeline::run(request, sm, diags);
  EXPECT_EQ(checks_of(diags), "io syntax duplicate-name ");
  EXPECT_NE(diags.sorted()[0].message.find("no such file"), std::string::npos);
}

TEST(PipelineProblems, ABackendRunsOnlyWhenEveryInputIsClean) {
  SourceManager sm;
  DiagnosticEngine diags;
  pipeline::Request request = request_for("tests/pipeline/broken.tools");
  request.backend = "cpp";
  pipeline::Result result = pipeline::run(request, sm, diags);
  EXPECT_TRUE(diags.has_errors());
  EXPECT_FALSE(result.output.has_value());
}

TEST(PipelineIr, TheIrFrontendReadsWhatIrDumpWrites) {
  SourceManager sm;
  DiagnosticEngine diags;
  pipeline::Result first = pipeline::run(request_for("tests/pipeline/greetings.tools"), sm, diags);
  ASSERT_EQ(first.modules.size(), 1u);
  std::string dumped = ir::dump(first.modules.front().module());

  SourceManager sm2;
  DiagnosticEngine diags2;
  pipeline::Request request;
  request.inputs.push_back({"greetings.ir.json", dumped});
  request.frontend = "ir";
  pipeline::Result second = pipeline::run(request, sm2, diags2);
  ASSERT_EQ(second.modules.size(), 1u) << render_text(sm2, diags2.sorted(), {});
  EXPECT_EQ(ir::dump(second.modules.front().module()), dumped);

  DiagnosticEngine diags3;
  request.inputs = {{"bad.ir.json", std::string("{\"irVersion\": 99}")}};
  pipeline::run(request, sm2, diags3);
  EXPECT_EQ(checks_of(diags3), "syntax ");
}

}  // namespace
}  // namespace mcpc
