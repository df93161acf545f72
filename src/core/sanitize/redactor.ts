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
    const lower = name.toLowerCase();
    // A header named as a credential is one, whole: its value is not searched (it may hold another `Name: value`).
    if (SECRET_HEADER_NAMES.has(lower) && lower !== "cookie" && lower !== "set-cookie") return [name, maskWhole(redact(value), value)];
    const line = redact(`${name}: ${value}`);
    const masked = line.startsWith(`${name}: `) ? line.slice(name.length + 2) : redact(value);
    if (masked !== value || !SECRET_HEADER_NAMES.has(lower)) return [name, masked];
    return [name, maskWhole(value, value)];
  });
}

/** A credential header's value: its scheme (`Bearer `) kept, the rest masked as one secret; the redactor's form when it is one mask already. */
function maskWhole(redacted: string, value: string): string {
  const scheme = /^(?:bearer|basic|token|digest|negotiate) (?=\S)/i.exec(value)?.[0] ?? "";
  const rest = redacted.startsWith(scheme) ? redacted.slice(scheme.length) : redacted;
  // The known key masked by the redactor (`msk_…WXYZ`) is kept as it shows; anything else is masked whole.
  return `${scheme}${/^(?:msk_|eyJ)?…\S{0,4}$/.test(rest) ? rest : maskSecret(value.slice(scheme.length))}`;
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
