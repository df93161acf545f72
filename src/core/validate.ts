// Checks a catalog document against catalog/schema.json and for duplicates,
// collecting every problem with where it is (entry index, code, field) before
// reporting, so one run shows an editor everything to fix.
import type { ErrorObject } from "ajv";
// Compiled from catalog/schema.json when the code is built or tested (scripts/schema-validator.mjs).
import validateSchema from "./catalog-schema.compiled.js";
import { entryIdentity, type CatalogEntry, type EntrySource } from "./catalog.js";

export interface CatalogProblem {
  /** 0-based index of the entry, null for the document as a whole. */
  entry: number | null;
  code: string | null;
  field: string | null;
  message: string;
}

export type CatalogCheck = { ok: true; entries: CatalogEntry[] } | { ok: false; problems: CatalogProblem[] };

function describeAjvError(error: ErrorObject): { field: string | null; message: string } {
  const field = error.instancePath.split("/").slice(3).join(".") || null;
  if (field === "http_status") {
    // The schema's else branch is what says null is only for sdk entries.
    const nullOnlyForSdk = error.schemaPath.includes("/else/");
    return {
      field,
      message: nullOnlyForSdk
        ? "must be an HTTP status from 100 to 599 (null, for no status given, is only for sdk entries)"
        : "must be an HTTP status from 100 to 599, or null (no status given) on an sdk entry",
    };
  }
  switch (error.keyword) {
    case "required":
      return { field: String(error.params.missingProperty), message: "is missing" };
    case "additionalProperties":
      return { field: String(error.params.additionalProperty), message: "is not a catalog field" };
    case "enum":
      return { field, message: `must be one of: ${(error.params.allowedValues as unknown[]).join(", ")}` };
    default:
      return { field, message: error.message ?? "is invalid" };
  }
}

/** Several schema rules can fail on one field; an editor needs to hear about it once. */
function onePerField(problems: CatalogProblem[]): CatalogProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = problem.entry === null ? `doc\u0000${problem.field}\u0000${problem.message}` : `${problem.entry}\u0000${problem.field}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function codeOf(value: unknown): string | null {
  if (value && typeof value === "object" && typeof (value as { code?: unknown }).code === "string") {
    return (value as { code: string }).code;
  }
  return null;
}

/**
 * Validates a parsed catalog document: `{"entries": [...]}` or a bare array of
 * entries. Entries without a `source` get `defaultSource`.
 */
export function checkCatalogDocument(document: unknown, defaultSource: EntrySource): CatalogCheck {
  const wrapped = Array.isArray(document) ? { entries: document } : document;
  if (!validateSchema(wrapped)) {
    const entries = wrapped !== null && typeof wrapped === "object" ? (wrapped as { entries?: unknown }).entries : undefined;
    // An "if" error only repeats the branch error that comes with it.
    const errors = (validateSchema.errors ?? []).filter((error) => error.keyword !== "if");
    const problems = errors.map((error): CatalogProblem => {
      const match = /^\/entries\/(\d+)/.exec(error.instancePath);
      const index = match ? Number(match[1]) : null;
      const described = describeAjvError(error);
      if (index === null) {
        return { entry: null, code: null, field: error.instancePath.slice(1) || described.field, message: described.message };
      }
      return { entry: index, code: codeOf(Array.isArray(entries) ? entries[index] : undefined), ...described };
    });
    return { ok: false, problems: onePerField(problems) };
  }
  const entries = (wrapped as { entries: CatalogEntry[] }).entries.map((entry) => ({
    ...entry,
    source: entry.source ?? defaultSource,
  }));
  const problems: CatalogProblem[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const identity = entryIdentity(entry);
    const first = seen.get(identity);
    if (first !== undefined) {
      problems.push({
        entry: index,
        code: entry.code,
        field: "meaning",
        message: `duplicates entry ${first} (same area, code and meaning)`,
      });
    } else {
      seen.set(identity, index);
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}

export function formatCatalogProblem(file: string, problem: CatalogProblem): string {
  const where: string[] = [];
  if (problem.entry !== null) where.push(`entry ${problem.entry}${problem.code ? ` (${problem.code})` : ""}`);
  if (problem.field) where.push(`field ${problem.field}`);
  return `${file}: ${where.length > 0 ? `${where.join(", ")}: ` : ""}${problem.message}`;
}
