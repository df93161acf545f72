// Parse-only tests: argv to each command's typed options, with nothing run.
// The runner keeps what the action hands over instead of running it.
import { describe, expect, test } from "vitest";
import type { Command } from "commander";
import { buildProgram } from "../../src/cli/program.js";
import { testIO } from "../../src/cli/io.js";
import { UsageError } from "../../src/cli/exit.js";
import { DEFAULT_MAX_BODY, DEFAULT_TIMEOUT_MS } from "../../src/commands/probe-options.js";

interface Parsed {
  command: string;
  options: unknown;
  run: string;
}

async function parse(...argv: string[]): Promise<Parsed> {
  let parsed: Parsed | undefined;
  const program = buildProgram(testIO(), async (command: Command, options, run) => {
    parsed = { command: command.name(), options, run: run.name };
  });
  await program.parseAsync(argv, { from: "user" });
  if (!parsed) throw new Error("no command ran");
  return parsed;
}

describe("explain, list, search", () => {
  test("explain: the queries, a checked filter, json", async () => {
    expect(await parse("explain", "SANDBOX_NOT_RUNNING", "409", "--area", "sandboxes", "--status", "409", "--json")).toEqual({
      command: "explain",
      run: "runExplain",
      options: { queries: ["SANDBOX_NOT_RUNNING", "409"], filter: { area: "sandboxes", status: 409 }, format: "json" },
    });
    expect((await parse("explain", "x")).options).toEqual({ queries: ["x"], filter: {}, format: "human" });
    expect((await parse("explain", "x", "--format", "MD")).options).toMatchObject({ format: "markdown" });
    await expect(parse("explain", "x", "--format", "html")).rejects.toThrow(/--format takes human, markdown or json, not "html"/);
    await expect(parse("explain", "x", "--json", "--format", "markdown")).rejects.toThrow(/cannot be used together/);
  });
  test("list: --source and --status are checked and typed", async () => {
    expect((await parse("list", "--source", "SDK", "--status", "404")).options).toEqual({ filter: { source: "sdk", status: 404 }, json: false });
    await expect(parse("list", "--status", "99")).rejects.toThrow(/--status takes an HTTP status from 100 to 599/);
    await expect(parse("list", "--area", "nowhere")).rejects.toBeInstanceOf(UsageError);
    await expect(parse("list", "--source", "elsewhere")).rejects.toThrow(/unknown source/);
  });
  test("search: the terms and filter", async () => {
    expect((await parse("search", "retry", "after", "--area", "auth", "--json")).options).toEqual({
      terms: ["retry", "after"],
      filter: { area: "auth" },
      json: true,
    });
  });
});

describe("catalog", () => {
  test("import: the file and --areas as a list of areas; reference expands to its ten", async () => {
    expect(await parse("catalog", "import", "page.md", "--areas", "auth,sandboxes")).toEqual({
      command: "import",
      run: "runCatalogImport",
      options: { file: "page.md", areas: ["auth", "sandboxes"] },
    });
    const reference = (await parse("catalog", "import", "-", "--areas", "reference")).options as { areas: string[] };
    expect(reference.areas).toHaveLength(10);
    expect((await parse("catalog", "import", "page.md")).options).toEqual({ file: "page.md", areas: undefined });
    await expect(parse("catalog", "import", "page.md", "--areas", "auth,nowhere")).rejects.toThrow(/unknown area "nowhere"/);
  });
  test("diff and validate", async () => {
    expect((await parse("catalog", "diff", "errors.md", "--json")).options).toEqual({ file: "errors.md", areas: undefined, json: true });
    expect(await parse("catalog", "validate", "mine.json")).toEqual({
      command: "validate",
      run: "runCatalogValidate",
      options: { file: "mine.json", json: false },
    });
  });
});

