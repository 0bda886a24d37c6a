// Bytes the features server's handlers share, the same as the native handlers' (not a handler:
// mcpc generates no file of this name, so it is copied over the generated package as it is).

// The first bytes of a PNG and of a WAV file: enough to tell them apart on the wire.
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
export const WAV = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x41, 0x56, 0x45, 0x66, 0x6d, 0x74, 0x20]);

// The values that start with prefix: completion suggestions.
export function startingWith(values: string[], prefix: string): string[] {
  return values.filter((v) => v.startsWith(prefix));
}
