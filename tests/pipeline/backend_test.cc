// What the layers above a backend do with its answer, shown with a fake backend
// (tests/support/fake_backend.h) given to the pipeline as Request::backend_override: the
// checked module and the options reach it, its files come back unchanged and are written as
// they are, it is not called for a spec with errors, and its diagnostics decide the exit
// status through mcpc::exit_code(), the one place every subcommand takes it from.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "../support/fake_backend.h"
#include "../support/files.h"
#include "../support/temp_dir.h"
#include "mcpc/codegen/output.h"
#include "mcpc/pipeline/pipeline.h"
#include "mcpc/tool/cli.h"

namespace mcpc {
namespace {

namespace fs = std::filesystem;
using testing::FakeBackend;

const char* kGoodSpec =
    "name: fake-test\nversion: 1.0.0\ntools:\n  - {name: a, description: d}\n  - {name: b, description: d}\n";
const char* kBadSpec = "name: fake-test\nversion: 1.0\n";

// One run of the pipeline over an in-memory spec (before any inputs `request` has) with
// `backend` as the backend.
struct PipelineRun {
  SourceManager sm;
  DiagnosticEngine diags;
  pipeline::Result result;

  PipelineRun(const FakeBackend& backend, const std::string& spec, pipeline::Request request = {}) {
    request.inputs.insert(request.inputs.begin(), {"spec.yaml", spec});
    request.backend_override = &backend;
    result = pipeline::run(request, sm, diags);
  }
  std::string diagnostics() const { return render_text(sm, diags.sorted(), {}); }
};

FakeBackend backend_writing(std::vector<codegen::GeneratedFile> files) {
  FakeBackend backend;
  backend.output.files = std::move(files);
  backend.output.inputs = {"/templates/x.mustache"};
  return backend;
}

TEST(FakeBackend, GetsTheCheckedModuleAndTheOptions) {
  FakeBackend backend = backend_writing({{"a.h", "// a\n"}});
  pipeline::Request request;
  request.generate_options.basename = "custom";
  request.generate_options.tool_version = "9.9.9";
  PipelineRun run(backend, kGoodSpec, request);
  ASSERT_FALSE(run.diags.has_errors()) << run.diagnostics();
  ASSERT_EQ(backend.generate_calls.size(), 1u);
  EXPECT_EQ(backend.generate_calls[0].server_name, "fake-test");
  EXPECT_EQ(backend.generate_calls[0].tools, 2u);
  EXPECT_EQ(backend.generate_calls[0].options.basename, "custom");
  EXPECT_EQ(backend.generate_calls[0].options.tool_version, "9.9.9");
  EXPECT_TRUE(backend.skeleton_calls.empty()) << "no skeleton was asked for";
  EXPECT_FALSE(run.result.skeleton.has_value());
}

TEST(FakeBackend, OverridesTheBackendNamed) {
  FakeBackend backend = backend_writing({{"a.h", "// a\n"}});
  pipeline::Request request;
  request.backend = "cpp";
  PipelineRun run(backend, kGoodSpec, request);
  EXPECT_EQ(backend.generate_calls.size(), 1u);
  ASSERT_TRUE(run.result.output.has_value());
  ASSERT_EQ(run.result.output->files.size(), 1u);
  EXPECT_EQ(run.result.output->files[0].path, "a.h");
}

TEST(FakeBackend, ItsOutputComesBackUnchangedAndIsWrittenAsItIs) {
  FakeBackend backend = backend_writing({{"server.h", "// header\n"},
                                         {"src/server.cc", "// source\n"},
                                         {"handlers.cc", "// yours\n", true, "// signature"}});
  PipelineRun run(backend, kGoodSpec);
  ASSERT_TRUE(run.result.output.has_value()) << run.diagnostics();
  const codegen::Output& output = *run.result.output;
  ASSERT_EQ(output.files.size(), 3u);
  for (std::size_t i = 0; i < output.files.size(); ++i) {
    EXPECT_EQ(output.files[i].path, backend.output.files[i].path);
    EXPECT_EQ(output.files[i].content, backend.output.files[i].content);
    EXPECT_EQ(output.files[i].keep_existing, backend.output.files[i].keep_existing);
  }
  EXPECT_EQ(output.inputs, backend.output.inputs);

  // What `mcpc compile` does with it: exactly these files, and a user's handler file kept.
  testing::TempDir dir("fake-backend");
  dir.write("handlers.cc", "// signature\n// my work\n");
  ASSERT_TRUE(codegen::write_files(dir.path(), output.files, run.diags)) << run.diagnostics();
  std::set<std::string> written;
  for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
    if (entry.is_regular_file()) written.insert(entry.path().lexically_relative(dir.path()).string());
  }
  EXPECT_EQ(written, (std::set<std::string>{"server.h", "src/server.cc", "handlers.cc"}));
  EXPECT_EQ(testing::read_file(dir / "server.h"), "// header\n");
  EXPECT_EQ(testing::read_file(dir / "src/server.cc"), "// source\n");
  EXPECT_EQ(testing::read_file(dir / "handlers.cc"), "// signature\n// my work\n");
}

TEST(FakeBackend, IsNotCalledWhenTheChecksFail) {
  FakeBackend backend = backend_writing({{"a.h", "// a\n"}});
  pipeline::Request request;
  request.generate_skeleton = true;
  request.inputs.push_back({"bad.yaml", kBadSpec});  // one bad input stops generation for all
  PipelineRun run(backend, kGoodSpec, request);
  EXPECT_TRUE(run.diags.has_errors());
  EXPECT_EQ(run.result.modules.size(), 1u) << "the good spec passed its checks";
  EXPECT_TRUE(backend.generate_calls.empty());
  EXPECT_TRUE(backend.skeleton_calls.empty());
  EXPECT_FALSE(run.result.output.has_value());
  EXPECT_EQ(exit_code(run.diags), kExitErrors);
}

TEST(FakeBackend, OnlyTheSkeletonWhenOnlyTheSkeletonIsAskedFor) {
  FakeBackend backend = backend_writing({{"a.h", "// a\n"}});
  pipeline::Request request;
  request.generate_files = false;
  request.generate_skeleton = true;
  PipelineRun run(backend, kGoodSpec, request);
  EXPECT_TRUE(backend.generate_calls.empty());
  ASSERT_EQ(backend.skeleton_calls.size(), 1u);
  ASSERT_TRUE(run.result.skeleton.has_value());
  EXPECT_EQ(run.result.skeleton->path, "handlers.cc");
  EXPECT_FALSE(run.result.output.has_value());
}

TEST(FakeBackend, ItsErrorFailsTheRunWithExitOne) {
  FakeBackend backend = backend_writing({{"a.h", "// a\n"}});
  backend.problem = FakeBackend::Problem{Check::Template, "template 'x' is broken"};
  PipelineRun run(backend, kGoodSpec);
  EXPECT_FALSE(run.result.output.has_value());
  ASSERT_EQ(run.diags.raw().size(), 1u);
  EXPECT_EQ(run.diags.raw()[0].check, Check::Template);
  EXPECT_EQ(exit_code(run.diags), kExitErrors);
  EXPECT_NE(run.diagnostics().find("mcpc: error: template 'x' is broken [template]"), std::string::npos)
      << run.diagnostics();
}

TEST(FakeBackend, ItsUsageErrorExitsTwo) {
  FakeBackend backend = backend_writing({{"a.h", "// a\n"}});
  backend.problem = FakeBackend::Problem{Check::Usage, "basename 'a b' is not a file name"};
  PipelineRun run(backend, kGoodSpec);
  EXPECT_EQ(exit_code(run.diags), kExitUsage) << "a backend's complaint about an option is a usage error";
}

TEST(FakeBackend, ItsWarningPassesUnlessWarningsAreErrors) {
  FakeBackend backend = backend_writing({{"a.h", "// a\n"}});
  backend.problem = FakeBackend::Problem{Check::Generate, "something to know", Severity::Warning};
  PipelineRun run(backend, kGoodSpec);
  ASSERT_TRUE(run.result.output.has_value()) << "a warning does not stop generation";
  EXPECT_EQ(exit_code(run.diags), kExitOk);
  EXPECT_EQ(exit_code(run.diags, /*warnings_as_errors=*/true), kExitErrors);
}

}  // namespace
}  // namespace mcpc
