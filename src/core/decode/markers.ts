// "Might this line hold an error?", asked of every line of the input on its
// bytes, before any of it is decoded to text: most lines of a big log hold
// none and are passed over. The answer is yes for a line that holds one of
// the recognisers' marker words anywhere, or whose start or end says so: a
// JSON value left open (its next lines may be an envelope), a status line,
// an SDK's print. Each recogniser owns its markers (ENVELOPE_MARKERS, ...):
// a new form adds its words there, and this table takes them in.
import { indexOfBytes, utf8Bytes } from "../bytes.js";
import { ENVELOPE_MARKERS } from "./envelope.js";
import { TEXT_FORM_MARKERS } from "./text-forms.js";
import { EVIDENCE_MARKERS } from "./evidence.js";
import { TRANSCRIPT_MARKERS } from "./transcript.js";

interface Markers {
  /** Words that anywhere in a line make it worth reading. */
  words?: readonly string[];
  /** Words that make a line of text (not JSON) worth reading: a request id, a code written as in logfmt. */
  proseWords?: readonly string[];
  /** How a line may start (after blanks) to be worth reading. */
  starts?: readonly string[];
  /** How a JSON object closed on its own line may start to be worth reading without a word (a weak shape). */
  jsonStarts?: readonly string[];
}

const RECOGNISERS: readonly Markers[] = [ENVELOPE_MARKERS, TEXT_FORM_MARKERS, TRANSCRIPT_MARKERS, EVIDENCE_MARKERS];
const PROSE_WORDS = RECOGNISERS.flatMap((markers) => markers.proseWords ?? []).map(utf8Bytes);

const WORDS = RECOGNISERS.flatMap((markers) => markers.words ?? []);
// Most lines are ruled out by their first byte (or, for a JSON object, the byte its first key starts with):
// the prefixes are kept by that byte.
const STARTS = byByte(RECOGNISERS.flatMap((markers) => markers.starts ?? []), 0);
const JSON_STARTS = byByte(RECOGNISERS.flatMap((markers) => markers.jsonStarts ?? []), 2);

function byByte(prefixes: readonly string[], index: number): (Uint8Array[] | undefined)[] {
  const table: (Uint8Array[] | undefined)[] = new Array(256).fill(undefined);
  for (const prefix of prefixes.map(utf8Bytes)) (table[prefix[index]!] ??= []).push(prefix);
  return table;
}

/** Whether one of the prefixes starts at bytes[at]; `undefined` (no prefix starts with that byte) answers no. */
function anyStartsAt(bytes: Uint8Array, at: number, end: number, prefixes: Uint8Array[] | undefined): boolean {
  if (prefixes === undefined) return false;
  for (let i = 0; i < prefixes.length; i++) if (startsAt(bytes, at, end, prefixes[i]!)) return true;
  return false;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function startsAt(bytes: Uint8Array, at: number, end: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > end) return false;
  for (let k = 0; k < prefix.length; k++) if (bytes[at + k] !== prefix[k]) return false;
  return true;
}

/**
 * Whether the line bytes[start, end) may hold an error by how it starts or
 * ends (its words are MarkerWords' question): a line that ends by opening a
 * JSON value (`body: {`), a JSON value left open, a one-line body in a weak
 * shape, or a start a recogniser named.
 */
export function edgesMayMatter(bytes: Uint8Array, start: number, end: number): boolean {
  let last = end - 1;
  while (last > start && (bytes[last] === SPACE || bytes[last] === CR || bytes[last] === TAB)) last--;
  if (last > start && (bytes[last] === OPEN_BRACE || bytes[last] === OPEN_BRACKET)) return true;
  let first = start;
  while (first < end && (bytes[first] === SPACE || bytes[first] === TAB)) first++;
  if (first >= end) return false;
  const c = bytes[first]!;
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    if (c === OPEN_BRACKET && (bytes[first + 1] === 0x34 || bytes[first + 1] === 0x35)) return true; // [4xx] [5xx]
    if (bytes[last] !== CLOSE_BRACE && bytes[last] !== CLOSE_BRACKET) return true;
    // Closed on its line: only a body in a weak shape ({"message": ...} alone) has no marker word.
    return bytes[first + 1] === 0x22 && anyStartsAt(bytes, first, end, JSON_STARTS[bytes[first + 2]!]);
  }
  return anyStartsAt(bytes, first, end, STARTS[c]);
}

