// The characters outside text must not bring to a reader as they are: they
// drive a terminal, reorder what is shown, or hide inside an id that then
// looks right and is not. One class, used by every output (JSON too).

// Invisible or reordering: soft hyphen, Arabic letter mark, Mongolian vowel
// separator, zero-width space/non-joiner/joiner, LRM/RLM, line and paragraph
// separators, the directional embeddings, overrides and isolates, word joiner
// and invisible operators, and the BOM (zero-width no-break space).
const INVISIBLE = "\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff";

// C0 controls but tab and newline, DEL, C1 controls, and the invisible ones.
const UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${INVISIBLE}]`, "g");
// The same, newline and tab too: for values that must stay on one line.
const UNSAFE_SINGLE_LINE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${INVISIBLE}]`, "g");
// What JSON.stringify leaves raw (it escapes C0 itself): DEL, C1 and the invisible ones.
const JSON_UNSAFE = new RegExp(`[\\u007f-\\u009f${INVISIBLE}]`, "g");

function visible(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Controls and invisible characters shown as visible escapes (`\x1b`, `\u200b`); newlines kept unless `singleLine`. */
export function escapeControls(text: string, singleLine = false): string {
  return text.replace(singleLine ? UNSAFE_SINGLE_LINE : UNSAFE, visible);
}

/** JSON text with the characters above written as \u escapes: it parses to the same value. */
export function escapeUnsafeJson(json: string): string {
  // Plain ASCII without DEL, the usual case, has none: one length count instead of a regex scan.
  if (isPlainAscii(json)) return json;
  return json.replace(JSON_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function isPlainAscii(text: string): boolean {
  // A native scan (no node: Buffer in core): true when no code unit is 0x7f or above.
  return !/[\u007f-\uffff]/.test(text);
}
