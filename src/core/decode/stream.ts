// Feeds bytes to the Decoder as lines, fast. Most lines of a big log hold
// no error: they are found with one regex pass over each chunk (read as
// Latin-1, so string offsets are byte offsets) and a few byte checks at
// each line start, and are never decoded, parsed or copied.
import { Buffer } from "node:buffer";
import { StringDecoder } from "node:string_decoder";
import type { Decoder } from "./decoder.js";

/** Lines longer than this are skipped with a warning. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

// Anything a line must contain for an error to be in it, unless its start
// says otherwise (a status line, a JSON value that goes on to the next lines).
const MARKERS = /rror|RROR|"code"|miosa:/g;
const MARKER_NEEDLES = ["rror", "RROR", '"code"', "miosa:"];

const BLOCK_BYTES = 64 * 1024;
// One-line bodies in a weak shape start with one of these keys; by first letter, one compare per line.
const WEAK_START_BY_KEY = new Map(['{"message"', '{"detail"', '{"status"', '{"ok"'].map((start) => [start.charCodeAt(2), start]));

export interface StreamEvents {
  warning(message: string): void;
}

export class LineFeeder {
  bytes = 0;
  lines = 0;
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private skippingLongLine = false;
  private atStart = true;

  constructor(
    private readonly decoder: Decoder,
    private readonly events: StreamEvents,
  ) {}

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
    // Blocks of about 64 KB: their Latin-1 copies stay small enough to die young in V8's new space.
    while (start <= last) {
      let stop = last;
      if (last - start > BLOCK_BYTES) {
        stop = buffer.indexOf(10, start + BLOCK_BYTES);
        if (stop === -1 || stop > last) stop = last;
      }
      this.block(buffer, start, stop);
      start = stop + 1;
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
    this.lines++;
    if (this.skippingLongLine) {
      this.events.warning(`line ${this.lines} is longer than the ${MAX_LINE_BYTES / 1024 / 1024} MB line limit: skipped`);
      this.skippingLongLine = false;
      this.carryBytes = 0;
      return;
    }
    const pieces = this.carry;
    this.carry = [];
    this.carryBytes = 0;
    if (pieces.length === 1) {
      const line = pieces[0]!;
      if (this.decoder.busy || longLineMatters([line])) this.decoder.line(textOf(line, 0, line.length), this.lines);
    } else if (this.decoder.busy || longLineMatters(pieces)) {
      this.decoder.line(joinText(pieces), this.lines);
    }
  }

  /** Complete lines in buffer[from, to); buffer[to] is a newline. */
  private block(buffer: Buffer, from: number, to: number): void {
    const latin = buffer.toString("latin1", from, to);
    MARKERS.lastIndex = 0;
    let marker = MARKERS.exec(latin)?.index ?? -1;
    let position = 0;
    const length = latin.length;
    while (position <= length) {
      let end = latin.indexOf("\n", position);
      if (end === -1) end = length;
      this.lines++;
      const hasMarker = marker !== -1 && marker < end;
      if (hasMarker || this.decoder.busy || startMatters(latin, position, end)) {
        this.decoder.line(textOf(buffer, from + position, from + end), this.lines);
      }
      if (hasMarker) {
        MARKERS.lastIndex = end + 1;
        marker = MARKERS.exec(latin)?.index ?? -1;
      }
      position = end + 1;
    }
  }
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
  const edges = total <= 256 ? Buffer.concat(pieces).toString("latin1") : `${head.toString("latin1")}${tail.toString("latin1")}`;
  if (startMatters(edges, 0, edges.length)) return true;
  // Each piece with the bytes just before it, so a marker split over several pieces is found too.
  let before: Buffer = EMPTY_PIECE;
  for (const piece of pieces) {
    const window = before.length > 0 ? Buffer.concat([before, piece]) : piece;
    if (MARKER_NEEDLES.some((needle) => window.includes(needle))) return true;
    before = window.subarray(Math.max(0, window.length - (LONGEST_MARKER - 1)));
  }
  return false;
}

const EMPTY_PIECE: Buffer = Buffer.alloc(0);
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

const EMPTY = Buffer.alloc(0);

/** The line as text: UTF-8 (invalid bytes become U+FFFD), without its CR. */
function textOf(buffer: Buffer, start: number, end: number): string {
  const stop = end > start && buffer[end - 1] === 13 ? end - 1 : end;
  return buffer.toString("utf8", start, stop);
}

/**
 * Whether a line's start alone makes it worth reading: a JSON value that
 * goes on past the line, a status or request line, curl's own lines, a
 * quote in a ticket, an Elixir `[404]` print.
 */
export function startMatters(text: string, start: number, end: number): boolean {
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
      const start = WEAK_START_BY_KEY.get(text.charCodeAt(i + 2));
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
    default:
      return false;
  }
}
