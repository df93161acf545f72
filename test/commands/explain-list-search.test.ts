// The commands run in-process with an in-memory IO: output, colour, tables,
// JSON shapes, user catalogs and exit codes.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_ENTRIES } from "../../src/core/builtin.js";
import { RETRY_ADVICE } from "../../src/core/advice.js";
import { runInProcess } from "../helpers.js";

const ESC = "\u001b";

describe("explain gives every reference row exactly", () => {
  it.each(BUILTIN_ENTRIES.filter((e) => e.source === "reference").map((e) => [e.area, e.code, e] as const))("%s %s", async (area, code, entry) => {
    const json = await runInProcess(["explain", code, "--area", area, "--json"]);
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout);
    expect(document.query).toBe(code);
    expect(document.matches).toContainEqual({
      code: entry.code,
      http_status: entry.http_status,
      area: entry.area,
      meaning: entry.meaning,
      action: entry.action,
      retry: entry.retry,
      fault: entry.fault,
      source: "reference",
    });
    const human = await runInProcess(["explain", code, "--area", area]);
    expect(human.stdout).toContain(entry.meaning);
    expect(human.stdout).toContain(entry.action);
    expect(human.stdout).toContain(RETRY_ADVICE[entry.retry]);
  });
});

describe("explain", () => {
  it("heads each meaning of a shared code with its area and status", async () => {
    const { code, stdout } = await runInProcess(["explain", "SANDBOX_NOT_RUNNING"]);
    expect(code).toBe(0);
    expect(stdout).toContain("SANDBOX_NOT_RUNNING has 3 meanings");
    expect(stdout.match(/SANDBOX_NOT_RUNNING {2}(sandboxes|deployments) · 409 Conflict/g)).toHaveLength(3);
    expect(stdout).toContain("/deploy called but sandbox is not running");
  });

  it("narrows with --area and --status", async () => {
    const { stdout } = await runInProcess(["explain", "FORBIDDEN", "--area", "snapshot", "--json"]);
    expect(JSON.parse(stdout).matches.map((m: { area: string }) => m.area)).toEqual(["snapshots"]);
    const none = await runInProcess(["explain", "FORBIDDEN", "--status", "404"]);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('no catalog entry for "FORBIDDEN" with those filters');
  });

  it("lists every entry of a bare status", async () => {
    const { code, stdout } = await runInProcess(["explain", "402"]);
    expect(code).toBe(0);
    expect(stdout).toContain("3 catalog entries answer 402 Payment Required");
    expect(stdout.match(/INSUFFICIENT_CREDITS/g)).toHaveLength(3);
  });

  it("says a code is unknown and suggests the closest, exit 3", async () => {
    const { code, stdout, stderr } = await runInProcess(["explain", "LIMIT"]);
    expect(code).toBe(3);
    expect(stdout).toBe("");
    expect(stderr).toBe('miosa-err: no catalog entry for "LIMIT". Did you mean: RATE_LIMITED, rate_limit_exceeded, SANDBOX_LIMIT_REACHED?\n');
    const json = await runInProcess(["explain", "SANDBOX_LIMIT_REACHD", "--json"]);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toEqual({ query: "SANDBOX_LIMIT_REACHD", matches: [], suggestions: ["SANDBOX_LIMIT_REACHED"] });
  });

  it("explains several codes; JSON gives one result per query; exit 3 if any is unknown", async () => {
    const { code, stdout } = await runInProcess(["explain", "EMPTY_ARTIFACT", "NOPE_CODE", "--json"]);
    expect(code).toBe(3);
    const document = JSON.parse(stdout);
    expect(document.results.map((r: { query: string; matches: unknown[] }) => [r.query, r.matches.length])).toEqual([
      ["EMPTY_ARTIFACT", 1],
      ["NOPE_CODE", 0],
    ]);
  });

  it("reads unquoted words as one message-form code when no word is a code", async () => {
    const { code, stdout } = await runInProcess(["explain", "missing", "sse", "ticket", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).matches[0].code).toBe("missing sse ticket");
  });

  it("never echoes a key or Authorization value from the query, JSON included", async () => {
    const query = "Authorization: Bearer msk_live_abcdefghijkl9876";
    const json = await runInProcess(["explain", query, "--json"]);
    expect(JSON.parse(json.stdout).query).toBe("Authorization: Bearer msk_…9876");
    const human = await runInProcess(["explain", query]);
    expect(human.stderr).toContain("msk_…9876");
    expect(human.stderr).not.toContain("abcdefghijkl");
  });

  it("rejects a bad --area or --status with a usage error", async () => {
    expect(await runInProcess(["explain", "X", "--area", "moon"])).toMatchObject({ code: 2, stdout: "" });
    const bad = await runInProcess(["explain", "X", "--status", "42"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('miosa-err: --status takes an HTTP status from 100 to 599, not "42"\n');
  });
});

describe("colour", () => {
  it.each([
    ["on for a terminal", { tty: true, env: {} }, [], true],
    ["off when piped", { tty: false, env: {} }, [], false],
    ["off with NO_COLOR", { tty: true, env: { NO_COLOR: "1" } }, [], false],
    ["on with FORCE_COLOR when piped", { tty: false, env: { FORCE_COLOR: "1" } }, [], true],
    ["off with --no-color whatever FORCE_COLOR says", { tty: true, env: { FORCE_COLOR: "1" } }, ["--no-color"], false],
  ] as const)("is %s", async (_name, options, flags, coloured) => {
    const { stdout } = await runInProcess(["explain", "EMPTY_ARTIFACT", ...flags], { ...options, env: { ...options.env } });
    expect(stdout.includes(ESC)).toBe(coloured);
    expect(stdout).toContain("Publish output contained no files");
  });
});

describe("list", () => {
  it("prints tab-separated rows sorted by area then code when piped", async () => {
    const { code, stdout } = await runInProcess(["list"]);
    expect(code).toBe(0);
    const rows = stdout
      .trimEnd()
      .split("\n")
      .map((line) => line.split("\t"));
    expect(rows).toHaveLength(BUILTIN_ENTRIES.length);
    expect(rows[0]).toEqual(["auth", "insufficient_scope", "403", "never", "Key exists but lacks the required scope for this operation", "reference"]);
    expect(rows.every((row) => row.length === 6)).toBe(true);
    const keys = rows.map((row) => `${row[0]}/${row[1]!.toLowerCase()}`);
    expect(keys).toEqual([...keys].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
  });

  it("draws a table on a terminal", async () => {
    const { stdout } = await runInProcess(["list", "--area", "workspaces"], { tty: true, columns: 100 });
    expect(stdout).toContain("┌");
    expect(stdout).toMatch(/│ AREA/);
    expect(stdout).toContain("TEMPLATE_NAME_TAKEN");
  });

  it("filters and prints JSON", async () => {
    const { stdout } = await runInProcess(["list", "--status", "502", "--source", "reference", "--json"]);
    const { entries } = JSON.parse(stdout);
    expect(entries.map((e: { area: string; code: string }) => `${e.area}/${e.code}`)).toEqual([
      "computers/AGENT_UNAVAILABLE",
      "deployments/RUNTIME_LOGS_UNAVAILABLE",
      "sandboxes/AGENT_UNAVAILABLE",
    ]);
    expect(typeof entries[0].http_status).toBe("number");
  });

  it("exits 3 when the filters match nothing", async () => {
    const { code, stderr } = await runInProcess(["list", "--status", "418"]);
    expect(code).toBe(3);
    expect(stderr).toBe("miosa-err: no catalog entries match those filters\n");
  });
});

describe("search", () => {
  it("finds entries best first, JSON too", async () => {
    const { code, stdout } = await runInProcess(["search", "credits", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).entries[0].code).toBe("INSUFFICIENT_CREDITS");
  });

  it("exits 3 with a line on stderr when nothing matches", async () => {
    const { code, stdout, stderr } = await runInProcess(["search", "zebra"]);
    expect([code, stdout, stderr]).toEqual([3, "", 'miosa-err: no catalog entry mentions "zebra"\n']);
  });
});

describe("a user catalog", () => {
  const dir = mkdtempSync(join(tmpdir(), "miosa-err-catalog-"));
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  };
  const newCode = {
    code: "GPU_QUOTA_EXCEEDED",
    area: "computers",
    http_status: 409,
    meaning: "No GPU left in the quota",
    action: "Ask support for more GPUs",
    retry: "after_state_change",
    fault: "account",
  };

  it("adds entries with --catalog, marked as yours", async () => {
    const path = file("good.json", { entries: [newCode] });
    const { code, stdout } = await runInProcess(["explain", "gpu_quota_exceeded", "--catalog", path, "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).matches).toEqual([{ ...newCode, source: "user" }]);
    const human = await runInProcess(["explain", "GPU_QUOTA_EXCEEDED", "--catalog", path]);
    expect(human.stdout).toContain("from your catalog file");
  });

  it("adds entries from MIOSA_ERR_CATALOG, a bare array too", async () => {
    const path = file("array.json", [newCode]);
    const { code, stdout } = await runInProcess(["list", "--area", "computers"], { env: { MIOSA_ERR_CATALOG: path } });
    expect(code).toBe(0);
    expect(stdout).toContain("GPU_QUOTA_EXCEEDED");
  });

  it("overrides a built-in entry with the same area, code and meaning", async () => {
    const builtin = BUILTIN_ENTRIES.find((e) => e.code === "EMPTY_ARTIFACT")!;
    const path = file("override.json", [{ ...builtin, source: undefined, action: "Check the build's output folder" }]);
    const { stdout } = await runInProcess(["explain", "EMPTY_ARTIFACT", "--catalog", path, "--json"]);
    expect(JSON.parse(stdout).matches).toHaveLength(1);
    expect(JSON.parse(stdout).matches[0].action).toBe("Check the build's output folder");
  });

  it.each([
    [
      "a bad field",
      { entries: [{ ...newCode, http_status: 700 }] },
      /^miosa-err: bad catalog .*bad-field\.json: entry 0 \(GPU_QUOTA_EXCEEDED\), field http_status: must be an HTTP status from 100 to 599/,
    ],
    ["a missing field", [{ ...newCode, meaning: undefined }], /entry 0 \(GPU_QUOTA_EXCEEDED\), field meaning: is missing/],
    [
      "an unknown area and more",
      [newCode, { ...newCode, code: "B", area: "moon", fault: "nobody" }],
      /entry 1 \(B\), field area: must be one of: auth, .* \(and 1 more problem\)\n$/,
    ],
    ["broken JSON", "{ entries: [", /^miosa-err: catalog .*broken-JSON\.json: not valid JSON \(/],
  ])("refuses %s with one line naming file, entry and field, exit 2", async (name, content, pattern) => {
    const path = file(`${name.replace(/ /g, "-")}.json`, content);
    const { code, stdout, stderr } = await runInProcess(["explain", "X", "--catalog", path]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(pattern);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("refuses a file that cannot be read, exit 2", async () => {
    const { code, stderr } = await runInProcess(["list", "--catalog", join(dir, "absent.json")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^miosa-err: cannot read catalog .*absent\.json: no such file\n$/);
  });
});

describe("help, version and usage errors", () => {
  it("prints exit codes with help exit-codes", async () => {
    const { code, stdout } = await runInProcess(["help", "exit-codes"]);
    expect(code).toBe(0);
    for (const exit of ["0", "1", "2", "3", "4", "130"]) expect(stdout).toMatch(new RegExp(`^ +${exit}  `, "m"));
  });

  it("prints the version", async () => {
    expect(await runInProcess(["--version"])).toMatchObject({ code: 0, stdout: "0.1.0\n" });
  });

  it.each([
    [["explain", "X", "--bogus"], "miosa-err: unknown option '--bogus'\n"],
    [["list", "--bogus"], "miosa-err: unknown option '--bogus'\n"],
    [["explain"], "miosa-err: missing required argument 'code'\n"],
    [["nosuchcommand"], "miosa-err: unknown command 'nosuchcommand'\n"],
    [["help", "nosuchtopic"], 'miosa-err: no help topic "nosuchtopic"; try a command name or exit-codes\n'],
  ])("%j is a usage error, exit 2", async (argv, message) => {
    const { code, stderr } = await runInProcess(argv);
    expect(code).toBe(2);
    expect(stderr).toBe(message);
  });

  it("shows help on stderr and exits 2 with no command", async () => {
    const { code, stderr } = await runInProcess([]);
    expect(code).toBe(2);
    expect(stderr).toContain("Usage: miosa-err");
  });
});

describe("explain --format markdown", () => {
  it("gives a reply-ready block per entry, with Markdown's characters escaped", async () => {
    const { code, stdout } = await runInProcess(["explain", "SANDBOX_NOT_RUNNING", "--area", "deployments", "--format", "markdown"]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        "### `SANDBOX_NOT_RUNNING` (409 Conflict, deployments)",
        "",
        "- **What it means:** Publishing requires a running sandbox",
        "- **What to do:** Confirm sandbox state",
        "- **Retry:** Retry once the state it names has changed (resource running or ready, capacity freed, credits added).",
        "- **Whose move:** the resource: its current state does not allow this yet",
        "",
      ].join("\n"),
    );
    const several = (await runInProcess(["explain", "rate_limit_exceeded", "--format", "md"])).stdout;
    expect(several.match(/^### `rate_limit_exceeded` \(429 Too Many Requests, (auth|billing)\)$/gm)).toHaveLength(2);
  });
});

describe("explain on a narrow terminal", () => {
  it("wraps each value under its label, nothing past 60 columns", async () => {
    const { stdout } = await runInProcess(["explain", "RATE_LIMITED"], { tty: true, columns: 60, env: { NO_COLOR: "1" } });
    expect(Math.max(...stdout.split("\n").map((line) => line.length))).toBeLessThanOrEqual(60);
    expect(stdout).toMatch(/\n {2}Meaning {5}Too many requests \(also sent lowercase as\n {14}\S/);
    const piped = await runInProcess(["explain", "RATE_LIMITED"]);
    expect(piped.stdout).toContain(
      "  Meaning     Too many requests (also sent lowercase as rate_limited; the TypeScript SDK reports every 429 as RATE_LIMITED)\n",
    );
  });
});
