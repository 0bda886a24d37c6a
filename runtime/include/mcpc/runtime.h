// Everything needed to write an MCP server by hand on mcpc::runtime (see docs/runtime.md).
#pragma once

#include "mcpc/runtime/command_line.h"
#include "mcpc/runtime/context.h"
#include "mcpc/runtime/http_transport.h"
#include "mcpc/runtime/server.h"
#include "mcpc/runtime/session.h"
#include "mcpc/runtime/stdio_transport.h"
#include "mcpc/runtime/typed.h"
#include "mcpc/runtime/types.h"
