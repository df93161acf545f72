// Every --json document masks keys and tokens, whatever field they sit in:
// a user catalog or a page handed to catalog validate can hold one too.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { runInProcess } from "../helpers.js";

const TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.SECRETsignatureWXYZ";
const KEY = "msk_live_SECRETkey0123456789abcd";
const dir = mkdtempSync(join(tmpdir(), "miosa-err-json-redaction-"));

test("catalog validate --json: a bad entry's echoed code is masked", async () => {
  const file = join(dir, "bad.json");
  writeFileSync(file, JSON.stringify({ entries: [{ code: `Authorization: Bearer ${TOKEN}` }] }));
  const result = await runInProcess(["catalog", "validate", file, "--json"]);
  expect(result.code).toBe(1);
  expect(result.stdout).not.toContain("SECRETsignature");
  expect(JSON.parse(result.stdout).valid).toBe(false);
});

test("list --json with a user catalog: a key in an entry's text is masked", async () => {
  const file = join(dir, "user.json");
  const entry = { code: "MY_CODE", area: "common", http_status: 400, meaning: `leaked ${KEY}`, action: "rotate it", retry: "never", fault: "request" };
  writeFileSync(file, JSON.stringify({ entries: [entry] }));
  const result = await runInProcess(["list", "--catalog", file, "--json", "--source", "user"]);
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout).entries[0].meaning).toBe("leaked msk_…abcd");
});

test.each(["json", "ndjson"])("decode --format %s with a user catalog: a key in the matched entry's text is masked", async (format) => {
  const file = join(dir, "decode-user.json");
  const entry = { code: "MY_CODE", area: "common", http_status: 409, meaning: `leaked ${KEY}`, action: `rotate ${TOKEN}`, retry: "never", fault: "request" };
  writeFileSync(file, JSON.stringify({ entries: [entry] }));
  const input = `${JSON.stringify({ error: { code: "MY_CODE", message: "nope", request_id: "req_1" } })}\n`;
  const result = await runInProcess(["decode", "--catalog", file, "--format", format], { stdin: input });
  expect(result.code).toBe(0);
  expect(result.stdout).toContain("leaked msk_…abcd");
  expect(result.stdout).not.toContain("SECRETkey");
  expect(result.stdout).not.toContain("SECRETsignature");
});
