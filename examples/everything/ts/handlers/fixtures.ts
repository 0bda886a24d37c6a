// Data and helpers the everything server's handlers share (not a handler: mcpc generates no
// file of this name, so it is copied over the generated package as it is).
import type { ServerContext } from '@modelcontextprotocol/server';

// A 1x1 red PNG and a 44-byte silent WAV, the same bytes as the native server's.
export const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
export const WAV = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=';

// Waits ms milliseconds; false when the request was cancelled first.
export function sleep(ms: number, ctx: ServerContext): Promise<boolean> {
  const signal = ctx.mcpReq.signal;
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

// The values that start with prefix: completion suggestions, filtered as the native server does.
export function startingWith(values: string[], prefix: string): string[] {
  return values.filter((v) => v.startsWith(prefix));
}
