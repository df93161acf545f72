// Feeds bytes to the Decoder as lines, fast. Most lines of a big log hold
// no error. They are passed over on the bytes themselves, and a line is
// decoded to a string only when it may hold an error: one with a marker word
// in it, or whose start or end says so (edgesMatter). The scan runs as
// WebAssembly (line-scan.wat), 32 bytes a step; where WebAssembly is not
// there, Buffer.indexOf (native memchr/memmem) finds the next newline and
// marker word instead. The caller may reuse its chunk's memory after push()
// returns: nothing here keeps a view of it.
import { Buffer } from "node:buffer";
import { StringDecoder } from "node:string_decoder";
import type { Decoder } from "./decoder.js";
import { LineScanner } from "./line-scan.js";

/** Lines longer than this are skipped with a warning. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

// Anything a line must contain for an error to be in it, unless its start
// says otherwise (a status line, a JSON value that goes on to the next lines,
// the Go CLI's `miosa:` lines). The Go SDK's print is found by its
// `(status=`, not its `miosa: `: each search stops at every byte that starts
// its needle (memchr), and `(` is rare where `m` is not. line-scan.wat
// looks for the same four words.
export const MARKER_NEEDLES = ["rror", "RROR", '"code"', "(status="];
// Searched as bytes. `"code"` is searched as `code"` and its quote checked
// after: memchr on a leading `"` stops at every quote of a JSON log.
const MARKER_BYTES = MARKER_NEEDLES.map((needle) => Buffer.from(needle.startsWith('"') ? needle.slice(1) : needle, "latin1"));
const MARKER_LEAD = MARKER_NEEDLES.map((needle) => (needle.startsWith('"') ? 1 : 0));
const NO_MARKER = Number.MAX_SAFE_INTEGER;
const EMPTY: Buffer = Buffer.alloc(0);

// One-line bodies in a weak shape start with one of these keys; by first letter, one compare per line.
// line-scan.wat knows their first letters (m, d, s, o) too.
export const WEAK_STARTS = ['{"message"', '{"detail"', '{"status"', '{"ok"'];
const WEAK_START_BY_KEY: (string | undefined)[] = [];
for (const start of WEAK_STARTS) WEAK_START_BY_KEY[start.charCodeAt(2)] = start;

// The first bytes of a line startMatters can say yes to (blanks, then one of `{[><H$c*m`).
const MAY_START_MATTER = new Uint8Array(256);
for (const char of " \t{[><H$c*m") MAY_START_MATTER[char.charCodeAt(0)] = 1;

/** What startMatters reads a line through: a string, or the bytes of a chunk (ByteText). */
export interface LineText {
  charCodeAt(index: number): number;
  startsWith(search: string, position: number): boolean;
}

/** A chunk's bytes read as Latin-1 text without making a string of them. */
class ByteText implements LineText {
  constructor(public bytes: Buffer) {}

  charCodeAt(index: number): number {
    return index < this.bytes.length ? this.bytes[index]! : Number.NaN;
  }

  startsWith(search: string, position: number): boolean {
    if (position + search.length > this.bytes.length) return false;
    for (let i = 0; i < search.length; i++) if (this.bytes[position + i] !== search.charCodeAt(i)) return false;
    return true;
  }
}

export interface StreamEvents {
  warning(message: string): void;
}

export interface FeederOptions {
  /** The WebAssembly scan, or null for the JavaScript one; by default the first where WebAssembly is there. */
  scanner?: LineScanner | null;
}

export class LineFeeder {
  bytes = 0;
  lines = 0;
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private skippingLongLine = false;
  private atStart = true;
  private readonly byteText = new ByteText(EMPTY);
  private readonly nextMarker = MARKER_NEEDLES.map(() => NO_MARKER);
  private readonly scanner: LineScanner | null;

  constructor(
    private readonly decoder: Decoder,
    private readonly events: StreamEvents,
    options: FeederOptions = {},
  ) {
    this.scanner = options.scanner === undefined ? LineScanner.create() : options.scanner;
  }

  /**
   * Where a reader may put its next chunk to spare a copy (the scanner's
   * memory), or null. Its bytes are only good until that chunk is pushed.
   */
  readBuffer(): Buffer | null {
    return this.scanner ? this.scanner.bytes.subarray(0, this.scanner.capacity) : null;
  }

