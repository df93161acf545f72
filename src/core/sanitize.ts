// The sanitiser: the one home for what makes outside text (pastes, files,
// servers, user catalogs) safe to show. Its parts live in ./sanitize/:
// controls.ts (the control and invisible characters, escaped for terminals and
// JSON), secrets.ts (the secret patterns), mask.ts (how a secret is shown) and
// redactor.ts (known secrets, header lists, whole JSON values).
//
// The rule, everywhere: what looks like a credential by its name (header,
// cookie, query parameter, JSON field) or by its shape (`msk_…`, a JWT, Basic
// and Bearer values, URL userinfo) is masked in every output, keeping only a
// prefix and the last 4 characters.
//
// Where redaction happens, once: decode's findings are masked in core as they
// are sealed (sealFinding in core/finding/finding.ts), so the human, Markdown
// and JSON writers print them as they are and the fast JSON path runs no
// scanner. Text that is not a finding (probe's request and answer, a user
// catalog, an error message) is masked as it is shown, by safeText or
// redactStrings: it has no seal to pass through. A cheap word test
// (mayHoldSecret) keeps this near free on text with no secret in it.
import { escapeControls } from "./sanitize/controls.js";
import { redactSecrets } from "./sanitize/secrets.js";

export { escapeControls, escapeUnsafeJson } from "./sanitize/controls.js";
export { maskKey, maskSecret } from "./sanitize/mask.js";
export { createRedactor, redactHeaders, redactStrings } from "./sanitize/redactor.js";
export { mayHoldSecret, redactSecrets } from "./sanitize/secrets.js";

/** How safeText presents a text: on one line (newlines escaped too), and with which redactor (probe's knows its key). */
export interface SafeTextOptions {
  singleLine?: boolean;
  redact?: (text: string) => string;
}

/**
 * The one way outside text that was not sealed reaches human or Markdown
 * output: secrets masked (by `redact`, redactSecrets unless given), then
 * controls and invisible characters shown as escapes. Text masked already (a
 * sealed finding) needs only escapeControls.
 */
export function safeText(text: string, options: SafeTextOptions = {}): string {
  return escapeControls((options.redact ?? redactSecrets)(text), options.singleLine === true);
}
