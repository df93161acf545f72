// A line of text as decode reads it: terminal colours taken off, HTML and
// quoted-printable escapes undone, and then what it says about an error as
// Evidence: a client's print, envelopes inside it, or the facts and codes
// in its words.
import type { Catalog } from "../catalog.js";
import { codeKey } from "../catalog.js";
import { clientPrint, pythonReprs, quotedClientPrint } from "./client-prints.js";
import { definedOnly } from "./print-parts.js";
import type { FindingForm } from "../finding/finding.js";
import { lineFacts, proseCodes, type Evidence } from "./evidence.js";
import { eachFindingInText } from "./text-scan.js";
import { leadingTime } from "./text-forms.js";

// CSI (colours, cursor moves), OSC (titles, links) and two-byte escapes, as terminals print them.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;

/** The line without terminal escape sequences (`jq -C`, a coloured CLI, IEx's red banner). */
export function stripAnsi(line: string): string {
  return line.includes("\u001b") || line.includes("\u009b") ? line.replace(ANSI, "") : line;
}

const HTML_ENTITY = /&(quot|#34|#x22|apos|#39|lt|gt|amp);/gi;
const HTML_CHARS: Record<string, string> = { quot: '"', "#34": '"', "#x22": '"', apos: "'", "#39": "'", lt: "<", gt: ">", amp: "&" };

/** An envelope written into HTML (`{&quot;error&quot;: ...}` in a web page or an e-mail), unescaped. */
export function unescapeHtml(line: string): string {
  return line.includes("&") && /&(?:quot|#34|#x22);/i.test(line)
    ? line.replace(HTML_ENTITY, (_all, name: string) => HTML_CHARS[name.toLowerCase()] ?? _all)
    : line;
}

// An escape plain text seldom holds: `=` itself, `"`, braces, a line feed, a character of UTF-8 (a lead byte
// and a continuation byte: `=C3=A9`). Not `=20`, `=40` or `=BA`: logfmt's `time=2026-...`, `status=404` and
// `code=BAD_REQUEST` hold those.
const QP_ESCAPE = /=(?:3D|22|7B|7D|0A|[C-F][0-9A-F]=[89AB][0-9A-F])/;
// An `=` that is neither an escape (two upper-case hex digits) nor a soft break at the end: quoted-printable never has one.
const BARE_EQUALS = /=(?![0-9A-F]{2}|$)/;

/** Whether a line is quoted-printable (an e-mail's body): it holds such an escape, and every `=` in it is one. */
export function looksQuotedPrintable(line: string): boolean {
  return line.includes("=") && QP_ESCAPE.test(line) && !BARE_EQUALS.test(line);
}

/** Quoted-printable escapes undone, in a line that looks so or is `known` to be (the soft line breaks are joined by the decoder). */
export function decodeQuotedPrintable(line: string, known = false): string {
  if (!known && !looksQuotedPrintable(line)) return line;
  const bytes: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const hex = line[i] === "=" ? /^[0-9A-F]{2}$/i.exec(line.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(Number.parseInt(hex[0], 16));
      i += 2;
    } else {
      const code = line.charCodeAt(i);
      if (code < 0x80) bytes.push(code);
      else for (const byte of new TextEncoder().encode(line[i]!)) bytes.push(byte);
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/**
 * What one text line says about errors, in order: a client's print, envelopes
 * in it, else its facts and the codes it names. Handed on one at a time, as
 * found: a line may hold thousands of envelopes.
 */
export function* lineEvidence(text: string, line: number, quoted: boolean, catalog: Catalog): Generator<Evidence> {
  // A log line's own time, for the evidence read from the line itself (a finding read from JSON in it has its own).
  let time: string | null | undefined = quoted ? null : undefined;
  for (const item of lineEvidenceUntimed(text, line, quoted, catalog)) {
    if (!item.finding) {
      if (time === undefined) time = leadingTime(text);
      if (time !== null) item.time = time;
    }
    yield item;
  }
}

function* lineEvidenceUntimed(text: string, line: number, quoted: boolean, catalog: Catalog): Generator<Evidence> {
  const direct = clientPrint(text, line);
  // Quoted, a print's body is escaped: read directly it holds no envelope (a body, not one), unquoted it may.
  const inQuotes = direct === null || (direct.body !== undefined && text.includes('\\"')) ? quotedClientPrint(text, line) : null;
  // A print in a quoted field: the line's other fields (a path, a method) say more about it.
  const print = inQuotes ? { ...lineFacts(text, line, "sdk"), ...definedOnly(inQuotes) } : direct;
  // A block's field errors (a TS CLI `  - field: message`, a TS SDK's `details`): their words (`code: 'REQUIRED'`)
  // are the fields', not the error's.
  if (print?.envelope || print?.body !== undefined || (print?.continuation && print.fieldErrors)) {
    yield print;
    return;
  }
  // A logged list or dict of Python SDK errors: a repr each.
  const reprs = print?.errorClass && print.complete ? pythonReprs(text, line) : [];
  if (reprs.length > 1) {
    yield* reprs;
    return;
  }
  let found = false;
  for (const finding of eachFindingInText(text, line, quoted, catalog)) {
    if (!found && print) yield print;
    found = true;
    yield { line, form: finding.source.form, finding };
  }
  if (found) return;
  const facts = lineFacts(text, line, quoted ? "text" : print ? "sdk" : "log");
  if (print) {
    yield { ...facts, ...definedOnly(print) };
    return;
  }
  // Codes named in prose: those the catalog knows.
  const codes = facts.code ? [] : proseCodes(text, (code) => catalog.byCode.has(codeKey(code)));
  if (codes.length > 0) {
    const form: FindingForm = quoted || !/^\s*[[\d]/.test(text) ? "text" : "log";
    yield* [...new Set(codes)].map((code, i) => (i === 0 ? { ...facts, form, code, proseCode: true } : { line, form, code, proseCode: true }));
    return;
  }
  if (hasFacts(facts)) yield facts;
}

function hasFacts(evidence: Evidence): boolean {
  return evidence.code != null || evidence.status != null || evidence.requestId != null;
}
