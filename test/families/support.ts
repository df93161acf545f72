// Shared pieces for the family tests: one way to run decode, the generators every family draws from, and the
// comparison of what decode found with what was generated. Expectations come from docs/client-formats.md.
import fc from "fast-check";
import { expect } from "vitest";
import { runInProcess } from "../helpers.js";

export interface Finding {
  kind: string;
  code: string | null;
  message: string | null;
  request_id: string | null;
  http_status: number | null;
  method: string | null;
  path: string | null;
  entry: { code: string; area: string; http_status: number | null } | null;
  field_errors: { field: string; message: string }[];
  warnings: string[];
  source: { line: number; form: string };
}

export interface Decoded {
  exit: number;
  findings: Finding[];
  stdout: string;
}

/** Runs `decode --json` in-process on the text (or bytes) and returns the exit code and the findings. */
export async function decode(input: string | Buffer): Promise<Decoded> {
  const r = await runInProcess(["decode", "--json"], { stdin: input });
  const findings = r.stdout.trim() === "" ? [] : (JSON.parse(r.stdout).findings as Finding[]);
  return { exit: r.code, findings, stdout: r.stdout };
}

export type Expected = Partial<Pick<Finding, "code" | "http_status" | "request_id" | "method" | "path" | "kind">> & {
  fields?: string[];
};

function project(f: Finding, e: Expected): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(e)) {
    if (key === "fields") out.fields = f.field_errors.map((x) => x.field);
    else if (key === "method") out.method = f.method?.toUpperCase() ?? null;
    else out[key] = f[key as keyof Finding];
  }
  return out;
}

/** Every expected error found exactly once, in input order, with the values its format carries. */
export async function expectFound(input: string | Buffer, expected: Expected[]): Promise<Finding[]> {
  const d = await decode(input);
  const got = d.findings.map((f, i) => project(f, expected[i] ?? {}));
  expect({ exit: d.exit, findings: got }).toEqual({ exit: expected.length ? 0 : 3, findings: expected });
  return d.findings;
}

/** Nothing found: exit 3 and an empty list. */
export async function expectNothing(input: string | Buffer): Promise<void> {
  const d = await decode(input);
  expect({ exit: d.exit, findings: d.findings.map((f) => `${f.kind} ${f.code} ${f.http_status}`) }).toEqual({ exit: 3, findings: [] });
}

export const RUNS = { numRuns: 50 };

/** Real catalog codes with the status the API sends them with. */
export const CODED: readonly (readonly [string, number])[] = [
  ["SANDBOX_NOT_RUNNING", 409],
  ["TEMPLATE_NOT_FOUND", 404],
  ["VALIDATION_FAILED", 422],
  ["INSUFFICIENT_CREDITS", 402],
  ["NOT_FOUND", 404],
  ["rate_limit_exceeded", 429],
  ["AGENT_UNAVAILABLE", 502],
  ["SANDBOX_LIMIT_REACHED", 409],
  ["TEMPLATE_IN_USE", 409],
  ["INVALID_BUILDSPEC", 422],
  ["COMPUTER_NOT_FOUND", 404],
  ["INTERNAL_ERROR", 500],
  ["FORBIDDEN", 403],
  ["SERVICE_UNAVAILABLE", 503],
  ["UNAUTHORIZED", 401],
];
export const STATUSES = [400, 401, 402, 403, 404, 409, 410, 422, 428, 429, 500, 502, 503, 504] as const;

export const codeStatus = fc.constantFrom(...CODED);
export const code = codeStatus.map(([c]) => c);
export const status = fc.constantFrom(...STATUSES);

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** `req_` + 26 Crockford base32 characters. */
export const requestId = fc
  .array(fc.integer({ min: 0, max: 31 }), { minLength: 26, maxLength: 26 })
  .map((xs) => "req_" + xs.map((x) => CROCKFORD[x]).join(""));

