// Reads C++ headers with Clang LibTooling and turns the functions marked MCPC_TOOL into tools:
// JSON Schemas from the C++ types, descriptions from doc comments, and the native binding the
// C++ backend's glue calls (ir::NativeFunction, ir::NativeType). The only file that sees Clang.
#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/AST/Attr.h>
#include <clang/AST/Comment.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/QualTypeNames.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Tooling/ArgumentsAdjusters.h>
#include <clang/Tooling/CompilationDatabase.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Program.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "mcpc/extract/extract.h"

#ifndef MCPC_CLANG_RESOURCE_DIR
#define MCPC_CLANG_RESOURCE_DIR ""
#endif

namespace mcpc::extract {
namespace {

constexpr std::string_view kToolPrefix = "mcpc:tool:";
constexpr std::string_view kNamePrefix = "mcpc:name:";
/// Structs are written out in full wherever they are used, so a few small structs that use each
/// other many times can make a huge schema ("billion laughs"): bounded per schema and per run,
/// as the spec front end bounds its named types.
constexpr std::size_t kMaxSchemaNodes = 100'000;
constexpr std::size_t kMaxModuleNodes = 1'000'000;

std::string absolute(std::string path) {
  llvm::SmallString<256> p(path);
  llvm::sys::fs::make_absolute(p);
  llvm::sys::path::remove_dots(p, /*remove_dot_dot=*/true);
  return std::string(p.str());
}

/// How a path is shown: relative to the working directory when under it, else absolute.
std::string display_path(const std::string& path) {
  std::string abs = absolute(path);
  llvm::SmallString<256> cwd;
  if (!llvm::sys::fs::current_path(cwd)) {
    std::string prefix = std::string(cwd.str()) + "/";
    if (abs.rfind(prefix, 0) == 0) return abs.substr(prefix.size());
  }
  return abs;
}

/// A type that cannot be mapped, and where.
struct Unmappable {
  std::string why;
  clang::SourceLocation where;
};

/// The result of mapping one C++ type.
struct Mapped {
  OrderedJson schema;
  std::string cpp;        ///< the owning type the JSON value decodes into
  bool optional = false;  ///< std::optional<T>: `schema` is T's (plus null when nested)
  std::size_t nodes = 1;  ///< schema nodes, counted as they are built (kMaxSchemaNodes)
};

/// Everything one run builds, shared by the headers' translation units.
struct Collector {
  Collector(const Options& o, SourceManager& s, DiagnosticEngine& d) : options(o), sm(s), diags(d) {}
  const Options& options;
  SourceManager& sm;
  DiagnosticEngine& diags;
  ir::Module module;
  std::map<std::string, std::uint32_t> file_ids;  ///< absolute path -> sm id
  std::map<std::string, std::string> shown_as;    ///< absolute path of a header -> as given
  std::set<std::string> native_type_names;
  std::map<std::string, std::pair<OrderedJson, std::size_t>> struct_schemas;  ///< by cpp name: schema, nodes
  std::size_t module_nodes = 0;
  bool module_too_large = false;
  std::map<std::string, const ir::Tool*> tools_by_name;
  std::set<std::string> seen_functions;  ///< "file:line:col" of tools already taken
  std::vector<std::string> dependencies;
  std::set<std::string> dependency_set;

  std::uint32_t file_id(const std::string& abs_path, llvm::StringRef text) {
    auto it = file_ids.find(abs_path);
    if (it != file_ids.end()) return it->second;
    auto shown = shown_as.find(abs_path);
    std::string name = shown != shown_as.end() ? shown->second : display_path(abs_path);
    std::uint32_t id = sm.add(name, text.str());
    module.files.push_back(name);
    file_ids.emplace(abs_path, id);
    return id;
  }
};

/// Converts Clang's diagnostics into ours: errors only (warnings in the user's headers are
/// their compiler's business, and a run must not depend on which ones are on).
class DiagnosticBridge : public clang::DiagnosticConsumer {
 public:
  explicit DiagnosticBridge(Collector& c) : c_(c) {}

  void HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic& info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < clang::DiagnosticsEngine::Error) return;
    llvm::SmallString<256> text;
    info.FormatDiagnostic(text);
    SourceLoc loc = SourceLoc::none();
    if (info.getLocation().isValid() && info.hasSourceManager()) {
      loc = locate(info.getSourceManager(), info.getLocation());
    }
    c_.diags.report(Check::Cpp, loc, std::string(text.str()));
  }

  SourceLoc locate(const clang::SourceManager& sm, clang::SourceLocation l) {
    clang::SourceLocation file_loc = sm.getFileLoc(l);
    clang::FileID fid = sm.getFileID(file_loc);
    const clang::FileEntry* fe = sm.getFileEntryForID(fid);
    if (fe == nullptr) return SourceLoc::none();
    std::uint32_t id = c_.file_id(absolute(std::string(fe->getName())), sm.getBufferData(fid));
    unsigned line = sm.getSpellingLineNumber(file_loc);
    unsigned byte_col = sm.getSpellingColumnNumber(file_loc);
    std::uint32_t col = c_.sm.file(id).column_of(line - 1, byte_col - 1);
    return SourceLoc{id, line, col};
  }

 private:
  Collector& c_;
};

/// Walks one translation unit (one header) and adds its tools to the collector.
class ToolFinder {
 public:
  ToolFinder(Collector& c, clang::ASTContext& ctx) : c_(c), ctx_(ctx), sm_(ctx.getSourceManager()) {
    policy_ = ctx.getPrintingPolicy();
    policy_.SuppressTagKeyword = true;
    policy_.Bool = true;
  }

  void run() {
    collect_dependencies();
    for (clang::Decl* d : ctx_.getTranslationUnitDecl()->decls()) visit(d, 0);
  }

 private:
  // --- Where things are ----------------------------------------------------------------

  SourceLoc locate(clang::SourceLocation l) {
    if (l.isInvalid()) return SourceLoc::none();
    clang::SourceLocation file_loc = sm_.getFileLoc(l);
    clang::FileID fid = sm_.getFileID(file_loc);
    const clang::FileEntry* fe = sm_.getFileEntryForID(fid);
    if (fe == nullptr) return SourceLoc::none();
    std::uint32_t id = c_.file_id(absolute(std::string(fe->getName())), sm_.getBufferData(fid));
    unsigned line = sm_.getSpellingLineNumber(file_loc);
    unsigned byte_col = sm_.getSpellingColumnNumber(file_loc);
    return SourceLoc{id, line, c_.sm.file(id).column_of(line - 1, byte_col - 1)};
  }

  bool in_main_file(const clang::Decl* d) const { return sm_.isInMainFile(sm_.getFileLoc(d->getLocation())); }

