// Runs the built CLI as a user would: `node bin/miosa-err.js ...`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { BIN, ROOT } from "../helpers.js";

export { ROOT };
export const FIXTURES = fileURLToPath(new URL("../fixtures/decode/", import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input: options.input ?? "",
    env: { PATH: process.env.PATH ?? "", ...options.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface FindingJson {
  kind: string;
  code: string | null;
  message: string | null;
  request_id: string | null;
  request_time: string | null;
  http_status: number | null;
  method: string | null;
  path: string | null;
  retry_after_s: number | null;
  entry: { code: string; area: string; http_status: number } | null;
  alternatives: { code: string; area: string }[];
  field_errors: { field: string; message: string }[];
  warnings: string[];
  source: { line: number; form: string; input?: string; har_entry?: number };
  [key: string]: unknown;
}

export interface DecodeJson {
  findings: FindingJson[];
  request_ids: string[];
  summary: Record<string, number>;
}

/** `decode --json` on a fixture (or stdin), parsed. */
export function decodeJson(args: readonly string[], input?: string | Buffer): { result: CliResult; json: DecodeJson } {
  const result = runCli(["decode", "--json", ...args], input === undefined ? {} : { input });
  return { result, json: JSON.parse(result.stdout) as DecodeJson };
}

/** A fixture under test/fixtures/decode by name. */
export const fixture = (name: string) => `${FIXTURES}${name}`;
/** The facts of a finding a test compares. */
export const brief = (finding: {
  code: string | null;
  http_status: number | null;
  entry: { area: string; code: string } | null;
  request_id: string | null;
  warnings: string[];
  source: { line: number; form: string };
}) => ({
  code: finding.code,
  status: finding.http_status,
  entry: finding.entry ? `${finding.entry.area}:${finding.entry.code}` : null,
  request_id: finding.request_id,
  warnings: finding.warnings,
  line: finding.source.line,
  form: finding.source.form,
});
