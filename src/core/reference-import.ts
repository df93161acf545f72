// Turns a MIOSA-docs-style error page into catalog entries: each table gets
// an area (from `--areas` in table order, else from the headings above it),
// each row keeps the page's own words, and retry and fault are carried over
// from a known entry or inferred from the row's status and wording.
import { entryIdentity, parseArea, type Area, type CatalogEntry } from "./catalog.js";
import { inferFault, inferRetry } from "./infer.js";
import { parseReference, type ReferenceProblem } from "./reference.js";

export interface ImportOptions {
  /** One area per table, in table order; when given it decides every table's area. */
  areas?: readonly Area[] | undefined;
  /** Entries whose retry and fault are kept for rows with the same area, code, meaning and status. */
  known?: readonly CatalogEntry[] | undefined;
}

export interface ImportResult {
  entries: CatalogEntry[];
  tables: number;
  /** Rows whose retry and fault were inferred rather than carried over. */
  inferred: CatalogEntry[];
  problems: ReferenceProblem[];
}

// Words a docs heading may use for an area, beyond the area names themselves.
const AREA_WORDS: Readonly<Record<string, Area>> = {
  authentication: "auth",
  authorization: "auth",
  apikeyauth: "auth",
  general: "common",
  shared: "common",
  template: "templates",
  build: "templates",
  builds: "templates",
  custom: "domains",
  workspace: "workspaces",
  credits: "billing",
  limits: "billing",
  connector: "connectors",
  device: "login",
  sdk: "client",
};

/** The area a heading names (`## Sandbox errors`, `### Rate limits and credits`), or null. */
export function areaFromHeading(heading: string): Area | null {
  const words = heading
    .toLowerCase()
    .replace(/[`*_]/g, "")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  for (const word of words) {
    const area = parseArea(word) ?? AREA_WORDS[word] ?? null;
    if (area) return area;
  }
  return null;
}

/** Markdown code formatting around a code cell is presentation, not part of the code. */
function plainCode(code: string): string {
  const unticked = /^`([^`]+)`$/.exec(code.trim());
  return unticked ? (unticked[1] ?? code).trim() : code.trim();
}

export function importReference(text: string, options: ImportOptions = {}): ImportResult {
  const parsed = parseReference(text);
  const problems: ReferenceProblem[] = [...parsed.problems];
  const tableAreas: (Area | null)[] = parsed.tableInfo.map((table, index) => {
    if (options.areas) return options.areas[index] ?? null;
    for (const heading of [...table.headings].reverse()) {
      const area = areaFromHeading(heading);
      if (area) return area;
    }
    return null;
  });

  if (parsed.tables === 0) {
    problems.push({ line: 1, message: "no error tables found (a header row | Code | HTTP | Meaning | What to do |)" });
  } else if (options.areas && options.areas.length !== parsed.tables) {
    problems.push({
      line: parsed.tableInfo[0]?.line ?? 1,
      message: `--areas names ${options.areas.length} area${options.areas.length === 1 ? "" : "s"} but the page has ${parsed.tables} table${parsed.tables === 1 ? "" : "s"}; give one per table, in order`,
    });
  } else if (tableAreas.every((area) => area === null)) {
    problems.push({
      line: parsed.tableInfo[0]?.line ?? 1,
      message: `no heading names the area of any of the ${parsed.tables} tables; pass --areas with one area per table, in order (--areas reference for the published reference's ten)`,
    });
  } else {
    tableAreas.forEach((area, index) => {
      if (area !== null) return;
      const table = parsed.tableInfo[index];
      const heading = table?.headings[table.headings.length - 1];
      problems.push({
        line: table?.line ?? 1,
        message: heading
          ? `table ${index + 1}: no heading above it names an area (nearest: "${heading.slice(0, 60)}"); pass --areas with one area per table`
          : `table ${index + 1} has no heading to take its area from; pass --areas with one area per table (${parsed.tables} in all)`,
      });
    });
  }

  // A judgement is carried over only for the same row at the same status: a new status may change it.
  const judged = (entry: Pick<CatalogEntry, "area" | "code" | "meaning" | "http_status">) => `${entryIdentity(entry)}\u0000${entry.http_status}`;
  const known = new Map((options.known ?? []).map((entry) => [judged(entry), entry]));
  const entries: CatalogEntry[] = [];
  const inferred: CatalogEntry[] = [];
  if (problems.length === 0) {
    for (const row of parsed.rows) {
      const area = tableAreas[row.table] as Area;
      const fields = { code: plainCode(row.code), area, http_status: row.http_status, meaning: row.meaning, action: row.action };
      const carried = known.get(judged(fields));
      const entry: CatalogEntry = {
        ...fields,
        retry: carried?.retry ?? inferRetry(fields),
        fault: carried?.fault ?? inferFault(fields),
        source: "reference",
      };
      entries.push(entry);
      if (!carried) inferred.push(entry);
    }
  }
  return { entries, tables: parsed.tables, inferred, problems: problems.sort((a, b) => a.line - b.line) };
}