describe("decode", () => {
  test("files, repeated -e, the format", async () => {
    expect((await parse("decode", "a.log", "-", "-e", "one", "-e", "two", "--format", "MD", "--log-url", "https://l/{request_id}")).options).toEqual({
      files: ["a.log", "-"],
      texts: ["one", "two"],
      format: "markdown",
      view: "auto",
      filter: { codes: [], status: null, sinceMs: null, untilMs: null },
      limit: null,
      pager: true,
      logUrl: "https://l/{request_id}",
    });
    expect((await parse("decode")).options).toMatchObject({ files: [], texts: [], format: "human", view: "auto", logUrl: undefined });
    expect((await parse("decode", "--json")).options).toMatchObject({ format: "json" });
    expect((await parse("decode", "--json", "--format", "json")).options).toMatchObject({ format: "json" });
  });
  test("a bad or conflicting format is a usage error", async () => {
    await expect(parse("decode", "--format", "yaml")).rejects.toThrow(/--format takes human, markdown, json or ndjson/);
    await expect(parse("decode", "--json", "--format", "human")).rejects.toThrow(/cannot be used together/);
  });
  test("ndjson, --each, --ids, --no-pager", async () => {
    expect((await parse("decode", "--format", "NDJSON")).options).toMatchObject({ format: "ndjson", view: "auto" });
    expect((await parse("decode", "--each", "--format", "md")).options).toMatchObject({ format: "markdown", view: "each" });
    expect((await parse("decode", "--ids")).options).toMatchObject({ format: "human", view: "ids" });
    expect((await parse("decode", "--no-pager")).options).toMatchObject({ pager: false });
    await expect(parse("decode", "--each", "--ids")).rejects.toThrow(/--each and --ids cannot be used together/);
    await expect(parse("decode", "--each", "--json")).rejects.toThrow(/--each shapes human and markdown output, not json/);
    await expect(parse("decode", "--ids", "--format", "json")).rejects.toThrow(/--ids prints request ids only/);
    await expect(parse("decode", "--ids", "--json")).rejects.toThrow(/--ids and --json cannot be used together/);
  });
  test("filters: --code (repeatable, comma-separated, any case), --status, --since, --until, --limit", async () => {
    const options = await parse(
      "decode",
      "--code",
      "rate_limited",
      "--code",
      "SANDBOX_NOT_RUNNING, agent_unavailable",
      "--status",
      "429",
      "--since",
      "2026-11-28T09:14",
      "--until",
      "2026-11-28",
      "--limit",
      "50",
    );
    expect(options.options).toMatchObject({
      filter: {
        codes: ["RATE_LIMITED", "SANDBOX_NOT_RUNNING", "AGENT_UNAVAILABLE"],
        status: 429,
        sinceMs: Date.UTC(2026, 10, 28, 9, 14),
        untilMs: Date.UTC(2026, 10, 29) - 1,
      },
      limit: 50,
    });
    await expect(parse("decode", "--status", "4xx")).rejects.toThrow(/--status takes an HTTP status from 100 to 599, not "4xx"/);
    await expect(parse("decode", "--since", "yesterday")).rejects.toThrow(/--since takes an ISO 8601 time/);
    await expect(parse("decode", "--until", "28/11/2026")).rejects.toThrow(/--until takes an ISO 8601 time/);
    await expect(parse("decode", "--limit", "0")).rejects.toThrow(/--limit takes a whole number of findings from 1, not "0"/);
    await expect(parse("decode", "--limit", "ten")).rejects.toBeInstanceOf(UsageError);
  });
});

