// The scan under JsonDocumentReader: JSON's structure read from bytes that
// arrive in pieces, checked as it goes, with events for where values start
// and end. Strings are passed over with a native search for their closing
// quote, so a document that is mostly long strings (a HAR's bodies) is
// scanned at memory speed.
import { BACKSLASH, QUOTE } from "../bytes.js";

/** What the scan tells its reader. Depths count the open containers around a value (the top value is at 0). */
export interface ScanEvents {
  /** Bytes [from, to) were scanned: every byte of the document comes through here once, in order. */
  copy(bytes: Uint8Array, from: number, to: number): void;
  valueStarted(depth: number): void;
  valueEnded(depth: number): void;
  /** A container at `depth` opened, or closed. */
  containerOpened(depth: number): void;
  containerClosed(depth: number): void;
  /** A string's opening quote was copied; its closing quote is next. */
  stringStarted(): void;
  stringEnded(): void;
}

interface Frame {
  list: boolean;
  /** The key (object) or index (list) of the child being read or last read. */
  child: string | number;
  childLine: number;
}

enum Want {
  Value,
  ValueOrEnd,
  KeyOrEnd,
  Key,
  Colon,
  CommaOrEnd,
  Nothing,
}

const MAX_KEY_BYTES = 200;
const NO_KEY = "";

enum Step {
  Bad,
  Open,
  Close,
  String,
  Other,
}

export class JsonScanState {
  line: number;
  /** The line the document's first byte is on. */
  readonly documentLine: number;
  error: string | null = null;
  /**
   * Keys are made strings only in the containers this many levels from the top (deeper ones read as ""):
   * record paths need no more, and a string for every key of every record was most of a large document's
   * scan's garbage, which V8 grows its young generation by (issue 15).
   */
  keyLevels = Number.POSITIVE_INFINITY;
  /** Keys made into strings so far: tests check deep keys are not. */
  keysRead = 0;
  private want = Want.Value;
  // The open containers are frames[0, open): frame objects are reused, not made per container.
  private readonly frames: Frame[] = [];
  private open = 0;
  private inString = false;
  private stringIsKey = false;
  /** The key being scanned is one to read (see keyLevels). */
  private readingKey = false;
  /** The byte before this piece was a backslash inside a string. */
  private pendingEscape = false;
  private inLiteral = false;
  private readonly keyBytes = new Uint8Array(MAX_KEY_BYTES);
  private keyLength = 0;

  constructor(
    private readonly events: ScanEvents,
    firstLine: number,
  ) {
    this.line = firstLine;
    this.documentLine = firstLine;
  }

  get done(): boolean {
    return this.want === Want.Nothing && !this.inLiteral;
  }

  get depth(): number {
    return this.open;
  }

  isList(depth: number): boolean {
    return depth < this.open && this.frames[depth]!.list;
  }

  /** The key or index of the child being read at `depth` (>= 1); a key deeper than keyLevels reads as "". */
  childKey(depth: number): string | number {
    return depth >= 1 && depth <= this.open ? this.frames[depth - 1]!.child : 0;
  }

  childLine(depth: number): number {
    return depth >= 1 && depth <= this.open ? this.frames[depth - 1]!.childLine : this.documentLine;
  }

  /** The keys and indexes from the top to the container at `depth`. */
  pathTo(depth: number): (string | number)[] {
    const path: (string | number)[] = [];
    for (let d = 0; d < Math.min(depth, this.open); d++) path.push(this.frames[d]!.child);
    return path;
  }

  /** Scans bytes[start, end): where the document ended in them (just after its last byte), -1 while it goes on, or where an error is. */
  feed(bytes: Uint8Array, start: number, end: number): number {
    const events = this.events;
    let i = start;
    let from = start;
    while (i < end && !this.done) {
      if (this.inString) {
        const close = this.stringEnd(bytes, i, end);
        if (close === -1) {
          i = end;
          break;
        }
        events.copy(bytes, from, close);
        events.stringEnded();
        i = close + 1;
        events.copy(bytes, close, i);
        from = i;
        this.inString = false;
        if (this.stringIsKey) this.keyRead();
        else this.ended();
        continue;
      }
      const c = bytes[i]!;
      if (this.inLiteral) {
        if (isLiteralByte(c)) {
          i++;
          continue;
        }
        events.copy(bytes, from, i);
        from = i;
        this.inLiteral = false;
        this.ended();
        continue;
      }
      if (c === 32 || c === 9 || c === 13 || c === 10) {
        if (c === 10) this.line++;
        i++;
        continue;
      }
      events.copy(bytes, from, i);
      from = i;
      const step = this.token(c);
      if (step === Step.Bad) {
        this.error = `${describeByte(c)} where JSON cannot have it, on line ${this.line}`;
        return i;
      }
      i++;
      // The byte is copied before what it opens or closes is told.
      events.copy(bytes, from, i);
      from = i;
      if (step === Step.Open) this.openContainer(c === 91);
      else if (step === Step.Close) this.close();
      else if (step === Step.String) events.stringStarted();
    }
    events.copy(bytes, from, i);
    return this.done ? i : -1;
  }

