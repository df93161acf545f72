// decode's triage view through main() with an in-memory IO: grouping, order,
// times and counts from a fixture with known times; the views (--each, --ids,
// ndjson, JSON groups); the filters; wrapping to the terminal's width.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers.js";
import { visibleLength } from "../../src/render/wrap.js";

const LOG = fileURLToPath(new URL("../fixtures/triage/app.log", import.meta.url));
const PLAIN = { env: { LANG: "C" } };

describe("the triage view", () => {
  it("heads the output with the count, groups, time span and input, then each group once, most frequent first", async () => {
    const { code, stdout } = await runInProcess(["decode", LOG], PLAIN);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(`9 errors in 3 groups · 2026-11-28 09:14:01 – 09:30:00 UTC (16 min) · read ${LOG}`);
    const headings = stdout.split("\n").filter((line) => /^\d+\. /.test(line));
    expect(headings).toEqual([
      "1. SANDBOX_NOT_RUNNING  sandboxes · 409 Conflict  ×4",
      "2. RATE_LIMITED  billing · 429 Too Many Requests  ×4",
      "3. VALIDATION_ERROR  deployments · 422 Unprocessable Entity  ×1",
    ]);
    // The explanation once per group, not per finding.
    expect(stdout.match(/Operation requires the sandbox to be in running state/g)).toHaveLength(1);
    expect(stdout).toContain("   Seen        2026-11-28 09:14:01 – 09:30:00 UTC (16 min)\n");
    expect(stdout).toContain("   Path        /api/v1/sandboxes/sb_1/exec ×3\n               /api/v1/sandboxes/sb_2/exec ×1\n");
    expect(stdout).toContain("   Messages    slow down ×3\n               too many requests ×1\n");
    expect(stdout).toContain("   Message     sandbox is not running\n");
    expect(stdout).toContain("   Fields      name: can't be blank ×1\n");
    expect(stdout).toContain("   Request ID  req_01KB0000000000000000000008\n");
  });

  it("draws a timeline in ASCII outside a UTF-8 locale and in blocks inside one", async () => {
    const ascii = (await runInProcess(["decode", LOG], PLAIN)).stdout;
    expect(ascii).toContain("Timeline (UTC; one column = 16 s; the tallest mark = 4 errors)\n");
    expect(ascii).toMatch(/\n {2}RATE_LIMITED {9}@ +4\n/);
    const blocks = (await runInProcess(["decode", LOG], { env: { LANG: "en_US.UTF-8" } })).stdout;
    expect(blocks).toMatch(/\n {2}RATE_LIMITED {9}█ +4\n/);
  });

  it("shows the first request ids of a group on a terminal and says how many more", async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `req_${i}aaaa`);
    const text = ids.map((id) => `{"error":{"code":"NOT_FOUND","message":"gone","request_id":"${id}"}}`).join("\n");
    const { stdout } = await runInProcess(["decode", "-e", text], { tty: true, columns: 100, env: { NO_COLOR: "1" } });
    expect(stdout).toContain("   Request IDs req_0aaaa\n               req_1aaaa\n");
    expect(stdout).toContain("req_4aaaa\n               … and 3 more (all with --ids or --json)\n");
    expect(stdout).not.toContain("req_5aaaa");
    expect(stdout).toContain("   Seen        errors 1 to 8 of the input (no times in them)\n");
  });

  it("groups Markdown the same way, for a ticket reply", async () => {
    const { stdout } = await runInProcess(["decode", "--format", "markdown", LOG]);
    expect(stdout.startsWith("**9 errors in 3 groups**, 2026-11-28 09:14:01 – 09:30:00 UTC (16 min)\n")).toBe(true);
    expect(stdout).toContain("### 1. `SANDBOX_NOT_RUNNING` (409 Conflict) ×4\n");
    expect(stdout).toContain("- **Paths:** `/api/v1/sandboxes` ×3; `/api/v1/computers` ×1\n");
    expect(stdout).toContain("```\nreq_01KB0000000000000000000003\nreq_01KB0000000000000000000004\n");
  });

  it("lists up to 20 request ids a group in Markdown, and all of them in --json", async () => {
    const text = Array.from({ length: 25 }, (_, i) => `{"error":{"code":"NOT_FOUND","message":"gone","request_id":"req_${i}zz"}}`).join("\n");
    const markdown = (await runInProcess(["decode", "--format", "md", "-e", text])).stdout;
    expect(markdown).toContain("req_19zz\n```\n\n… and 5 more\n");
    expect(markdown).not.toContain("req_20zz");
    const json = JSON.parse((await runInProcess(["decode", "--json", "-e", text])).stdout);
    expect(json.groups[0].request_ids).toHaveLength(25);
  });

  it("gives a card per finding with --each, and cards by default when no two findings share a group", async () => {
    const each = (await runInProcess(["decode", "--each", LOG])).stdout;
    expect(each).toContain("9. SANDBOX_NOT_RUNNING");
    expect(each).toContain("9 errors found\n");
    const distinct = await runInProcess(["decode", "-e", '{"error":{"code":"NOT_FOUND","message":"x"}}\n{"error":{"code":"INVALID_ID","message":"y"}}']);
    expect(distinct.stdout).toContain("1. NOT_FOUND");
    expect(distinct.stdout).toContain("2 errors found\n");
  });
});

