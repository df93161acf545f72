// A gzip log that is cut or damaged still gives up the errors before the
// damage, with a warning; data that merely starts with gzip's magic is read as text.
// (A gzip header followed by nothing that inflates stays an unreadable file: exit 2.)
import { gzipSync } from "node:zlib";
import { expect, test } from "vitest";
import { runInProcess } from "../helpers.js";

const LINES = Array.from(
  { length: 200 },
  (_, i) =>
    `2026-01-01T10:00:${String(i % 60).padStart(2, "0")}Z ERROR {"error":{"code":"SANDBOX_NOT_RUNNING","message":"not running","request_id":"req_${String(i).padStart(4, "0")}"}}`,
).join("\n");

test("a gzip stream cut in the middle: the errors before the cut, a warning, exit 0", async () => {
  const packed = gzipSync(LINES);
  const result = await runInProcess(["decode", "--json"], { stdin: packed.subarray(0, Math.floor(packed.length / 2)) });
  expect(result.code).toBe(0);
  const findings = JSON.parse(result.stdout).findings;
  expect(findings.length).toBeGreaterThan(0);
  expect(findings[0]).toMatchObject({ code: "SANDBOX_NOT_RUNNING", request_id: "req_0000" });
  expect(result.stderr).toMatch(
    /^miosa-err: warning: the gzip data is damaged or cut after \d+ bytes of text \(unexpected end of file\); decoded what came before\n$/,
  );
});

test("gzip's two magic bytes followed by plain text (no gzip header): read as the text it is", async () => {
  const input = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from(' {"error":{"code":"NOT_FOUND","request_id":"req_magic"}}\n')]);
  const result = await runInProcess(["decode", "--json"], { stdin: input });
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout).findings[0]).toMatchObject({ code: "NOT_FOUND", request_id: "req_magic" });
  expect(result.stderr).toBe("");
});
