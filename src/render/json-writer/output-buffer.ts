// decode's output on its way out: held until about 64 KB have gathered, and
// written as UTF-8 bytes.
/** Where decode's output goes: text, and bytes too when the sink takes them as they are (a descriptor written at once). */
export interface OutputSink {
  write(text: string): void;
  writeBytes?(bytes: Uint8Array): void;
}

const OUTPUT_BYTES = 256 * 1024;
const FLUSH_AT = 64 * 1024;

/**
 * Holds output until about 64 KB have gathered or flush() is called: one
 * write per batch instead of one per finding (a system call each when
 * stdout is a pipe or file). decode flushes after every input chunk, before
 * each warning and at the end, so findings still stream out as they are found.
 * Text is encoded as UTF-8 into one reused buffer as it comes: joining it
 * into a big string first cost more than the encoding (fresh memory, and
 * the catalog's typographic quotes make a string two bytes a character).
 */
export class OutputBuffer implements OutputSink {
  private bytes: Buffer | null = null;
  private used = 0;

  constructor(private readonly out: OutputSink) {}

  write(text: string): void {
    if (text.length === 0) return;
    // At most 3 bytes for each UTF-16 unit.
    if (!this.room(text.length * 3)) return this.out.write(text);
    this.used += this.bytes!.write(text, this.used, "utf8");
    if (this.used >= FLUSH_AT) this.flush();
  }

  writeBytes(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (!this.room(chunk.length)) return this.sinkBytes(chunk);
    this.bytes!.set(chunk, this.used);
    this.used += chunk.length;
    if (this.used >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.used === 0) return;
    const view = this.bytes!.subarray(0, this.used);
    this.used = 0;
    this.sinkBytes(view);
  }

  /**
   * For a writer that encodes a record in place (decode's JSON findings):
   * the buffer, and where the record starts. It writes from `start`, asks
   * for room as it goes, and ends with commit(end) or by not committing.
   */
  beginRecord(): { bytes: Buffer; start: number } {
    this.room(0);
    return { bytes: this.bytes!, start: this.used };
  }

  /**
   * Room for `size` more bytes after `end` in the record begun at `start`:
   * the output before the record is flushed and the record moved to the
   * front if need be. The record's new start, or -1 when it cannot grow
   * that large (the writer then gives it up).
   */
  recordRoom(start: number, end: number, size: number): number {
    if (end + size <= OUTPUT_BYTES) return start;
    if (end - start + size > OUTPUT_BYTES) return -1;
    this.flush();
    this.bytes!.copyWithin(0, start, end);
    return 0;
  }

  commit(end: number): void {
    this.used = end;
    if (this.used >= FLUSH_AT) this.flush();
  }

  /** Whether `size` more bytes fit, after a flush if need be; false for more than the buffer holds (written directly). */
  private room(size: number): boolean {
    this.bytes ??= Buffer.allocUnsafe(OUTPUT_BYTES);
    if (this.used + size <= OUTPUT_BYTES) return true;
    this.flush();
    return size <= OUTPUT_BYTES;
  }

  private sinkBytes(bytes: Uint8Array): void {
    if (this.out.writeBytes) this.out.writeBytes(bytes);
    else this.out.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  }
}