describe("probe", () => {
  test("defaults: GET, no body, the default limits", async () => {
    expect((await parse("probe", "sandboxes")).options).toEqual({
      target: "sandboxes",
      baseUrl: undefined,
      key: undefined,
      method: "GET",
      headers: [],
      data: undefined,
      follow: false,
      allowInsecure: false,
      caFile: undefined,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      maxBodyBytes: DEFAULT_MAX_BODY,
      retries: 0,
      maxTotalWaitMs: 120_000,
      json: false,
      verbose: false,
    });
    expect((await parse("probe")).options).toMatchObject({ target: undefined });
  });
  test("every flag, typed: -d text makes a POST, sizes and counts are numbers, headers are split", async () => {
    const options = (
      await parse(
        "probe",
        "/health",
        "--base-url",
        "http://127.0.0.1:9",
        "--key",
        "msk_x",
        "-d",
        '{"a":1}',
        "-H",
        "X-One: 1",
        "-H",
        "Accept:",
        "--follow",
        "--allow-insecure",
        "--ca",
        "ca.pem",
        "--timeout",
        "2500",
        "--max-body",
        "64KiB",
        "--retry",
        "3",
        "--retry-max-time",
        "30",
        "--json",
        "-v",
      )
    ).options;
    expect(options).toMatchObject({
      target: "/health",
      baseUrl: "http://127.0.0.1:9",
      key: "msk_x",
      method: "POST",
      data: { text: '{"a":1}' },
      follow: true,
      allowInsecure: true,
      caFile: "ca.pem",
      timeoutMs: 2500,
      maxBodyBytes: 65536,
      retries: 3,
      maxTotalWaitMs: 30_000,
      json: true,
      verbose: true,
    });
    expect((options as { headers: unknown[] }).headers).toHaveLength(2);
    expect((await parse("probe", "x", "-d", "@body.json", "-X", "put")).options).toMatchObject({ method: "PUT", data: { file: "body.json" } });
  });
  test("bad numbers and methods are usage errors naming the flag", async () => {
    await expect(parse("probe", "x", "--timeout", "soon")).rejects.toThrow(/--timeout takes a whole number/);
    await expect(parse("probe", "x", "--retry", "11")).rejects.toThrow(/--retry must be from 0 to 10/);
    await expect(parse("probe", "x", "--max-body", "lots")).rejects.toThrow(/--max-body takes a size/);
    await expect(parse("probe", "x", "--retry-max-time", "4000")).rejects.toThrow(/--retry-max-time must be from 0 to 3600/);
    await expect(parse("probe", "x", "-H", "no colon")).rejects.toBeInstanceOf(UsageError);
  });
});

describe("completion and help", () => {
  test("completion: the shell, checked; the program to complete", async () => {
    const parsed = await parse("completion", "ZSH");
    expect(parsed.run).toBe("runCompletion");
    expect(parsed.options).toMatchObject({ shell: "zsh" });
    expect((parsed.options as { program: Command }).program.name()).toBe("miosa-err");
    await expect(parse("completion", "tcsh")).rejects.toThrow(/no completion for shell "tcsh"/);
  });
  test("help: the topic", async () => {
    expect((await parse("help", "exit-codes")).options).toMatchObject({ topic: "exit-codes" });
    expect((await parse("help")).options).toMatchObject({ topic: undefined });
  });
});

describe("serve and page", () => {
  test("serve: a free port unless --port; --open", async () => {
    expect(await parse("serve")).toEqual({ command: "serve", run: "runServe", options: { port: 0, open: false } });
    expect((await parse("serve", "--port", "8765", "--open")).options).toEqual({ port: 8765, open: true });
  });
  test("serve: a port out of range or not a number is a usage error", async () => {
    for (const port of ["0", "65536", "80a", "-1", ""]) await expect(parse("serve", "--port", port)).rejects.toThrow(/--port takes a port from 1 to 65535/);
  });
  test("page: --out is the file, required", async () => {
    expect(await parse("page", "--out", "decoder.html")).toEqual({ command: "page", run: "runPage", options: { out: "decoder.html" } });
    expect((await parse("page", "-o", "x.html")).options).toEqual({ out: "x.html" });
    await expect(parse("page")).rejects.toThrow(/required option '-o, --out <file>'/);
    await expect(parse("page", "--out", " ")).rejects.toThrow(/page needs --out FILE/);
  });
});
