// Pieces the clients' prints share (client-prints.ts, go-prints.ts): the
// form they are found as, a message that may carry its code, a raw body a
// client printed, and a string's escapes undone.
import type { Evidence } from "./evidence.js";
import type { FindingForm } from "../finding/finding.js";
import { readBody } from "../finding/explain.js";
import { describeNonEnvelope } from "../finding/non-envelope.js";

export const FORM: FindingForm = "sdk";

// A code written before its message: `SANDBOX_NOT_RUNNING: sandbox is not running`.
const CODE_PREFIX = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+):\s+(.*)$/;
const CODE_ALONE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** Evidence for a message that may carry its code first, or be a code alone (the Go SDK prints EMAIL_MISMATCH so). */
export function messageAndCode(text: string): Pick<Evidence, "message" | "code"> {
  const prefixed = CODE_PREFIX.exec(text);
  if (prefixed) return { code: prefixed[1]!, message: prefixed[2]!.trim() || null };
  if (CODE_ALONE.test(text)) return { code: text, message: null };
  return { message: text || null };
}

/** A raw body a client printed: its envelope, or what it was (an HTML page, text). */
export function bodyEvidence(body: string, status: number | null, evidence: Evidence): Evidence {
  const facts = readBody(body, status);
  if (facts) return { ...evidence, envelope: facts };
  return { ...evidence, body: body.trim() };
}

/** Where an HTML page starts in a message. */
export const PAGE_TAG = /<(?:!doctype html|html)\b/i;
const PAGE_START = new RegExp(`^${PAGE_TAG.source}`, "i");

/**
 * A message that is an HTML page a client put in verbatim (a proxy's answer,
 * joined back over its lines by joined-print.ts): the page as a body without
 * an envelope, its status from its title (`502 Bad Gateway`) when the print
 * gave none (Python's ServerError stands for any 5xx). Null for any other message.
 */
export function pageEvidence(message: string, evidence: Evidence): Evidence | null {
  if (!PAGE_START.test(message)) return null;
  const title = describeNonEnvelope(message, {}).title;
  const said = title === null ? null : /(?:^|\D)([45]\d\d)(?!\d)/.exec(title);
  return { ...evidence, status: evidence.status ?? (said ? Number(said[1]) : null), body: message.trim() };
}

const STRING_ESCAPE = /\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))/g;
const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\u0007", b: "\b", f: "\f", v: "\v" };

/**
 * A string's content as Go's strconv.Quote, JSON, Python's repr or Elixir's inspect wrote it, unescaped:
 * `\xNN`, `\uNNNN`, `\UNNNNNNNN`, the letter escapes, and any other character after a backslash as itself.
 */
export function unquote(inner: string): string {
  if (!inner.includes("\\")) return inner;
  return inner.replace(STRING_ESCAPE, (_all, hex?: string, unicode?: string, wide?: string, other?: string) => {
    const code = hex ?? unicode ?? wide;
    if (code === undefined) return SIMPLE_ESCAPES[other!] ?? other!;
    const point = Number.parseInt(code, 16);
    return point <= 0x10ffff ? String.fromCodePoint(point) : "\ufffd";
  });
}

/** The evidence's fields that are set: laid over other evidence, it wins where it knows. */
export function definedOnly(evidence: Evidence): Partial<Evidence> {
  const out: Partial<Evidence> = {};
  for (const [key, value] of Object.entries(evidence)) if (value !== undefined && value !== null) (out as Record<string, unknown>)[key] = value;
  return out;
}
