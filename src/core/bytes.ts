// Byte helpers for core, which works on Uint8Array so that it runs in Node
// and in a browser alike. Node's Buffer is a Uint8Array whose own methods
// search natively (memchr, memmem) and decode UTF-8 faster than
// TextDecoder: they are used when the bytes are a Buffer, a plain loop and
// TextDecoder otherwise.

/** What a Buffer adds to a Uint8Array, of what is used here. */
interface NativeBytes {
  indexOf(value: number | Uint8Array, byteOffset?: number): number;
  toString(encoding: "utf8" | "latin1", start: number, end: number): string;
}

/** The bytes' own native methods when they are a Buffer, else null. */
function native(bytes: Uint8Array): NativeBytes | null {
  return typeof (bytes as { utf8Write?: unknown }).utf8Write === "function" ? (bytes as unknown as NativeBytes) : null;
}

const utf8 = new TextDecoder("utf-8");
let latin1: InstanceType<typeof TextDecoder> | null = null;
const encoder = new TextEncoder();

/** The bytes of a text, as UTF-8. */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Where `needle` next occurs in `bytes` at or after `from`; -1 when nowhere. */
export function indexOfBytes(bytes: Uint8Array, needle: Uint8Array, from: number): number {
  const buffer = native(bytes);
  if (buffer) return buffer.indexOf(needle, from);
  const first = needle[0]!;
  const last = bytes.length - needle.length;
  for (let at = bytes.indexOf(first, from); at !== -1 && at <= last; at = bytes.indexOf(first, at + 1)) {
    let k = 1;
    while (k < needle.length && bytes[at + k] === needle[k]) k++;
    if (k === needle.length) return at;
  }
  return -1;
}

/** bytes[start, end) as text: UTF-8, invalid bytes as U+FFFD. */
export function utf8Text(bytes: Uint8Array, start: number, end: number): string {
  const buffer = native(bytes);
  if (buffer) return buffer.toString("utf8", start, end);
  return utf8.decode(bytes.subarray(start, end));
}

/** The bytes as text a byte a character: for finding ASCII words in them (no byte of another character is ASCII). */
export function latin1Text(bytes: Uint8Array): string {
  const buffer = native(bytes);
  if (buffer) return buffer.toString("latin1", 0, bytes.length);
  latin1 ??= new TextDecoder("latin1");
  return latin1.decode(bytes);
}

/** The pieces as one array. */
export function concatBytes(pieces: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const piece of pieces) size += piece.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

// The bytes the scanners and the line predicate compare with, named once.
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const QUOTE = 34;
export const COLON = 58;
export const OPEN_BRACKET = 91;
export const BACKSLASH = 92;
export const CLOSE_BRACKET = 93;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;
