// Reading progress on a terminal's stderr: bytes and percent read, findings so
// far, redrawn in place, shown only once reading has taken a second, and
// erased when done. Never when stderr is not a terminal.
import { type IO, onInterrupt } from "./io.js";

/** Reading for less than this shows nothing; MIOSA_ERR_PROGRESS_DELAY (seconds) changes it, as GIT_PROGRESS_DELAY does git's. */
const SHOW_AFTER_MS = 1000;
/** Redraws at most this often. */
const REDRAW_MS = 100;
const ERASE = "\r\u001b[K";

function bytesText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export class Progress {
  private readonly startedMs: number;
  private readonly delayMs: number;
  private drawnMs = 0;
  private shown = false;
  /** Ended (the pager took the screen, or the input is read): draws no more. */
  private ended = false;
  private readonly forget: () => void;

  constructor(
    private readonly io: IO,
    private readonly name: string,
    private readonly totalBytes: number | null,
  ) {
    this.startedMs = io.now();
    const delay = Number(io.env.MIOSA_ERR_PROGRESS_DELAY);
    this.delayMs = io.env.MIOSA_ERR_PROGRESS_DELAY !== undefined && Number.isFinite(delay) && delay >= 0 ? delay * 1000 : SHOW_AFTER_MS;
    this.forget = onInterrupt(() => this.clear());
  }

  /** Null when stderr is no terminal: nothing to show. */
  static start(io: IO, name: string, totalBytes: number | null): Progress | null {
    return io.stderr.isTTY ? new Progress(io, name, totalBytes) : null;
  }

  /** The percent is of the bytes on disk: left out for a compressed file, whose bytes read are more. */
  static sizeOf(name: string, size: number | undefined): number | null {
    return size === undefined || /\.gz$/i.test(name) ? null : size;
  }

  update(bytesRead: number, findings: number): void {
    if (this.ended) return;
    const now = this.io.now();
    if (now - this.startedMs < this.delayMs || now - this.drawnMs < REDRAW_MS) return;
    this.drawnMs = now;
    const of = this.totalBytes ? ` of ${bytesText(this.totalBytes)} (${Math.min(100, Math.floor((bytesRead / this.totalBytes) * 100))}%)` : "";
    const line = `miosa-err: reading ${this.name}: ${bytesText(bytesRead)}${of}, ${findings} error${findings === 1 ? "" : "s"} so far`;
    // One column short of the width, so the line never wraps (and \r can redraw it).
    const columns = this.io.stderr.columns > 0 ? this.io.stderr.columns : 80;
    this.io.stderr.write(`${ERASE}${line.slice(0, Math.max(20, columns - 1))}`);
    this.shown = true;
  }

  /** Erases the line (before stdout is written to the same terminal, and at the end). */
  clear(): void {
    if (!this.shown) return;
    this.io.stderr.write(ERASE);
    this.shown = false;
  }

  end(): void {
    this.ended = true;
    this.clear();
    this.forget();
  }
}
