// mcpc init [DIR] [--template NAME] [--target cpp|ts] [--name SERVER] [--force]: a new project
// from a template: its spec, the build (CMake or npm), handler stubs written by the code
// generator (as `mcpc compile` writes them), a test, .gitignore, a pre-commit configuration and
// a README. `--list-templates` lists the templates. Everything is rendered and the spec checked
// in memory first; nothing is written when anything fails, and no existing file is replaced
// without --force.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "mcpc/codegen/output.h"
#include "mcpc/pipeline/pipeline.h"
#include "subcommand.h"

#ifndef MCPC_VERSION
#define MCPC_VERSION "0.0.0"
#endif

namespace mcpc::tool {
namespace {

namespace fs = std::filesystem;

struct InitOptions {
  std::string dir = ".";
  std::string template_name = "custom";
  std::string target = "cpp";
  std::string name;
  bool force = false;
  bool list = false;
  const CLI::Option* name_option = nullptr;  ///< given, even as "": not derived from DIR
};

constexpr std::size_t kMaxNameLength = 64;
// Where a TypeScript project keeps its handler files, and where its package is generated.
constexpr std::string_view kTsHandlersDir = "handlers";

// The templates: PREFIX/share/mcpc/init next to an installed mcpc, else the source tree's
// init/ (a build tree's mcpc), as docs_dir() finds the documents.
fs::path templates_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
#ifdef MCPC_INITDIR_FROM_BINDIR
  if (!ec) {
    fs::path installed = (exe.parent_path() / MCPC_INITDIR_FROM_BINDIR).lexically_normal();
    if (fs::is_directory(installed / "common", ec)) return installed;
  }
#endif
#ifdef MCPC_SOURCE_DIR
  return fs::path(MCPC_SOURCE_DIR) / "init";
#else
  return "init";
#endif
}

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return std::nullopt;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return text;
}

struct TemplateInfo {
  std::string name;
  std::string about;
};

// Every directory of the template root with an about.txt, by name ("common" holds no template).
std::vector<TemplateInfo> list_templates(const fs::path& root) {
  std::vector<TemplateInfo> found;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(root, ec)) {
    std::optional<std::string> about = read_text(entry.path() / "about.txt");
    if (!about || entry.path().filename() == "common") continue;
    about->erase(std::find(about->begin(), about->end(), '\n'), about->end());
    found.push_back({entry.path().filename().string(), *about});
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return found;
}

// The server name goes into YAML, JSON, CMake, C++ and TypeScript unescaped, so it is held to
// a charset that is inert in all of them (and is a valid npm package name). "" when it is.
std::string name_problem(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength)
    return "must be 1 to " + std::to_string(kMaxNameLength) + " characters";
  if (name.front() < 'a' || name.front() > 'z') return "must start with a lower-case letter";
  for (char c : name) {
    if ((c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-')
      return "may hold only lower-case letters, digits and '-'";
  }
  if (name.back() == '-') return "must not end with '-'";
  return "";
}

// A name from the project directory's own name (my_Server -> my-server), as npm init does.
std::string name_from_dir(const std::string& dir) {
  std::error_code ec;
  fs::path abs = fs::absolute(dir, ec).lexically_normal();
  std::string base = (abs.has_filename() ? abs.filename() : abs.parent_path().filename()).string();
  std::string name;
  for (char c : base) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) {
      if (!name.empty() || (c >= 'a' && c <= 'z')) name += c;
    } else if (!name.empty() && name.back() != '-') {
      name += '-';
    }
  }
  while (!name.empty() && name.back() == '-') name.pop_back();
  if (name.size() > kMaxNameLength) name.resize(kMaxNameLength);
  while (!name.empty() && name.back() == '-') name.pop_back();
  return name;
}

// Target names CMake keeps for itself (and add_mcp_server()'s global publishing target).
bool reserved_cmake_target(std::string_view target) {
  static const std::set<std::string_view> reserved = {
      "all",     "clean",          "help",       "install",       "install_local",           "install_strip", "test",
      "package", "package_source", "edit_cache", "rebuild_cache", "list_install_components", "mcp_publish"};
  return reserved.contains(target);
}

std::string render(const std::string& text, const kainjow::mustache::data& view, const std::string& what,
                   Invocation& inv) {
  kainjow::mustache::mustache tmpl(text);
  if (tmpl.is_valid()) {
    tmpl.set_custom_escape([](const std::string& s) { return s; });
    std::string out = tmpl.render(view);
    if (tmpl.is_valid()) return out;
  }
  inv.report(Check::Template, "template '" + what + "': " + tmpl.error_message());
  return "";
}

