// catalog import and diff at the core: the reference page back to the 56
// built-in rows, areas from headings or a list, retry and fault inferred,
// and what a changed page adds, removes and changes.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUILTIN_ENTRIES } from "../../src/core/builtin.js";
import { parseAreaList, type CatalogEntry } from "../../src/core/catalog.js";
import { inferFault, inferRetry } from "../../src/core/infer.js";
import { diffIsEmpty, diffReference } from "../../src/core/reference-diff.js";
import { areaFromHeading, importReference } from "../../src/core/reference-import.js";
import { REFERENCE_AREAS } from "../../src/core/reference.js";

const SEED = new URL("../../../shared/seed/000_1a3df0e4d431075d.txt", import.meta.url);
const COPY = new URL("../../catalog/reference.md", import.meta.url);
/** The published reference: the seed when the repository sits next to it, else the checked-in verbatim copy. */
const referenceText = readFileSync(existsSync(SEED) ? SEED : COPY, "utf8");
const referenceEntries = BUILTIN_ENTRIES.filter((entry) => entry.source === "reference");

const HEADED_PAGE = `# MIOSA API errors

Every error uses one envelope.

## Authentication

| Code | HTTP | Meaning | What to do |
|------|------|---------|------------|
| \`invalid_token\` | 401 | Authorization header missing, malformed, or the key/JWT is invalid | Verify the header is Authorization: Bearer msk_... |

## Sandbox errors

### File operations

| Code | HTTP | Meaning | What to do |
|---|---|---|---|
| MISSING_PATH | 400 | path field is required but absent | Include path in the request body |
| SANDBOX_WARMING | 409 | Sandbox is warming up | Retry after a few seconds |

## Rate limits and credits
| Code | HTTP | Meaning | What to do |
|---|
INSUFFICIENT_CREDITS | 402 | Credit balance depleted | Purchase credits from the billing dashboard |
`;

describe("importReference on the published reference", () => {
  it("gets back exactly the 56 built-in reference rows, in order, with --areas reference", () => {
    const list = parseAreaList("reference");
    expect(list).toEqual({ areas: [...REFERENCE_AREAS] });
    const result = importReference(referenceText, { areas: "areas" in list ? list.areas : [] });
    expect(result.problems).toEqual([]);
    expect(result.tables).toBe(10);
    expect(result.entries).toEqual(referenceEntries);
    expect(result.entries).toHaveLength(56);
  });

  it("infers the same retry and fault as the built-in catalog without carrying any over", () => {
    const result = importReference(referenceText, { areas: [...REFERENCE_AREAS] });
    expect(result.inferred).toHaveLength(56);
    const carried = importReference(referenceText, { areas: [...REFERENCE_AREAS], known: BUILTIN_ENTRIES });
    expect(carried.inferred).toEqual([]);
    expect(carried.entries).toEqual(result.entries);
  });

  it("refuses the heading-less page without --areas, saying what to pass", () => {
    const result = importReference(referenceText);
    expect(result.entries).toEqual([]);
    expect(result.problems).toEqual([
      {
        line: 11,
        message:
          "no heading names the area of any of the 10 tables; pass --areas with one area per table, in order (--areas reference for the published reference's ten)",
      },
    ]);
  });

  it("refuses an --areas list of the wrong length", () => {
    const result = importReference(referenceText, { areas: ["auth", "common"] });
    expect(result.problems).toEqual([{ line: 11, message: "--areas names 2 areas but the page has 10 tables; give one per table, in order" }]);
  });
});

