// The one place text from outside (pastes, files, servers, user catalogs) is
// made safe for a terminal, and credentials are cut down before display.

// C0 controls but tab and newline, DEL, C1 controls, and the Unicode
// directional overrides and isolates that can reorder what a reader sees.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

// msk_ keys (msk_u_..., msk_live_..., msk_test_...): long enough to be a real
// key, so the catalog's own `msk_...` and `msk_*` stay as written.
const API_KEY = /msk_[A-Za-z0-9_-]{8,}/g;
// The value of an Authorization header or field, whatever the scheme; 8
// characters at least, so a placeholder such as `msk_...` is left alone.
const AUTHORIZATION = /(authorization["']?\s*[:=]\s*["']?)((?:bearer|basic|token)\s+)?([^\s"',;:]{8,})/gi;
// A bearer token wherever it stands, labelled or not, also URL-encoded (`Bearer%20...` in a redirect's URL).
const BEARER = /(\bbearer(?:\s+|%20|\+))([A-Za-z0-9._~+/=-]{8,})/gi;

const PLACEHOLDER = /^msk_(?:\.{3}|…|\*)$/;

/** `msk_…` plus the key's last 4 characters. */
export function maskKey(key: string): string {
  return `msk_…${key.slice(-4)}`;
}

function maskSecret(secret: string): string {
  // `"authorization": null` in a JSON body carries no secret.
  if (/^(null|true|false|undefined)(?![\w-])/.test(secret)) return secret;
  // `Bearer msk_...` in the catalog's own advice is a placeholder, not a key.
  if (secret.startsWith("msk_")) return /^msk_[A-Za-z0-9_-]{8,}$/.test(secret) ? maskKey(secret) : secret;
  return secret.length > 8 ? `…${secret.slice(-4)}` : "…";
}

const MAY_HOLD_SECRET = /msk_|authorization|bearer/i;

/** A cheap test before the redaction patterns run: each of them needs one of these words. */
export function mayHoldSecret(text: string): boolean {
  return MAY_HOLD_SECRET.test(text);
}

/** Replaces API keys and Authorization values with a masked form. */
export function redactSecrets(text: string): string {
  if (!mayHoldSecret(text)) return text;
  return text
    .replace(AUTHORIZATION, (all: string, label: string, scheme: string | undefined, secret: string) =>
      // The catalog's own placeholder (`Bearer msk_...`) is documentation, not a credential.
      PLACEHOLDER.test(secret) ? all : `${label}${scheme ?? ""}${maskSecret(secret)}`,
    )
    .replace(BEARER, (_all, label: string, secret: string) => `${label}${maskSecret(secret)}`)
    .replace(API_KEY, (key) => maskKey(key));
}

/**
 * A JSON-ready value with every string in it (keys too) passed through
 * redactSecrets (or the redactor given): the last guard before a document is
 * printed, whatever field a secret ended up in. Redacting the values, not the
 * printed JSON, keeps escapes whole: a pattern run over JSON text can eat the
 * backslash of an escaped quote and break the document.
 */
export function redactStrings<T>(value: T, redact: (text: string) => string = redactSecrets): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactStrings(item, redact)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, redact(key), { value: redactStrings(item, redact), enumerable: true, writable: true, configurable: true });
    }
    return out as T;
  }
  return value;
}

/** Terminal-safe text: controls shown as visible escapes; newlines kept. */
export function neutralizeControls(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * What every outside string goes through before human or Markdown output:
 * secrets masked, control sequences neutralised. `singleLine` also escapes
 * newlines, for values that must stay on one line (codes, ids, headers).
 */
export function safeText(text: string, options: { singleLine?: boolean } = {}): string {
  const redacted = redactSecrets(text);
  return options.singleLine ? redacted.replace(UNSAFE_SINGLE_LINE, visible) : redacted.replace(UNSAFE, visible);
}