// `"name": "version"` lines of a package.json section, as the generated package pins them.
std::string dependency_lines(const nlohmann::json& section) {
  std::string lines;
  for (const auto& [name, version] : section.items()) {
    if (!lines.empty()) lines += ",\n";
    lines += "    " + nlohmann::json(name).dump() + ": " + version.dump();
  }
  return lines;
}

// The generated files for the target: the C++ handler skeleton, or the TypeScript handler
// files (moved to handlers/) and the package's pinned dependencies for the project's
// package.json. False after reporting a problem.
bool generate(const InitOptions& io, const std::string& target_name, const std::string& spec_text,
              std::vector<codegen::GeneratedFile>& files, kainjow::mustache::data& view, Invocation& inv) {
  pipeline::Request request;
  request.inputs.push_back({(fs::path(io.dir) / "mcp.yaml").string(), spec_text});
  request.backend = io.target;
  request.generate_options.basename = target_name;
  request.generate_options.tool_version = MCPC_VERSION;
  request.generate_files = io.target == "ts";
  request.generate_skeleton = io.target == "cpp";
  pipeline::Result result = pipeline::run(request, inv.sources, inv.diags);
  if (inv.diags.has_errors() || inv.diags.warning_count() > 0) {
    inv.report(Check::Template, "template '" + io.template_name + "': its spec does not check clean");
    return false;
  }
  if (io.target == "cpp") {
    files.emplace_back(target_name + "_handlers.cc", result.skeleton->content);
    return true;
  }
  const std::string prefix = result.output->handlers_root + "/";
  for (const codegen::GeneratedFile& f : result.output->files) {
    if (f.keep_existing && f.path.starts_with(prefix))
      files.emplace_back(std::string(kTsHandlersDir) + "/" + f.path.substr(prefix.size()), f.content);
    if (f.path != "package.json") continue;
    nlohmann::json package = nlohmann::json::parse(f.content, nullptr, false);
    if (!package.is_object() || !package["dependencies"].is_object() || !package["devDependencies"].is_object()) {
      inv.report(Check::Template, "the generated package.json has no dependencies to copy");
      return false;
    }
    view.set("dependencies", dependency_lines(package["dependencies"]));
    view.set("dev_dependencies", dependency_lines(package["devDependencies"]));
  }
  return true;
}

void print_next_steps(const InitOptions& io, const std::string& target_name, std::size_t written, std::ostream& out) {
  out << "mcpc: wrote " << written << " files to " << io.dir << ": the " << io.template_name << " template for the "
      << io.target << " target\n\nNext steps:\n";
  if (io.dir != ".") out << "  cd " << io.dir << "\n";
  if (io.target == "cpp") {
    out << "  cmake -S . -B build -G Ninja    # -DCMAKE_PREFIX_PATH=<mcpc's prefix> if not in /usr/local or /usr\n"
        << "  cmake --build build\n"
        << "  ctest --test-dir build          # the server answers MCP with the tools of mcp.yaml\n"
        << "Then write the tools in " << target_name << "_handlers.cc; ./build/" << target_name
        << " serves MCP over stdio.\n";
  } else {
    out << "  npm install\n"
        << "  npm test                        # generates the package into build/, builds and tests it\n"
        << "Then write the tools in " << kTsHandlersDir << "/; npm start serves MCP over stdio.\n";
  }
}

