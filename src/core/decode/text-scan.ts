// Errors inside free text: a log line with an envelope in it, a ticket's
// prose around a pasted envelope, what an SDK printed. Also used on a
// multi-line block that did not parse as one JSON document.
import type { Catalog } from "../catalog.js";
import { readEnvelope } from "../finding/envelope.js";
import { salvageEnvelope } from "../finding/salvage.js";
import type { Finding, FindingForm } from "../finding/finding.js";
import { findingsInDocument } from "./document.js";
import { findErrorObjects, findEscapedEnvelopes } from "./json-scan.js";
import { envelopeFinding, readBody, type ErrorContext } from "../finding/explain.js";
import { looksLikeLogLine, printedContext, readTextContext, type TextContext } from "./text-forms.js";
import { parseJson } from "../finding/values.js";
import { DistinctTexts } from "../packed.js";

/** One envelope object larger than this inside text is not parsed (a salvage read is tried instead). */
const MAX_OBJECT_CHARS = 16 * 1024 * 1024;

function contextFromText(context: TextContext): ErrorContext {
  return printedContext(context, "the request id in the line around it", "log");
}

/**
 * Line numbers of positions in a text, asked in increasing order (the
 * envelopes are found in order): counted on from the last one asked, and the
 * next line break remembered, so a long text, or one long line, with many
 * envelopes is walked once, not once per envelope.
 */
class LineCounter {
  private at = 0;
  private line: number;
  private nextBreak: number;

  constructor(
    private readonly text: string,
    firstLine: number,
  ) {
    this.line = firstLine;
    this.nextBreak = this.breakFrom(0);
  }

  lineOf(index: number): number {
    if (index < this.at) return this.recount(index);
    while (this.nextBreak < index) {
      this.line++;
      this.at = this.nextBreak + 1;
      this.nextBreak = this.breakFrom(this.at);
    }
    return this.line;
  }

  /** Where the line of the position last asked starts. */
  lineStart(): number {
    return this.at;
  }

  private breakFrom(from: number): number {
    const next = this.text.indexOf("\n", from);
    return next === -1 ? Number.POSITIVE_INFINITY : next;
  }

  private recount(index: number): number {
    const counter = new LineCounter(this.text, this.line - (this.text.slice(0, this.at).split("\n").length - 1));
    return counter.lineOf(index);
  }
}

/** Whether only blanks stand between `from` and the line's edge in the direction `step` (-1 back, 1 on). */
function blankToEdge(text: string, from: number, step: -1 | 1): boolean {
  for (let i = from; i >= 0 && i < text.length; i += step) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** The form of an envelope found in text: alone on its line(s), in a log line, or in prose. */
function formAround(text: string, start: number, end: number, quoted: boolean, lineStart: number): FindingForm {
  if (blankToEdge(text, start - 1, -1) && blankToEdge(text, end, 1)) return quoted ? "text" : "envelope";
  return looksLikeLogLine(text.slice(lineStart, lineStart + 512)) ? "log" : "text";
}

/** The envelopes in one line of text, or in a block of lines that did not parse as JSON. */
export function findingsInText(text: string, firstLine: number, quoted: boolean, catalog: Catalog): Finding[] {
  return [...eachFindingInText(text, firstLine, quoted, catalog)];
}

/**
 * findingsInText one finding at a time, as each is found: a long line with
 * thousands of envelopes hands each on to be written before the next is
 * made, instead of holding them all.
 */
export function* eachFindingInText(text: string, firstLine: number, quoted: boolean, catalog: Catalog): Generator<Finding> {
  // Kept outside the JS heap (packed.ts): a long line may hold tens of thousands of envelopes.
  const seen = new DistinctTexts();
  // Whether the finding is new (findings that say the same on the same line are one).
  const fresh = (finding: Finding | null): finding is Finding =>
    finding !== null && seen.add(`${finding.source.line}\u0000${finding.code}\u0000${finding.message}\u0000${finding.request_id}`);
  const scan = findErrorObjects(text);
  const lines = new LineCounter(text, firstLine);
  for (const span of scan.spans) {
    const context = readTextContext(text, span.start, span.end);
    const line = lines.lineOf(span.start);
    const lineStart = lines.lineStart();
    const value = span.end - span.start <= MAX_OBJECT_CHARS ? parseJson(text.slice(span.start, span.end)) : undefined;
    if (value === undefined) {
      const salvaged = span.strong ? salvageEnvelope(text.slice(span.start, span.end)) : null;
      if (!salvaged) continue;
      const finding = envelopeFinding(salvaged, contextFromText(context), catalog, { line, form: formAround(text, span.start, span.end, quoted, lineStart) });
      if (fresh(finding)) yield finding;
      continue;
    }
    const form = formAround(text, span.start, span.end, quoted, lineStart);
    if (!span.strong) {
      // {"message", "code"} in text counts only with an error status next to it.
      const facts = readEnvelope(value, { statusHint: context.status });
      if (!facts || (context.status ?? 0) < 400) continue;
      const finding = envelopeFinding(facts, contextFromText(context), catalog, { line, form });
      if (fresh(finding)) yield finding;
      continue;
    }
    // Context the object itself does not carry comes from the text around it.
    const around = { ...context, status: context.status !== null && context.status >= 400 ? context.status : null };
    for (const finding of findingsInDocument(value, catalog, { line, quoted, around })) {
      if (finding.source.form === "envelope" || finding.source.form === "text") finding.source.form = form;
      if (fresh(finding)) yield finding;
    }
  }
  // Both lists are in text order: one walk over the spans tells which escaped bodies an object holds already.
  let spanIndex = 0;
  const escapedLines = new LineCounter(text, firstLine);
  for (const escaped of findEscapedEnvelopes(text)) {
    while (spanIndex < scan.spans.length && scan.spans[spanIndex]!.end < escaped.end) spanIndex++;
    const span = scan.spans[spanIndex];
    if (span && span.start <= escaped.start && escaped.end <= span.end) continue;
    const context = readTextContext(text, escaped.start, escaped.end);
    const facts = readBody(escaped.body, context.status);
    if (!facts) continue;
    const finding = envelopeFinding(facts, contextFromText(context), catalog, { line: escapedLines.lineOf(escaped.start), form: "log" });
    if (fresh(finding)) yield finding;
  }
  if (seen.size === 0 && scan.unclosed !== -1) {
    const salvaged = salvageEnvelope(text.slice(scan.unclosed));
    if (salvaged) {
      // The text before it only: the fragment's own fields were read above, a cut one on purpose not.
      const context = readTextContext(text, scan.unclosed, text.length);
      const counter = new LineCounter(text, firstLine);
      const line = counter.lineOf(scan.unclosed);
      yield envelopeFinding(salvaged, contextFromText(context), catalog, {
        line,
        form: formAround(text, scan.unclosed, text.length, quoted, counter.lineStart()),
      });
    }
  }
}
