// decode --json: `{"findings": [...], "request_ids": [...], "summary": {...}}`,
// written piece by piece as the findings arrive, so memory stays flat on a
// big log; byte for byte what JSON.stringify(document, null, 2) gives.
// Each finding goes through FindingBytes (the fast path, see its header)
// when it can, else through JSON.stringify. Findings come from core with
// their secrets masked already (sealFinding): nothing is redacted here.
import type { Finding } from "../../core/finding/finding.js";
import type { DecodeSummary } from "../../core/decode/summary.js";
import type { FindingRenderOptions } from "../finding.js";
import { escapeUnsafeJson } from "../../core/sanitize.js";
import type { TriageGroup } from "../../core/triage/groups.js";
import { triageGroupFacts } from "../triage-json.js";
import { findingJson, logUrlFor, nest } from "../json.js";
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
   * and the warnings of the run (limits hit, damage). The request ids are
   * written one at a time, never gathered into one string: a log's may be
   * many, and holding them all as strings at the end made the JS heap grow.
   */
  finish(summary: DecodeSummary, warnings: readonly string[] = [], groups?: readonly TriageGroup[]): void {
    const out = this.buffer;
    out.write(this.count === 0 ? '{\n  "findings": [],\n  "request_ids": ' : '\n  ],\n  "request_ids": ');
    writeTextList(out, summary.requestIds, "  ");
    // Only when the list is full, so a document's keys stay as they were for every other run.
    if (summary.requestIdsOmitted > 0) out.write(`,\n  "request_ids_omitted": ${summary.requestIdsOmitted}`);
    out.write(`,\n  "summary": ${nest(escapeUnsafeJson(JSON.stringify(summary.counts(), null, 2)), "  ")},\n`);
    if (groups) {
      out.write('  "groups": ');
      writeGroups(out, groups);
      out.write(",\n");
    }
    out.write(`  "warnings": ${nest(escapeUnsafeJson(JSON.stringify(warnings, null, 2)), "  ")}\n}\n`);
    if (this.buffer !== this.out) this.buffer.flush();
  }
}

// Printable ASCII but for `"` and `\\`: JSON.stringify and escapeUnsafeJson leave such a text as it is.
const PLAIN_JSON_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const LIST_BATCH = 16 * 1024;

/** The texts as JSON.stringify(list, null, 2) writes them nested at `indent`, a batch at a time (a log may have many). */
function writeTextList(out: OutputBuffer, texts: Iterable<string>, indent: string): void {
  const separator = `,\n${indent}  `;
  let batch = "";
  let first = true;
  for (const text of texts) {
    batch += first ? `[\n${indent}  ` : separator;
    batch += PLAIN_JSON_TEXT.test(text) ? `"${text}"` : escapeUnsafeJson(JSON.stringify(text));
    first = false;
    if (batch.length >= LIST_BATCH) {
      out.write(batch);
      batch = "";
    }
  }
  out.write(first ? "[]" : `${batch}\n${indent}]`);
}

/** The groups as triageJson gives them, nested in the document: each group's facts whole, its request ids one at a time. */
function writeGroups(out: OutputBuffer, groups: readonly TriageGroup[]): void {
  if (groups.length === 0) return out.write("[]");
  groups.forEach((group, index) => {
    const facts = nest(escapeUnsafeJson(JSON.stringify(triageGroupFacts(group), null, 2)), "    ");
    // The facts without their closing brace; request_ids is the group's last key.
    out.write(`${index === 0 ? "[" : ","}\n    ${facts.slice(0, -"\n    }".length)},\n      "request_ids": `);
    writeTextList(out, group.requestIds, "      ");
    out.write("\n    }");
  });
  out.write("\n  ]");
}