  void collect_dependencies() {
    // Every file entered, in the order Clang read them, except system headers (like -MMD).
    for (unsigned i = 0; i < sm_.local_sloc_entry_size(); ++i) {
      const clang::SrcMgr::SLocEntry& e = sm_.getLocalSLocEntry(i);
      if (!e.isFile()) continue;
      const clang::SrcMgr::FileInfo& fi = e.getFile();
      if (fi.getFileCharacteristic() != clang::SrcMgr::C_User) continue;
      const clang::FileEntry* fe = fi.getContentCache().OrigEntry;
      if (fe == nullptr) continue;
      std::string abs = absolute(std::string(fe->getName()));
      auto shown = c_.shown_as.find(abs);
      std::string name = shown != c_.shown_as.end() ? shown->second : display_path(abs);
      if (c_.dependency_set.insert(name).second) c_.dependencies.push_back(name);
    }
  }

  // --- Declarations ------------------------------------------------------------------------

  void visit(clang::Decl* d, int depth) {
    if (depth > 64) return;  // namespaces and classes nested that deep hold no tools we take
    if (auto* ns = llvm::dyn_cast<clang::NamespaceDecl>(d)) {
      for (clang::Decl* inner : ns->decls()) visit(inner, depth + 1);
      return;
    }
    if (auto* link = llvm::dyn_cast<clang::LinkageSpecDecl>(d)) {
      for (clang::Decl* inner : link->decls()) visit(inner, depth + 1);
      return;
    }
    if (auto* tmpl = llvm::dyn_cast<clang::FunctionTemplateDecl>(d)) {
      if (tool_annotation(tmpl->getTemplatedDecl()) && in_main_file(d)) {
        warn_skipped(d->getLocation(), tmpl->getNameAsString(),
                     "it is a function template; mark a non-template function that calls it instead");
      }
      return;
    }
    if (auto* rec = llvm::dyn_cast<clang::CXXRecordDecl>(d)) {
      if (!rec->isThisDeclarationADefinition()) return;
      for (clang::Decl* inner : rec->decls()) {
        if (auto* tmpl = llvm::dyn_cast<clang::FunctionTemplateDecl>(inner)) {
          visit(tmpl, depth + 1);
        } else if (auto* m = llvm::dyn_cast<clang::CXXMethodDecl>(inner)) {
          if (tool_annotation(m) && in_main_file(m)) {
            if (rec->isDependentContext()) {
              warn_skipped(m->getLocation(), m->getNameAsString(), "it is a member of a class template");
            } else if (!m->isStatic()) {
              warn_skipped(m->getLocation(), m->getNameAsString(),
                           "it is a non-static member function; only free and static member functions can be tools");
            } else {
              function(m);
            }
          }
        } else if (llvm::isa<clang::CXXRecordDecl>(inner) || llvm::isa<clang::ClassTemplateDecl>(inner)) {
          visit(inner, depth + 1);
        }
      }
      return;
    }
    if (auto* fd = llvm::dyn_cast<clang::FunctionDecl>(d)) {
      if (tool_annotation(fd) && in_main_file(fd)) function(fd);
    }
  }

  static const clang::AnnotateAttr* annotation(const clang::Decl* d, std::string_view prefix) {
    for (const auto* a : d->specific_attrs<clang::AnnotateAttr>()) {
      if (a->getAnnotation().startswith(llvm::StringRef(prefix.data(), prefix.size()))) return a;
    }
    return nullptr;
  }

  /// The MCPC_TOOL annotation on any declaration of the function.
  static const clang::AnnotateAttr* tool_annotation(const clang::FunctionDecl* fd) {
    for (const clang::FunctionDecl* r : fd->redecls()) {
      if (const auto* a = annotation(r, kToolPrefix)) return a;
    }
    return nullptr;
  }

  void warn_skipped(clang::SourceLocation where, const std::string& function, const std::string& why,
                    clang::SourceLocation declared = {}) {
    Diagnostic& d = c_.diags.report(Severity::Warning, Check::UnsupportedSignature, locate(where),
                                    "function '" + function + "' is not a tool: " + why);
    if (declared.isValid() && sm_.getFileLoc(declared) != sm_.getFileLoc(where)) {
      d.notes.push_back("the type is declared at " + c_.sm.describe(locate(declared)));
    }
  }

  // --- Doc comments --------------------------------------------------------------------------

  struct Doc {
    std::string text;  ///< the paragraphs, joined
    std::map<std::string, std::string> params;
    std::string returns;
  };

  static std::string paragraph_text(const clang::comments::Comment* c) {
    std::string out;
    if (c == nullptr) return out;
    for (auto it = c->child_begin(); it != c->child_end(); ++it) {
      if (const auto* t = llvm::dyn_cast<clang::comments::TextComment>(*it)) {
        std::string piece = t->getText().trim().str();
        if (piece.empty()) continue;
        if (!out.empty()) out += ' ';
        out += piece;
      } else if (const auto* inl = llvm::dyn_cast<clang::comments::InlineCommandComment>(*it)) {
        for (unsigned i = 0; i < inl->getNumArgs(); ++i) {
          if (!out.empty()) out += ' ';
          out += inl->getArgText(i).str();
        }
      }
    }
    return out;
  }

  Doc doc_of(const clang::Decl* d) {
    Doc doc;
    const clang::comments::FullComment* full = ctx_.getCommentForDecl(d, nullptr);
    if (full == nullptr) return doc;
    const clang::comments::CommandTraits& traits = ctx_.getCommentCommandTraits();
    auto add = [](std::string& to, const std::string& piece) {
      if (piece.empty()) return;
      if (!to.empty()) to += ' ';
      to += piece;
    };
    for (const clang::comments::BlockContentComment* block : full->getBlocks()) {
      if (const auto* p = llvm::dyn_cast<clang::comments::ParagraphComment>(block)) {
        add(doc.text, paragraph_text(p));
      } else if (const auto* param = llvm::dyn_cast<clang::comments::ParamCommandComment>(block)) {
        if (param->hasParamName()) {
          add(doc.params[param->getParamNameAsWritten().str()], paragraph_text(param->getParagraph()));
        }
      } else if (const auto* cmd = llvm::dyn_cast<clang::comments::BlockCommandComment>(block)) {
        llvm::StringRef name = cmd->getCommandName(traits);
        if (name == "return" || name == "returns" || name == "result") {
          add(doc.returns, paragraph_text(cmd->getParagraph()));
        } else if (name == "brief" || name == "details") {
          add(doc.text, paragraph_text(cmd->getParagraph()));
        }
      }
    }
    return doc;
  }

  // --- Types -----------------------------------------------------------------------------------

  static OrderedJson with_description(OrderedJson schema, const std::string& description) {
    if (description.empty()) return schema;
    OrderedJson out = OrderedJson::object();
    bool placed = false;
    for (auto& [key, value] : schema.items()) {
      if (key == "description") continue;
      out[key] = value;
      if (key == "type") {
        out["description"] = description;
        placed = true;
      }
    }
    if (!placed) {
      OrderedJson front = OrderedJson::object();
      front["description"] = description;
      for (auto& [key, value] : out.items()) front[key] = value;
      return front;
    }
    return out;
  }

