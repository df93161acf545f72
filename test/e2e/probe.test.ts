// The built CLI, spawned as a user runs it, against local servers: exit
// codes, one-line errors, and that explain never loads probe or undici.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMiosa, VALID_KEY } from "../helpers/miosa.js";
import { closedPort, type TestServer } from "../helpers/servers.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/miosa-err.js");

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with a clean environment: nothing of the developer's MIOSA_* settings leaks in. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...env }, timeout: 15_000 }, (error, stdout, stderr) => {
      const code =
        error && typeof (error as NodeJS.ErrnoException).code === "number" ? ((error as NodeJS.ErrnoException).code as unknown as number) : error ? null : 0;
      done({ code, stdout, stderr });
    });
  });
}

let miosa: TestServer;
beforeAll(async () => {
  miosa = await startMiosa();
});
afterAll(async () => {
  await miosa?.close();
});

describe("probe exit codes", () => {
  test("0: a 2xx answer", async () => {
    const run = await cli(["probe", "--base-url", miosa.origin, "sandboxes"], { MIOSA_API_KEY: VALID_KEY });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("200 OK");
    expect(run.stdout + run.stderr).not.toContain(VALID_KEY);
  });

  test("1: an HTTP error answer, explained", async () => {
    const run = await cli(["probe", "--base-url", miosa.origin, "sandboxes/sb_missing"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("404 Not Found");
    expect(run.stdout).toContain("Resource does not exist or belongs to a different tenant");
  });

  test("4: no HTTP answer", async () => {
    const port = await closedPort();
    const run = await cli(["probe", "--base-url", `http://127.0.0.1:${port}`, "sandboxes", "--json"]);
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout).result).toBe("no_response");
    expect(run.stderr).toBe(`miosa-err: no HTTP answer from 127.0.0.1:${port} (ECONNREFUSED)\n`);
  });

  test.each([
    [["probe", "--base-url", "https://exa mple.com", "sandboxes"], /^miosa-err: malformed URL "https:\/\/exa mple.com" from the --base-url flag\n$/],
    [
      ["probe", "--base-url", "http://api.miosa.test", "--key", VALID_KEY, "sandboxes"],
      /^miosa-err: refusing to send the key over plain http:\/\/ to api.miosa.test/,
    ],
    [["probe", "--bogus", "sandboxes"], /unknown option '--bogus'/],
    [["probe", "--timeout", "-5", "sandboxes"], /--timeout takes a whole number/],
  ])("2: usage error %j, one line, no stack", async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe("");
  });

  test("the health check: 0 when nothing failed, 1 when the key is rejected", async () => {
    const ok = await cli(["probe", "--base-url", miosa.origin], { MIOSA_API_KEY: VALID_KEY });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/pass\s+auth\s+key msk_…KEY1 is valid/);
    const bad = await cli(["probe", "--base-url", miosa.origin, "--json"], { MIOSA_API_KEY: "msk_u_nope0000000000000000NOPE" });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).checks.at(-1)).toMatchObject({ name: "auth", status: "fail" });
  });

  test("MIOSA_API_URL supplies the base URL", async () => {
    const run = await cli(["probe", "/health", "--json"], { MIOSA_API_URL: `${miosa.origin}/api/v1` });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).request.url).toBe(`${miosa.origin}/health`);
  });

  test("help has a description and examples", async () => {
    const run = await cli(["probe", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("call a live MIOSA endpoint");
    expect(run.stdout).toContain("Examples:");
    expect(run.stdout).toContain("miosa-err probe sandboxes");
  });
});

test("explain, list and search never load undici: it is a file of its own, imported on use", () => {
  // A name undici uses for its diagnostics channels: present only in undici's own code.
  const holding = readdirSync(join(ROOT, "dist"), { recursive: true, encoding: "utf8" }).filter(
    (file) => file.endsWith(".js") && readFileSync(join(ROOT, "dist", file), "utf8").includes("undici:client:beforeConnect"),
  );
  expect(holding).toEqual([join("vendor", "undici.js")]);
  // The commands' runs (src/commands/runs.ts) import it when probe runs; no other file does.
  const importers = readdirSync(join(ROOT, "dist")).filter(
    (file) => file.endsWith(".js") && readFileSync(join(ROOT, "dist", file), "utf8").includes("./vendor/undici.js"),
  );
  expect(importers).toEqual([expect.stringMatching(/^runs-\w+\.js$/)]);
  expect(readFileSync(join(ROOT, "dist", importers[0]!), "utf8")).toMatch(/import\(["']\.\/vendor\/undici\.js["']\)/);
});
