// How explain, list and search show sdk entries and entries with no status.
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/exit.js";
import { main, testIO } from "../../src/cli/main.js";
import type { TestIOOptions } from "../../src/cli/io.js";

async function run(argv: string[], options: TestIOOptions = {}) {
  const io = testIO(options);
  const code = await main(argv, io);
  return { code, out: io.output(), err: io.errors() };
}

describe("explain", () => {
  it("marks an sdk entry plainly and puts the reference entry first", async () => {
    const { code, out } = await run(["explain", "UNAUTHORIZED"]);
    expect(code).toBe(EXIT.OK);
    const [intro, reference, fromSdk] = out.split(/\n(?=UNAUTHORIZED {2})/);
    expect(intro).toBe("UNAUTHORIZED has 2 meanings, by area and status:\n");
    expect(reference).toContain("UNAUTHORIZED  templates · 401 Unauthorized");
    expect(reference).not.toContain("Source");
    expect(fromSdk).toContain("UNAUTHORIZED  common · 401 Unauthorized");
    expect(fromSdk).toContain("Source      not in the error reference; seen in MIOSA's SDKs\n");
  });

  it("says a client-side code has no HTTP status and is never sent by the server", async () => {
    const { code, out } = await run(["explain", "timeout"]);
    expect(code).toBe(EXIT.OK);
    expect(out).toContain("TIMEOUT  client · no HTTP status given\n");
    expect(out).toContain("produced by the SDK, never sent by the server");
    expect(out).toContain("Source      not in the error reference; seen in MIOSA's SDKs, which raise it themselves (the server never sends it)");
    expect(out).toContain("the connection between you and MIOSA");
  });

  it("gives source and a null status in JSON", async () => {
    const { out } = await run(["explain", "SANDBOX_DESTROYED", "rate_limited", "--json"]);
    const { results } = JSON.parse(out);
    expect(results[0].matches).toEqual([expect.objectContaining({ code: "SANDBOX_DESTROYED", http_status: null, area: "client", source: "sdk" })]);
    expect(results[1].matches).toEqual([expect.objectContaining({ code: "RATE_LIMITED", http_status: 429, source: "sdk" })]);
  });

  it("explains a reference code with source reference in JSON", async () => {
    const { out } = await run(["explain", "TEMPLATE_NAME_TAKEN", "--json"]);
    expect(JSON.parse(out).matches[0]).toMatchObject({ source: "reference", http_status: 409 });
  });
});

describe("list and search", () => {
  it("show '-' for no status and the source in the last column when piped", async () => {
    const { code, out } = await run(["list", "--area", "login"]);
    expect(code).toBe(EXIT.OK);
    expect(out).toBe(
      [
        "login\taccess_denied\t-\tnever\tCLI login (device flow): the user denied the request; the SDKs state no HTTP status for it\tsdk",
        "login\tauthorization_pending\t428\tafter_state_change\tCLI login (device flow): the user has not approved the device code yet\tsdk",
        "login\texpired_token\t410\tnever\tCLI login (device flow): the device code expired before it was approved\tsdk",
        "",
      ].join("\n"),
    );
  });

  it("marks reference rows as reference", async () => {
    const { out } = await run(["list", "--area", "workspaces", "--source", "reference"]);
    expect(
      out
        .trim()
        .split("\n")
        .map((row) => row.split("\t")[5]),
    ).toEqual(["reference", "reference"]);
  });

  it("explains the sdk marker and '-' under the table on a terminal", async () => {
    const { out } = await run(["list", "--area", "client"], { tty: true, columns: 140, env: { NO_COLOR: "1" } });
    expect(out).toMatch(/│ SOURCE │/);
    expect(out).toContain("sdk: not in the error reference; seen in MIOSA's SDKs. HTTP -: no status given.\n");
  });

  it("filters by --source", async () => {
    const sdk = await run(["list", "--source", "sdk", "--json"]);
    const entries = JSON.parse(sdk.out).entries as { source: string }[];
    expect(entries).toHaveLength(40);
    expect(entries.every((entry) => entry.source === "sdk")).toBe(true);
    const reference = await run(["search", "credits", "--source", "reference", "--json"]);
    expect(JSON.parse(reference.out).entries.every((entry: { source: string }) => entry.source === "reference")).toBe(true);
  });

  it("rejects an unknown source with exit 2", async () => {
    const { code, err } = await run(["list", "--source", "docs"]);
    expect(code).toBe(EXIT.USAGE);
    expect(err).toBe('miosa-err: unknown source "docs"; sources: reference, sdk, user\n');
  });

  it("lists the new areas with --area", async () => {
    const { out } = await run(["list", "--area", "connectors"]);
    expect(
      out
        .trim()
        .split("\n")
        .map((row) => row.split("\t")[1]),
    ).toEqual([
      "EGRESS_HOST_NOT_ALLOWED",
      "INSTALLATION_REQUIRED",
      "MANAGED_PROVIDER_BINDING_ONLY",
      "PROJECT_NOT_LINKED",
      "SCOPE_NOT_ALLOWED",
      "SUBJECT_NOT_ALLOWED",
      "TOKEN_REFRESH_FAILED",
      "USER_AUTHORIZATION_REQUIRED",
    ]);
  });
});
