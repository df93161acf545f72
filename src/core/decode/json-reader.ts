// Reads one JSON document (a HAR file, an array or object of log records, a
// pretty-printed envelope) from bytes as they arrive, of any size, in
// bounded memory. A document up to WHOLE_BYTES is handed over whole. Past
// that it is handed over record by record: the items of its outermost open
// list (a HAR's log.entries, an export's array of records), else the members
// of its top object; each is parsed on its own and dropped. Strings longer
// than STRING_BYTES are cut (a HAR's base64 body of a large download), so a
// record stays small; one still over RECORD_BYTES is handed over as text, in
// pieces, to be searched.
//
// The scan checks the document's structure as it goes, so that what only
// looks like JSON at its start (`[debug] ...`, `{ [139 bytes data]`) is
// found out at its first wrong byte.
import { JsonScanState, type ScanEvents } from "./json-scan-state.js";
import { cutPoint } from "./json-string-cut.js";
import type { DocumentRecord, JsonPath, RecordSink } from "./json-records.js";

export { recordPath, type DocumentRecord, type JsonPath, type RecordSink } from "./json-records.js";

/** A document up to this size is handed over whole. */
export const WHOLE_BYTES = 4 * 1024 * 1024;
/** One record is parsed up to this size; a larger one is searched as text. */
export const RECORD_BYTES = 16 * 1024 * 1024;
/** Strings are kept up to this size; the rest of a longer one is dropped. */
export const STRING_BYTES = 4 * 1024 * 1024;
/** The shallowest list within this depth is the one whose items are records. */
/** Pieces shorter than this are copied byte by byte: a Buffer's subarray() for each string of each record was 6% of a large export's garbage. */
const SMALL_COPY = 512;
const RECORD_LIST_DEPTH = 4;
const ELLIPSIS = Uint8Array.from([0xe2, 0x80, 0xa6]);

/** A completed child of an open container near the top: kept until the document is known to be large. */
interface Child {
  start: number;
  end: number;
  line: number;
  key: string | number;
}

export class JsonDocumentReader implements ScanEvents {
  private readonly scan: JsonScanState;
  // Grows as it is filled: most documents are a line or a few.
  private kept = new Uint8Array(1024);
  private keptBytes = 0;
  /** Whether bytes are being kept: always in whole mode; in record mode, inside a record. */
  private keeping = true;
  /** In record mode: the depth of the container whose children are records; -1 in whole mode. */
  private recordLevel = -1;
  private recordLine = 0;
  /** In record mode: the path to the records' container, and the key or index of the record being read. */
  private recordPrefix: JsonPath = [];
  private recordKey: string | number | null = null;
  private readonly current: DocumentRecord = { bytes: new Uint8Array(0), prefix: [], key: null, line: 0, cutStrings: 0 };
  private oversizedRecord = false;
  private cutStrings = 0;
  /** Where the string being read started in `kept` (after its quote), or -1; and whether its rest is dropped. */
  private stringStart = -1;
  private cutting = false;
  // Per open container near the top (whole mode): where its current child starts, and its completed children.
  private readonly childStart: number[] = [];
  private whole: DocumentRecord | null = null;
  private readonly children: Child[][] = [];

  constructor(
    private readonly sink: RecordSink,
    firstLine: number,
  ) {
    this.scan = new JsonScanState(this, firstLine);
    // Whole mode needs the keys of the top levels, for the path of each child it keeps.
    this.scan.keyLevels = RECORD_LIST_DEPTH;
  }

  get line(): number {
    return this.scan.line;
  }

  /** Keys made into strings so far (the scan makes only those record paths need). */
  get keysRead(): number {
    return this.scan.keysRead;
  }

  get error(): string | null {
    return this.scan.error;
  }

  get done(): boolean {
    return this.scan.done;
  }

  /** Reads bytes[start, end): where the document ended in them, or -1 while it goes on; on an error, where it was found. */
  feed(bytes: Uint8Array, start: number, end: number): number {
    return this.scan.feed(bytes, start, end);
  }

  /** The input ended. False when the document was cut off: keptText() has what there is of it. */
  finish(): boolean {
    return this.scan.finish();
  }

  /**
   * A whole document (one that stayed under WHOLE_BYTES) is handed over only
   * when its reader says so: a value that ends with text after it on its
   * line (`[404] NOT_FOUND: ...`) was not a document after all.
   */
  deliver(): void {
    if (this.whole) this.sink.record(this.whole);
    this.whole = null;
  }

  /** Whether the document was read whole (and waits for deliver()). */
  get readWhole(): boolean {
    return this.whole !== null;
  }

  /** What is kept of a document that ended early (cut off or broken): a search as text may still find errors in it. */
  keptText(): Uint8Array {
    return this.kept.subarray(0, this.keptBytes);
  }

  // ScanEvents: called by the scan as it goes.

  copy(bytes: Uint8Array, from: number, to: number): void {
    if (to <= from || !this.keeping) return;
    if (this.stringStart !== -1 && !this.cutting && this.keptBytes + (to - from) - this.stringStart > STRING_BYTES) {
      // Cut the string: keep what fits, up to a point that leaves it valid JSON, and mark it.
      const fits = from + Math.max(0, STRING_BYTES - (this.keptBytes - this.stringStart));
      this.append(bytes, from, cutPoint(bytes, from, fits));
      this.append(ELLIPSIS, 0, ELLIPSIS.length);
      this.cutting = true;
      this.cutStrings++;
      return;
    }
    if (!this.cutting) this.append(bytes, from, to);
  }

