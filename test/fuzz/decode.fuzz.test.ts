// decode under generated input: whatever is pasted, it ends cleanly, prints
// nothing the input could use to control a terminal, keeps its JSON valid and
// secrets masked, and never loses an envelope hidden in surrounding text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers.js";
import { runCli } from "../e2e/run-cli.js";
import { expectCleanRun, FUZZ_SPAWN_RUNS, fuzzParameters, hostileString, withinBound } from "./harness.js";
import { decodeInput, errorCode, FIXTURE_FILES, requestId } from "./inputs.js";

const formats = fc.constantFrom<string[]>([], ["--json"], ["--format", "markdown"], ["--no-color"]);

/** 0 found, 3 nothing found; 2 only for a gzip header with nothing that inflates behind it (an unreadable file). */
function expectDecodeExit(result: { code: number | null; stderr: string }): void {
  expect([0, 2, 3]).toContain(result.code);
  if (result.code === 2) expect(result.stderr).toMatch(/miosa-err: cannot read \(stdin\): not valid gzip data\n$/);
}

describe("decode, generated input", () => {
  it("any bytes on stdin: a clean run with exit 0 or 3 (2 for a gzip that does not inflate)", async () => {
    await fc.assert(
      fc.asyncProperty(decodeInput, formats, fc.boolean(), async (input, flags, tty) => {
        const result = await withinBound(runInProcess(["decode", ...flags], { stdin: input, tty, env: tty ? { TERM: "xterm" } : {} }));
        expectCleanRun(result, { json: flags.includes("--json") && result.code !== 2, colour: tty && !flags.includes("--no-color") });
        expectDecodeExit(result);
      }),
      fuzzParameters(),
    );
  });

  it("any texts with -e and any --log-url: a clean run or a one-line usage error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileString, { minLength: 1, maxLength: 3 }), fc.option(hostileString), async (texts, logUrl) => {
        const args = ["decode", ...texts.flatMap((text) => ["-e", text]), ...(logUrl === null ? [] : ["--log-url", logUrl])];
        const result = await withinBound(runInProcess(args));
        expectCleanRun(result, { maxStderrLines: 4 });
        expect([0, 2, 3]).toContain(result.code);
        if (result.code === 2) expect(result.stderr).toMatch(/^miosa-err: --log-url /);
      }),
      fuzzParameters(),
    );
  });

  it("an envelope spliced into random text is found, code and request_id intact", async () => {
    const separator = fc.constantFrom(" ", "\n", "\t", ": ", " body=", "\r\n", "> ", "\n\n");
    // Prose, JSON, log lines and whole captures on either side.
    const surrounding = fc.oneof(
      { weight: 4, arbitrary: hostileString },
      { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
      { weight: 1, arbitrary: fc.constantFrom(...FIXTURE_FILES.map(({ bytes }) => bytes.toString("utf8"))) },
    );
    await fc.assert(
      fc.asyncProperty(
        surrounding,
        surrounding,
        separator,
        separator,
        errorCode,
        requestId,
        fc.boolean(),
        async (before, after, open, close, code, id, pretty) => {
          const envelope = JSON.stringify({ error: { code, message: "generated", request_id: id } }, null, pretty ? 2 : undefined);
          const input = `${before}${open}${envelope}${close}${after}`;
          const result = await withinBound(runInProcess(["decode", "--json"], { stdin: input }));
          expectCleanRun(result, { json: true });
          const findings: { code: string | null; request_id: string | null }[] = JSON.parse(result.stdout).findings;
          expect(findings, `no finding with ${code} / ${id} in ${JSON.stringify(input)}`).toContainEqual(expect.objectContaining({ code, request_id: id }));
        },
      ),
      fuzzParameters(),
    );
  });
});

describe("decode, generated input, through the built binary", () => {
  it("random bytes and mangled captures on a real stdin: exit 0 or 3 (or 2, as above), no trace, one-line messages", async () => {
    await fc.assert(
      fc.asyncProperty(decodeInput, fc.boolean(), async (input, json) => {
        const result = runCli(["decode", ...(json ? ["--json"] : [])], { input });
        expectCleanRun({ code: result.status, stdout: result.stdout, stderr: result.stderr }, { json: json && result.status !== 2 });
        expectDecodeExit({ code: result.status, stderr: result.stderr });
        for (const line of result.stderr.split("\n").filter(Boolean)) expect(line).toMatch(/^miosa-err: /);
      }),
      fuzzParameters(FUZZ_SPAWN_RUNS),
    );
  });
});
