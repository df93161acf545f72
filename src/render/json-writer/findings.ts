// decode --json: `{"findings": [...], "request_ids": [...], "summary": {...}}`,
// written piece by piece as the findings arrive, so memory stays flat on a
// big log; byte for byte what JSON.stringify(document, null, 2) gives.
// Each finding goes through FindingBytes (the fast path, see its header)
// when it can, else through JSON.stringify. Findings come from core with
// their secrets masked already (sealFinding): nothing is redacted here.
import type { Finding } from "../../core/finding/finding.js";
import type { DecodeSummary } from "../../core/decode/summary.js";
import { logUrlFor, type FindingRenderOptions } from "../finding.js";
import { escapeUnsafeJson } from "../../core/sanitize.js";
import { findingJson, nest } from "../json.js";
import { FindingBytes, FIRST_LEAD, NEXT_LEAD } from "./finding-bytes.js";
import { OutputBuffer, type OutputSink } from "./output-buffer.js";

// JSON.stringify indents a value nested two levels down by four spaces more
// than at the top: what nest(json, "    ") does, without splitting the text.
const NESTED_OPEN = "[\n  [\n    ".length;
const NESTED_CLOSE = "\n  ]\n]".length;

export class JsonFindingWriter {
  /** Findings written by the fast path, and by JSON.stringify: tests check which one a real input takes. */
  readonly written = { fast: 0, slow: 0 };
  private count = 0;
  private readonly bytes = new FindingBytes();
  private readonly buffer: OutputBuffer;

  /** `out` is best an OutputBuffer, which the findings are encoded into in place; any other sink gets them as text. */
  constructor(
    private readonly out: OutputSink,
    private readonly options: FindingRenderOptions,
  ) {
    this.buffer = out instanceof OutputBuffer ? out : new OutputBuffer(out);
  }

  add(finding: Finding): void {
    const first = this.count === 0;
    this.count++;
    if (this.bytes.write(this.buffer, finding, logUrlFor(this.options.logUrlTemplate, finding.request_id), first)) this.written.fast++;
    else {
      this.written.slow++;
      // Nested twice so JSON.stringify indents it as it stands in the document.
      const nested = JSON.stringify([[findingJson(finding, this.options)]], null, 2);
      this.buffer.write(`${first ? FIRST_LEAD : NEXT_LEAD}${escapeUnsafeJson(nested.slice(NESTED_OPEN, nested.length - NESTED_CLOSE))}`);
    }
    if (this.buffer !== this.out) this.buffer.flush();
  }

  /**
   * Closes the document: the request ids, the counts by code, the triage
   * groups when given (decode gives them; a document without stays as it was),
   * and the warnings of the run (limits hit, damage).
   */
  finish(summary: DecodeSummary, warnings: readonly string[] = [], groups?: readonly unknown[]): void {
    const head = this.count === 0 ? '{\n  "findings": [],\n' : "\n  ],\n";
    const ids = escapeUnsafeJson(JSON.stringify([...summary.requestIds], null, 2));
    const counts = escapeUnsafeJson(JSON.stringify(summary.counts(), null, 2));
    const said = escapeUnsafeJson(JSON.stringify(warnings, null, 2));
    // Only when the list is full, so a document's keys stay as they were for every other run.
    const omitted = summary.requestIdsOmitted > 0 ? `  "request_ids_omitted": ${summary.requestIdsOmitted},\n` : "";
    const grouped = groups ? `  "groups": ${nest(escapeUnsafeJson(JSON.stringify(groups, null, 2)), "  ")},\n` : "";
    this.buffer.write(
      `${head}  "request_ids": ${nest(ids, "  ")},\n${omitted}  "summary": ${nest(counts, "  ")},\n${grouped}  "warnings": ${nest(said, "  ")}\n}\n`,
    );
    if (this.buffer !== this.out) this.buffer.flush();
  }
}
