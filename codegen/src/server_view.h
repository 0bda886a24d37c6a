// The view blocks every backend shows the same way, built once: the server's and each entity's
// name, title and description (as literals, comments and Markdown), the transport and auth
// defaults, the environment variables, embedded resource content. A backend adds its own keys
// (types, file names, schemas, the generated server's messages) to these blocks; a key its
// templates do not print costs nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mcpc/codegen/backend.h"
#include "mcpc/ir/module.h"
#include "templates.h"

namespace mcpc::codegen {

inline View object() { return View(View::type::object); }
inline View list() { return View(View::type::list); }
inline View flag(bool b) { return View(b); }

/// How the target language spells spec text (escape.h): in a string literal, in a comment.
struct Spelling {
  std::string (*literal)(std::string_view);
  std::string (*comment)(std::string_view);
};

/// tool_version, name, version, title, description and website of the server (*_comment,
/// *_lit, *_md, has_*), the has_* flags of its lists, the transport and auth defaults
/// (default_transport, http_host_lit, http_port, http_path_lit, http_*_md, auth_bearer,
/// auth_api_key, auth_env_lit, auth_header_lit).
View server_view(const ir::Module& module, const GenerateOptions& options, const Spelling& spelling);

/// name_comment, name_md, name_lit, has_title, title_lit, has_description, description_lit,
/// comment and comment_md (the description, else the title), has_output.
View tool_view(const ir::Tool& tool, const Spelling& spelling);

/// uri_lit, uri_md, name_*, title_lit, description_lit, has_mime_type, mime_type_lit (as
/// written), comment_md (the description, else the title, else the name), and the content
/// (has_handler when the server's code produces it; else is_blob, content_lit: embedded_content). A `file:` resource
/// that cannot be read is reported to `diags` (kIo) and its content left empty.
View resource_view(const ir::Module& module, const ir::Resource& resource, const Spelling& spelling,
                   std::vector<std::string>& inputs, DiagnosticEngine& diags);

/// name_*, uri_template_comment, uri_template_md, uri_template_lit, title_lit, description_lit,
/// has_mime_type, mime_type_lit, comment, comment_md, has_variables.
View resource_template_view(const ir::ResourceTemplate& resource_template, const Spelling& spelling);

/// The type a template variable is read as: "integer", "number" or "boolean" when its schema
/// says so, else "string" (arrays and objects arrive as the URI's text).
std::string variable_type(const ir::TemplateVariable& variable);

/// What servers check a template variable with, once read as variable_type(): for a string,
/// pattern, minLength, maxLength, enum and format; for an integer or a number, its type, then
/// minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf and enum; for a boolean, its
/// type and enum (in that order); then its description.
OrderedJson variable_checks(const ir::TemplateVariable& variable);

/// Whether a URI the template matches may leave the variable out ({?q}, {&q}, {;q}, {/q},
/// {.q}); {q}, {+q} and {#q} always give it a value, maybe empty.
bool variable_may_be_absent(const ir::ResourceTemplate& resource_template, const std::string& variable);

/// name_*, title_lit, description_lit, comment, comment_md, has_arguments, and the messages
/// (role_lit, text_lit).
View prompt_view(const ir::Prompt& prompt, const Spelling& spelling);

/// name_comment, name_md, name_lit, name_json, description_md, description_lit, required (no
/// default to fall back on) and required_lit, secret, has_default, default_lit, default_md.
View env_var_view(const ir::EnvVar& var, const Spelling& spelling);

/// The environment variables in the IR's JSON order (by name), so --from-ir renders the same bytes.
std::vector<const ir::EnvVar*> env_by_name(const ir::Module& module);

}  // namespace mcpc::codegen
