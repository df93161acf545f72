// How a secret is shown once found: a prefix that says what it was and its
// last 4 characters, enough to tell two keys apart and no more.

// What may split a secret in a paste without ending it: a line break, an ESC
// (alone or starting a colour sequence) and the invisible characters. Removed
// before masking, so the last 4 are the secret's own.
export const SPLIT = "(?:\\r?\\n|\\u001b(?:\\[[0-9;]*[@-~])?|[\\u00ad\\u200b-\\u200d\\u2060-\\u2064\\ufeff])";
const SPLITS = new RegExp(SPLIT, "g");

// The catalog's own placeholders (`msk_...`, `msk_*`) are documentation, not keys.
const PLACEHOLDER = /^msk_(?:\.{3}|…|\*)$/;
const KEY = /^msk_[A-Za-z0-9_-]{8,}$/;

/** `msk_…` plus the key's last 4 characters. */
export function maskKey(key: string): string {
  return `msk_…${key.replace(SPLITS, "").slice(-4)}`;
}

/** An msk_ key masked; text that only starts like one (`msk_u_abc"…`, `msk_...`) left as it is. */
export function maskIfKey(text: string): string {
  return KEY.test(text.replace(SPLITS, "")) ? maskKey(text) : text;
}

/**
 * A secret whose label is kept by the caller: `…` and its last 4 characters
 * (only `…` when 8 or fewer, as 4 would be half of it); an msk_ key as
 * maskKey shows it. Values that hold no secret (null, a placeholder, one
 * masked already) are left as they are.
 */
export function maskSecret(secret: string): string {
  const whole = secret.replace(SPLITS, "");
  if (whole === "" || whole.includes("…") || PLACEHOLDER.test(whole)) return secret;
  // `"authorization": null` in a JSON body carries no secret.
  if (/^(null|true|false|undefined)$/.test(whole)) return secret;
  if (KEY.test(whole)) return maskKey(whole);
  return whole.length > 8 ? `…${whole.slice(-4)}` : "…";
}