describe("filters and --ids", () => {
  it.each([
    [["--code", "rate_limited"], "4 errors in 1 group"],
    [["--status", "409"], "4 errors in 1 group"],
    [["--since", "2026-11-28T09:14:11Z", "--until", "2026-11-28T09:20:00Z"], "4 errors in 2 groups"],
    [["--limit", "3"], "3 errors in 2 groups"],
  ])("%j", async (flags, headline) => {
    const { stdout } = await runInProcess(["decode", ...flags, LOG], PLAIN);
    expect(stdout.split("\n")[0]).toContain(headline);
  });

  it("says when errors were found but none matched, and exits 3", async () => {
    const { code, stderr } = await runInProcess(["decode", "--code", "NOPE", LOG]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/9 MIOSA errors, none matching the filters\n$/);
  });

  it("--ids prints each request id once, in input order, and nothing else", async () => {
    const { stdout } = await runInProcess(["decode", "--ids", "--status", "429", LOG]);
    expect(stdout).toBe(["03", "04", "05", "06"].map((n) => `req_01KB00000000000000000000${n}\n`).join(""));
    const repeated = '{"error":{"code":"NOT_FOUND","message":"x","request_id":"req_b"}}\n'.repeat(2);
    expect((await runInProcess(["decode", "--ids", "-e", `${repeated}{"error":{"code":"NOT_FOUND","request_id":"req_a"}}`])).stdout).toBe("req_b\nreq_a\n");
    const none = await runInProcess(["decode", "--ids", "-e", '{"error":{"code":"NOT_FOUND","message":"x"}}']);
    expect([none.code, none.stdout, none.stderr]).toEqual([0, "", "miosa-err: 1 error found, none with a request id\n"]);
  });
});