  /// T plus null: where an optional is nested (an item, a map value, a result), null stands
  /// for an empty one.
  static OrderedJson nullable(OrderedJson schema) {
    if (schema.contains("type")) {
      OrderedJson& type = schema["type"];
      if (type.is_string()) type = OrderedJson::array({type, "null"});
    }
    if (schema.contains("enum")) schema["enum"].push_back(nullptr);
    return schema;
  }

  std::string qualified_name(const clang::TagDecl* d) {
    if (d->getIdentifier() == nullptr) {
      if (const clang::TypedefNameDecl* td = d->getTypedefNameForAnonDecl()) {
        return "::" + td->getQualifiedNameAsString();
      }
      return "";
    }
    return clang::TypeName::getFullyQualifiedName(ctx_.getTypeDeclType(d), ctx_, policy_,
                                                  /*WithGlobalNsPrefix=*/true);
  }

  static const clang::TemplateArgumentList* std_template(const clang::CXXRecordDecl* rec, std::string& name) {
    const auto* spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(rec);
    if (spec == nullptr || !spec->isInStdNamespace()) return nullptr;
    name = spec->getName().str();
    return &spec->getTemplateArgs();
  }

  bool is_char(clang::QualType t) const {
    t = t.getCanonicalType().getUnqualifiedType();
    return t->isSpecificBuiltinType(clang::BuiltinType::Char_S) || t->isSpecificBuiltinType(clang::BuiltinType::Char_U);
  }

  /// Whether `t` (canonical) is std::string or std::string_view.
  bool is_string(clang::QualType t) const {
    const auto* rec = t->getAsCXXRecordDecl();
    if (rec == nullptr) return false;
    std::string name;
    const clang::TemplateArgumentList* args = std_template(rec, name);
    return args != nullptr && (name == "basic_string" || name == "basic_string_view") && args->size() > 0 &&
           (*args)[0].getKind() == clang::TemplateArgument::Type && is_char((*args)[0].getAsType());
  }

  std::optional<Mapped> map_type(clang::QualType type, std::size_t depth, clang::SourceLocation use, Unmappable& why) {
    if (depth > c_.options.max_depth) {
      why = {"its types nest deeper than " + std::to_string(c_.options.max_depth) + " levels", use};
      return std::nullopt;
    }
    clang::QualType t = type.getCanonicalType().getUnqualifiedType();
    if (t->isDependentType()) {
      why = {"'" + type.getAsString(policy_) + "' depends on a template parameter", use};
      return std::nullopt;
    }
    if (t->isReferenceType() || t->isPointerType() || t->isMemberPointerType()) {
      why = {"'" + type.getAsString(policy_) + "' is a pointer or reference inside another type", use};
      return std::nullopt;
    }
    if (const auto* b = t->getAs<clang::BuiltinType>()) return map_builtin(b, type, use, why);
    if (const auto* e = t->getAs<clang::EnumType>()) return map_enum(e->getDecl(), why);
    if (const auto* rec = t->getAsCXXRecordDecl()) return map_record(rec, type, depth, use, why);
    why = {"'" + type.getAsString(policy_) + "' has no JSON form", use};
    return std::nullopt;
  }

  std::optional<Mapped> map_builtin(const clang::BuiltinType* b, clang::QualType written, clang::SourceLocation use,
                                    Unmappable& why) {
    using K = clang::BuiltinType::Kind;
    Mapped m;
    switch (b->getKind()) {
      case K::Bool:
        m.schema = OrderedJson{{"type", "boolean"}};
        m.cpp = "bool";
        return m;
      case K::Float:
      case K::Double:
      case K::LongDouble:
        m.schema = OrderedJson{{"type", "number"}};
        m.cpp = clang::QualType(b, 0).getAsString(policy_);
        return m;
      case K::Char_S:
      case K::Char_U:
      case K::WChar_S:
      case K::WChar_U:
      case K::Char8:
      case K::Char16:
      case K::Char32:
        why = {"'" + written.getAsString(policy_) +
                   "' is a character type; use std::string for text or a sized integer type for numbers",
               use};
        return std::nullopt;
      default:
        break;
    }
    if (b->isInteger()) {
      std::uint64_t bits = ctx_.getTypeSize(b);
      if (bits > 64) {
        why = {"'" + written.getAsString(policy_) + "' is wider than 64 bits", use};
        return std::nullopt;
      }
      m.schema = OrderedJson{{"type", "integer"}};
      if (b->isSignedInteger()) {
        std::int64_t max = bits == 64 ? std::numeric_limits<std::int64_t>::max() : (std::int64_t{1} << (bits - 1)) - 1;
        m.schema["minimum"] = -max - 1;
        m.schema["maximum"] = max;
      } else {
        std::uint64_t max = bits == 64 ? std::numeric_limits<std::uint64_t>::max() : (std::uint64_t{1} << bits) - 1;
        m.schema["minimum"] = 0;
        m.schema["maximum"] = max;
      }
      m.cpp = clang::QualType(b, 0).getAsString(policy_);
      return m;
    }
    why = {"'" + written.getAsString(policy_) + "' has no JSON form", use};
    return std::nullopt;
  }

  std::optional<Mapped> map_enum(const clang::EnumDecl* decl, Unmappable& why) {
    decl = decl->getDefinition() != nullptr ? decl->getDefinition() : decl;
    std::string cpp = qualified_name(decl);
    if (cpp.empty()) {
      why = {"an unnamed enum has no name the generated code can spell; name it", decl->getLocation()};
      return std::nullopt;
    }
    if (!decl->isComplete() || decl->enumerators().empty()) {
      why = {"enum '" + cpp + "' has no enumerators", decl->getLocation()};
      return std::nullopt;
    }
    Mapped m;
    m.cpp = cpp;
    OrderedJson names = OrderedJson::array();
    ir::NativeType nt;
    nt.kind = ir::NativeType::Kind::Enum;
    nt.cpp_name = cpp;
    for (const clang::EnumConstantDecl* e : decl->enumerators()) {
      names.push_back(e->getNameAsString());
      nt.members.push_back({e->getNameAsString(), true});
    }
    m.schema = OrderedJson{{"type", "string"}};
    std::string description = doc_of(decl).text;
    if (!description.empty()) m.schema["description"] = description;
    m.schema["enum"] = std::move(names);
    if (c_.native_type_names.insert(cpp).second) {
      nt.loc = locate(decl->getLocation());
      c_.module.native_types.push_back(std::move(nt));
    }
    return m;
  }