  stringStarted(): void {
    this.stringStart = this.keeping ? this.keptBytes : -1;
  }

  stringEnded(): void {
    this.stringStart = -1;
    this.cutting = false;
  }

  valueStarted(depth: number): void {
    if (this.recordLevel === -1) {
      if (depth > 0 && depth <= RECORD_LIST_DEPTH) this.childStart[depth - 1] = this.keptBytes;
      return;
    }
    if (depth === this.recordLevel + 1) this.startRecord();
  }

  containerOpened(depth: number): void {
    if (this.recordLevel === -1 && depth < RECORD_LIST_DEPTH) this.children[depth] = [];
  }

  containerClosed(depth: number): void {
    // In record mode, the end of the records' container makes its own siblings the records.
    if (this.recordLevel > 0 && depth === this.recordLevel) this.setRecordLevel(this.recordLevel - 1);
  }

  valueEnded(depth: number): void {
    if (this.recordLevel === -1) {
      if (depth === 0) {
        if (this.oversizedRecord) return this.endRecord();
        this.whole = { bytes: this.keptText(), prefix: [], key: null, line: this.scan.documentLine, cutStrings: this.cutStrings };
        return;
      }
      if (depth <= RECORD_LIST_DEPTH) {
        this.children[depth - 1]?.push({
          start: this.childStart[depth - 1]!,
          end: this.keptBytes,
          line: this.scan.childLine(depth),
          key: this.scan.childKey(depth),
        });
      }
      if (this.keptBytes > WHOLE_BYTES) this.toRecordMode();
      return;
    }
    if (depth === this.recordLevel + 1 && this.keeping) this.endRecord();
  }

  // Record mode.

  /**
   * The document is large: from now on it is read record by record (the
   * items of its outermost open list), starting with those read so far. One
   * without a list near its top (a single large log record) stays whole, up
   * to RECORD_BYTES.
   */
  private toRecordMode(): void {
    if (this.oversizedRecord) return;
    const depth = this.scan.depth;
    let level = -1;
    for (let d = 0; d < Math.min(depth, RECORD_LIST_DEPTH); d++) {
      if (this.scan.isList(d)) {
        level = d;
        break;
      }
    }
    if (level === -1) return;
    this.setRecordLevel(level);
    for (const child of this.children[level] ?? []) {
      this.sink.record({ bytes: this.kept.subarray(child.start, child.end), prefix: this.recordPrefix, key: child.key, line: child.line, cutStrings: 0 });
    }
    this.children.length = 0;
    // The record being read (when one is) moves to the front; the rest is let go.
    if (depth > level + 1) {
      const start = this.childStart[level]!;
      this.kept.copyWithin(0, start, this.keptBytes);
      this.keptBytes -= start;
      if (this.stringStart !== -1) this.stringStart -= start;
      this.recordLine = this.scan.childLine(level + 1);
      this.recordKey = this.scan.childKey(level + 1);
      this.keeping = true;
    } else {
      this.keptBytes = 0;
      this.keeping = false;
      this.cutStrings = 0;
    }
  }

  /** Records are now the children of the container at `level`: the scan reads keys down to it, no deeper. */
  private setRecordLevel(level: number): void {
    this.recordLevel = level;
    this.recordPrefix = this.scan.pathTo(level);
    this.scan.keyLevels = level + 1;
  }

  private startRecord(): void {
    this.keptBytes = 0;
    this.keeping = true;
    this.cutStrings = 0;
    this.oversizedRecord = false;
    this.recordLine = this.scan.line;
    this.recordKey = this.scan.childKey(this.recordLevel + 1);
  }

  /** The record's path, for an oversized one's pieces (a rare case: made each time). */
  private oversizedPath(): JsonPath {
    return this.recordKey === null ? this.recordPrefix : [...this.recordPrefix, this.recordKey];
  }

  private endRecord(): void {
    if (this.oversizedRecord) this.sink.oversized(this.keptText(), this.oversizedPath(), this.recordLine, true);
    else {
      const record = this.current;
      record.bytes = this.keptText();
      record.prefix = this.recordPrefix;
      record.key = this.recordKey;
      record.line = this.recordLine;
      record.cutStrings = this.cutStrings;
      this.sink.record(record);
    }
    this.keptBytes = 0;
    this.keeping = false;
    this.oversizedRecord = false;
  }

  private append(bytes: Uint8Array, from: number, to: number): void {
    const size = to - from;
    if (size <= 0) return;
    if (this.keptBytes + size > RECORD_BYTES) {
      // Too large to parse (a record, or a whole document with no list to split): what there is goes to be
      // searched as text, and so does the rest, piece by piece.
      if (this.recordLevel === -1 && !this.oversizedRecord) {
        this.recordLine = this.scan.documentLine;
        this.recordPrefix = [];
        this.recordKey = null;
      }
      this.oversizedRecord = true;
      this.sink.oversized(this.keptText(), this.oversizedPath(), this.recordLine, false);
      this.keptBytes = 0;
      if (this.stringStart !== -1) this.stringStart = 0;
    }
    if (this.keptBytes + size > this.kept.length) {
      const grown = new Uint8Array(Math.max(this.kept.length * 2, this.keptBytes + size));
      grown.set(this.kept.subarray(0, this.keptBytes));
      this.kept = grown;
    }
    // Most pieces are a token's few bytes: a loop, not a subarray object for each.
    if (size < SMALL_COPY) for (let k = 0; k < size; k++) this.kept[this.keptBytes + k] = bytes[from + k]!;
    else this.kept.set(bytes.subarray(from, to), this.keptBytes);
    this.keptBytes += size;
  }
}