/**
 * Whether a line of text (one that does not start a JSON value) may name an
 * error in its words: a request id, a logfmt code or status, or a code
 * written as codes are (SANDBOX_LIMIT_REACHED). JSON lines are left to the
 * marker words: a big NDJSON log never pays for this.
 */
export function proseMayMatter(bytes: Uint8Array, start: number, end: number): boolean {
  let first = start;
  while (first < end && (bytes[first] === SPACE || bytes[first] === TAB)) first++;
  if (first >= end || bytes[first] === OPEN_BRACE || bytes[first] === OPEN_BRACKET) return false;
  const line = bytes.subarray(first, end);
  for (const word of PROSE_WORDS) if (indexOfBytes(line, word, 0) !== -1) return true;
  // An upper-case letter or digit on each side of an underscore.
  for (let at = line.indexOf(0x5f); at !== -1; at = line.indexOf(0x5f, at + 1)) {
    if (isUpperOrDigit(line[at - 1]) && isUpperOrDigit(line[at + 1])) return true;
  }
  return false;
}

function isUpperOrDigit(c: number | undefined): boolean {
  return c !== undefined && ((c >= 65 && c <= 90) || (c >= 48 && c <= 57));
}

let lone: MarkerWords | null = null;

/**
 * The whole question for one line on its own (the feeder asks it of a block
 * at a time, faster): the decoder asks it before a line of text may open a
 * record, so that a line the feeder passes over never changes what is found.
 */
export function lineMayMatter(line: Uint8Array): boolean {
  lone ??= new MarkerWords();
  return edgesMayMatter(line, 0, line.length) || lone.anyIn(line) || proseMayMatter(line, 0, line.length);
}

/**
 * The marker words in a block of lines, searched natively one word at a
 * time (memmem) rather than line by line: for each word the next place it
 * occurs is kept, so a line is asked about with a few compares.
 */
export class MarkerWords {
  private readonly needles = WORDS.map((word) => utf8Bytes(word.startsWith('"') ? word.slice(1) : word));
  // A word that starts with a quote is searched without it and the quote checked after: a search
  // stops at every byte that starts its needle, and a JSON log is full of quotes.
  private readonly quoted = WORDS.map((word) => word.startsWith('"'));
  private readonly next = WORDS.map(() => Number.MAX_SAFE_INTEGER);
  private earliest = Number.MAX_SAFE_INTEGER;
  private bytes: Uint8Array = new Uint8Array(0);

  /** Starts on a new block: bytes from `from` on. */
  reset(bytes: Uint8Array, from: number): void {
    this.bytes = bytes;
    for (let k = 0; k < this.next.length; k++) this.next[k] = this.find(k, from);
    this.earliest = this.first();
  }

  /** Whether the line that ends at `end` (and starts after the previous one asked about) holds a word. */
  inLineEndingAt(end: number): boolean {
    if (this.earliest >= end) return false;
    for (let k = 0; k < this.next.length; k++) if (this.next[k]! < end) this.next[k] = this.find(k, end + 1);
    this.earliest = this.first();
    return true;
  }

  private first(): number {
    let first = Number.MAX_SAFE_INTEGER;
    for (let k = 0; k < this.next.length; k++) if (this.next[k]! < first) first = this.next[k]!;
    return first;
  }

  /** Whether a line on its own (not part of a reset block) holds a word. */
  anyIn(line: Uint8Array): boolean {
    const saved = this.bytes;
    this.bytes = line;
    const found = this.next.some((_, k) => this.find(k, 0) !== Number.MAX_SAFE_INTEGER);
    this.bytes = saved;
    return found;
  }

  private find(k: number, from: number): number {
    const needle = this.needles[k]!;
    const lead = this.quoted[k] ? 1 : 0;
    for (let at = indexOfBytes(this.bytes, needle, from + lead); at !== -1; at = indexOfBytes(this.bytes, needle, at + 1)) {
      if (lead === 0 || this.bytes[at - 1] === 0x22) return at - lead;
    }
    return Number.MAX_SAFE_INTEGER;
  }
}
