// The JavaScript side of line-scan.wat: the line filter's byte scan, run as
// WebAssembly over a chunk copied (or read straight) into its memory.
import { Buffer } from "node:buffer";
import wasm from "./line-scan.wat";

// The little of the WebAssembly API used here (Node's types do not declare it).
interface ScanExports {
  memory: { buffer: ArrayBuffer };
  capacity: { value: number };
  result: { value: number };
  lineArea: { value: number };
  lineAreaBytes: { value: number };
  next(from: number, to: number): number;
  mayMatter(start: number, end: number): number;
}
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

// Not there under `node --jitless`.
const webAssembly = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
let compiled: object | null | undefined;

/** line-scan.wat compiled, once a process; null where WebAssembly is not there or cannot compile it. */
function scanModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = webAssembly ? new webAssembly.Module(wasm) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

export class LineScanner {
  /** The scanner's memory; a chunk is scanned where it stands in bytes [0, capacity). */
  readonly bytes: Buffer;
  readonly capacity: number;
  /** Where a line put together from pieces is scanned, apart from the chunk, and how long it may be (its newline included). */
  readonly lineArea: number;
  readonly lineAreaBytes: number;
  private readonly scan: ScanExports;
  // What next() found: its line's end, the lines it passed, whether a marker word is in the line.
  private readonly result: Int32Array;

  private constructor(exports: unknown) {
    this.scan = exports as ScanExports;
    this.capacity = this.scan.capacity.value;
    this.lineArea = this.scan.lineArea.value;
    this.lineAreaBytes = this.scan.lineAreaBytes.value;
    // The memory never grows, so these views stay valid.
    this.bytes = Buffer.from(this.scan.memory.buffer);
    this.result = new Int32Array(this.scan.memory.buffer, this.scan.result.value, 3);
  }

  /** A scanner with memory of its own, or null where WebAssembly is not there. */
  static create(): LineScanner | null {
    const module = scanModule();
    return module && webAssembly ? new LineScanner(new webAssembly.Instance(module).exports) : null;
  }

  /**
   * Where the first line in bytes [from, to] that may hold an error starts,
   * or -1 when none does; bytes[to] must be a newline. A line "may" when it
   * holds a marker word (hasMarker) or its edges do not rule it out: then
   * edgesMatter decides. linesPassed counts the lines read, that one included.
   */
  next(from: number, to: number): number {
    return this.scan.next(from, to);
  }

  /** The position of the newline that ends the line next() found. */
  get lineEnd(): number {
    return this.result[0]!;
  }

  get linesPassed(): number {
    return this.result[1]!;
  }

  get hasMarker(): boolean {
    return this.result[2] === 1;
  }

  /** The edge test alone, for the line [start, end) of bytes (tests compare it with edgesMatter). */
  mayMatter(start: number, end: number): boolean {
    return this.scan.mayMatter(start, end) === 1;
  }
}
