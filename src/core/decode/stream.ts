// Feeds bytes to the Decoder. The input is first made UTF-8 with LF line
// ends (input-text.ts). A JSON document that starts a line and does not
// close on it, or runs past the chunk, is handed over as bytes, however
// large (the decoder streams it). Every other line is decoded to text only
// when it may hold an error (markers.ts) or the decoder is in the middle of
// a record; the rest are passed over on their bytes. The caller may reuse a
// chunk's memory once push() returns: nothing here keeps a view of it.
import { LF, utf8Text } from "../bytes.js";
import { CarriedLine, MAX_LINE_BYTES } from "./carried-line.js";
import type { Decoder } from "./decoder.js";
import { InputText } from "./input-text.js";
import { lineVerdict, MarkerWords, Verdict } from "./markers.js";

export { MAX_LINE_BYTES } from "./carried-line.js";
/**
 * A line cut by a chunk's end is carried until it ends; past this size, one
 * that opens a JSON value is streamed as a document instead (it may be a
 * one-line export of any size). Carrying the short ones keeps a log's line
 * that happens to cross a chunk off the slower document path.
 */
const CARRY_BEFORE_DOCUMENT = 64 * 1024;

export interface StreamEvents {
  warning(message: string): void;
}

export class LineFeeder {
  bytes = 0;
  lines = 0;
  private readonly text = new InputText();
  /** The start of a line that goes on in the next chunk. */
  private readonly carried = new CarriedLine();
  /** The last line has begun and not ended (a newline is still to come): it counts once it ends, or at the end. */
  private lineOpen = false;
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

  /** The input paused (a live stream): what the decoder holds for a line that may not come goes out now. */
  settle(): void {
    this.decoder.bodyAlone.letGo();
  }

  end(): void {
    for (const part of this.text.end()) this.pushText(part);
    if (this.decoder.inRawDocument) {
      // Cut off at the end of the input: its last line counts too.
      if (this.lineOpen) this.lines = this.decoder.documentLine;
    } else if (this.carried.holding || this.lineOpen) this.finishCarriedLine();
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
      if (this.carried.holding) {
        const newline = bytes.indexOf(LF, position);
        if (newline === -1) return this.keepOpenLine(bytes.subarray(position));
        this.carried.add(bytes.subarray(position, newline));
        // An open JSON value: its line end goes to the document with the rest.
        if (!this.carried.asked && this.carriedIntoDocument(true)) {
          position = newline;
          continue;
        }
        position = newline + 1;
        this.finishCarriedLine();
        continue;
      }
      const last = bytes.lastIndexOf(LF);
      if (last >= position) position = this.block(bytes, position, last);
      if (position >= bytes.length || this.decoder.inRawDocument) continue;
      // A line that goes on in the next chunk.
      return this.keepOpenLine(bytes.subarray(position));
    }
  }

  /** Carries the start of a line that goes on in the next chunk; a long one that opens a JSON value becomes a document. */
  private keepOpenLine(part: Uint8Array): void {
    this.carried.add(part);
    if (this.carried.bytes > CARRY_BEFORE_DOCUMENT && !this.carried.asked) {
      this.carried.asked = true;
      this.carriedIntoDocument(false);
    }
  }

  /** Hands the carried line over as a document when it opens one (and one may start now): true when it did. */
  private carriedIntoDocument(complete: boolean): boolean {
    const carried = this.carried;
    // A line read again, or the rest after a document, never starts one: as when it is not carried.
    if (carried.rereading || carried.afterDocument || carried.tooLong || !this.decoder.acceptsDocument) return false;
    const start = carried.peek();
    if (lineVerdict(start, 0, start.length, complete, false) !== Verdict.Document) return false;
    carried.take();
    this.decoder.startDocument(this.lines + 1);
    this.document(start, 0);
    return true;
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
    // Not a document after all (a reread): the start of its line is read again with the rest of the line, as
    // text. Else the line the document ended on: what follows it there is read as a line of its own, unless blank.
    this.carried.restart(this.decoder.takeReread());
    const newline = bytes.indexOf(LF, at);
    if (newline === -1) {
      this.carried.add(bytes.subarray(at));
      this.lineOpen = true;
      return bytes.length;
    }
    this.carried.add(bytes.subarray(at, newline));
    this.finishCarriedLine();
    return newline + 1;
  }

  private finishCarriedLine(): void {
    const { tooLong, afterDocument, rereading } = this.carried;
    const line = this.carried.take();
    this.lineOpen = false;
    this.lines++;
    if (tooLong) return this.events.warning(`line ${this.lines} is longer than the ${MAX_LINE_BYTES / 1024 / 1024} MB line limit: skipped`);
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