  /** The input ended: false when the document was cut off. */
  finish(): boolean {
    if (this.inLiteral) {
      this.inLiteral = false;
      this.ended();
    }
    return this.done;
  }

  /** What one byte outside strings and literals does here. */
  private token(c: number): Step {
    switch (this.want) {
      case Want.ValueOrEnd:
        if (c === 93) return Step.Close;
        return this.value(c);
      case Want.Value:
        return this.value(c);
      case Want.KeyOrEnd:
        if (c === 125) return Step.Close;
        return this.key(c);
      case Want.Key:
        return this.key(c);
      case Want.Colon:
        if (c !== 58) return Step.Bad;
        this.want = Want.Value;
        return Step.Other;
      case Want.CommaOrEnd: {
        const top = this.frames[this.open - 1]!;
        if (c === 44) {
          if (top.list) top.child = (top.child as number) + 1;
          this.want = top.list ? Want.Value : Want.Key;
          return Step.Other;
        }
        return c === (top.list ? 93 : 125) ? Step.Close : Step.Bad;
      }
      default:
        return Step.Bad;
    }
  }

  private value(c: number): Step {
    const isOpen = c === 123 || c === 91;
    const isLiteral = c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110;
    if (!isOpen && !isLiteral && c !== QUOTE) return Step.Bad;
    if (this.open > 0) this.frames[this.open - 1]!.childLine = this.line;
    this.events.valueStarted(this.open);
    if (isOpen) return Step.Open;
    if (isLiteral) {
      this.inLiteral = true;
      return Step.Other;
    }
    this.inString = true;
    this.stringIsKey = false;
    return Step.String;
  }

  private key(c: number): Step {
    if (c !== QUOTE) return Step.Bad;
    this.inString = true;
    this.stringIsKey = true;
    this.readingKey = this.open <= this.keyLevels;
    this.keyLength = 0;
    return Step.String;
  }

  private openContainer(list: boolean): void {
    let frame = this.frames[this.open];
    if (!frame) this.frames.push((frame = { list, child: 0, childLine: 0 }));
    frame.list = list;
    frame.child = list ? 0 : NO_KEY;
    frame.childLine = this.line;
    this.open++;
    this.events.containerOpened(this.open - 1);
    this.want = list ? Want.ValueOrEnd : Want.KeyOrEnd;
  }

  private close(): void {
    this.open--;
    this.events.containerClosed(this.open);
    this.ended();
  }

  private keyRead(): void {
    const top = this.frames[this.open - 1]!;
    if (this.readingKey) {
      let key = "";
      for (let k = 0; k < this.keyLength; k++) key += String.fromCharCode(this.keyBytes[k]!);
      top.child = key;
      this.keysRead++;
    } else top.child = NO_KEY;
    this.want = Want.Colon;
  }

  /** A value ended at the current depth. */
  private ended(): void {
    this.events.valueEnded(this.open);
    this.want = this.open === 0 ? Want.Nothing : Want.CommaOrEnd;
  }

  /** Where the string from bytes[from] on closes, or -1 when it goes past `end`. */
  private stringEnd(bytes: Uint8Array, from: number, end: number): number {
    let i = from;
    if (this.pendingEscape) {
      this.pendingEscape = false;
      i++;
    }
    while (i < end) {
      const quote = bytes.indexOf(QUOTE, i);
      const stop = quote === -1 || quote >= end ? end : quote;
      if (this.readingKey && this.stringIsKey) for (let k = i; k < stop && this.keyLength < MAX_KEY_BYTES; k++) this.keyBytes[this.keyLength++] = bytes[k]!;
      // Backslashes right before the quote (or the piece's end): an odd run escapes what follows.
      let slashes = 0;
      for (let k = stop - 1; k >= i && bytes[k] === BACKSLASH; k--) slashes++;
      if (stop === end) {
        this.pendingEscape = slashes % 2 === 1;
        return -1;
      }
      if (slashes % 2 === 0) return quote;
      i = quote + 1;
    }
    return -1;
  }
}

const isLiteralByte = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c === 45 || c === 43 || c === 46 || c === 69;

function describeByte(c: number): string {
  return c >= 33 && c <= 126 ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16).padStart(2, "0")}`;
}
