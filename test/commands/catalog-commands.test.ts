// catalog import | diff | validate through main(), with in-memory I/O and
// real files in a temporary directory.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUILTIN_ENTRIES } from "../../src/core/builtin.js";
import { exitCodeFor, EXIT } from "../../src/cli/exit.js";
import { main, testIO } from "../../src/cli/main.js";
import type { TestIO, TestIOOptions } from "../../src/cli/io.js";

const dir = mkdtempSync(join(tmpdir(), "miosa-err-catalog-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REFERENCE_COPY = new URL("../../catalog/reference.md", import.meta.url).pathname;
const reference = readFileSync(REFERENCE_COPY, "utf8");
const referenceEntries = BUILTIN_ENTRIES.filter((entry) => entry.source === "reference");

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function run(argv: string[], options: TestIOOptions = {}): Promise<{ code: number; io: TestIO }> {
  const io = testIO(options);
  return { code: await main(argv, io), io };
}

// The reference with one status changed, one action changed, one row gone and one table added.
const changedPage = file(
  "changed.md",
  reference
    .replace("INVALID_PORT | 422 |", "INVALID_PORT | 400 |")
    .replace('Include an octal mode string, e.g. "0644"', 'Include an octal mode string such as "0755"')
    .replace(/^EMPTY_ARTIFACT .*\n/m, "") +
    "\n\n| Code | HTTP | Meaning | What to do |\n|---|---|---|---|\n| `SANDBOX_WARMING` | 409 | Sandbox is warming up | Retry after a few seconds |\n",
);

describe("catalog import", () => {
  it("prints the reference as the 56 built-in reference entries", async () => {
    const { code, io } = await run(["catalog", "import", REFERENCE_COPY, "--areas", "reference"]);
    expect(code).toBe(EXIT.OK);
    expect(JSON.parse(io.output())).toEqual({ entries: referenceEntries });
    expect(io.errors()).toBe("");
  });

  it("prints JSON that --catalog accepts and validate passes", async () => {
    const imported = await run(["catalog", "import", changedPage, "--areas", "reference,sandboxes"]);
    expect(imported.code).toBe(EXIT.OK);
    expect(imported.io.errors()).toBe(
      "miosa-err: note: 2 rows are new to the catalog; retry and fault were inferred from status and wording, so review them: INVALID_PORT (sandboxes), SANDBOX_WARMING (sandboxes)\n",
    );
    const catalogFile = file("imported.json", imported.io.output());
    const explained = await run(["--catalog", catalogFile, "explain", "SANDBOX_WARMING", "--json"]);
    expect(explained.code).toBe(EXIT.OK);
    expect(JSON.parse(explained.io.output()).matches).toEqual([
      {
        code: "SANDBOX_WARMING",
        http_status: 409,
        area: "sandboxes",
        meaning: "Sandbox is warming up",
        action: "Retry after a few seconds",
        retry: "backoff",
        fault: "resource_state",
        source: "reference",
      },
    ]);
    const validated = await run(["catalog", "validate", catalogFile]);
    expect(validated.code).toBe(EXIT.OK);
    expect(validated.io.output()).toBe(`${catalogFile}: valid, 56 entries (55 replace built-in entries, 1 new)\n`);
  });

  it("reads the page from stdin with -", async () => {
    const { code, io } = await run(["catalog", "import", "-", "--areas", "reference"], { stdin: reference });
    expect(code).toBe(EXIT.OK);
    expect(JSON.parse(io.output()).entries).toHaveLength(56);
  });

  it("refuses a heading-less page without --areas: exit 2, every problem with its line", async () => {
    const { code, io } = await run(["catalog", "import", REFERENCE_COPY]);
    expect(code).toBe(EXIT.USAGE);
    expect(io.output()).toBe("");
    expect(io.errors()).toBe(
      `miosa-err: ${REFERENCE_COPY}:11: no heading names the area of any of the 10 tables; pass --areas with one area per table, in order (--areas reference for the published reference's ten)\n` +
        `miosa-err: ${REFERENCE_COPY}: 1 problem in the page; nothing was done\n`,
    );
  });

  it("refuses malformed rows, naming each line", async () => {
    const page = file("bad.md", "## Sandboxes\n| Code | HTTP | Meaning | What to do |\n|---|\nA | 4o9 | m | a |\nB | 409 | m |\n");
    const { code, io } = await run(["catalog", "import", page]);
    expect(code).toBe(EXIT.USAGE);
    expect(io.errors()).toContain(`${page}:4: HTTP status "4o9" is not a number from 100 to 599\n`);
    expect(io.errors()).toContain(`${page}:5: expected 4 cells (code, HTTP, meaning, what to do), found 3\n`);
    expect(io.errors()).toContain(`${page}: 2 problems in the page; nothing was done\n`);
  });

  it.each([
    [["catalog", "import", join(dir, "missing.md")], `miosa-err: cannot read ${join(dir, "missing.md")}: no such file\n`],
    [["catalog", "import", dir], `miosa-err: cannot read ${dir}: it is a directory\n`],
    [
      ["catalog", "import", REFERENCE_COPY, "--areas", "auth,moon"],
      'miosa-err: --areas: unknown area "moon"; areas: auth, common, sandboxes, templates, computers, deployments, snapshots, domains, workspaces, billing, connectors, login, client\n',
    ],
  ])("exits 2 with one line for %j", async (argv, message) => {
    const { code, io } = await run(argv);
    expect(code).toBe(EXIT.USAGE);
    expect(io.errors()).toBe(message);
  });

  it("exits 2 for an unknown flag on the subcommand", async () => {
    const { code, io } = await run(["catalog", "import", REFERENCE_COPY, "--nope"]);
    expect(code).toBe(EXIT.USAGE);
    expect(io.errors()).toContain("unknown option '--nope'");
  });
});

describe("catalog diff", () => {
  it("exits 0 and says so when the page agrees with the reference entries", async () => {
    const { code, io } = await run(["catalog", "diff", REFERENCE_COPY, "--areas", "reference"]);
    expect(code).toBe(EXIT.OK);
    expect(io.output()).toBe("");
    expect(io.errors()).toBe(`miosa-err: ${REFERENCE_COPY} agrees with the built-in catalog's 56 reference entries (code, status, meaning and what to do)\n`);
  });

  it("exits 1 with one tab-separated row per difference when piped", async () => {
    const { code, io } = await run(["catalog", "diff", changedPage, "--areas", "reference,sandboxes"]);
    expect(code).toBe(1);
    expect(io.output()).toBe(
      [
        "added\tsandboxes\tSANDBOX_WARMING\t-\t-\t409 | Sandbox is warming up | Retry after a few seconds",
        "removed\tdeployments\tEMPTY_ARTIFACT\t-\t422 | Publish output contained no files | Verify your build step produces output files\t-",
        'changed\tsandboxes\tMISSING_MODE\twhat to do\tInclude an octal mode string, e.g. "0644"\tInclude an octal mode string such as "0755"',
        "changed\tsandboxes\tINVALID_PORT\thttp\t422\t400",
        "",
      ].join("\n"),
    );
    expect(io.errors()).toBe(`miosa-err: ${changedPage} differs from the built-in catalog: 1 added, 1 removed, 2 changed (2 fields), 53 the same\n`);
  });

  it("draws a table on a terminal", async () => {
    const { code, io } = await run(["catalog", "diff", changedPage, "--areas", "reference,sandboxes"], { tty: true, columns: 160 });
    expect(code).toBe(1);
    expect(io.output()).toMatch(/CHANGE.*AREA.*CODE.*FIELD.*CATALOG.*PAGE/);
    expect(io.output()).toMatch(/│ changed │ sandboxes +│ INVALID_PORT +│ http +│ 422 +│ 400 +│/);
  });

  it("prints one JSON document with --json, exit 1 when they differ", async () => {
    const { code, io } = await run(["catalog", "diff", changedPage, "--areas", "reference,sandboxes", "--json"]);
    expect(code).toBe(1);
    const document = JSON.parse(io.output());
    expect(document).toMatchObject({ file: changedPage, agrees: false, reference_entries: 56, page_rows: 56, unchanged: 53 });
    expect(document.added.map((entry: { code: string }) => entry.code)).toEqual(["SANDBOX_WARMING"]);
    expect(document.removed).toEqual([expect.objectContaining({ code: "EMPTY_ARTIFACT", area: "deployments", http_status: 422 })]);
    expect(document.changed).toEqual([
      expect.objectContaining({ area: "sandboxes", code: "MISSING_MODE", fields: ["action"] }),
      expect.objectContaining({
        code: "INVALID_PORT",
        fields: ["http_status"],
        catalog: expect.objectContaining({ http_status: 422 }),
        page: expect.objectContaining({ http_status: 400 }),
      }),
    ]);
    expect(io.errors()).toBe("");
  });

  it("prints agrees: true with exit 0 when they agree", async () => {
    const { code, io } = await run(["catalog", "diff", REFERENCE_COPY, "--areas", "reference", "--json"]);
    expect(code).toBe(EXIT.OK);
    expect(JSON.parse(io.output())).toMatchObject({ agrees: true, added: [], removed: [], changed: [], unchanged: 56 });
  });

  it("maps the differs outcome to exit 1 in the one exit-code function", () => {
    expect(exitCodeFor("differs")).toBe(1);
    expect(exitCodeFor("invalid")).toBe(1);
  });
});

describe("catalog validate", () => {
  const good = file(
    "good.json",
    JSON.stringify({
      entries: [
        {
          code: "QUOTA_EXCEEDED",
          area: "billing",
          http_status: 429,
          meaning: "Monthly quota used up",
          action: "Wait for the next period",
          retry: "after_state_change",
          fault: "account",
        },
      ],
    }),
  );
  const bad = file(
    "bad.json",
    JSON.stringify({
      entries: [
        { code: "OK_ONE", area: "billing", http_status: 429, meaning: "m", action: "a", retry: "never", fault: "account" },
        { code: "NO_STATUS", area: "billing", http_status: null, meaning: "m", action: "a", retry: "never", fault: "account" },
        { code: "BAD_AREA", area: "moon", http_status: 409, meaning: "m", action: "a", retry: "sometimes", fault: "account" },
        { area: "billing", http_status: 409, meaning: "m", action: "a", retry: "never", fault: "account", colour: "red" },
      ],
    }),
  );

  it("exits 0 for a good catalog and says what loading it would do", async () => {
    const { code, io } = await run(["catalog", "validate", good]);
    expect(code).toBe(EXIT.OK);
    expect(io.output()).toBe(`${good}: valid, 1 entry (0 replace built-in entries, 1 new)\n`);
  });

  it("reports every problem with its entry and field, exit 1", async () => {
    const { code, io } = await run(["catalog", "validate", bad]);
    expect(code).toBe(1);
    expect(io.output().split("\n").filter(Boolean).sort()).toEqual(
      [
        `${bad}: entry 1 (NO_STATUS), field http_status: must be an HTTP status from 100 to 599 (null, for no status given, is only for sdk entries)`,
        `${bad}: entry 2 (BAD_AREA), field area: must be one of: auth, common, sandboxes, templates, computers, deployments, snapshots, domains, workspaces, billing, connectors, login, client`,
        `${bad}: entry 2 (BAD_AREA), field retry: must be one of: never, after_retry_after, backoff, after_state_change`,
        `${bad}: entry 3, field code: is missing`,
        `${bad}: entry 3, field colour: is not a catalog field`,
      ].sort(),
    );
    expect(io.errors()).toBe(`miosa-err: ${bad}: 5 problems; --catalog would refuse it\n`);
  });

  it("reports problems as JSON with --json", async () => {
    const { code, io } = await run(["catalog", "validate", bad, "--json"]);
    expect(code).toBe(1);
    const document = JSON.parse(io.output());
    expect(document).toMatchObject({ file: bad, valid: false });
    expect(document.problems).toContainEqual({ entry: 3, code: null, field: "colour", message: "is not a catalog field" });
    expect(document.problems).toHaveLength(5);
  });

  it("treats text that is not JSON as a problem of the catalog, exit 1", async () => {
    const notJson = file("not.json", "{ entries: ");
    const { code, io } = await run(["catalog", "validate", notJson]);
    expect(code).toBe(1);
    expect(io.output()).toMatch(new RegExp(`^${notJson}: not valid JSON \\(.+\\)\\n$`));
  });

  it("exits 2 when the file cannot be read", async () => {
    const { code, io } = await run(["catalog", "validate", join(dir, "nope.json")]);
    expect(code).toBe(EXIT.USAGE);
    expect(io.errors()).toBe(`miosa-err: cannot read ${join(dir, "nope.json")}: no such file\n`);
  });

  it("neutralises control characters from the file before printing", async () => {
    const sneaky = file(
      "sneaky.json",
      JSON.stringify({ entries: [{ code: "X\u001b[31mRED", area: "moon", http_status: 400, meaning: "m", action: "a", retry: "never", fault: "request" }] }),
    );
    const { io } = await run(["catalog", "validate", sneaky]);
    expect(io.output()).not.toContain("\u001b");
    expect(io.output()).toContain("X\\x1b[31mRED");
  });
});

describe("catalog without a subcommand", () => {
  it("shows its help on stderr and exits 2", async () => {
    const { code, io } = await run(["catalog"]);
    expect(code).toBe(EXIT.USAGE);
    expect(io.errors()).toContain("import [options] <file>");
  });

  it("documents exit 1 for catalog diff and validate in help exit-codes", async () => {
    const { io } = await run(["help", "exit-codes"]);
    expect(io.output()).toMatch(/ {2}1 {2}.*catalog diff found differences; catalog validate found problems/);
  });
});