describe("importReference on a page with headings", () => {
  it("takes each table's area from the nearest heading that names one", () => {
    const result = importReference(HEADED_PAGE);
    expect(result.problems).toEqual([]);
    expect(result.entries.map((entry) => [entry.area, entry.code, entry.http_status])).toEqual([
      ["auth", "invalid_token", 401],
      ["sandboxes", "MISSING_PATH", 400],
      ["sandboxes", "SANDBOX_WARMING", 409],
      ["billing", "INSUFFICIENT_CREDITS", 402],
    ]);
  });

  it("carries over judged retry and fault, and infers them for new rows", () => {
    const result = importReference(HEADED_PAGE, { known: BUILTIN_ENTRIES });
    expect(result.inferred.map((entry) => entry.code)).toEqual(["SANDBOX_WARMING"]);
    expect(result.entries[2]).toEqual({
      code: "SANDBOX_WARMING",
      area: "sandboxes",
      http_status: 409,
      meaning: "Sandbox is warming up",
      action: "Retry after a few seconds",
      retry: "backoff",
      fault: "resource_state",
      source: "reference",
    });
  });

  it("lets --areas decide over the headings", () => {
    const result = importReference(HEADED_PAGE, { areas: ["common", "computers", "domains"] });
    expect(result.entries.map((entry) => entry.area)).toEqual(["common", "computers", "computers", "domains"]);
  });

  it("names the table whose headings name no area", () => {
    const page = HEADED_PAGE.replace("## Authentication", "## Odds and ends");
    expect(importReference(page).problems).toEqual([
      { line: 7, message: 'table 1: no heading above it names an area (nearest: "Odds and ends"); pass --areas with one area per table' },
    ]);
  });

  it("reports every malformed row with its line", () => {
    const page = `## Sandboxes\n| Code | HTTP | Meaning | What to do |\n|---|\nA | 40 | m | a |\nB | 409 | only three |\nC | 409 | m | a |\n`;
    expect(importReference(page).problems).toEqual([
      { line: 4, message: 'HTTP status "40" is not a number from 100 to 599' },
      { line: 5, message: "expected 4 cells (code, HTTP, meaning, what to do), found 3" },
    ]);
  });

  it("finds nothing in a page without error tables", () => {
    expect(importReference("# Nothing here\n\nJust prose.\n").problems).toEqual([
      { line: 1, message: "no error tables found (a header row | Code | HTTP | Meaning | What to do |)" },
    ]);
  });
});

describe("areas from headings and lists", () => {
  it.each([
    ["Authentication", "auth"],
    ["Common errors", "common"],
    ["Sandbox errors", "sandboxes"],
    ["Templates and builds", "templates"],
    ["`Computers`", "computers"],
    ["Snapshot", "snapshots"],
    ["Custom domains", "domains"],
    ["Rate limits and credits", "billing"],
    ["Connectors", "connectors"],
    ["Device login", "login"],
    ["Errors", null],
  ])("%s -> %s", (heading, area) => {
    expect(areaFromHeading(heading)).toBe(area);
  });

  it("parses a list, expanding reference and rejecting unknown names", () => {
    expect(parseAreaList("Sandbox, snapshots ,billing")).toEqual({ areas: ["sandboxes", "snapshots", "billing"] });
    expect(parseAreaList("reference,connectors")).toEqual({ areas: [...REFERENCE_AREAS, "connectors"] });
    expect(parseAreaList("auth,nope")).toEqual({
      error:
        '--areas: unknown area "nope"; areas: auth, common, sandboxes, templates, computers, deployments, snapshots, domains, workspaces, billing, connectors, login, client',
    });
    expect(parseAreaList(" , ")).toEqual({ error: "--areas needs area names separated by commas" });
  });
});

describe("inferRetry and inferFault", () => {
  it("agree with the built-in judgement on every reference row", () => {
    const disagreements = referenceEntries
      .filter((entry) => inferRetry(entry) !== entry.retry || inferFault(entry) !== entry.fault)
      .map((entry) => `${entry.area} ${entry.code}`);
    expect(disagreements).toEqual([]);
  });

  it.each([
    [429, "Slow down", "Wait", "after_retry_after", "request"],
    [503, "Encryption is not configured", "Contact support", "never", "platform"],
    [502, "The sandbox agent is down", "Retry later", "backoff", "resource_state"],
    [409, "Name already exists", "Pick another", "never", "request"],
    [409, "Environment is busy", "Wait until it is idle", "after_state_change", "resource_state"],
    [422, "Tenant over quota", "Upgrade", "never", "account"],
    [null, "Client gave up", "Retry it", "backoff", "request"],
  ] as const)("%s %s", (status, meaning, action, retry, fault) => {
    const row = { code: "X", http_status: status, meaning, action };
    expect([inferRetry(row), inferFault(row)]).toEqual([retry, fault]);
  });
});