describe("JSON and NDJSON", () => {
  it("--json adds the groups: counts, first and last seen, every request id", async () => {
    const document = JSON.parse((await runInProcess(["decode", "--json", LOG])).stdout);
    expect(Object.keys(document)).toEqual(["findings", "request_ids", "summary", "groups", "warnings"]);
    expect(document.groups.map((group: { code: string; count: number }) => [group.code, group.count])).toEqual([
      ["SANDBOX_NOT_RUNNING", 4],
      ["RATE_LIMITED", 4],
      ["VALIDATION_ERROR", 1],
    ]);
    expect(document.groups[1]).toMatchObject({
      area: "billing",
      http_status: 429,
      first_seen: "2026-11-28T09:14:10.000Z",
      last_seen: "2026-11-28T09:14:13.000Z",
      seen_from: "record",
      paths: [
        { value: "/api/v1/sandboxes", count: 3 },
        { value: "/api/v1/computers", count: 1 },
      ],
      request_ids: ["03", "04", "05", "06"].map((n) => `req_01KB00000000000000000000${n}`),
    });
  });

  it("--format ndjson writes a line per finding, then a summary line", async () => {
    const lines = (await runInProcess(["decode", "--format", "ndjson", LOG])).stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(10);
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed[0]).toMatchObject({ kind: "envelope", code: "SANDBOX_NOT_RUNNING", time: "2026-11-28T09:14:01.000Z" });
    expect(Object.keys(parsed[9])).toEqual(["request_ids", "summary", "groups", "warnings"]);
    expect(parsed[9].summary).toEqual({ SANDBOX_NOT_RUNNING: 4, RATE_LIMITED: 4, VALIDATION_ERROR: 1 });
  });
});

describe("output that fits the terminal", () => {
  it.each([60, 80, 120])("nothing spills past %i columns, with hanging indents under the labels", async (columns) => {
    for (const argv of [
      ["decode", LOG],
      ["decode", "--each", LOG],
    ]) {
      const { stdout } = await runInProcess(argv, { tty: true, columns, env: { LANG: "en_US.UTF-8" } });
      const widest = Math.max(...stdout.split("\n").map(visibleLength));
      expect(widest).toBeLessThanOrEqual(columns);
    }
    const { stdout } = await runInProcess(["decode", LOG], { tty: true, columns, env: { NO_COLOR: "1" } });
    // RATE_LIMITED's meaning (122 columns with its label) wraps under its label, at a space; the short action does not.
    const lines = stdout.split("\n");
    const meaning = lines.findIndex((line) => line.startsWith("   Meaning     Too many requests"));
    expect(lines[meaning + 1]).toMatch(/^ {15}\S/);
    expect(lines[meaning]!.endsWith(" ")).toBe(false);
    const action = lines.findIndex((line) => line.startsWith("   What to do  Back off and retry"));
    expect(lines[action + 1]).toMatch(columns < 60 + 10 ? /^ {15}\S|^ {3}Retry/ : /^ {3}Retry/);
  });
});

describe("groups without a catalog entry", () => {
  it("explains an unknown code once with its closest known codes, and a non-envelope answer with its advice", async () => {
    const html = readFileSync(fileURLToPath(new URL("../fixtures/decode/curl-i-502-html.txt", import.meta.url)), "utf8");
    const unknown = '{"error":{"code":"SANDBOX_NOT_RUNNNING","message":"x","request_id":"req_u1"}}';
    const { stdout } = await runInProcess(["decode", "-e", html, "-e", html, "-e", `${unknown}\n${unknown}`], PLAIN);
    expect(stdout.split("\n")[0]).toBe("4 errors in 2 groups · read (-e) ×3");
    expect(stdout).toContain("1. not a MIOSA error envelope  ×2\n");
    expect(stdout).toMatch(/ {3}Meaning {5}No MIOSA error envelope: this 502 came from something in front of the MIOSA API/);
    expect(stdout).toContain("2. SANDBOX_NOT_RUNNNING  ×2\n   Catalog     not in the MIOSA error catalog; closest known codes: SANDBOX_NOT_RUNNING");
    expect(stdout).toContain("   Request ID  none seen: ask for the X-Request-ID response header");
  });

  it("links each request id to the logs on a terminal with --log-url", async () => {
    const { stdout } = await runInProcess(
      ["decode", "--log-url", "https://logs.example/q={request_id}", "--code", "VALIDATION_ERROR", "--code", "RATE_LIMITED", LOG],
      {
        tty: true,
        env: { NO_COLOR: "1" },
      },
    );
    expect(stdout).toContain("\u001b]8;;https://logs.example/q=req_01KB0000000000000000000003\u001b\\req_01KB0000000000000000000003\u001b]8;;\u001b\\");
  });
});
