// The start of a line that goes on in the next chunk, held by the line
// feeder (stream.ts) until the line ends. Held as copies: the caller may
// reuse a chunk's memory once it has been fed. Up to the line limit: past
// it the rest of the line is passed over, and said so when it ends.
import { concatBytes } from "../bytes.js";

/** Lines longer than this (that are not JSON documents) are skipped with a warning. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export class CarriedLine {
  private pieces: Uint8Array[] = [];
  bytes = 0;
  /** Longer than MAX_LINE_BYTES: nothing more is kept of it. */
  tooLong = false;
  /** A line read again as text after it was taken for a document: it must not start one again. */
  rereading = false;
  /** What follows a document's close on its line: read only when it is not blank. */
  afterDocument = false;
  /** Asked once whether it opens a JSON document (see stream.ts). */
  asked = false;

  /** Whether a line is being carried. */
  get holding(): boolean {
    return this.bytes > 0 || this.tooLong;
  }

  add(part: Uint8Array): void {
    if (this.tooLong) return;
    this.bytes += part.length;
    if (this.bytes > MAX_LINE_BYTES) {
      this.tooLong = true;
      this.pieces = [];
      return;
    }
    // A copy (Buffer's own slice() would be a view).
    if (part.length > 0) this.pieces.push(Uint8Array.prototype.slice.call(part));
  }

  /** Starts a line over with what is known of it: the start of a line to read again, or nothing (after a document). */
  restart(start: Uint8Array | null): void {
    this.reset();
    if (start !== null) {
      this.add(start);
      this.rereading = true;
    } else this.afterDocument = true;
  }

  /** The line's bytes so far, still carried. */
  peek(): Uint8Array {
    if (this.pieces.length > 1) this.pieces = [concatBytes(this.pieces)];
    return this.pieces[0] ?? new Uint8Array(0);
  }

  /** The line's bytes so far, and the carry emptied for the next line (its flags are the caller's to read first). */
  take(): Uint8Array {
    const line = this.pieces.length === 1 ? this.pieces[0]! : concatBytes(this.pieces);
    this.reset();
    return line;
  }

  private reset(): void {
    this.pieces = [];
    this.bytes = 0;
    this.tooLong = false;
    this.rereading = false;
    this.afterDocument = false;
    this.asked = false;
  }
}
