// What decode prints as findings arrive and when the run ends, one class per
// view: JSON (one document), NDJSON (a line per finding as found, then a
// summary line), request ids only, a card per finding, and the default that
// prints cards while every finding is a group of its own and turns to the
// triage view once findings share groups.
import type { ChalkInstance } from "chalk";
import type { DecodeSummary } from "../core/decode/summary.js";
import type { Finding } from "../core/finding/finding.js";
import { safeText } from "../core/sanitize.js";
import type { Triage } from "../core/triage/groups.js";
import type { IO } from "../cli/io.js";
import { renderHumanSummary, renderMarkdownSummary } from "../render/decode-summary.js";
import { renderFinding, renderFindingMarkdown, type FindingRenderOptions } from "../render/finding.js";
import { escapeUnsafeJson } from "../core/sanitize.js";
import { findingJson } from "../render/json.js";
import { JsonFindingWriter } from "../render/json-writer/findings.js";
import type { OutputBuffer } from "../render/json-writer/output-buffer.js";
import { renderTriage } from "../render/triage.js";
import { triageJson } from "../render/triage-json.js";
import { renderTriageMarkdown } from "../render/triage-markdown.js";

/** What the end of a run knows. */
export interface RunTotals {
  summary: DecodeSummary;
  triage: Triage;
  warnings: readonly string[];
  /** The inputs read, by name. */
  inputs: readonly string[];
}

export interface FindingOutput {
  /** `newGroup`: the finding started a triage group of its own. */
  add(finding: Finding, newGroup: boolean): void;
  finish(totals: RunTotals): Promise<void>;
}

/** How human text is laid out: a terminal's width (Infinity when piped) and whether it shows Unicode blocks. */
export interface Layout {
  width: number;
  unicode: boolean;
  /** Request ids shown per group in the triage view. */
  idsShown: number;
}

export class JsonOutput implements FindingOutput {
  private readonly writer: JsonFindingWriter;
  constructor(out: OutputBuffer, render: FindingRenderOptions) {
    this.writer = new JsonFindingWriter(out, render);
  }
  add(finding: Finding): void {
    this.writer.add(finding);
  }
  async finish({ summary, triage, warnings }: RunTotals): Promise<void> {
    this.writer.finish(summary, warnings, triage.ordered());
  }
}

/** One JSON object a line: each finding as found (flushed by the caller), then `{"request_ids","summary","groups","warnings"}`. */
export class NdjsonOutput implements FindingOutput {
  constructor(
    private readonly out: OutputBuffer,
    private readonly render: FindingRenderOptions,
  ) {}
  add(finding: Finding): void {
    this.out.write(`${escapeUnsafeJson(JSON.stringify(findingJson(finding, this.render)))}\n`);
  }
  async finish({ summary, triage, warnings }: RunTotals): Promise<void> {
    const closing = { request_ids: [...summary.requestIds], summary: summary.counts(), groups: triageJson(triage), warnings };
    this.out.write(`${escapeUnsafeJson(JSON.stringify(closing))}\n`);
  }
}

/** Each request id once, in input order, one a line: for pasting to support. */
export class IdsOutput implements FindingOutput {
  private readonly seen = new Set<string>();
  constructor(
    private readonly out: OutputBuffer,
    private readonly io: IO,
  ) {}
  add(finding: Finding): void {
    const id = finding.request_id;
    if (!id || this.seen.has(id)) return;
    this.seen.add(id);
    this.out.write(`${safeText(id, { singleLine: true })}\n`);
  }
  async finish({ summary }: RunTotals): Promise<void> {
    // Errors without ids print nothing on stdout: say why, or an empty paste looks like a bug.
    if (this.seen.size === 0 && summary.findings > 0) {
      const n = summary.findings;
      this.io.stderr.write(`miosa-err: ${n} error${n === 1 ? "" : "s"} found, none with a request id\n`);
    }
  }
}

/** A card per finding (human or Markdown), written as found; the summary table after them. */
export class CardsOutput implements FindingOutput {
  private count = 0;
  constructor(
    private readonly out: OutputBuffer,
    private readonly io: IO,
    private readonly chalk: ChalkInstance,
    private readonly markdown: boolean,
    private readonly render: FindingRenderOptions,
  ) {}
  add(finding: Finding): void {
    this.count++;
    const options = { ...this.render, index: this.count };
    const card = this.markdown ? renderFindingMarkdown(finding, options) : renderFinding(this.chalk, finding, options);
    this.out.write(`${this.count > 1 ? "\n" : ""}${card}`);
  }
  async finish({ summary }: RunTotals): Promise<void> {
    if (summary.findings <= 1) return;
    this.out.write(`\n${this.markdown ? renderMarkdownSummary(summary) : await renderHumanSummary(this.io, this.chalk, summary)}`);
  }
}

/**
 * The default: while every finding is a group of its own, cards (held back,
 * one per group, so at most the groups' number); once a finding joins a
 * group, the triage view, printed at the end.
 */
export class AutoOutput implements FindingOutput {
  private held: Finding[] = [];
  private grouped = false;
  constructor(
    private readonly out: OutputBuffer,
    private readonly cards: CardsOutput,
    private readonly chalk: ChalkInstance,
    private readonly markdown: boolean,
    private readonly layout: Layout,
    private readonly render: FindingRenderOptions,
  ) {}
  add(finding: Finding, newGroup: boolean): void {
    if (this.grouped) return;
    if (newGroup) this.held.push(finding);
    else {
      this.grouped = true;
      this.held = [];
    }
  }
  async finish(totals: RunTotals): Promise<void> {
    if (!this.grouped) {
      for (const finding of this.held) this.cards.add(finding);
      return this.cards.finish(totals);
    }
    this.writeTriage(totals);
  }

  /**
   * Ctrl-C on a stream that never ends (`tail -f app.log | miosa-err decode`):
   * what was found so far, at once (the summary table after cards needs a
   * module load, so it is left out).
   */
  interrupted(totals: RunTotals): void {
    if (this.grouped) this.writeTriage(totals);
    else for (const finding of this.held) this.cards.add(finding);
    this.out.flush();
  }

  private writeTriage(totals: RunTotals): void {
    if (this.markdown) this.out.write(renderTriageMarkdown(totals.triage, totals.inputs));
    else this.out.write(renderTriage(this.chalk, totals.triage, { ...this.render, ...this.layout, inputs: totals.inputs }));
  }
}
