// Handler of the tool user_count: Count application users
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: userCount(UserCountArgs) -> UserCountResult #fea4893a
import type { ServerContext } from '@modelcontextprotocol/server';

import type { UserCountArgs, UserCountResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function userCount(args: UserCountArgs, _ctx: ServerContext): Promise<UserCountResult> {
  void args;
  throw new Error("tool user_count is not implemented yet");
}
