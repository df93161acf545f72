// Outside text that must not reach a reader as it is: a user catalog's code
// with an ESC in a "Did you mean", invisible characters in a request id, and
// URLs or e-mail addresses that GitHub would turn into links.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "miosa-err-output-safety-"));

describe("explain's Did you mean", () => {
  it("shows a user catalog's code with its ESC escaped", async () => {
    const entry = { code: "GPU_\u001b[2JQUOTA", http_status: 429, area: "computers", meaning: "m", action: "a", retry: "after_state_change", fault: "account" };
    const path = join(dir, "esc.json");
    writeFileSync(path, JSON.stringify({ entries: [entry] }));
    const { stderr } = await runInProcess(["explain", "GPU_QUOTA", "--catalog", path]);
    expect(stderr).toContain("Did you mean:");
    expect(stderr).not.toContain("\u001b");
    expect(stderr).toContain("GPU_\\x1b[2JQUOTA");
  });
});

// Zero-width space, ZWNJ, ZWJ, word joiner, BOM, soft hyphen, line separator.
const INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u2028"];

describe("invisible characters in a request id", () => {
  it.each(INVISIBLE)("U+%s is shown escaped in every format", async (char) => {
    const hex = char.charCodeAt(0).toString(16).padStart(4, "0");
    const id = `req_01JDZQ5YQ8N4${char}W3V2B1C0XKMHTA`;
    const input = JSON.stringify({ error: { code: "NOT_FOUND", message: "gone", request_id: id } });
    for (const flags of [["--no-color"], ["--format", "markdown"]]) {
      const { stdout } = await runInProcess(["decode", ...flags, "-e", input]);
      expect(stdout).not.toContain(char);
      expect(stdout).toMatch(new RegExp(`req_01JDZQ5YQ8N4\\\\(?:x${hex.slice(2)}|u${hex})W3V2`));
    }
    const json = await runInProcess(["decode", "--json", "-e", input]);
    expect(json.stdout).not.toContain(char);
    expect(json.stdout).toContain(`\\u${hex}`);
    expect(JSON.parse(json.stdout).findings[0].request_id).toBe(id);
  });
});

describe("--format markdown", () => {
  it.each([
    ["a URL", "see https://status.example.com/incident for more", "`https://status.example.com/incident`"],
    ["a www address", "see www.example.com now", "`www.example.com`"],
    ["an e-mail address", "write to ops@example.com please", "`ops@example.com`"],
  ])("puts %s where it cannot become a link", async (_name, message, shown) => {
    const input = JSON.stringify({ error: { code: "NOT_FOUND", message, request_id: "req_01JDZQ5YQ8N4W3V2B1C0XKMHTA" } });
    const { stdout } = await runInProcess(["decode", "--format", "markdown", "-e", input]);
    expect(stdout).toContain(shown);
  });
});
