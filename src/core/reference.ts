// Parses a MIOSA-docs-style error reference: Markdown tables of
// `| Code | HTTP | Meaning | What to do |`, with or without headings between
// them. It tolerates what the published copy has: separator rows that are
// just `|---|`, and data rows without a leading pipe.

export interface ReferenceRow {
  code: string;
  http_status: number;
  meaning: string;
  action: string;
  /** From the nearest heading above the table, else from the areas list by table order; null if neither. */
  area: string | null;
  /** 0-based index of the table the row sits in. */
  table: number;
  /** 1-based line number in the source text. */
  line: number;
}

export interface ReferenceProblem {
  line: number;
  message: string;
}

export interface ReferenceTable {
  /** 1-based line of the table's header row. */
  line: number;
  /** The headings the table sits under, outermost first (`## Sandboxes`, `### Files`), as written. */
  headings: string[];
}

export interface ParsedReference {
  rows: ReferenceRow[];
  tables: number;
  problems: ReferenceProblem[];
  /** One per table, in order. */
  tableInfo: ReferenceTable[];
}

const HEADER = /^\|?\s*code\s*\|\s*http\s*\|\s*meaning\s*\|\s*what to do\s*\|?\s*$/i;
const SEPARATOR = /^\|?[\s:|-]*-[\s:|-]*\|?\s*$/;
const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
// "NOT_FOUND (snapshot)": the code is NOT_FOUND; the parenthesis only says which area.
const QUALIFIED_CODE = /^([A-Za-z_][A-Za-z0-9_]*)\s+\([^)]*\)$/;

// A cell may hold a pipe written as `\|`, as Markdown tables escape it.
function splitCells(line: string): string[] {
  let body = line.trim();
  if (body.startsWith("|")) body = body.slice(1);
  if (body.endsWith("|") && !body.endsWith("\\|")) body = body.slice(0, -1);
  return body.split(/(?<!\\)\|/).map((cell) => cell.replace(/\\\|/g, "|").trim());
}

export function normalizeAreaName(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

export function parseReference(text: string, areas: readonly string[] = []): ParsedReference {
  const rows: ReferenceRow[] = [];
  const problems: ReferenceProblem[] = [];
  const lines = text.split(/\r?\n/);
  let tables = -1;
  let inTable = false;
  let heading: string | null = null;
  let tableArea: string | null = null;
  // The open sections: a heading closes every heading at its level or deeper.
  const sections: { level: number; text: string }[] = [];
  const tableInfo: ReferenceTable[] = [];

  lines.forEach((raw, index) => {
    const line = raw.trim();
    const lineNo = index + 1;
    const headingMatch = HEADING.exec(line);
    if (headingMatch) {
      const level = (headingMatch[1] ?? "#").length;
      const text = headingMatch[2] ?? "";
      heading = normalizeAreaName(text);
      while (sections.length > 0 && (sections[sections.length - 1]?.level ?? 0) >= level) sections.pop();
      sections.push({ level, text });
      inTable = false;
      return;
    }
    if (HEADER.test(line)) {
      tables += 1;
      tableInfo.push({ line: lineNo, headings: sections.map((section) => section.text) });
      inTable = true;
      tableArea = heading ?? areas[tables] ?? null;
      heading = null;
      return;
    }
    if (!inTable) return;
    if (line === "") {
      inTable = false;
      return;
    }
    if (SEPARATOR.test(line)) return;
    if (!line.includes("|")) {
      inTable = false;
      return;
    }
    const cells = splitCells(line);
    if (cells.length !== 4) {
      problems.push({ line: lineNo, message: `expected 4 cells (code, HTTP, meaning, what to do), found ${cells.length}` });
      return;
    }
    const [rawCode, rawStatus, meaning, action] = cells as [string, string, string, string];
    const status = Number(rawStatus);
    if (!/^\d{3}$/.test(rawStatus) || status < 100 || status > 599) {
      problems.push({ line: lineNo, message: `HTTP status "${rawStatus}" is not a number from 100 to 599` });
      return;
    }
    const qualified = QUALIFIED_CODE.exec(rawCode);
    rows.push({
      code: qualified ? (qualified[1] ?? rawCode) : rawCode,
      http_status: status,
      meaning,
      action,
      area: tableArea,
      table: tables,
      line: lineNo,
    });
  });
  return { rows, tables: tables + 1, problems, tableInfo };
}

export { REFERENCE_AREAS } from "./catalog.js";
