// Handler of the tool track_event: Record an analytics event
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: trackEvent(TrackEventArgs) #9a52d317
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { TrackEventArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function trackEvent(args: TrackEventArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool track_event is not implemented yet");
}