  std::optional<Mapped> map_record(const clang::CXXRecordDecl* rec, clang::QualType written, std::size_t depth,
                                   clang::SourceLocation use, Unmappable& why) {
    std::string std_name;
    if (const clang::TemplateArgumentList* args = std_template(rec, std_name)) {
      return map_std(std_name, *args, written, depth, use, why);
    }
    if (rec->isInStdNamespace()) {
      why = {"'" + written.getAsString(policy_) + "' has no JSON form", use};
      return std::nullopt;
    }
    if (rec->isUnion()) {
      why = {"'" + written.getAsString(policy_) + "' is a union; a JSON value cannot say which member is active", use};
      return std::nullopt;
    }
    const clang::CXXRecordDecl* def = rec->getDefinition();
    if (def == nullptr) {
      why = {"'" + written.getAsString(policy_) +
                 "' is incomplete here (a class template specialization the header never instantiates, or a "
                 "declared class with no definition)",
             use};
      return std::nullopt;
    }
    std::string cpp = qualified_name(def);
    if (cpp.empty()) {
      why = {"an unnamed struct has no name the generated code can spell; name it", def->getLocation()};
      return std::nullopt;
    }
    if (auto it = c_.struct_schemas.find(cpp); it != c_.struct_schemas.end()) {
      Mapped m;
      m.schema = it->second.first;
      m.nodes = it->second.second;
      m.cpp = cpp;
      return m;
    }
    if (in_progress_.count(def) != 0) {
      why = {"'" + cpp + "' contains itself; schemas are written out in full, so a type cannot nest in itself",
             def->getLocation()};
      return std::nullopt;
    }
    if (def->isLambda() || def->isPolymorphic() || def->getNumBases() != 0) {
      why = {
          "'" + cpp + "' has base classes or virtual functions; only plain structs with public fields map to objects",
          def->getLocation()};
      return std::nullopt;
    }
    if (!def->isAggregate()) {
      bool hidden = false;
      for (const clang::FieldDecl* f : def->fields()) hidden = hidden || f->getAccess() != clang::AS_public;
      why = {"'" + cpp + "' " + (hidden ? "has private or protected data" : "has user-declared constructors") +
                 "; only plain structs with public fields map to objects",
             def->getLocation()};
      return std::nullopt;
    }
    in_progress_.insert(def);
    struct Guard {
      std::set<const clang::CXXRecordDecl*>& s;
      const clang::CXXRecordDecl* d;
      ~Guard() { s.erase(d); }
    } guard{in_progress_, def};

    OrderedJson properties = OrderedJson::object();
    OrderedJson required = OrderedJson::array();
    std::size_t nodes = 1;
    ir::NativeType nt;
    nt.kind = ir::NativeType::Kind::Struct;
    nt.cpp_name = cpp;
    for (const clang::FieldDecl* f : def->fields()) {
      if (f->isUnnamedBitfield()) continue;
      std::string name = f->getNameAsString();
      if (name.empty() || f->isAnonymousStructOrUnion()) {
        why = {"'" + cpp + "' has an anonymous struct or union member", f->getLocation()};
        return std::nullopt;
      }
      clang::QualType ft = f->getType();
      if (ft->isReferenceType()) {
        why = {"member '" + name + "' of '" + cpp + "' is a reference", f->getLocation()};
        return std::nullopt;
      }
      std::optional<Mapped> member = map_type(ft, depth + 1, f->getLocation(), why);
      if (!member) return std::nullopt;
      nodes += member->nodes;
      if (nodes > kMaxSchemaNodes) {
        why = {"'" + cpp + "' would have a schema of more than " + std::to_string(kMaxSchemaNodes) +
                   " nodes written out in full",
               def->getLocation()};
        return std::nullopt;
      }
      OrderedJson schema = std::move(member->schema);
      if (!apply_annotations(f, schema)) return std::nullopt;
      bool has_init = f->hasInClassInitializer();
      if (has_init && !member->optional) {
        if (const clang::Expr* init = f->getInClassInitializer()) {
          if (std::optional<OrderedJson> value = constant_value(init, ft)) schema["default"] = *value;
        }
      }
      schema = with_description(std::move(schema), doc_of(f).text);
      bool member_required = !member->optional && !has_init;
      if (member_required) required.push_back(name);
      nt.members.push_back({name, member_required});
      properties[name] = std::move(schema);
    }
    Mapped m;
    m.cpp = cpp;
    m.schema = OrderedJson{{"type", "object"}};
    std::string description = doc_of(def).text;
    if (!description.empty()) m.schema["description"] = description;
    m.schema["properties"] = std::move(properties);
    if (!required.empty()) m.schema["required"] = std::move(required);
    m.nodes = nodes;
    c_.struct_schemas.emplace(cpp, std::make_pair(m.schema, nodes));
    if (c_.native_type_names.insert(cpp).second) {  // after the types its members use
      nt.loc = locate(def->getLocation());
      c_.module.native_types.push_back(std::move(nt));
    }
    return m;
  }

  std::optional<Mapped> map_std(const std::string& name, const clang::TemplateArgumentList& args,
                                clang::QualType written, std::size_t depth, clang::SourceLocation use,
                                Unmappable& why) {
    auto type_arg = [&](unsigned i) -> std::optional<clang::QualType> {
      if (args.size() <= i || args[i].getKind() != clang::TemplateArgument::Type) return std::nullopt;
      return args[i].getAsType();
    };
    auto no_form = [&](const std::string& reason) {
      why = {"'" + written.getAsString(policy_) + "' " + reason, use};
      return std::nullopt;
    };
    Mapped m;
    if (name == "basic_string" || name == "basic_string_view") {
      std::optional<clang::QualType> ch = type_arg(0);
      if (!ch || !is_char(*ch)) return no_form("is not a string of char");
      m.schema = OrderedJson{{"type", "string"}};
      m.cpp = "std::string";
      return m;
    }
    if (name == "vector" || name == "span" || name == "array" || name == "set" || name == "unordered_set") {
      std::optional<clang::QualType> item = type_arg(0);
      if (!item) return no_form("has no element type");
      if (name == "vector" && item->getCanonicalType()->isBooleanType()) {
        // std::vector<bool> is fine: it decodes and encodes element by element.
      }
      std::optional<Mapped> inner = map_type(item->getUnqualifiedType(), depth + 1, use, why);
      if (!inner) return std::nullopt;
      OrderedJson items = inner->optional ? nullable(std::move(inner->schema)) : std::move(inner->schema);
      m.schema = OrderedJson{{"type", "array"}, {"items", std::move(items)}};
      m.nodes = inner->nodes + 1;
      if (name == "array") {
        if (args.size() < 2 || args[1].getKind() != clang::TemplateArgument::Integral) return no_form("has no size");
        std::uint64_t n = args[1].getAsIntegral().getZExtValue();
        m.schema["minItems"] = n;
        m.schema["maxItems"] = n;
        m.cpp = "std::array<" + inner->cpp + ", " + std::to_string(n) + ">";
        return m;
      }
      if (name == "span") {
        if (args.size() >= 2 && args[1].getKind() == clang::TemplateArgument::Integral &&
            args[1].getAsIntegral().getZExtValue() != std::numeric_limits<std::size_t>::max()) {
          return no_form("has a fixed extent; take std::array or a std::span of dynamic extent");
        }
      }
      if (name == "set" || name == "unordered_set") {
        m.schema["uniqueItems"] = true;
        m.cpp = "std::" + name + "<" + inner->cpp + ">";
        return m;
      }
      m.cpp = "std::vector<" + inner->cpp + ">";
      return m;
    }
    if (name == "optional") {
      std::optional<clang::QualType> inner_type = type_arg(0);
      if (!inner_type) return no_form("has no value type");
      std::optional<Mapped> inner = map_type(*inner_type, depth + 1, use, why);
      if (!inner) return std::nullopt;
      if (inner->optional) return no_form("is an optional of an optional; JSON has one null");
      m.schema = std::move(inner->schema);
      m.nodes = inner->nodes;
      m.cpp = "std::optional<" + inner->cpp + ">";
      m.optional = true;
      return m;
    }
    if (name == "map" || name == "unordered_map") {
      std::optional<clang::QualType> key = type_arg(0);
      std::optional<clang::QualType> value = type_arg(1);
      if (!key || !value) return no_form("has no key or value type");
      if (!is_string(key->getCanonicalType()) || key->getCanonicalType()->getAsCXXRecordDecl() == nullptr ||
          llvm::cast<clang::ClassTemplateSpecializationDecl>(key->getCanonicalType()->getAsCXXRecordDecl())
                  ->getName() != "basic_string") {
        return no_form("has keys that are not std::string; JSON object keys are strings");
      }
      std::optional<Mapped> inner = map_type(*value, depth + 1, use, why);
      if (!inner) return std::nullopt;
      OrderedJson values = inner->optional ? nullable(std::move(inner->schema)) : std::move(inner->schema);
      m.schema = OrderedJson{{"type", "object"}, {"additionalProperties", std::move(values)}};
      m.nodes = inner->nodes + 1;
      m.cpp = "std::" + name + "<std::string, " + inner->cpp + ">";
      return m;
    }
    return no_form("has no JSON form");
  }