describe("diffReference", () => {
  const page = () => referenceEntries.map((entry) => ({ ...entry }));
  const find = (entries: CatalogEntry[], area: string, code: string, meaning?: string) =>
    entries.findIndex((entry) => entry.area === area && entry.code === code && (meaning === undefined || entry.meaning === meaning));

  it("finds nothing when the page is the reference", () => {
    const diff = diffReference(referenceEntries, page());
    expect(diffIsEmpty(diff)).toBe(true);
    expect(diff.unchanged).toBe(56);
  });

  it("treats re-wrapped whitespace as no change", () => {
    const rows = page();
    rows[0] = { ...rows[0]!, meaning: rows[0]!.meaning.replace(/ /g, "  ") };
    expect(diffIsEmpty(diffReference(referenceEntries, rows))).toBe(true);
  });

  it("reports added, removed and changed rows with the changed fields", () => {
    const rows = page();
    rows.splice(find(rows, "deployments", "EMPTY_ARTIFACT"), 1);
    rows[find(rows, "sandboxes", "INVALID_PORT")]!.http_status = 400;
    rows[find(rows, "sandboxes", "MISSING_MODE")]!.action = "Include an octal mode string";
    rows.push({ ...rows[0]!, area: "sandboxes", code: "SANDBOX_WARMING", http_status: 409, meaning: "Warming", action: "Wait" });
    const diff = diffReference(referenceEntries, rows);
    expect(diff.added.map((entry) => entry.code)).toEqual(["SANDBOX_WARMING"]);
    expect(diff.removed.map((entry) => `${entry.area} ${entry.code}`)).toEqual(["deployments EMPTY_ARTIFACT"]);
    expect(diff.changed.map((change) => [change.catalog.code, change.fields])).toEqual([
      ["MISSING_MODE", ["action"]],
      ["INVALID_PORT", ["http_status"]],
    ]);
    expect(diff.unchanged).toBe(53);
  });

  it("pairs a code's several rows in one area by what they still share", () => {
    const rows = page();
    // auth has invalid_token twice; change the second one's action only.
    const second = find(rows, "auth", "invalid_token", "Refresh token used on a non-auth endpoint");
    rows[second]!.action = "Use an API key";
    // Swap the two rows: order alone must not pair them.
    const first = find(rows, "auth", "invalid_token", "Authorization header missing, malformed, or the key/JWT is invalid");
    [rows[first], rows[second]] = [rows[second]!, rows[first]!];
    const diff = diffReference(referenceEntries, rows);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0]).toMatchObject({ fields: ["action"], catalog: { meaning: "Refresh token used on a non-auth endpoint" } });
  });

  it("reports a code whose spelling changed as a changed code", () => {
    const rows = page();
    rows[find(rows, "snapshots", "already_deleted")]!.code = "ALREADY_DELETED";
    expect(diffReference(referenceEntries, rows).changed.map((change) => change.fields)).toEqual([["code"]]);
  });
});

describe("cells", () => {
  it("keep a pipe escaped as \\| inside a cell", () => {
    const page =
      "## Sandboxes\n| Code | HTTP | Meaning | What to do |\n|---|---|---|---|\n| PIPE_ERROR | 400 | Command `a \\| b` is not allowed | Run one command |\n";
    const result = importReference(page);
    expect(result.problems).toEqual([]);
    expect(result.entries[0]).toMatchObject({ code: "PIPE_ERROR", meaning: "Command `a | b` is not allowed", action: "Run one command" });
  });
});

it("an unknown --areas name is masked before it is cut short, so a cut credential still does not show", () => {
  const result = parseAreaList(`session=abcdefgh12345678  https://deploy:pa55SECRETword@example.com/repo`);
  expect("error" in result && result.error).not.toMatch(/pa55SECRET/);
});
