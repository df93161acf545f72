// How a secret is shown once found: a prefix that says what it was and its
// last 4 characters, enough to tell two keys apart and no more.

// What may split a secret in a paste without ending it: a control character
// (an ESC alone or starting a colour sequence), an invisible character, and
// the same as JSON text writes them (`\u001b`, `\t`), as a finding's details
// are shown; a line break (`\n` in JSON) too, but only inside an msk_ key or
// a JWT, whose shape says where it goes on. Removed before masking, so the
// last 4 are the secret's own.
export const INLINE_SPLIT =
  "(?:\\u001b\\[[0-9;]*[@-~]|[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u00ad\\u200b-\\u200d\\u2060-\\u2064\\ufeff]|\\\\u001b\\[[0-9;]*[@-~]|\\\\u00[01][0-9a-fA-F]|\\\\[bfrt])";
export const SPLIT = `(?:\\r?\\n|\\\\r\\\\n|\\\\n|${INLINE_SPLIT})`;
const SPLITS = new RegExp(SPLIT, "g");

// The catalog's own placeholders (`msk_...`, `msk_*`) are documentation, not keys.
const PLACEHOLDER = /^msk_(?:\.{3}|…|\*)$/;
const KEY = /^msk_[A-Za-z0-9_-]{8,}$/;
// What this module writes: masking it again would lose its last 4.
const MASKED = /^(?:msk_|eyJ)?…\S{0,4}$/;

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
  if (whole === "" || MASKED.test(whole) || PLACEHOLDER.test(whole)) return secret;
  // `"authorization": null` in a JSON body carries no secret.
  if (/^(null|true|false|undefined)$/.test(whole)) return secret;
  if (KEY.test(whole)) return maskKey(whole);
  return whole.length > 8 ? `…${whole.slice(-4)}` : "…";
}
