// JSON documents: one per run, entries in a stable shape.
import type { CatalogEntry } from "../../core/catalog.js";
import { redactStrings } from "../../core/sanitize.js";

export interface EntryJson {
  code: string;
  /** null: the source states no status (only ever on sdk entries). */
  http_status: number | null;
  area: string;
  meaning: string;
  action: string;
  retry: string;
  fault: string;
  source: string;
}

export function entryJson(entry: CatalogEntry): EntryJson {
  return {
    code: entry.code,
    http_status: entry.http_status,
    area: entry.area,
    meaning: entry.meaning,
    action: entry.action,
    retry: entry.retry,
    fault: entry.fault,
    source: entry.source,
  };
}

// Characters JSON.stringify leaves raw that can still reorder or hijack what a
// terminal shows (C1 controls, bidi overrides): written as \u escapes, same data.
// eslint-disable-next-line no-control-regex
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** ASCII without DEL, the usual case, holds none of them: one native length count instead of a regex scan. */
export function isPlainAscii(text: string): boolean {
  return Buffer.byteLength(text, "utf8") === text.length && !text.includes("\u007f");
}

/** JSON text with the characters above escaped: it parses to the same value. */
export function escapeUnsafeJson(json: string): string {
  if (isPlainAscii(json)) return json;
  return json.replace(JSON_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A whole document as printed: secrets masked in every string (a key pasted into a catalog too), unsafe characters escaped. */
export function jsonDocument(value: unknown): string {
  return `${escapeUnsafeJson(JSON.stringify(redactStrings(value), null, 2))}\n`;
}

/**
 * JSON.stringify(value, null, 2) for plain data (objects, arrays, strings,
 * numbers, booleans, null), as it reads when nested at `indent`. Written out
 * here so decode can splice in parts it has serialised before: V8's own
 * indenting serialiser is the larger part of a finding's cost on a big log.
 * Anything else (a toJSON method, a bigint) goes to JSON.stringify itself.
 */
export function prettyJson(value: unknown, indent = ""): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (Array.isArray(value)) return prettyArray(value, indent);
      if (typeof (value as { toJSON?: unknown }).toJSON !== "function") return prettyObject(value as Record<string, unknown>, indent);
  }
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return text === undefined ? "null" : text.split("\n").join(`\n${indent}`);
}

function prettyArray(items: readonly unknown[], indent: string): string {
  if (items.length === 0) return "[]";
  const inner = `${indent}  `;
  let text = `[\n${inner}`;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    // Like JSON.stringify: what has no JSON form stands as null in an array.
    text += `${i > 0 ? `,\n${inner}` : ""}${item === undefined || typeof item === "function" || typeof item === "symbol" ? "null" : prettyJson(item, inner)}`;
  }
  return `${text}\n${indent}]`;
}

function prettyObject(object: Record<string, unknown>, indent: string): string {
  const inner = `${indent}  `;
  let text = "";
  for (const key of Object.keys(object)) {
    const item = object[key];
    // Like JSON.stringify: a key whose value has no JSON form is left out.
    if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
    text += `${text === "" ? "" : ","}\n${inner}${JSON.stringify(key)}: ${prettyJson(item, inner)}`;
  }
  return text === "" ? "{}" : `{${text}\n${indent}}`;
}
