// One decode run over bytes or text, for whoever is not the CLI: the
// library's decodeText and decodeStream, and the browser page's worker. It
// drives the same Decoder and LineFeeder as `decode`, on Uint8Array chunks
// from any source (a Node stream, a browser ReadableStream, a string).
import { utf8Bytes } from "../bytes.js";
import { builtinCatalog } from "../builtin.js";
import type { Catalog } from "../catalog.js";
import type { Finding } from "../finding/finding.js";
import { Decoder } from "./decoder.js";
import type { Decompress } from "./har.js";
import { LineFeeder } from "./stream.js";
import { DecodeSummary } from "./summary.js";

/** Warnings kept in a result; a run over a damaged file could otherwise hold one per line. */
export const MAX_RUN_WARNINGS = 1000;

export interface DecodeRunOptions {
  /** The catalog to explain codes with; the built-in one when absent. */
  catalog?: Catalog;
  /** The input's name, put in each finding's source (a file name). */
  input?: string;
  /** Decompresses bodies a HAR stores compressed; without one they are reported as compressed. */
  decompress?: Decompress;
  /** Hears of each finding as it is made; with it the result's `findings` stays empty, so a large input holds no list. */
  onFinding?: (finding: Finding) => void;
  /** The summary to count into (one for several inputs, as the page keeps); a new one when absent. */
  summary?: DecodeSummary;
}

export interface DecodeResult {
  /** Every finding, in input order (empty when onFinding took them). */
  findings: Finding[];
  /** Counts by code and the request ids, bounded (summary.ts). */
  summary: DecodeSummary;
  /** What did not stop the run: a skipped over-long line, binary data. */
  warnings: string[];
  bytes: number;
  lines: number;
}

/** A decode run fed chunk by chunk: push() each, then end() for the result. */
export class DecodeRun {
  private readonly result: DecodeResult;
  private readonly feeder: LineFeeder;

  constructor(options: DecodeRunOptions = {}) {
    this.result = { findings: [], summary: options.summary ?? new DecodeSummary(), warnings: [], bytes: 0, lines: 0 };
    const { findings, summary, warnings } = this.result;
    const warning = (message: string) => {
      if (warnings.length < MAX_RUN_WARNINGS) warnings.push(message);
    };
    const finding = (found: Finding) => {
      summary.add(found);
      if (options.onFinding) options.onFinding(found);
      else findings.push(found);
    };
    const decoder = new Decoder(options.catalog ?? builtinCatalog(), { finding, warning }, { input: options.input, decompress: options.decompress });
    this.feeder = new LineFeeder(decoder, { warning });
  }

  /** The next bytes of the input; the caller may reuse their memory once this returns. */
  push(chunk: Uint8Array): void {
    this.feeder.push(chunk);
  }

  end(): DecodeResult {
    this.feeder.end();
    this.result.bytes = this.feeder.bytes;
    this.result.lines = this.feeder.lines;
    return this.result;
  }
}

/** Every MIOSA error in a text (or its UTF-8 bytes), explained. */
export function decodeText(text: string | Uint8Array, options: DecodeRunOptions = {}): DecodeResult {
  const run = new DecodeRun(options);
  run.push(typeof text === "string" ? utf8Bytes(text) : text);
  return run.end();
}

/** A web ReadableStream of bytes, as far as it is used here (not every browser iterates one with for-await). */
export interface ByteStreamReader {
  getReader(): { read(): Promise<{ done: true; value?: undefined } | { done: false; value: Uint8Array }> };
}

/** Every MIOSA error in a stream of bytes: a Node Readable, a web ReadableStream, any async iterable of Uint8Array. */
export async function decodeStream(chunks: AsyncIterable<Uint8Array> | ByteStreamReader, options: DecodeRunOptions = {}): Promise<DecodeResult> {
  const run = new DecodeRun(options);
  if ("getReader" in chunks) {
    const reader = chunks.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) run.push(next.value);
  } else {
    for await (const chunk of chunks) run.push(chunk);
  }
  return run.end();
}
