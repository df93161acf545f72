// Feeds bytes to the Decoder. The input is first made UTF-8 with LF line
// ends (input-text.ts). A JSON document that starts a line and does not
// close on it, or runs past the chunk, is handed over as bytes, however
// large (the decoder streams it). Every other line is decoded to text only
// when it may hold an error (markers.ts) or the decoder is in the middle of
// a record; the rest are passed over on their bytes. The caller may reuse a
// chunk's memory once push() returns: nothing here keeps a view of it.
import { concatBytes, LF, utf8Text } from "../bytes.js";
import type { Decoder } from "./decoder.js";
import { InputText } from "./input-text.js";
import { lineVerdict, MarkerWords, Verdict } from "./markers.js";

/** Lines longer than this (that are not JSON documents) are skipped with a warning. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export interface StreamEvents {
  warning(message: string): void;
}

export class LineFeeder {
  bytes = 0;
  lines = 0;
  private readonly text = new InputText();
  /** The start of a line that goes on in the next chunk, copied. */
  private carry: Uint8Array[] = [];
  private carryBytes = 0;
  /** The carried line is one read again as text after it was taken for a document: it must not start one again. */
  private rereading = false;
  /** The carried line is what follows a document's close on its line: read only when it is not blank. */
  private afterDocument = false;
  /** The last line has begun and not ended (a newline is still to come): it counts once it ends, or at the end. */
  private lineOpen = false;
  private skippingLongLine = false;
  private atStart = true;
  private warnedBinary = false;
  private readonly words = new MarkerWords();

  constructor(
    private readonly decoder: Decoder,
    private readonly events: StreamEvents,
  ) {}

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    for (const part of this.text.push(chunk)) this.pushText(part);
  }

  end(): void {
    for (const part of this.text.end()) this.pushText(part);
    if (this.decoder.inRawDocument) {
      // Cut off at the end of the input: its last line counts too.
      if (this.lineOpen) this.lines = this.decoder.documentLine;
    } else if (this.carryBytes > 0 || this.skippingLongLine || this.lineOpen) this.finishCarriedLine();
    this.decoder.end();
  }

  private pushText(chunk: Uint8Array): void {
    let bytes = chunk;
    if (bytes.length === 0) return;
    if (this.atStart) {
      this.atStart = false;
      // A UTF-8 byte order mark is not part of the first line.
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      if (!this.warnedBinary && bytes.subarray(0, 4096).includes(0)) {
        this.warnedBinary = true;
        this.events.warning("looks like binary data (NUL bytes); decoding the text in it");
      }
    }
    let position = 0;
    while (position < bytes.length) {
      if (this.decoder.inRawDocument) {
        position = this.document(bytes, position);
        continue;
      }
      if (this.carryBytes > 0 || this.skippingLongLine) {
        const newline = bytes.indexOf(LF, position);
        if (newline === -1) return this.keep(bytes.subarray(position));
        this.keep(bytes.subarray(position, newline));
        position = newline + 1;
        this.finishCarriedLine();
        continue;
      }
      const last = bytes.lastIndexOf(LF);
      if (last >= position) position = this.block(bytes, position, last);
      if (position >= bytes.length || this.decoder.inRawDocument) continue;
      // A line that goes on in the next chunk: a document starts now; other text waits for its end.
      if (this.decoder.acceptsDocument && lineVerdict(bytes, position, bytes.length, false, false) === Verdict.Document) {
        this.decoder.startDocument(this.lines + 1);
        continue;
      }
      this.keep(bytes.subarray(position));
      return;
    }
  }

  /** Hands bytes from `position` to the raw document; returns where line reading resumes. */
  private document(bytes: Uint8Array, position: number): number {
    const at = this.decoder.documentBytes(bytes, position, bytes.length);
    // The lines before the one the document is on (or ended on) are done.
    this.lines = this.decoder.documentLine - 1;
    if (at === -1) {
      this.lineOpen = bytes[bytes.length - 1] !== LF;
      return bytes.length;
    }
    // Not a document after all: the start of its line is read again with the rest of the line, as text.
    const reread = this.decoder.takeReread();
    if (reread !== null) {
      this.carry = reread.length > 0 ? [reread] : [];
      this.carryBytes = reread.length;
      this.rereading = true;
    } else {
      // The line the document ended on: what follows it there is read as a line of its own, unless blank.
      this.carry = [];
      this.carryBytes = 0;
      this.afterDocument = true;
    }
    const newline = bytes.indexOf(LF, at);
    if (newline === -1) {
      this.keep(bytes.subarray(at));
      this.lineOpen = true;
      return bytes.length;
    }
    this.keep(bytes.subarray(at, newline));
    this.finishCarriedLine();
    return newline + 1;
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
    const afterDocument = this.afterDocument;
    this.afterDocument = false;
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
    this.lineOpen = false;
    this.lines++;
    const rereading = this.rereading;
    this.rereading = false;
    // A blank rest after a document is no blank line (which would end a text record): the decoder
    // reading the document from its lines drops it too (line-document.ts trims it).
    if (afterDocument && lineText(line, 0, line.length).trim() === "") return;
    if (rereading || this.decoder.busy || lineVerdict(line, 0, line.length, true, this.words.anyIn(line)) !== Verdict.Skip) {
      this.decoder.line(lineText(line, 0, line.length), this.lines);
    }
  }

  /** The complete lines in bytes[from, to]; bytes[to] is a newline. Returns where it stopped: to + 1, or a document's start. */
  private block(bytes: Uint8Array, from: number, to: number): number {
    const decoder = this.decoder;
    const words = this.words;
    words.reset(bytes, from);
    // Locals in the loop: only decoder.line() changes whether the decoder is busy.
    let busy = decoder.busy;
    let lines = this.lines;
    let position = from;
    while (position <= to) {
      let end = bytes.indexOf(LF, position);
      if (end === -1 || end > to) end = to;
      // Every line asks the words, so that their search keeps pace.
      const hasWord = words.inLineEndingAt(end);
      const verdict = lineVerdict(bytes, position, end, true, hasWord);
      if (verdict === Verdict.Document && decoder.acceptsDocument) {
        this.lines = lines;
        decoder.startDocument(lines + 1);
        return position;
      }
      lines++;
      if (verdict !== Verdict.Skip || busy) {
        this.lines = lines;
        decoder.line(lineText(bytes, position, end), lines);
        busy = decoder.busy;
      }
      position = end + 1;
    }
    this.lines = lines;
    return position;
  }
}

/** The line as text: UTF-8 (invalid bytes become U+FFFD), without its CR. */
function lineText(bytes: Uint8Array, start: number, end: number): string {
  return utf8Text(bytes, start, end > start && bytes[end - 1] === 13 ? end - 1 : end);
}
