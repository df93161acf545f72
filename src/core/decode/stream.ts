// Feeds bytes to the Decoder as lines. A line is decoded to text only when it
// may hold an error (markers.ts) or when the decoder is in the middle of a
// form that spans lines; the rest are passed over on their bytes. The caller
// may reuse a chunk's memory once push() returns: nothing here keeps a view of it.
import { concatBytes, utf8Text } from "../bytes.js";
import type { Decoder } from "./decoder.js";
import { edgesMayMatter, MarkerWords } from "./markers.js";

/** Lines longer than this are skipped with a warning. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

const NEWLINE = 10;

export interface StreamEvents {
  warning(message: string): void;
}

export class LineFeeder {
  bytes = 0;
  lines = 0;
  /** The start of a line that goes on in the next chunk, copied. */
  private carry: Uint8Array[] = [];
  private carryBytes = 0;
  private skippingLongLine = false;
  private atStart = true;
  private readonly words = new MarkerWords();

  constructor(
    private readonly decoder: Decoder,
    private readonly events: StreamEvents,
  ) {}

  push(chunk: Uint8Array): void {
    let bytes = chunk;
    if (bytes.length === 0) return;
    this.bytes += bytes.length;
    if (this.atStart) {
      this.atStart = false;
      // A UTF-8 byte order mark is not part of the first line.
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    let start = 0;
    if (this.carryBytes > 0 || this.skippingLongLine) {
      const newline = bytes.indexOf(NEWLINE);
      if (newline === -1) return this.keep(bytes);
      this.keep(bytes.subarray(0, newline));
      this.finishCarriedLine();
      start = newline + 1;
    }
    const last = bytes.lastIndexOf(NEWLINE);
    if (start <= last) {
      this.block(bytes, start, last);
      start = last + 1;
    }
    if (start < bytes.length) this.keep(bytes.subarray(start));
  }

  end(): void {
    if (this.carryBytes > 0 || this.skippingLongLine) this.finishCarriedLine();
    this.decoder.end();
  }

  /** Holds the start of a line that goes on in the next chunk, up to the line limit. */
  private keep(part: Uint8Array): void {
    if (this.skippingLongLine) return;
    this.carryBytes += part.length;
    if (this.carryBytes > MAX_LINE_BYTES) {
      this.skippingLongLine = true;
      this.carry = [];
      return;
    }
    // A copy (Buffer's own slice() would be a view).
    if (part.length > 0) this.carry.push(Uint8Array.prototype.slice.call(part));
  }

  private finishCarriedLine(): void {
    if (this.skippingLongLine) {
      this.lines++;
      this.events.warning(`line ${this.lines} is longer than the ${MAX_LINE_BYTES / 1024 / 1024} MB line limit: skipped`);
      this.skippingLongLine = false;
      this.carryBytes = 0;
      return;
    }
    const line = this.carry.length === 1 ? this.carry[0]! : concatBytes(this.carry);
    this.carry = [];
    this.carryBytes = 0;
    // The line and a newline after it, as block() takes lines.
    const bytes = new Uint8Array(line.length + 1);
    bytes.set(line);
    bytes[line.length] = NEWLINE;
    this.block(bytes, 0, line.length);
  }

  /** The complete lines in bytes[from, to]; bytes[to] is a newline. */
  private block(bytes: Uint8Array, from: number, to: number): void {
    const decoder = this.decoder;
    const words = this.words;
    words.reset(bytes, from);
    let lines = this.lines;
    let position = from;
    while (position <= to) {
      let end = bytes.indexOf(NEWLINE, position);
      if (end === -1 || end > to) end = to;
      lines++;
      // Every line asks the words, so that their search keeps pace.
      const hasWord = words.inLineEndingAt(end);
      if (hasWord || decoder.busy || edgesMayMatter(bytes, position, end)) {
        this.lines = lines;
        decoder.line(lineText(bytes, position, end), lines);
      }
      position = end + 1;
    }
    this.lines = lines;
  }
}

/** The line as text: UTF-8 (invalid bytes become U+FFFD), without its CR. */
function lineText(bytes: Uint8Array, start: number, end: number): string {
  return utf8Text(bytes, start, end > start && bytes[end - 1] === 13 ? end - 1 : end);
}