  // --- Constants (defaults) -----------------------------------------------------------------------

  /// The JSON value of a constant default: a number, bool, string literal, enumerator, or `{}`
  /// for a container or std::optional. nullopt when it is anything else.
  std::optional<OrderedJson> constant_value(const clang::Expr* e, clang::QualType target) {
    if (e == nullptr || e->isValueDependent() || e->isTypeDependent()) return std::nullopt;
    clang::QualType t = target.getNonReferenceType().getCanonicalType().getUnqualifiedType();
    const clang::Expr* inner = e->IgnoreImplicit()->IgnoreParenImpCasts();
    // Unwrap a conversion to a class type: std::string s = "x", std::string_view v{"x"}.
    for (int i = 0; i < 8 && inner != nullptr; ++i) {
      if (const auto* cons = llvm::dyn_cast<clang::CXXConstructExpr>(inner)) {
        if (cons->getNumArgs() == 0) break;
        if (cons->getNumArgs() != 1 && !is_string(t)) break;
        inner = cons->getArg(0)->IgnoreImplicit()->IgnoreParenImpCasts();
      } else if (const auto* cast = llvm::dyn_cast<clang::CXXFunctionalCastExpr>(inner)) {
        inner = cast->getSubExpr()->IgnoreImplicit()->IgnoreParenImpCasts();
      } else if (const auto* mat = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(inner)) {
        inner = mat->getSubExpr()->IgnoreImplicit()->IgnoreParenImpCasts();
      } else if (const auto* bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(inner)) {
        inner = bind->getSubExpr()->IgnoreImplicit()->IgnoreParenImpCasts();
      } else if (const auto* list = llvm::dyn_cast<clang::InitListExpr>(inner);
                 list && list->getNumInits() == 1 && !t->isRecordType()) {
        inner = list->getInit(0)->IgnoreImplicit()->IgnoreParenImpCasts();
      } else {
        break;
      }
    }
    if (inner == nullptr) return std::nullopt;
    if (is_string(t) || (t->isPointerType() && is_char(t->getPointeeType()))) {
      if (const auto* s = llvm::dyn_cast<clang::StringLiteral>(inner)) {
        if (s->isAscii() || s->isUTF8()) return OrderedJson(s->getString().str());
      }
      return std::nullopt;
    }
    if (const auto* et = t->getAs<clang::EnumType>()) {
      if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(inner)) {
        if (const auto* ec = llvm::dyn_cast<clang::EnumConstantDecl>(ref->getDecl())) {
          if (ec->getDeclContext() == et->getDecl()) return OrderedJson(ec->getNameAsString());
        }
      }
      return std::nullopt;
    }
    if (t->isRecordType()) {
      // `{}` or `T()` for a container: empty. A struct's value-initialized default is left out.
      const auto* rec = t->getAsCXXRecordDecl();
      std::string name;
      bool empty_init = false;
      if (const auto* list = llvm::dyn_cast<clang::InitListExpr>(inner)) empty_init = list->getNumInits() == 0;
      if (const auto* cons = llvm::dyn_cast<clang::CXXConstructExpr>(inner)) empty_init = cons->getNumArgs() == 0;
      if (llvm::isa<clang::CXXScalarValueInitExpr>(inner) || llvm::isa<clang::ImplicitValueInitExpr>(inner)) {
        empty_init = true;
      }
      if (!empty_init || std_template(rec, name) == nullptr) return std::nullopt;
      if (name == "vector" || name == "set" || name == "unordered_set") return OrderedJson::array();
      if (name == "map" || name == "unordered_map") return OrderedJson::object();
      return std::nullopt;
    }
    if (!t->isArithmeticType()) return std::nullopt;
    clang::Expr::EvalResult result;
    // A std::optional's default is the value inside its constructor call; others are evaluated
    // whole, so that conversions to the parameter's type apply.
    const clang::Expr* evaluated = e->getType()->isRecordType() ? inner : e;
    if (!evaluated->EvaluateAsRValue(result, ctx_) || result.HasSideEffects) return std::nullopt;
    const clang::APValue& v = result.Val;
    if (t->isBooleanType()) {
      if (!v.isInt()) return std::nullopt;
      return OrderedJson(v.getInt().getBoolValue());
    }
    if (t->isIntegerType()) {
      if (!v.isInt()) return std::nullopt;
      const llvm::APSInt& i = v.getInt();
      if (i.isSigned()) return OrderedJson(i.getSExtValue());
      return OrderedJson(i.getZExtValue());
    }
    if (v.isFloat()) {
      double d = v.getFloat().convertToDouble();
      if (!std::isfinite(d)) return std::nullopt;
      return OrderedJson(d);
    }
    if (v.isInt()) return OrderedJson(static_cast<double>(v.getInt().getSExtValue()));
    return std::nullopt;
  }

  /// `std::nullopt`, `{}` or `std::optional<T>()`: the default an absent optional has anyway.
  static bool is_empty_optional(const clang::Expr* e) {
    for (int i = 0; i < 8 && e != nullptr; ++i) {
      e = e->IgnoreImplicit()->IgnoreParenImpCasts();
      if (const auto* rec = e->getType()->getAsCXXRecordDecl();
          rec != nullptr && rec->isInStdNamespace() && rec->getName() == "nullopt_t") {
        return true;
      }
      if (const auto* list = llvm::dyn_cast<clang::InitListExpr>(e)) return list->getNumInits() == 0;
      if (const auto* cons = llvm::dyn_cast<clang::CXXConstructExpr>(e)) {
        if (cons->getNumArgs() == 0) return true;
        if (cons->getNumArgs() != 1) return false;
        e = cons->getArg(0);
      } else if (const auto* mat = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(e)) {
        e = mat->getSubExpr();
      } else if (const auto* bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(e)) {
        e = bind->getSubExpr();
      } else if (const auto* cast = llvm::dyn_cast<clang::CXXFunctionalCastExpr>(e)) {
        e = cast->getSubExpr();
      } else {
        return llvm::isa<clang::CXXScalarValueInitExpr>(e) || llvm::isa<clang::ImplicitValueInitExpr>(e);
      }
    }
    return false;
  }

  /// T of a std::optional<T> (behind references and aliases).
  static clang::QualType optional_value_type(clang::QualType t) {
    const auto* spec = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(
        t.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl());
    if (spec == nullptr || spec->getTemplateArgs().size() == 0) return t;
    return spec->getTemplateArgs()[0].getAsType();
  }

  // --- Annotations on parameters and fields ----------------------------------------------------------

  /// MCPC_RANGE, MCPC_MINIMUM, MCPC_MAXIMUM, MCPC_PATTERN, MCPC_EXAMPLE on `d`, applied to its
  /// schema. A malformed one is an error (false); the declaration is then not used.
  bool apply_annotations(const clang::Decl* d, OrderedJson& schema) {
    bool ok = true;
    auto bad = [&](const clang::AnnotateAttr* a, const std::string& message) {
      c_.diags.report(Check::InvalidValue, locate(a->getLocation()), message);
      ok = false;
    };
    auto number = [](llvm::StringRef text) -> std::optional<OrderedJson> {
      text = text.trim();
      OrderedJson j = OrderedJson::parse(text.str(), nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded() || !j.is_number()) return std::nullopt;
      return j;
    };
    std::string type = schema.contains("type") && schema["type"].is_string() ? schema["type"].get<std::string>() : "";
    bool numeric = type == "integer" || type == "number";
    for (const auto* a : d->specific_attrs<clang::AnnotateAttr>()) {
      llvm::StringRef text = a->getAnnotation();
      if (!text.consume_front("mcpc:")) continue;
      if (text.consume_front("range:") || text.startswith("minimum:") || text.startswith("maximum:")) {
        std::optional<OrderedJson> min;
        std::optional<OrderedJson> max;
        if (text.consume_front("minimum:")) {
          min = number(text);
          if (!min) bad(a, "MCPC_MINIMUM needs a number, not '" + text.str() + "'");
        } else if (text.consume_front("maximum:")) {
          max = number(text);
          if (!max) bad(a, "MCPC_MAXIMUM needs a number, not '" + text.str() + "'");
        } else {
          auto [lo, hi] = text.split(':');
          min = number(lo);
          max = number(hi);
          if (!min || !max) bad(a, "MCPC_RANGE needs two numbers, not '" + lo.str() + ", " + hi.str() + "'");
        }
        if (!numeric) {
          bad(a, "a range applies to numbers; this is " + (type.empty() ? std::string("not one") : "a " + type));
          continue;
        }
        if (min) schema["minimum"] = *min;
        if (max) schema["maximum"] = *max;
      } else if (text.consume_front("pattern:")) {
        if (type != "string") {
          bad(a, "a pattern applies to strings; this is " + (type.empty() ? std::string("not one") : "a " + type));
          continue;
        }
        schema["pattern"] = text.str();
      } else if (text.consume_front("example:")) {
        OrderedJson j = OrderedJson::parse(text.str(), nullptr, /*allow_exceptions=*/false);
        if (j.is_discarded()) {
          bad(a,
              "MCPC_EXAMPLE needs JSON text (quote strings: MCPC_EXAMPLE(\"\\\"red\\\"\")), not '" + text.str() + "'");
          continue;
        }
        if (!schema.contains("examples")) schema["examples"] = OrderedJson::array();
        schema["examples"].push_back(std::move(j));
      } else if (!text.startswith("tool:") && !text.startswith("name:")) {
        bad(a, "unknown mcpc annotation 'mcpc:" + text.str() + "'");
      }
    }
    return ok;
  }

  // --- Functions ----------------------------------------------------------------------------------------

  void function(const clang::FunctionDecl* fd) {
    // One tool per function, however often it is redeclared.
    const clang::FunctionDecl* first = fd->getFirstDecl();
    SourceLoc loc = locate(first->getLocation());
    std::string key = c_.sm.describe(loc);
    if (!c_.seen_functions.insert(key).second) return;
    if (fd->isInvalidDecl()) return;  // Clang reported why

    const clang::AnnotateAttr* tool_attr = tool_annotation(fd);
    std::string written_name = fd->getNameAsString();
    if (fd->isOverloadedOperator() || written_name.empty()) {
      warn_skipped(first->getLocation(), fd->getNameAsString(), "operators and conversions cannot be tools");
      return;
    }
    ir::Tool tool;
    tool.name = written_name;
    for (const clang::FunctionDecl* r : fd->redecls()) {
      if (const auto* named = annotation(r, kNamePrefix)) {
        tool.name = named->getAnnotation().substr(kNamePrefix.size()).str();
      }
    }
    tool.loc = loc;
    tool.name_loc = loc;
    Doc doc;
    for (const clang::FunctionDecl* r : fd->redecls()) {
      Doc d = doc_of(r);
      if (!d.text.empty() || !d.params.empty() || !d.returns.empty()) {
        doc = std::move(d);
        break;
      }
    }
    tool.description = tool_attr->getAnnotation().substr(kToolPrefix.size()).trim().str();
    if (tool.description.empty()) tool.description = doc.text;

    ir::NativeFunction native;
    native.function = "::" + fd->getQualifiedNameAsString();
    native.loc = loc;
    tool.input_schema.loc = loc;
    OrderedJson properties = OrderedJson::object();
    OrderedJson required = OrderedJson::array();
    std::size_t tool_nodes = 1;
    bool ok = true;
    for (unsigned i = 0; i < fd->getNumParams(); ++i) {
      const clang::ParmVarDecl* p = fd->getParamDecl(i);
      // Attributes and default arguments may sit on any declaration.
      std::string name = p->getNameAsString();
      for (const clang::FunctionDecl* r : fd->redecls()) {
        if (name.empty() && i < r->getNumParams()) name = r->getParamDecl(i)->getNameAsString();
      }
      if (name.empty()) {
        warn_skipped(p->getLocation(), written_name,
                     "parameter " + std::to_string(i + 1) + " has no name, and the name is the argument's name");
        return;
      }
      ir::NativeParam np;
      np.name = name;
      clang::QualType pt = p->getType();
      Unmappable why;
      std::optional<Mapped> mapped;
      if (pt->isPointerType() && is_char(pt->getPointeeType()) && pt->getPointeeType().isConstQualified()) {
        mapped = Mapped{OrderedJson{{"type", "string"}}, "std::string", false};
        np.pass = ir::NativePass::CStr;
      } else if (pt->isPointerType()) {
        warn_skipped(p->getLocation(), written_name,
                     "parameter '" + name + "' is a pointer ('" + pt.getAsString(policy_) +
                         "'); take a value, a const reference, std::optional or std::span instead");
        return;
      } else if (pt->isLValueReferenceType() && !pt.getNonReferenceType().isConstQualified()) {
        warn_skipped(p->getLocation(), written_name,
                     "parameter '" + name + "' is a non-const reference ('" + pt.getAsString(policy_) +
                         "'); results are returned, not written through parameters");
        return;
      } else {
        clang::QualType value = pt.getNonReferenceType();
        // std::span<const T>: decoded into a std::vector<T>, which the span then views.
        mapped = map_type(value, 0, p->getLocation(), why);
        if (!mapped) {
          warn_skipped(p->getLocation(), written_name, "parameter '" + name + "': " + why.why, why.where);
          return;
        }
      }
      tool_nodes += mapped->nodes;
      OrderedJson schema = std::move(mapped->schema);
      for (const clang::FunctionDecl* r : fd->redecls()) {
        if (i < r->getNumParams() && !apply_annotations(r->getParamDecl(i), schema)) ok = false;
      }
      np.value_type = mapped->cpp;
      bool param_required = !mapped->optional;
      const clang::ParmVarDecl* with_default = nullptr;
      for (const clang::FunctionDecl* r : fd->redecls()) {
        if (i < r->getNumParams() && r->getParamDecl(i)->hasDefaultArg()) with_default = r->getParamDecl(i);
      }
      if (with_default != nullptr) {
        param_required = false;
        const clang::Expr* def = with_default->hasUninstantiatedDefaultArg() ? nullptr : with_default->getDefaultArg();
        std::optional<OrderedJson> value;
        bool empty_optional = mapped->optional && is_empty_optional(def);
        if (!empty_optional) value = constant_value(def, mapped->optional ? optional_value_type(pt) : pt);
        if (value) {
          schema["default"] = *value;
          np.has_default = true;
        } else if (!empty_optional) {
          c_.diags.report(Severity::Warning, Check::NonConstantDefault, locate(with_default->getLocation()),
                          "the default of parameter '" + name +
                              "' is not a constant (a number, bool, string literal, enumerator or {}), so the "
                              "argument is required");
          param_required = true;
        }
      }
      auto param_doc = doc.params.find(name);
      if (param_doc != doc.params.end()) schema = with_description(std::move(schema), param_doc->second);
      tool.input_schema.locs["/properties/" + ir::pointer_token(name)] = locate(p->getLocation());
      if (param_required) required.push_back(name);
      properties[name] = std::move(schema);
      native.params.push_back(std::move(np));
    }
    if (!ok) return;
    tool.input_schema.json = OrderedJson{{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty()) tool.input_schema.json["required"] = std::move(required);
    tool.input_schema.locs[""] = loc;

    clang::QualType rt = fd->getReturnType();
    if (!rt->isVoidType()) {
      if (rt->isPointerType() || rt->isMemberPointerType()) {
        warn_skipped(first->getLocation(), written_name,
                     "it returns a pointer ('" + rt.getAsString(policy_) + "'); return a value or std::optional");
        return;
      }
      std::string view;
      if (const auto* rec = rt.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
          rec != nullptr && std_template(rec, view) != nullptr && (view == "basic_string_view" || view == "span")) {
        warn_skipped(first->getLocation(), written_name,
                     "it returns a view ('" + rt.getAsString(policy_) +
                         "'), whose storage the type does not say outlives the call; return std::string or "
                         "std::vector");
        return;
      }
      Unmappable why;
      std::optional<Mapped> result = map_type(rt.getNonReferenceType(), 0, first->getLocation(), why);
      if (!result) {
        warn_skipped(first->getLocation(), written_name, "its result: " + why.why, why.where);
        return;
      }
      native.result_type = result->cpp;
      tool_nodes += result->nodes;
      OrderedJson schema = result->optional ? nullable(std::move(result->schema)) : std::move(result->schema);
      schema = with_description(std::move(schema), doc.returns);
      ir::Schema out;
      out.loc = loc;
      out.locs[""] = loc;
      if (schema.contains("type") && schema["type"] == "object") {
        out.json = std::move(schema);
      } else {
        // MCP structured content is an object: other results travel as {"result": value}.
        out.json = OrderedJson{{"type", "object"},
                               {"properties", OrderedJson{{"result", std::move(schema)}}},
                               {"required", OrderedJson::array({"result"})}};
        out.locs["/properties/result"] = loc;
        tool.output_wrapped = true;
      }
      tool.output_schema = std::move(out);
    }
    tool.native = std::move(native);
    c_.module_nodes += tool_nodes;
    if (c_.module_nodes > kMaxModuleNodes) {
      if (!c_.module_too_large) {
        c_.diags.report(Check::Limits, loc,
                        "the tools' schemas would have more than " + std::to_string(kMaxModuleNodes) +
                            " nodes in all, written out in full; this tool and those after it are left out");
      }
      c_.module_too_large = true;
      return;
    }

    if (auto clash = c_.tools_by_name.find(tool.name); clash != c_.tools_by_name.end()) {
      Diagnostic& d =
          c_.diags.report(Check::DuplicateName, loc,
                          "tool '" + tool.name + "' is declared twice: '" + tool.native->function + "' here and '" +
                              clash->second->native->function + "' at " + c_.sm.describe(clash->second->loc));
      d.notes.push_back("give one of them its own name with MCPC_TOOL_NAMED(\"name\", \"description\")");
      return;
    }
    c_.module.tools.push_back(std::move(tool));
    // Tools are looked up by name while later ones are added: index them after the vector settles.
    c_.tools_by_name.clear();
    for (const ir::Tool& t : c_.module.tools) c_.tools_by_name.emplace(t.name, &t);
  }

  Collector& c_;
  clang::ASTContext& ctx_;
  clang::SourceManager& sm_;
  clang::PrintingPolicy policy_{clang::LangOptions()};
  std::set<const clang::CXXRecordDecl*> in_progress_;
};

