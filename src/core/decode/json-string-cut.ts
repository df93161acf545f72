// Where a long JSON string may be cut so that what is kept is still a valid
// string: JsonDocumentReader keeps only the start of huge strings (a HAR's
// bodies), and must not cut inside an escape or a UTF-8 sequence.
import { BACKSLASH } from "../bytes.js";

/**
 * A point at or before `end` to cut a JSON string's bytes at so that what is
 * before it is still a valid string: not inside an escape (`\`, `\u12`), and
 * not inside a UTF-8 sequence.
 */
export function cutPoint(bytes: Uint8Array, start: number, end: number): number {
  let cut = end;
  // Inside \uXXXX: back to its backslash.
  for (let k = Math.max(start, cut - 5); k < cut; k++) {
    if (bytes[k] === BACKSLASH && bytes[k + 1] === 0x75 && k + 6 > cut) {
      cut = k;
      break;
    }
  }
  let slashes = 0;
  for (let k = cut - 1; k >= start && bytes[k] === BACKSLASH; k--) slashes++;
  if (slashes % 2 === 1) cut--;
  // A UTF-8 sequence left open: back to its lead byte.
  let k = cut - 1;
  while (k >= start && k > cut - 4 && (bytes[k]! & 0xc0) === 0x80) k--;
  if (k >= start && bytes[k]! >= 0xc0) {
    const length = bytes[k]! >= 0xf0 ? 4 : bytes[k]! >= 0xe0 ? 3 : 2;
    if (k + length > cut) cut = k;
  }
  return Math.max(start, cut);
}
