// "Might this line hold an error?", asked of every line of the input on its
// bytes, before any of it is decoded to text: most lines of a big log hold
// none and are passed over. The answer is yes for a line that holds one of
// the recognisers' marker words anywhere, or whose start or end says so: a
// JSON value left open (its next lines may be an envelope), a status line,
// an SDK's print. Each recogniser owns its markers (ENVELOPE_MARKERS, ...):
// a new form adds its words there, and this table takes them in.
import { CLOSE_BRACE, CLOSE_BRACKET, CR, indexOfBytes, latin1Text, OPEN_BRACE, OPEN_BRACKET, SPACE, TAB, utf8Bytes } from "../bytes.js";
import { MAX_LINE_PARSE } from "./limits.js";
import { collectorMarkLength } from "./collector-mark.js";
import { ENVELOPE_MARKERS, WEAK_ENVELOPE_FIELDS } from "../finding/envelope.js";
import { TEXT_FORM_MARKERS } from "./text-forms.js";
import { EVIDENCE_MARKERS } from "./evidence.js";
import { TRANSCRIPT_MARKERS } from "./transcript.js";
import { PRINT_WORDS } from "./document.js";

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
const STARTS = byByte(
  RECOGNISERS.flatMap((markers) => markers.starts ?? []),
  0,
);
const JSON_STARTS = byByte(
  RECOGNISERS.flatMap((markers) => markers.jsonStarts ?? []),
  2,
);

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

function startsAt(bytes: Uint8Array, at: number, end: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > end) return false;
  for (let k = 0; k < prefix.length; k++) if (bytes[at + k] !== prefix[k]) return false;
  return true;
}

/** What to do with a line: pass it over, read it as a line, or stream it as a JSON document. */
export enum Verdict {
  Skip,
  Read,
  Document,
}

function isBlank(c: number | undefined): boolean {
  return c === SPACE || c === TAB || c === CR;
}

/**
 * The question for the line bytes[start, end), on its bytes, once: its
 * first and last bytes and the words in it (`hasWord`, from MarkerWords)
 * decide. A JSON value that opens the line and does not close on it (or
 * whose line is too long to parse whole, or not yet complete: `complete`
 * false) is a document to stream. Otherwise a line is read when it holds a
 * marker word, ends by opening JSON (`body: {`), starts as a recogniser said,
 * is a one-line body in a weak shape, or is text that names an error in its
 * words (proseMayMatter). A line a log collector marked (collector-mark.ts)
 * is asked once more without its marks (`marksTaken`).
 */
export function lineVerdict(bytes: Uint8Array, start: number, end: number, complete: boolean, hasWord: boolean, marksTaken = false): Verdict {
  // The usual line of a JSON log first: a record closed on its line, no blanks around it.
  if (complete && bytes[start] === OPEN_BRACE && bytes[end - 1] === CLOSE_BRACE && end - start <= MAX_LINE_PARSE) {
    if (hasWord) return Verdict.Read;
    return bytes[start + 1] === 0x22 && anyStartsAt(bytes, start, end, JSON_STARTS[bytes[start + 2]!]) ? Verdict.Read : Verdict.Skip;
  }
  let first = start;
  while (first < end && isBlank(bytes[first])) first++;
  if (first >= end) return hasWord ? Verdict.Read : Verdict.Skip;
  let last = end - 1;
  while (last > first && isBlank(bytes[last])) last--;
  const c = bytes[first]!;
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    const closed = complete && (bytes[last] === CLOSE_BRACE || bytes[last] === CLOSE_BRACKET);
    if ((!closed || end - start > MAX_LINE_PARSE) && opensJsonValue(bytes, first, end)) return Verdict.Document;
    if (hasWord || !closed) return Verdict.Read;
    if (c === OPEN_BRACKET && (bytes[first + 1] === 0x34 || bytes[first + 1] === 0x35)) return Verdict.Read; // [4xx] [5xx]
    // Closed on its line: only a body in a weak shape ({"message": ...} alone) has no marker word.
    return bytes[first + 1] === 0x22 && anyStartsAt(bytes, first, end, JSON_STARTS[bytes[first + 2]!]) ? Verdict.Read : Verdict.Skip;
  }
  if (hasWord) return Verdict.Read;
  if (last > first && (bytes[last] === OPEN_BRACE || bytes[last] === OPEN_BRACKET)) return Verdict.Read;
  if (anyStartsAt(bytes, first, end, STARTS[c])) return Verdict.Read;
  if (proseMayMatter(bytes, first, end)) return Verdict.Read;
  // Collectors' marks before the line (collector-mark.ts): how the rest starts decides, asked once.
  const mark = start === first && !marksTaken ? collectorMarkLength(bytes, start, end) : 0;
  return mark > 0 ? lineVerdict(bytes, start + mark, end, complete, false, true) : Verdict.Skip;
}