class Consumer : public clang::ASTConsumer {
 public:
  explicit Consumer(Collector& c) : c_(c) {}
  void HandleTranslationUnit(clang::ASTContext& ctx) override { ToolFinder(c_, ctx).run(); }

 private:
  Collector& c_;
};

class Action : public clang::ASTFrontendAction {
 public:
  explicit Action(Collector& c) : c_(c) {}
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance&, llvm::StringRef) override {
    return std::make_unique<Consumer>(c_);
  }

 private:
  Collector& c_;
};

class Factory : public clang::tooling::FrontendActionFactory {
 public:
  explicit Factory(Collector& c) : c_(c) {}
  std::unique_ptr<clang::FrontendAction> create() override { return std::make_unique<Action>(c_); }

 private:
  Collector& c_;
};

/// The `#include` spelling of a header: relative to the deepest include directory holding
/// it, else as given.
std::string include_spelling(const std::string& header, const std::vector<std::string>& include_dirs) {
  std::string abs = absolute(header);
  std::string best;
  for (const std::string& dir : include_dirs) {
    std::string prefix = absolute(dir);
    if (!prefix.empty() && prefix.back() != '/') prefix += '/';
    if (abs.rfind(prefix, 0) != 0) continue;
    std::string rel = abs.substr(prefix.size());
    if (best.empty() || rel.size() < best.size()) best = rel;
  }
  return best.empty() ? header : best;
}