  push(chunk: Uint8Array): void {
    let buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (buffer.length === 0) return;
    this.bytes += buffer.length;
    if (this.atStart) {
      this.atStart = false;
      // A UTF-8 byte order mark is not part of the first line.
      if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) buffer = buffer.subarray(3);
    }
    let start = 0;
    if (this.carryBytes > 0 || this.skippingLongLine) {
      const newline = buffer.indexOf(10);
      if (newline === -1) return this.keep(buffer);
      this.keep(buffer.subarray(0, newline));
      this.finishCarriedLine();
      start = newline + 1;
    }
    const last = buffer.lastIndexOf(10);
    if (start <= last) {
      this.block(buffer, start, last);
      start = last + 1;
    }
    if (start < buffer.length) this.keep(buffer.subarray(start));
  }

  end(): void {
    if (this.carryBytes > 0 || this.skippingLongLine) this.finishCarriedLine();
    this.decoder.end();
  }

  /** Holds the start of a line that goes on in the next chunk, up to the line limit. */
  private keep(part: Buffer): void {
    if (this.skippingLongLine) return;
    this.carryBytes += part.length;
    if (this.carryBytes > MAX_LINE_BYTES) {
      this.skippingLongLine = true;
      this.carry = [];
      return;
    }
    // A copy: the caller may reuse the chunk's memory for the next one.
    if (part.length > 0) this.carry.push(Buffer.from(part));
  }

  private finishCarriedLine(): void {
    if (this.skippingLongLine) {
      this.lines++;
      this.events.warning(`line ${this.lines} is longer than the ${MAX_LINE_BYTES / 1024 / 1024} MB line limit: skipped`);
      this.skippingLongLine = false;
      this.carryBytes = 0;
      return;
    }
    const pieces = this.carry;
    const total = this.carryBytes;
    this.carry = [];
    this.carryBytes = 0;
    const scanner = this.scanner;
    if (scanner !== null && total < scanner.lineAreaBytes) {
      // Put together in the scanner's line area (the chunk's bytes may still be in use), it is read as any other line.
      let at = scanner.lineArea;
      for (const piece of pieces) at += piece.copy(scanner.bytes, at);
      scanner.bytes[at] = 10;
      return this.scannerBlock(scanner, scanner.lineArea, at);
    }
    this.lines++;
    if (pieces.length === 1) {
      const line = pieces[0]!;
      if (this.decoder.busy || longLineMatters([line])) this.decoder.line(textOf(line, 0, line.length), this.lines);
    } else if (this.decoder.busy || longLineMatters(pieces)) {
      this.decoder.line(joinText(pieces), this.lines);
    }
  }

  /** Complete lines in buffer[from, to]; buffer[to] is a newline. */
  private block(buffer: Buffer, from: number, to: number): void {
    const scanner = this.scanner;
    if (scanner === null) return this.indexOfBlock(buffer, from, to);
    const at = buffer.byteOffset;
    if (buffer.buffer === scanner.bytes.buffer && at + buffer.length <= scanner.capacity) return this.scannerBlock(scanner, at + from, at + to);
    // Into the scanner's memory, as many whole lines at a time as fit.
    while (from <= to) {
      let end = to;
      if (to - from + 1 > scanner.capacity) {
        end = buffer.lastIndexOf(10, from + scanner.capacity - 1);
        if (end < from) {
          // A line longer than the scanner's memory.
          end = buffer.indexOf(10, from);
          this.indexOfBlock(buffer, from, end);
          from = end + 1;
          continue;
        }
      }
      buffer.copy(scanner.bytes, 0, from, end + 1);
      this.scannerBlock(scanner, 0, end - from);
      from = end + 1;
    }
  }

  /** block() for lines in the scanner's memory. */
  private scannerBlock(scanner: LineScanner, from: number, to: number): void {
    const decoder = this.decoder;
    const buffer = scanner.bytes;
    const text = this.byteText;
    text.bytes = buffer;
    let lines = this.lines;
    let busy = decoder.busy;
    let position = from;
    while (position <= to) {
      let start = position;
      let end: number;
      if (busy) {
        // A multi-line form is open: every line goes to the decoder.
        end = buffer.indexOf(10, position);
        if (end === -1 || end > to) end = to;
        lines++;
      } else {
        start = scanner.next(position, to);
        lines += scanner.linesPassed;
        if (start === -1) break;
        end = scanner.lineEnd;
        if (!scanner.hasMarker && !edgesMatter(buffer, text, start, end)) {
          position = end + 1;
          continue;
        }
      }
      this.lines = lines;
      decoder.line(textOf(buffer, start, end), lines);
      busy = decoder.busy;
      position = end + 1;
    }
    this.lines = lines;
    text.bytes = EMPTY;
  }

  /** block() with Buffer.indexOf, where there is no scanner. */
  private indexOfBlock(buffer: Buffer, from: number, to: number): void {
    const decoder = this.decoder;
    const text = this.byteText;
    text.bytes = buffer;
    const next = this.nextMarker;
    for (let k = 0; k < next.length; k++) next[k] = markerAt(buffer, k, from);
    let marker = earliest(next);
    // Locals in the loop; only decoder.line changes whether the decoder is busy.
    let lines = this.lines;
    let busy = decoder.busy;
    let position = from;
    while (position <= to) {
      let end = buffer.indexOf(10, position);
      if (end === -1 || end > to) end = to;
      lines++;
      const hasMarker = marker < end;
      if (hasMarker || busy || edgesMatter(buffer, text, position, end)) {
        this.lines = lines;
        decoder.line(textOf(buffer, position, end), lines);
        busy = decoder.busy;
      }
      if (hasMarker) {
        for (let k = 0; k < next.length; k++) if (next[k]! < end) next[k] = markerAt(buffer, k, end + 1);
        marker = earliest(next);
      }
      position = end + 1;
    }
    this.lines = lines;
    text.bytes = EMPTY;
  }
}

