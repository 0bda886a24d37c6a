// Which MCP server the end-to-end tests drive: $MCPC_SERVER (a binary or a command line), or
// the everything server from the default build. Shared by the node:test files here.
import { accessSync, constants as fsConstants } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const serverSpec = process.env.MCPC_SERVER || resolve(here, '../../build/bin/mcpc-everything-server');
const serverCmd = serverSpec.trim().split(/\s+/);

function findProgram(name) {
  const isExec = (p) => { try { accessSync(p, fsConstants.X_OK); return true; } catch { return false; } };
  if (name.includes('/')) return isExec(resolve(name)) ? resolve(name) : null;
  for (const d of (process.env.PATH || '').split(delimiter)) if (d && isExec(join(d, name))) return join(d, name);
  return null;
}

export const program = findProgram(serverCmd[0]);
export const serverArgs = serverCmd.slice(1);
export const skipReason = program
  ? false
  : `MCP server not found: ${serverCmd[0]} (build it first, e.g. cmake --build --preset dev --target mcpc-everything-server, or set MCPC_SERVER)`;
if (skipReason) console.log(`# ${skipReason}`);