/// The include directories named by -I/-iquote/-isystem in compile arguments.
void include_dirs_of(const std::vector<std::string>& args, std::vector<std::string>& out) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    for (std::string_view flag : {"-I", "-iquote", "-isystem"}) {
      const std::string& a = args[i];
      if (a == flag && i + 1 < args.size()) {
        out.push_back(args[i + 1]);
      } else if (a.size() > flag.size() && a.rfind(flag, 0) == 0) {
        out.push_back(a.substr(flag.size()));
      }
    }
  }
}

std::string stem_of(const std::string& path) {
  std::string stem = llvm::sys::path::stem(path).str();
  for (char& ch : stem) {
    if (ch == '_') ch = '-';
  }
  return stem.empty() ? "server" : stem;
}

}  // namespace

std::string find_resource_dir() {
  std::string baked = MCPC_CLANG_RESOURCE_DIR;
  if (!baked.empty() && llvm::sys::fs::is_directory(baked + "/include")) return baked;
  for (const char* name : {"clang", "clang-14"}) {
    llvm::ErrorOr<std::string> program = llvm::sys::findProgramByName(name);
    if (!program) continue;
    llvm::SmallString<128> out;
    if (llvm::sys::fs::createTemporaryFile("mcpc-extract", "txt", out)) continue;
    llvm::Optional<llvm::StringRef> redirects[] = {llvm::None, llvm::StringRef(out), llvm::StringRef()};
    llvm::StringRef argv[] = {*program, "-print-resource-dir"};
    int rc = llvm::sys::ExecuteAndWait(*program, argv, llvm::None, redirects, /*SecondsToWait=*/30);
    auto buffer = llvm::MemoryBuffer::getFile(out);
    llvm::sys::fs::remove(out);
    if (rc != 0 || !buffer) continue;
    std::string dir = (*buffer)->getBuffer().trim().str();
    if (!dir.empty() && llvm::sys::fs::is_directory(dir + "/include")) return dir;
  }
  return "";
}

