// Redaction applied to more than one string: a known secret masked wherever
// it appears (the key probe sends, whatever it looks like), a header list, and
// every string of a JSON-ready value.
import { maskKey, maskSecret } from "./mask.js";
import { redactSecrets, SECRET_HEADER_NAMES } from "./secrets.js";

/**
 * Masks `secrets` wherever they appear as `msk_…` plus their last 4
 * characters, then anything else that looks like a credential.
 */
export function createRedactor(secrets: readonly (string | null | undefined)[]): (text: string) => string {
  const known = secrets.filter((secret): secret is string => typeof secret === "string" && secret.length > 0);
  return (text) => {
    let result = text;
    for (const secret of known) result = result.split(secret).join(maskKey(secret));
    return redactSecrets(result);
  };
}

/**
 * Header values as they may be shown: each as redactSecrets masks the whole
 * `Name: value` line, and a header named as a credential masked whatever its
 * value looks like (a short token, a scheme-less Authorization).
 */
export function redactHeaders(headers: readonly (readonly [string, string])[], redact: (text: string) => string): [string, string][] {
  return headers.map(([name, value]) => {
    const line = redact(`${name}: ${value}`);
    const masked = line.startsWith(`${name}: `) ? line.slice(name.length + 2) : redact(value);
    if (masked !== value || !SECRET_HEADER_NAMES.has(name.toLowerCase())) return [name, masked];
    const scheme = /^([A-Za-z]+) (?=\S)/.exec(value)?.[0] ?? "";
    return [name, `${scheme}${maskSecret(value.slice(scheme.length))}`];
  });
}

/**
 * A JSON-ready value with every string in it (keys too) passed through
 * redactSecrets (or the redactor given). Redacting the values, not the
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