/** edgesMatter for the line [start, end) of bytes: what the scanner's edge test must never rule out. */
export function lineEdgesMatter(bytes: Buffer, start: number, end: number): boolean {
  return edgesMatter(bytes, new ByteText(bytes), start, end);
}

/**
 * startMatters || endOpensJson for a line of a chunk, read off its bytes.
 * Most lines start with a byte no line that matters starts with, or are a
 * closed `{"key":...}` record: a few byte reads pass them.
 */
function edgesMatter(buffer: Buffer, text: ByteText, start: number, end: number): boolean {
  if (start === end) return false;
  let j = end - 1;
  let last = buffer[j]!;
  while ((last === 32 || last === 13 || last === 9) && j > start) last = buffer[--j]!;
  if (j > start && (last === 123 || last === 91)) return true; // endOpensJson
  const first = buffer[start]!;
  if (MAY_START_MATTER[first] !== 1) return false;
  if (first === 123 && last === 125 && j > start) {
    // startMatters on a closed object: only a one-line body in a weak shape.
    if (buffer[start + 1] !== 34) return false;
    const weak = WEAK_START_BY_KEY[buffer[start + 2]!];
    return weak !== undefined && text.startsWith(weak, start);
  }
  return startMatters(text, start, end);
}

function earliest(positions: readonly number[]): number {
  let first = NO_MARKER;
  for (let k = 0; k < positions.length; k++) if (positions[k]! < first) first = positions[k]!;
  return first;
}

/** Where marker k next starts in buffer at or after from; NO_MARKER when nowhere. */
function markerAt(buffer: Buffer, k: number, from: number): number {
  const needle = MARKER_BYTES[k]!;
  const lead = MARKER_LEAD[k]!;
  for (let at = buffer.indexOf(needle, from + lead); at !== -1; at = buffer.indexOf(needle, at + 1)) {
    // `"code"`: the byte before `code"` must be its opening quote.
    if (lead === 0 || buffer[at - 1] === 0x22) return at - lead;
  }
  return NO_MARKER;
}

/**
 * The same question for a line that came in several chunks, asked of its
 * bytes (no copy of a line that may be megabytes long): its start and end,
 * then the marker words, also where one straddles two pieces.
 */
