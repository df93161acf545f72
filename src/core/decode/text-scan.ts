// Errors inside free text: a log line with an envelope in it, a ticket's
// prose around a pasted envelope, what an SDK printed. Also used on a
// multi-line block that did not parse as one JSON document.
import type { Catalog } from "../catalog.js";
import { readEnvelope, salvageEnvelope } from "./envelope.js";
import type { Finding, FindingForm } from "./finding.js";
import { findingsInDocument } from "./document.js";
import { findErrorObjects, findEscapedEnvelopes } from "./json-scan.js";
import { envelopeFinding, readBody, type ErrorContext } from "./response.js";
import { sdkFinding } from "./sdk.js";
import { looksLikeLogLine, readElixir, readGoCliApiError, readGoSdk, readTextContext, type TextContext } from "./text-forms.js";
import { parseJson } from "./values.js";

/** One envelope object larger than this inside text is not parsed (a salvage read is tried instead). */
const MAX_OBJECT_CHARS = 16 * 1024 * 1024;

function contextFromText(context: TextContext): ErrorContext {
  return {
    status: context.status,
    method: context.method,
    path: context.path,
    headers: context.retryAfter ? { "retry-after": context.retryAfter } : {},
    outerRequestId: context.requestId ? { value: context.requestId, label: "the request id in the line around it", source: "log" } : null,
  };
}

function lineOf(text: string, index: number, firstLine: number): number {
  let line = firstLine;
  let at = text.indexOf("\n");
  while (at !== -1 && at < index) {
    line++;
    at = text.indexOf("\n", at + 1);
  }
  return line;
}

/** The form of an envelope found in text: alone on its line(s), in a log line, or in prose. */
function formAround(text: string, start: number, end: number, quoted: boolean): FindingForm {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const nextNewline = text.indexOf("\n", end);
  const lineEnd = nextNewline === -1 ? text.length : nextNewline;
  const line = text.slice(lineStart, lineEnd);
  const alone = text.slice(lineStart, start).trim() === "" && text.slice(end, lineEnd).trim() === "";
  if (alone) return quoted ? "text" : "envelope";
  return looksLikeLogLine(line) ? "log" : "text";
}

/** Findings in one line of text (`multiLine` false) or in a block of lines that did not parse as JSON. */
export function findingsInText(text: string, firstLine: number, quoted: boolean, catalog: Catalog, multiLine = false): Finding[] {
  if (!multiLine) {
    const print = readGoCliApiError(text) ?? readGoSdk(text) ?? readElixir(text);
    if (print) {
      const context = contextFromText(readTextContext(text));
      return [sdkFinding(print, context, catalog, { line: firstLine, form: "sdk" })];
    }
  }
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (finding: Finding) => {
    const key = `${finding.source.line}\u0000${finding.code}\u0000${finding.message}\u0000${finding.request_id}`;
    if (!seen.has(key)) {
      seen.add(key);
      findings.push(finding);
    }
  };
  const scan = findErrorObjects(text);
  for (const span of scan.spans) {
    const context = readTextContext(text, span.start, span.end);
    const line = lineOf(text, span.start, firstLine);
    const value = span.end - span.start <= MAX_OBJECT_CHARS ? parseJson(text.slice(span.start, span.end)) : undefined;
    if (value === undefined) {
      const salvaged = span.strong ? salvageEnvelope(text.slice(span.start, span.end)) : null;
      if (salvaged) add(envelopeFinding(salvaged, contextFromText(context), catalog, { line, form: formAround(text, span.start, span.end, quoted) }));
      continue;
    }
    const form = formAround(text, span.start, span.end, quoted);
    if (!span.strong) {
      // {"message", "code"} in text counts only with an error status next to it.
      const facts = readEnvelope(value, { statusHint: context.status });
      if (facts && (context.status ?? 0) >= 400) add(envelopeFinding(facts, contextFromText(context), catalog, { line, form }));
      continue;
    }
    // Context the object itself does not carry comes from the text around it.
    const around = { ...context, status: context.status !== null && context.status >= 400 ? context.status : null };
    for (const finding of findingsInDocument(value, catalog, { line, quoted, around })) {
      if (finding.source.form === "envelope" || finding.source.form === "text") finding.source.form = form;
      add(finding);
    }
  }
  for (const escaped of findEscapedEnvelopes(text)) {
    if (scan.spans.some((span) => span.start <= escaped.start && escaped.end <= span.end)) continue;
    const context = readTextContext(text, escaped.start, escaped.end);
    const facts = readBody(escaped.body, context.status);
    if (facts) add(envelopeFinding(facts, contextFromText(context), catalog, { line: lineOf(text, escaped.start, firstLine), form: "log" }));
  }
  if (findings.length === 0 && scan.unclosed !== -1) {
    const salvaged = salvageEnvelope(text.slice(scan.unclosed));
    if (salvaged) {
      // The text before it only: the fragment's own fields were read above, a cut one on purpose not.
      const context = readTextContext(text, scan.unclosed, text.length);
      add(envelopeFinding(salvaged, contextFromText(context), catalog, { line: lineOf(text, scan.unclosed, firstLine), form: formAround(text, scan.unclosed, text.length, quoted) }));
    }
  }
  return findings;
}