const WORDS = [
  "sandbox", "template", "is", "not", "running", "can't", "be", "blank", '"name"', "naïve", "café", "日本語", "—",
  "🚀", "it's", "quota", "100%", "x=1", "path/to/file", "[beta]", "{id}", "C:\\tmp", "über", "«quoted»", "ok?",
];
/** A server message: lower-case words with quotes, unicode, brackets and a backslash. */
export const message = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }).map((w) => w.join(" "));

const NOISE = [
  "2026-12-04T02:10:11.162Z INFO worker started",
  "listening on http://127.0.0.1:8080",
  "",
  "GET /health 200 3ms",
  "retrying in 2s (attempt 2/3)",
  "done.",
  "---",
  "build finished in 12.3s",
  "$ ./deploy.sh --env staging",
];
export const noise = fc.array(fc.constantFrom(...NOISE), { minLength: 0, maxLength: 3 });
export const eol = fc.constantFrom("\n", "\r\n");
export const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE");
export const apiPath = fc.constantFrom(
  "/api/v1/sandboxes/sb_7Hq2mK9x/exec",
  "/api/v1/sandbox-templates",
  "/api/v1/sandbox-templates/tpl_x1/builds",
  "/api/v1/computers/cmp_42/desktop",
  "/api/v1/deployments/dep_9",
  "/api/v1/workspaces",
);

/** Interleaves the blocks (each a list of lines) with noise lines, joined with the line ending. */
export function assemble(blocks: string[][], gaps: string[][], lineEnd: string, lead: string[] = []): string {
  const lines: string[] = [...lead];
  blocks.forEach((b, i) => {
    lines.push(...b);
    lines.push(...(gaps[i] ?? []));
  });
  return lines.join(lineEnd) + lineEnd;
}

/** JSON body of the documented nested envelope. */
export function envelope(c: string, msg: string, rid?: string | null): string {
  const error: Record<string, unknown> = { code: c, message: msg };
  if (rid) error.request_id = rid;
  return JSON.stringify({ error });
}

/** Python repr of a str: single quotes, or double quotes when it holds ' and no ". */
export function pyRepr(s: string): string {
  const body = s.replace(/\\/g, "\\\\");
  if (s.includes("'") && !s.includes('"')) return `"${body}"`;
  return `'${body.replace(/'/g, "\\'")}'`;
}

/** Elixir inspect of a binary: double quotes, \" and \\ escaped. */
export function exInspect(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Node util.inspect of a string: '...', or "..." when it holds ' and no ". */
export function nodeInspect(s: string): string {
  const body = s.replace(/\\/g, "\\\\");
  if (s.includes("'") && !s.includes('"')) return `"${body}"`;
  return `'${body.replace(/'/g, "\\'")}'`;
}

/** One generated error: its lines and what decode must report for it. */
export interface Generated {
  lines: string[];
  exp: Expected;
  /** What makes two generated errors different errors (default: their expectations). */
  key?: string;
}

/**
 * Several errors, each followed by noise lines. Two errors that say the same (same code, or same status when there
 * is no code, and the same message; a request id or code present in one and absent in the other does not count)
 * are not generated together: decode may report a repeated print once (src/core/decode/text-record.ts), which is
 * not under test here. Each generator's `key` says what its error says.
 */
export function errorsWithNoise(arb: fc.Arbitrary<Generated>, minLength = 1, maxLength = 4) {
  return fc.uniqueArray(fc.tuple(arb, noise), { minLength, maxLength, selector: ([e]) => e.key ?? JSON.stringify(e.exp) });
}

/** Assembles generated errors with their noise and checks each is found once, in order. */
export async function expectAllFound(items: [Generated, string[]][], lineEnd: string, lead: string[] = []): Promise<Finding[]> {
  return expectFound(assemble(items.map(([e]) => e.lines), items.map(([, n]) => n), lineEnd, lead), items.map(([e]) => e.exp));
}