Result extract(const Options& options, SourceManager& sm, DiagnosticEngine& diags) {
  Result result;
  Collector c(options, sm, diags);
  c.module.server.name =
      options.server_name.empty() && !options.headers.empty() ? stem_of(options.headers.front()) : options.server_name;
  c.module.server.version = options.server_version;
  c.module.transports.push_back(ir::Transport{});

  std::vector<std::string> sources;
  for (const std::string& h : options.headers) {
    if (!llvm::sys::fs::is_regular_file(h)) {
      diags.report(Check::Io, SourceLoc::none(), "cannot read header '" + h + "': no such file");
      continue;
    }
    std::string abs = absolute(h);
    c.shown_as.emplace(abs, h);
    sources.push_back(abs);
  }
  if (sources.empty()) return result;
  // The headers themselves come first in the file list, whatever else diagnostics name.
  for (const std::string& abs : sources) {
    auto buffer = llvm::MemoryBuffer::getFile(abs);
    if (!buffer) {
      diags.report(Check::Io, SourceLoc::none(), "cannot read header '" + c.shown_as[abs] + "'");
      return result;
    }
    c.file_id(abs, (*buffer)->getBuffer());
  }

  std::unique_ptr<clang::tooling::CompilationDatabase> db;
  bool fixed = options.build_dir.empty();
  if (!fixed) {
    std::string error;
    db = clang::tooling::CompilationDatabase::loadFromDirectory(options.build_dir, error);
    if (!db) {
      diags.report(Check::Io, SourceLoc::none(),
                   "cannot read the compile database in '" + options.build_dir + "': " + error);
      return result;
    }
    // Headers have no entry of their own: borrow the command of the closest source file.
    db = clang::tooling::inferMissingCompileCommands(std::move(db));
  } else {
    db = std::make_unique<clang::tooling::FixedCompilationDatabase>(
        ".", std::vector<std::string>{"-xc++-header", "-std=c++20"});
  }

  std::string resource_dir = options.resource_dir.empty() ? find_resource_dir() : options.resource_dir;
  clang::tooling::ClangTool tool(*db, sources);
  std::vector<std::string> extra;
  // The include directories are the compiler's too, except the system ones: -I/usr/include would
  // put them before the C++ library's own, whose #include_next then breaks.
  for (const std::string& dir : options.include_dirs) {
    std::string abs = absolute(dir);
    if (abs == "/usr/include" || abs == "/usr/local/include") continue;
    extra.push_back("-I" + dir);
  }
  extra.insert(extra.end(), options.extra_args.begin(), options.extra_args.end());
  extra.push_back("-Wno-pragma-once-outside-header");
  extra.push_back("-fno-delayed-template-parsing");
  extra.push_back("-ferror-limit=50");
  extra.push_back("-fno-caret-diagnostics");  // we render them; this also keeps "N errors generated" quiet
  if (!resource_dir.empty()) extra.push_back("-resource-dir=" + resource_dir);
  tool.appendArgumentsAdjuster(
      clang::tooling::getInsertArgumentAdjuster(extra, clang::tooling::ArgumentInsertPosition::END));
  DiagnosticBridge bridge(c);
  tool.setDiagnosticConsumer(&bridge);
  tool.setPrintErrorMessage(false);
  Factory factory(c);
  tool.run(&factory);

  std::vector<std::string> include_dirs = options.include_dirs;
  include_dirs_of(options.extra_args, include_dirs);
  for (const std::string& abs : sources) {
    c.module.native_headers.push_back(include_spelling(c.shown_as[abs], include_dirs));
  }
  result.dependencies = std::move(c.dependencies);
  result.module = std::move(c.module);
  return result;
}

std::string depfile(const std::string& target, const std::vector<std::string>& dependencies) {
  auto escape = [](const std::string& path) {
    std::string out;
    for (char ch : path) {
      if (ch == ' ' || ch == '#' || ch == '\\') out += '\\';
      if (ch == '$') out += '$';
      out += ch;
    }
    return out;
  };
  std::string out = escape(target) + ":";
  for (const std::string& d : dependencies) out += " \\\n  " + escape(d);
  return out + "\n";
}

}  // namespace mcpc::extract