function longLineMatters(pieces: readonly Buffer[]): boolean {
  // Its first and last 128 bytes, whatever sizes the pieces came in (a pipe can deliver a few bytes at a time).
  const head = edgeBytes(pieces, 128, false);
  const tail = edgeBytes(pieces, 128, true);
  const total = pieces.reduce((sum, piece) => sum + piece.length, 0);
  const edges = new ByteText(total <= 256 ? Buffer.concat(pieces) : Buffer.concat([head, tail]));
  if (startMatters(edges, 0, edges.bytes.length) || endOpensJson(edges, 0, edges.bytes.length)) return true;
  // Each piece with the bytes just before it, so a marker split over several pieces is found too.
  let before: Buffer = EMPTY;
  for (const piece of pieces) {
    const window = before.length > 0 ? Buffer.concat([before, piece]) : piece;
    if (MARKER_NEEDLES.some((needle) => window.includes(needle))) return true;
    before = window.subarray(Math.max(0, window.length - (LONGEST_MARKER - 1)));
  }
  return false;
}

const LONGEST_MARKER = Math.max(...MARKER_NEEDLES.map((needle) => needle.length));

/** The first (or last) n bytes of pieces taken together. */
function edgeBytes(pieces: readonly Buffer[], n: number, fromEnd: boolean): Buffer {
  const taken: Buffer[] = [];
  let size = 0;
  for (let i = 0; i < pieces.length && size < n; i++) {
    const piece = pieces[fromEnd ? pieces.length - 1 - i : i]!;
    const part = fromEnd ? piece.subarray(Math.max(0, piece.length - (n - size))) : piece.subarray(0, n - size);
    taken.push(part);
    size += part.length;
  }
  return Buffer.concat(fromEnd ? taken.reverse() : taken);
}

/** A line in several pieces as one string, each piece let go once decoded. */
function joinText(pieces: Buffer[]): string {
  const utf8 = new StringDecoder("utf8");
  let text = "";
  for (let i = 0; i < pieces.length; i++) {
    text += utf8.write(pieces[i]!);
    pieces[i] = EMPTY;
  }
  text += utf8.end();
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}


/** The line as text: UTF-8 (invalid bytes become U+FFFD), without its CR. */
function textOf(buffer: Buffer, start: number, end: number): string {
  const stop = end > start && buffer[end - 1] === 13 ? end - 1 : end;
  return buffer.toString("utf8", start, stop);
}

/** A line that ends by opening a JSON value (`ERROR response: {`): the lines after it may be an envelope. */
export function endOpensJson(text: LineText, start: number, end: number): boolean {
  let j = end - 1;
  while (j >= start && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 13 || text.charCodeAt(j) === 9)) j--;
  const last = text.charCodeAt(j);
  return j > start && (last === 123 || last === 91);
}

/**
 * Whether a line's start alone makes it worth reading: a JSON value that
 * goes on past the line, a status or request line, curl's own lines, a
 * quote in a ticket, an Elixir `[404]` print.
 */
export function startMatters(text: LineText, start: number, end: number): boolean {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i >= end) return false;
  const c = text.charCodeAt(i);
  switch (c) {
    case 123: // {
    case 91: {
      // [
      if (c === 91) {
        const next = text.charCodeAt(i + 1);
        if (next === 52 || next === 53) return true; // [4xx] [5xx]
      }
      let j = end - 1;
      while (j > i && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 13 || text.charCodeAt(j) === 9)) j--;
      const last = text.charCodeAt(j);
      if (last !== 125 && last !== 93) return true;
      // A one-line body in a weak shape ({"message": ...} alone) has no marker word.
      if (text.charCodeAt(i + 1) !== 34) return false;
      const start = WEAK_START_BY_KEY[text.charCodeAt(i + 2)];
      return start !== undefined && text.startsWith(start, i);
    }
    case 62: // > quotes and curl -v requests
      return true;
    case 60: // < HTTP/ in curl -v
      return text.startsWith("< HTTP/", i);
    case 72: // HTTP/
      return text.startsWith("HTTP/", i);
    case 36: // $ curl
    case 99: // curl
      return text.startsWith("curl ", i) || text.startsWith("$ curl ", i);
    case 42: // ** (Miosa.Error)
      return text.startsWith("** (", i);
    case 109: // the Go CLI's `miosa: <message>` and `miosa: command failed`
      return text.startsWith("miosa:", i);
    default:
      return false;
  }
}
