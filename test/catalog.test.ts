// The built-in catalog against its schema and against the reference, in both
// directions: every reference row is an entry, word for word.
import { describe, expect, it } from "vitest";
import { BUILTIN_ENTRIES } from "../src/core/builtin.js";
import { AREAS, FAULTS, RETRY_POLICIES } from "../src/core/catalog.js";
import { parseReference, REFERENCE_AREAS } from "../src/core/reference.js";
import { diffReference } from "../src/core/reference-diff.js";
import { importReference } from "../src/core/reference-import.js";
import { checkCatalogDocument } from "../src/core/validate.js";
import { referenceText } from "./helpers.js";
import catalogDocument from "../catalog/catalog.json" with { type: "json" };

const reference = parseReference(referenceText(), REFERENCE_AREAS);
const referenceEntries = BUILTIN_ENTRIES.filter((entry) => entry.source === "reference");
const page = importReference(referenceText(), { areas: [...REFERENCE_AREAS] });

/** Codes of the reference rows with no entry word for word: catalog-diff's own comparison. */
function rowsMissingFrom(entries: typeof referenceEntries): string[] {
  const diff = diffReference(entries, page.entries);
  return [...diff.added, ...diff.changed.map((change) => change.page)].map((row) => row.code);
}

describe("the reference", () => {
  it("parses into 56 rows in 10 tables with no problems", () => {
    expect(reference.problems).toEqual([]);
    expect(reference.tables).toBe(10);
    expect(reference.rows).toHaveLength(56);
  });
});

describe("the built-in catalog", () => {
  it("validates against catalog/schema.json with no duplicates", () => {
    const check = checkCatalogDocument(catalogDocument, "reference");
    expect(check.ok ? [] : check.problems).toEqual([]);
  });

  it("has every reference row as an entry, word for word, and no reference entry the reference lacks", () => {
    expect(page.problems).toEqual([]);
    const diff = diffReference(referenceEntries, page.entries);
    expect([diff.added, diff.removed, diff.changed]).toEqual([[], [], []]);
    expect(referenceEntries).toHaveLength(56);
  });

  it.each([
    ["SANDBOX_NOT_RUNNING", 3],
    ["FORBIDDEN", 3],
    ["INSUFFICIENT_CREDITS", 3],
    ["invalid_token", 2],
    ["VALIDATION_FAILED", 3],
    ["MISSING_PARAM", 2],
    ["AGENT_UNAVAILABLE", 2],
    ["NOT_FOUND", 2],
    ["missing sse ticket", 1],
    ["snapshot is not in ready state", 1],
  ])("keeps rows that share code %s as %i separate entries", (code, count) => {
    expect(referenceEntries.filter((entry) => entry.code === code)).toHaveLength(count);
  });

  it("files NOT_FOUND (snapshot) as NOT_FOUND in snapshots and keeps lowercase codes lowercase", () => {
    expect(referenceEntries.find((e) => e.code === "NOT_FOUND" && e.area === "snapshots")?.meaning).toBe(
      "Snapshot does not exist or belongs to a different computer",
    );
    expect(referenceEntries.some((e) => e.code === "already_deleted")).toBe(true);
    expect(referenceEntries.some((e) => e.code === "ALREADY_DELETED")).toBe(false);
  });

  it("uses only known areas, retry policies and faults", () => {
    for (const entry of BUILTIN_ENTRIES) {
      expect(AREAS).toContain(entry.area);
      expect(RETRY_POLICIES).toContain(entry.retry);
      expect(FAULTS).toContain(entry.fault);
    }
  });
});

describe("the catalog checker catches", () => {
  const good = { code: "X_CODE", area: "common", http_status: 400, meaning: "m", action: "a", retry: "never", fault: "request" };
  it.each([
    ["a missing field", [{ ...good, action: undefined }], { entry: 0, field: "action", message: "is missing" }],
    ["an unknown area", [{ ...good, area: "moon" }], { entry: 0, field: "area" }],
    ["a status above 599", [{ ...good, http_status: 600 }], { entry: 0, field: "http_status" }],
    ["a status below 100", [{ ...good, http_status: 99 }], { entry: 0, field: "http_status" }],
    ["a duplicate (area, code, meaning)", [good, { ...good, code: "x_code", action: "other" }], { entry: 1, field: "meaning" }],
    ["an unknown retry policy", [{ ...good, retry: "sometimes" }], { entry: 0, field: "retry" }],
    ["an unknown field", [{ ...good, colour: "red" }], { entry: 0, field: "colour" }],
  ])("%s", (_name, entries, expected) => {
    const check = checkCatalogDocument(JSON.parse(JSON.stringify({ entries })), "user");
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems[0]).toMatchObject(expected);
  });

  it.each([[null], [42], ["text"], [{}], [{ entries: null }]])("a document that is not a catalog at all: %j", (document) => {
    const check = checkCatalogDocument(document, "user");
    expect(check.ok).toBe(false);
  });

  it("a reference row the catalog lacks", () => {
    const withoutOne = referenceEntries.filter((entry) => entry.code !== "EMPTY_ARTIFACT");
    expect(rowsMissingFrom(withoutOne)).toEqual(["EMPTY_ARTIFACT"]);
  });

  it("a reference row whose words were changed", () => {
    const edited = referenceEntries.map((entry) => (entry.code === "INVALID_PORT" ? { ...entry, meaning: entry.meaning.replace("–", "-") } : entry));
    expect(rowsMissingFrom(edited)).toEqual(["INVALID_PORT"]);
  });
});
