// A MIOSA error out of JSON that does not parse: a body cut by a size limit
// or a paste, or one with raw control characters in its strings. What can be
// read is read, field by field, rather than losing the error.
import { emptyFacts, readEnvelope, type EnvelopeFacts, type ReadOptions } from "./envelope.js";
import { parseJson } from "./values.js";

const SALVAGE_WINDOW = 64 * 1024;
// A string field's text, also when the cut fell inside it (no closing quote: group 2 is then unset).
const SALVAGE_FIELD = (name: string) => new RegExp(`"${name}"\\s*:\\s*"((?:[^"\\\\\\n]|\\\\.){0,2000})(?:(")|$)`);
const SALVAGE_CODE = SALVAGE_FIELD("code");
const SALVAGE_MESSAGE = SALVAGE_FIELD("message");
const SALVAGE_REQUEST_ID = SALVAGE_FIELD("request_id");
/** Bodies up to this size get a second parse with their raw control characters escaped. */
const REPAIR_LIMIT = 4 * 1024 * 1024;

function unescapeJsonString(text: string): string {
  const value = (() => {
    try {
      return JSON.parse(`"${text}"`) as unknown;
    } catch {
      return text;
    }
  })();
  return typeof value === "string" ? value : text;
}

/**
 * JSON text with the control characters that stand raw inside its strings
 * (an ESC, a NUL, a line break: JSON forbids them there) written as \u
 * escapes. Null when there were none, so nothing would change.
 */
export function escapeRawControlsInStrings(text: string): string | null {
  let out = "";
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString && code === 0x5c) i++;
    else if (code === 0x22) inString = !inString;
    else if (inString && code < 0x20) {
      out += `${text.slice(from, i)}\\u${code.toString(16).padStart(4, "0")}`;
      from = i + 1;
    }
  }
  return from === 0 ? null : out + text.slice(from);
}

/**
 * An envelope that did not parse: one whole but for raw control characters
 * in its strings is read as if they were escaped; one cut off before its end
 * (`{"error":{"code":"X","mess`) gives the fields that made it whole, read
 * straight from the text. A field the cut fell inside is not passed off as
 * whole: a cut code or request id is unknown, not a shorter one. Null when
 * not even a code field is there.
 */
export function salvageEnvelope(fragment: string, options: ReadOptions = { statusHint: null }): EnvelopeFacts | null {
  if (fragment.length <= REPAIR_LIMIT) {
    const repaired = escapeRawControlsInStrings(fragment.trim());
    const value = repaired === null ? undefined : parseJson(repaired);
    if (value !== undefined) {
      const facts = readEnvelope(value, options);
      facts?.warnings.push("the JSON holds raw control characters in its strings, which JSON does not allow; it was read as if they were escaped");
      return facts;
    }
  }
  const text = fragment.slice(0, SALVAGE_WINDOW);
  const code = SALVAGE_CODE.exec(text);
  if (!code) return null;
  const facts = emptyFacts(null);
  const cutInside: string[] = [];
  const read = (match: RegExpExecArray | null, field: string): string | null => {
    if (!match) return null;
    const value = unescapeJsonString(match[1] ?? "").trim() || null;
    if (match[2] === undefined && value !== null) cutInside.push(`${field} ("${value.slice(0, 40)}…")`);
    return value;
  };
  const codeText = read(code, "code");
  facts.message = read(SALVAGE_MESSAGE.exec(text), "message");
  const idMatch = SALVAGE_REQUEST_ID.exec(text);
  const idText = read(idMatch, "request_id");
  if (codeText === null) return null;
  // Only a whole code or id is one: "SANDBOX_LIM" is no code, and may be the start of another.
  const codeCut = code[2] === undefined;
  const idCut = idMatch !== null && idMatch[2] === undefined && idText !== null;
  facts.code = codeCut ? null : codeText;
  facts.request_id = idCut ? null : idText;
  const unknown = [codeCut ? "code" : null, idCut ? "request id" : null].filter((item) => item !== null);
  facts.warnings.push(
    cutInside.length === 0
      ? "the JSON was cut off; code, message and request_id were read from the part that is there"
      : `the JSON was cut off inside the ${cutInside.join(" and the ")}` +
          (unknown.length > 0 ? `; a cut ${unknown.join(" or ")} is not known, so it is not shown as one` : "; the rest was read from the part that is there"),
  );
  return facts;
}