void run_init(const InitOptions& io, Invocation& inv) {
  const fs::path root = templates_dir();
  std::vector<TemplateInfo> templates = list_templates(root);
  if (templates.empty()) {
    inv.report(Check::Io, "no project templates in '" + root.string() + "'");
    return;
  }
  if (io.list) {
    std::size_t width = 0;
    for (const TemplateInfo& t : templates) width = std::max(width, t.name.size());
    for (const TemplateInfo& t : templates)
      inv.io.out << t.name << std::string(width + 2 - t.name.size(), ' ') << t.about << "\n";
    return;
  }
  auto known = std::find_if(templates.begin(), templates.end(),
                            [&](const TemplateInfo& t) { return t.name == io.template_name; });
  if (known == templates.end()) {
    std::vector<std::string_view> names;
    std::string listed;
    for (const TemplateInfo& t : templates) {
      names.push_back(t.name);
      listed += (listed.empty() ? "" : ", ") + t.name;
    }
    std::string message = "unknown template '" + sanitize_utf8(io.template_name) + "'";
    if (std::string match = closest_match(io.template_name, names); !match.empty())
      message += "; did you mean '" + match + "'?";
    inv.usage_error(message + " (templates: " + listed + ")");
    return;
  }
  std::error_code ec;
  if (fs::exists(io.dir, ec) && !fs::is_directory(io.dir, ec)) {
    inv.usage_error("'" + io.dir + "' exists and is not a directory");
    return;
  }
  const bool derived = io.name_option->count() == 0;
  const std::string name = derived ? name_from_dir(io.dir) : io.name;
  if (std::string problem = name_problem(name); !problem.empty()) {
    inv.usage_error(derived
                        ? "cannot make a server name from the directory's name '" +
                              sanitize_utf8(fs::absolute(io.dir, ec).filename().string()) + "'; give one with --name"
                        : "--name '" + sanitize_utf8(name) + "': a server name " + problem);
    return;
  }
  std::string target_name = name;
  std::replace(target_name.begin(), target_name.end(), '-', '_');
  if (io.target == "cpp" && reserved_cmake_target(target_name)) {
    inv.usage_error("--name '" + name + "': CMake reserves the target name '" + target_name + "'; choose another");
    return;
  }

  kainjow::mustache::data view;
  view.set("name", name);
  view.set("target", target_name);
  view.set("template", io.template_name);
  std::vector<codegen::GeneratedFile> files;
  // {file in the project, template under root}
  std::vector<std::pair<std::string, std::string>> rendered = {
      {"mcp.yaml", io.template_name + "/mcp.yaml.mustache"},
      {io.target == "cpp" ? "CMakeLists.txt" : "package.json",
       "common/" + io.target + (io.target == "cpp" ? "/CMakeLists.txt.mustache" : "/package.json.mustache")},
      {"README.md", "common/" + io.target + "/README.md.mustache"},
      {".gitignore", "common/" + io.target + "/gitignore.mustache"},
      {".pre-commit-config.yaml", "common/pre-commit-config.yaml.mustache"}};
  std::vector<std::string> sources;
  for (const auto& [path, source] : rendered) {
    std::optional<std::string> text = read_text(root / source);
    if (!text) {
      inv.report(Check::Io, "cannot read template file '" + (root / source).string() + "'");
      return;
    }
    sources.push_back(std::move(*text));
  }
  std::string spec = render(sources[0], view, rendered[0].second, inv);
  std::vector<codegen::GeneratedFile> handlers;
  if (inv.diags.has_errors() || !generate(io, target_name, spec, handlers, view, inv)) return;
  files.emplace_back("mcp.yaml", spec);
  for (std::size_t i = 1; i < rendered.size(); ++i)
    files.emplace_back(rendered[i].first, render(sources[i], view, rendered[i].second, inv));
  if (inv.diags.has_errors()) return;
  files.insert(files.end(), handlers.begin(), handlers.end());

  std::vector<std::string> existing;
  for (const codegen::GeneratedFile& f : files) {
    if (fs::exists(fs::symlink_status(fs::path(io.dir) / f.path, ec))) existing.push_back(f.path);
  }
  if (!existing.empty() && !io.force) {
    std::string list;
    for (const std::string& p : existing) list += (list.empty() ? "" : ", ") + p;
    inv.usage_error("'" + io.dir + "' already has " + list +
                    "; mcpc init does not overwrite files (--force replaces them)");
    return;
  }
  std::optional<codegen::WriteReport> report = codegen::write_files(io.dir, files, inv.diags);
  if (!report) return;
  print_next_steps(io, target_name, files.size(), inv.io.out);
}

}  // namespace

Subcommand add_init_command(CLI::App& app) {
  auto io = std::make_shared<InitOptions>();
  CLI::App* cmd = app.add_subcommand("init", "Start a new server project from a template");
  cmd->add_option("dir", io->dir, "The project's directory (created when missing)")->capture_default_str();
  cmd->add_option("--template", io->template_name, "The template (--list-templates lists them)")->capture_default_str();
  cmd->add_option("--target,-t", io->target, "cpp (a CMake project, a native server) or ts (an npm package)")
      ->check(CLI::IsMember({"cpp", "ts"}))
      ->capture_default_str();
  io->name_option = cmd->add_option(
      "--name", io->name, "The server's name: lower-case letters, digits and '-' (default: from the directory's name)");
  cmd->add_flag("--force", io->force, "Replace files that exist");
  cmd->add_flag("--list-templates", io->list, "List the templates and exit");
  return {cmd, [io](Invocation& inv) { run_init(*io, inv); }, nullptr};
}

}  // namespace mcpc::tool