/**
 * Whether the `{` or `[` at bytes[at] begins a JSON value rather than a
 * bracket in text (`[debug]`, `[2026-12-04 ...]`, `{ [139 bytes data]`): what
 * follows it (after blanks) is a key, a value or the bracket's close.
 */
export function opensJsonValue(bytes: Uint8Array, at: number, end: number): boolean {
  let next = at + 1;
  while (next < end && isBlank(bytes[next])) next++;
  if (next >= end) return true;
  const c = bytes[next]!;
  if (bytes[at] === OPEN_BRACE) return c === 0x22 || c === CLOSE_BRACE;
  return (
    c === 0x22 ||
    c === OPEN_BRACE ||
    c === OPEN_BRACKET ||
    c === CLOSE_BRACKET ||
    c === 0x2d ||
    (c >= 0x30 && c <= 0x39 && !/^\d{4}[-/]/.test(String.fromCharCode(...bytes.subarray(next, next + 5)))) ||
    c === 0x74 ||
    c === 0x66 ||
    c === 0x6e
  );
}

/**
 * Whether a line of text (one that does not start a JSON value) may name an
 * error in its words: a request id, a logfmt code or status, or a code
 * written as codes are (SANDBOX_LIMIT_REACHED). JSON lines are left to the
 * marker words: a big NDJSON log never pays for this.
 */
function proseMayMatter(bytes: Uint8Array, first: number, end: number): boolean {
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
 * Whether one record of a large JSON document (json-reader.ts) may hold an
 * error, asked of its bytes before it is parsed: most records of an export
 * do not, and parsing them was most of the time and memory it took. Wider
 * than a line's question, as a record's facts are all inside it: yes when
 * it holds a marker word (without its quotes: `code` in an encoded body), a
 * field of an envelope in a weak shape (`message`, `detail`, `title`: such
 * an envelope is found with no status beside it), what a client's print in
 * a string needs (PRINT_WORDS), a `\u` escape (a key written with one), or
 * a number from 400 to 599 (a status, which makes a page an error). One
 * pattern over the record as text: a native search per word cost more, on
 * records of a few hundred bytes, than the parse it spares.
 */
export function recordMayMatter(bytes: Uint8Array): boolean {
  return RECORD_WORDS.test(latin1Text(bytes)) || holdsErrorStatus(bytes);
}

const RECORD_WORDS = new RegExp(
  [...WORDS.map((word) => word.replaceAll('"', "")), ...WEAK_ENVELOPE_FIELDS, ...PRINT_WORDS, "\\u"]
    .map((word) => word.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&"))
    .join("|"),
);

/** "4" and "5": how a status of an error starts. */
const STATUS_LEADS = [0x34, 0x35] as const;

/** Whether a 4 or 5 starts a run of exactly three digits somewhere in the bytes. */
function holdsErrorStatus(bytes: Uint8Array): boolean {
  for (const lead of STATUS_LEADS) {
    for (let at = bytes.indexOf(lead); at !== -1; at = bytes.indexOf(lead, at + 1)) {
      if (!isDigit(bytes[at - 1]) && isDigit(bytes[at + 1]) && isDigit(bytes[at + 2]) && !isDigit(bytes[at + 3])) return true;
    }
  }
  return false;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

/**
 * The whole question for one line on its own (the feeder asks it of a block
 * at a time, faster): the decoder asks it before a line of text may open a
 * record, so that a line the feeder passes over never changes what is found.
 */
export function lineMayMatter(line: Uint8Array): boolean {
  lone ??= new MarkerWords();
  return lineVerdict(line, 0, line.length, true, lone.anyIn(line)) !== Verdict.Skip;
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
