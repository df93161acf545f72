// decode reads UTF-8 text whose lines end in LF or CRLF. Text also comes in
// as UTF-16 (what Windows PowerShell 5.1 writes with `>` and `Out-File`),
// with or without a byte order mark, and with CR alone ending its lines
// (old Mac tools, some terminals' copy). InputText turns both into UTF-8
// with LF as the bytes arrive, and passes everything else through untouched.
import { CR, LF } from "../bytes.js";

/** Bytes looked at before the encoding is decided (less only when the input is shorter). */
const SNIFF_BYTES = 512;

export class InputText {
  /** What the input turned out to be, once known: for the "no error found" line and tests. */
  encoding: "utf-8" | "utf-16le" | "utf-16be" | null = null;
  /** Lines end in CR alone: each CR becomes LF. null until the first line end says. */
  private crOnly: boolean | null = null;
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private utf16: InstanceType<typeof TextDecoder> | null = null;
  /** A CR at the very end of the last chunk, not yet known to be followed by LF. */
  private pendingCr = false;
  private readonly encoder = new TextEncoder();

  /**
   * The bytes to decode for a chunk of input, in order. The start is held
   * back only until its encoding can be told: a line end, a byte order mark
   * or SNIFF_BYTES (a pasted line shows at once).
   */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.encoding === null) {
      this.head.push(Uint8Array.prototype.slice.call(chunk));
      this.headBytes += chunk.length;
      const enough = this.headBytes >= SNIFF_BYTES || (this.headBytes >= 4 && this.head.some((piece) => piece.includes(LF)));
      return enough ? this.decide() : [];
    }
    return this.convert(chunk);
  }

  /** The input ended: whatever is held back. */
  end(): Uint8Array[] {
    const out = this.encoding === null ? this.decide() : [];
    if (this.utf16) out.push(...this.lineEnds(this.encoder.encode(this.utf16.decode())));
    if (this.pendingCr) {
      this.pendingCr = false;
      out.push(Uint8Array.of(LF));
    }
    return out;
  }

  private decide(): Uint8Array[] {
    const head = joined(this.head);
    this.head = [];
    this.encoding = sniffEncoding(head);
    let start = 0;
    if (this.encoding !== "utf-8") {
      const bom =
        (this.encoding === "utf-16le" && head[0] === 0xff && head[1] === 0xfe) || (this.encoding === "utf-16be" && head[0] === 0xfe && head[1] === 0xff);
      this.utf16 = new TextDecoder(this.encoding);
      start = bom ? 2 : 0;
    }
    return this.convert(head.subarray(start));
  }

  private convert(chunk: Uint8Array): Uint8Array[] {
    if (this.utf16) return this.lineEnds(this.encoder.encode(this.utf16.decode(chunk, { stream: true })));
    return this.lineEnds(chunk);
  }

  /** The chunk with CR-only line ends made LF (a copy then), else the chunk itself. */
  private lineEnds(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length === 0) return [];
    const out: Uint8Array[] = [];
    if (this.pendingCr) {
      this.pendingCr = false;
      if (this.crOnly === null) this.crOnly = chunk[0] !== LF;
      out.push(this.crOnly ? Uint8Array.of(LF) : Uint8Array.of(CR));
    }
    if (this.crOnly === null) this.crOnly = crOnlyFrom(chunk);
    if (this.crOnly === null && chunk[chunk.length - 1] === CR) {
      // Whether this CR ends a line alone depends on the next chunk's first byte.
      this.pendingCr = true;
      chunk = chunk.subarray(0, chunk.length - 1);
    }
    if (this.crOnly !== true) {
      out.push(chunk);
      return out;
    }
    const copy = Uint8Array.prototype.slice.call(chunk);
    for (let at = copy.indexOf(CR); at !== -1; at = copy.indexOf(CR, at + 1)) copy[at] = LF;
    out.push(copy);
    return out;
  }
}

/** Whether the first line end in the chunk is a CR alone (true), LF or CRLF (false), or none is there yet (null). */
function crOnlyFrom(chunk: Uint8Array): boolean | null {
  const lf = chunk.indexOf(LF);
  const cr = chunk.indexOf(CR);
  if (cr === -1) return lf === -1 ? null : false;
  if (lf !== -1 && lf < cr) return false;
  if (cr + 1 >= chunk.length) return null;
  return chunk[cr + 1] !== LF;
}

/**
 * UTF-16 by its byte order mark, or, without one, by its zero bytes: text in
 * the Latin script has a zero in every other byte, on the odd positions for
 * little-endian and the even ones for big-endian. Anything else is UTF-8.
 */
export function sniffEncoding(head: Uint8Array): "utf-8" | "utf-16le" | "utf-16be" {
  // A byte order mark counts when the text after it has UTF-16's zeros too: FF FE can start invalid UTF-8 as well.
  const le = head[0] === 0xff && head[1] === 0xfe;
  const be = head[0] === 0xfe && head[1] === 0xff;
  const body = le || be ? head.subarray(2) : head;
  const pairs = Math.floor(Math.min(body.length, SNIFF_BYTES) / 2);
  if (pairs < 1) return le ? "utf-16le" : be ? "utf-16be" : "utf-8";
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (body[2 * i] === 0) evenZeros++;
    if (body[2 * i + 1] === 0) oddZeros++;
  }
  const need = le || be ? 0.2 : 0.4;
  if (!be && oddZeros >= pairs * need && evenZeros <= pairs * 0.05) return "utf-16le";
  if (!le && evenZeros >= pairs * need && oddZeros <= pairs * 0.05) return "utf-16be";
  return "utf-8";
}

function joined(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const out = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
