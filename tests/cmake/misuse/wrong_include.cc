// A handler skeleton written without --basename: it includes the server name's header.
#include "misuse_mcp.h"

namespace misuse_mcp {
std::unique_ptr<Handlers> make_handlers() { return nullptr; }
}  // namespace misuse_mcp
