// A log collector's mark before each line a program printed: docker
// compose's `web-1  | ` (v1: `web_1  | `), journald's and syslog's
// `Dec 07 05:19:51 host node[4121]: `, and the time GitHub Actions,
// `docker logs -t` and `kubectl logs --timestamps` write first, RFC 3339
// with 6 to 9 decimals and Z (a program's own log time has fewer: that one
// may start a record, see line-undo.ts). It is the transport's, not the
// program's: the feeder (markers.ts) and the decoder (line-undo.ts) read the
// line after it, as if it had been printed to a terminal. One definition,
// on bytes, for both.
import { SPACE } from "../bytes.js";

const PIPE = 0x7c;

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isLower(c: number | undefined): boolean {
  return c !== undefined && c >= 0x61 && c <= 0x7a;
}

function isNameByte(c: number | undefined): boolean {
  return isLower(c) || isDigit(c) || c === 0x5f || c === 0x2d || c === 0x2e;
}

/** `YYYY-MM-DDTHH:MM:SS.` then 6 to 9 digits, `Z`: the mark's length with its space, or 0. */
function timeMark(bytes: Uint8Array, at: number, end: number): number {
  // The separators' places: - - T : : .
  if (
    bytes[at + 4] !== 0x2d ||
    bytes[at + 7] !== 0x2d ||
    bytes[at + 10] !== 0x54 ||
    bytes[at + 13] !== 0x3a ||
    bytes[at + 16] !== 0x3a ||
    bytes[at + 19] !== 0x2e
  )
    return 0;
  let i = at + 20;
  while (i < end && isDigit(bytes[i])) i++;
  const decimals = i - at - 20;
  if (decimals < 6 || decimals > 9 || i >= end || bytes[i] !== 0x5a) return 0;
  for (const k of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) if (!isDigit(bytes[at + k])) return 0;
  return markEnd(bytes, i + 1, end, at);
}

/** `name-1  | `: a service name ending in its replica number, blanks, a bar: the mark's length, or 0. */
function composeMark(bytes: Uint8Array, at: number, end: number): number {
  let i = at;
  while (i < end && i - at < 64 && isNameByte(bytes[i])) i++;
  // The name ends `-<n>` or `_<n>`.
  let digits = i;
  while (digits > at && isDigit(bytes[digits - 1])) digits--;
  if (digits === i || digits - 1 <= at || (bytes[digits - 1] !== 0x2d && bytes[digits - 1] !== 0x5f)) return 0;
  if (bytes[i] !== SPACE) return 0;
  // compose pads the names to one width: a few blanks, never more than the text form looks at (80 characters).
  const name = i;
  while (i < end && bytes[i] === SPACE && i - name < 16) i++;
  return bytes[i] === PIPE ? markEnd(bytes, i + 1, end, at) : 0;
}

/** `Dec 07 05:19:51 host ident[pid]: `: the mark's length, or 0. */
function journalMark(bytes: Uint8Array, at: number, end: number): number {
  if (!isLower(bytes[at + 1]) || !isLower(bytes[at + 2]) || bytes[at + 3] !== SPACE || bytes[at + 6] !== SPACE) return 0;
  if (bytes[at + 9] !== 0x3a || bytes[at + 12] !== 0x3a || bytes[at + 15] !== SPACE) return 0;
  for (const k of [5, 7, 8, 10, 11, 13, 14]) if (!isDigit(bytes[at + k])) return 0;
  if (bytes[at + 4] !== SPACE && !isDigit(bytes[at + 4])) return 0;
  // The host, a space, the program and its pid: no blank in either.
  let i = at + 16;
  const host = i;
  while (i < end && i - host < 128 && bytes[i] !== SPACE && bytes[i] !== 0x3a) i++;
  if (i === host || bytes[i] !== SPACE) return 0;
  const ident = ++i;
  while (i < end && i - ident < 128 && bytes[i] !== SPACE && bytes[i] !== 0x3a) i++;
  if (i === ident || bytes[i] !== 0x3a) return 0;
  return markEnd(bytes, i + 1, end, at);
}

/** After the mark: a space (taken with it) or the line's end. */
function markEnd(bytes: Uint8Array, i: number, end: number, at: number): number {
  if (i >= end) return i - at;
  return bytes[i] === SPACE ? i + 1 - at : 0;
}

/** The length of the collector's mark that starts bytes[at, end), or 0 when it starts with none. */
function markLength(bytes: Uint8Array, at: number, end: number): number {
  const c = bytes[at];
  if (c === undefined || at >= end) return 0;
  if (isDigit(c)) return (end - at >= 27 ? timeMark(bytes, at, end) : 0) || composeMark(bytes, at, end);
  if (isLower(c)) return composeMark(bytes, at, end);
  return c >= 0x41 && c <= 0x5a && end - at >= 19 ? journalMark(bytes, at, end) : 0;
}

/** Marks one on another: a time GitHub Actions wrote before compose's service name. More is not a log's. */
const MAX_MARKS = 3;

/** The length of the collectors' marks (up to MAX_MARKS) that start bytes[at, end), or 0 when it starts with none. */
export function collectorMarkLength(bytes: Uint8Array, at: number, end: number): number {
  let length = 0;
  for (let k = 0; k < MAX_MARKS; k++) {
    const next = markLength(bytes, at + length, end);
    if (next === 0) break;
    length += next;
  }
  return length;
}

// Enough for MAX_MARKS of the longest (journald's: 16 + 128 + 1 + 128 + 2 bytes).
const scratch = new Uint8Array(MAX_MARKS * 288);

/** Whether a line of text may start with a mark, by a few characters at their fixed places: most lines are ruled out so. */
function mayStartWithMark(line: string): boolean {
  const first = line.charCodeAt(0);
  // A time: YYYY-MM-DDT; a journald date: Mon DD HH:MM; a compose name: its bar within the first 80 characters.
  if (first >= 0x30 && first <= 0x39 && line.charCodeAt(4) === 0x2d && line.charCodeAt(10) === 0x54) return true;
  if (first >= 0x41 && first <= 0x5a) return line.charCodeAt(3) === 0x20 && line.charCodeAt(9) === 0x3a;
  const lowerOrDigit = (first >= 0x61 && first <= 0x7a) || (first >= 0x30 && first <= 0x39);
  return lowerOrDigit && line.lastIndexOf(" |", 80) !== -1;
}

/** collectorMarkLength of a line of text: its first characters as bytes (a mark is ASCII). */
export function collectorMarkLengthOf(line: string): number {
  if (!mayStartWithMark(line)) return 0;
  const length = Math.min(line.length, scratch.length);
  for (let i = 0; i < length; i++) {
    const c = line.charCodeAt(i);
    scratch[i] = c < 0x80 ? c : 0;
  }
  return collectorMarkLength(scratch, 0, length);
}
