// Small, total helpers for reading values of unknown shape out of parsed
// JSON: nothing here throws, and nothing recurses deeper than a constant.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Longest text kept from any one field of the input. */
export const MAX_FIELD_CHARS = 2000;

export function clip(text: string, max = MAX_FIELD_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const PREVIEW_DEPTH = 6;

/**
 * Compact JSON of a value, shortened to `max` characters. Unlike
 * JSON.stringify it cannot overflow the stack: below a fixed depth a value
 * is shown as `…`.
 */
export function previewJson(value: unknown, max = 300): string {
  let out = "";
  const write = (text: string) => {
    if (out.length <= max) out += text;
  };
  const visit = (item: unknown, depth: number): void => {
    if (out.length > max) return;
    if (item === null || typeof item === "number" || typeof item === "boolean") write(String(item));
    else if (typeof item === "string") write(JSON.stringify(clip(item, max)));
    else if (Array.isArray(item)) {
      if (depth >= PREVIEW_DEPTH) return write("[…]");
      write("[");
      for (let i = 0; i < item.length && out.length <= max; i++) {
        if (i > 0) write(",");
        visit(item[i], depth + 1);
      }
      write("]");
    } else if (isObject(item)) {
      if (depth >= PREVIEW_DEPTH) return write("{…}");
      write("{");
      let first = true;
      for (const key of Object.keys(item)) {
        if (out.length > max) break;
        if (!first) write(",");
        first = false;
        write(`${JSON.stringify(clip(key, 100))}:`);
        visit(item[key], depth + 1);
      }
      write("}");
    } else write("null");
  };
  visit(value, 0);
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/**
 * A field read as text. Strings are trimmed; numbers and booleans are turned
 * into text and objects into compact JSON, each with a warning, because the
 * documented envelope has strings there. Null, absent and blank give null.
 */
export function textField(value: unknown, name: string, warnings: string[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") {
    const text = value.trim();
    return text === "" ? null : clip(text);
  }
  if (typeof value === "number" || typeof value === "boolean") {
    warnings.push(`${name} was a ${typeof value} (${String(value)}), not text`);
    return String(value);
  }
  warnings.push(`${name} was ${Array.isArray(value) ? "a list" : "an object"}, not text`);
  return previewJson(value, 200);
}

/** A finite, non-negative number from a number or a numeric string. */
export function numberField(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value === "string" && /^\s*\d{1,12}(?:\.\d{1,6})?\s*$/.test(value)) return Number(value);
  return null;
}

/** An HTTP status from a number or a string such as "409". */
export function statusField(value: unknown): number | null {
  const number = typeof value === "string" && /^\s*\d{3}\s*$/.test(value) ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) && number >= 100 && number <= 599 ? number : null;
}

export function booleanField(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return null;
}

/** JSON.parse that answers undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
