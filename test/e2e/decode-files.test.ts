import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runCli, type FindingJson } from "./run-cli.js";

const READ_BUFFER = 1024 * 1024;

/** About 3.5 MiB of log lines, with an envelope on each line that crosses a 1 MiB seam and on every 997th line. */
function bigLog(): { text: string; errorLines: number[] } {
  const lines: string[] = [];
  const errorLines: number[] = [];
  let bytes = 0;
  for (let no = 1; bytes < 3.5 * READ_BUFFER; no++) {
    const plain = JSON.stringify({
      ts: `2026-11-28T09:00:${String(no % 60).padStart(2, "0")}Z`,
      level: "info",
      msg: "request completed",
      path: "/api/v1/sandboxes",
      status: 200,
      n: no,
    });
    const error = JSON.stringify({
      level: "warn",
      path: "/api/v1/sandboxes",
      status: 409,
      response: { error: { code: "SANDBOX_LIMIT_REACHED", message: "limit", request_id: `req_line_${no}` } },
    });
    const crossesSeam = Math.floor(bytes / READ_BUFFER) !== Math.floor((bytes + error.length) / READ_BUFFER);
    const line = no % 997 === 0 || crossesSeam ? error : plain;
    if (line === error) errorLines.push(no);
    lines.push(line);
    bytes += line.length + 1;
  }
  return { text: `${lines.join("\n")}\n`, errorLines };
}

describe("decode FILE", () => {
  const dir = mkdtempSync(join(tmpdir(), "miosa-err-files-"));
  const { text, errorLines } = bigLog();
  const plain = join(dir, "big.log");
  const gzipped = join(dir, "big.log.gz");
  writeFileSync(plain, text);
  writeFileSync(gzipped, gzipSync(text));

  it.each([
    ["plain", plain],
    ["gzipped", gzipped],
  ])("finds every envelope of a %s file several read buffers long, once, on its line", (_kind, file) => {
    expect(errorLines.length).toBeGreaterThan(3);
    const result = runCli(["decode", "--json", file]);
    expect(result.status).toBe(0);
    const findings: FindingJson[] = JSON.parse(result.stdout).findings;
    expect(findings.map((finding) => finding.source.line)).toEqual(errorLines);
    expect(findings.map((finding) => finding.request_id)).toEqual(errorLines.map((no) => `req_line_${no}`));
  });

  it("reads a file and stdin alike", () => {
    const fromFile = JSON.parse(runCli(["decode", "--json", plain]).stdout).findings.length;
    const fromStdin = JSON.parse(runCli(["decode", "--json"], { input: text }).stdout).findings.length;
    expect(fromStdin).toBe(fromFile);
  });
});
