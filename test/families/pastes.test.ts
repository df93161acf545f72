// Pastes that mix families: a terminal session (a `$ command` line before each output) or a ticket with blank
// lines between outputs, holding errors from several clients. Each error is found once, in order.
import fc from "fast-check";
import { describe, test } from "vitest";
import {
  RUNS, codeStatus, envelope, eol, expectAllFound, exInspect, message, noise, pyRepr, requestId, type Generated,
} from "./support.js";

const base = fc.record({ cs: codeStatus, msg: message, rid: requestId });
const key = (c: string, msg: string) => JSON.stringify([c, msg]);

const FAMILIES: Record<string, fc.Arbitrary<Generated>> = {
  "go sdk": base.map(({ cs: [c, s], msg, rid }) => ({ lines: [`miosa: ${envelope(c, msg)} (status=${s}, request_id=${rid})`], exp: { code: c, http_status: s, request_id: rid }, key: key(c, msg) })),
  "go cli rest": base.map(({ cs: [c, s], msg, rid }) => ({ lines: [`miosa: API error status=${s} body=${envelope(c, msg, rid)}`, "miosa: command failed"], exp: { code: c, http_status: s, request_id: rid }, key: key(c, msg) })),
  "curl -i": base.map(({ cs: [c, s], msg, rid }) => ({ lines: [`HTTP/2 ${s}`, "content-type: application/json", `x-request-id: ${rid}`, "", envelope(c, msg)], exp: { code: c, http_status: s, request_id: rid }, key: key(c, msg) })),
  "ts cli block": base.map(({ cs: [c], msg }) => ({ lines: [`Error: ${msg}`, `  Code: ${c}`], exp: { code: c }, key: key(c, msg) })),
  "ts cli json": base.map(({ cs: [c, s], msg, rid }) => ({
    lines: JSON.stringify({ ok: false, error: { code: c, message: msg, retryable: s >= 500, request_id: rid } }, null, 2).split("\n"),
    exp: { code: c, request_id: rid }, key: key(c, msg),
  })),
  "python repr": base.map(({ cs: [c, s], msg, rid }) => ({ lines: [`ERROR:app:failed: MiosaError(message=${pyRepr(msg)}, status_code=${s}, code=${pyRepr(c)}, request_id=${pyRepr(rid)})`], exp: { code: c, http_status: s, request_id: rid }, key: key(c, msg) })),
  "elixir banner": base.map(({ cs: [c, s], msg }) => ({ lines: [`** (Miosa.Error) [${s}] ${c}: ${msg}`, "    app.exs:4: (file)"], exp: { code: c, http_status: s }, key: key(c, msg) })),
  "elixir struct": base.map(({ cs: [c, s], msg }) => ({ lines: [`{:error, %Miosa.Error{message: ${exInspect(msg)}, status: ${s}, code: ${exInspect(c)}, body: nil}}`], exp: { code: c, http_status: s }, key: key(c, msg) })),
  "pino": base.map(({ cs: [c, s], msg, rid }) => ({
    lines: [JSON.stringify({ level: 50, time: 1796350200354, err: { type: "MiosaError", message: msg, status: s, code: c, requestId: rid, name: "MiosaError" }, msg: "miosa request failed" })],
    exp: { code: c, http_status: s, request_id: rid }, key: key(c, msg),
  })),
  "envelope": base.map(({ cs: [c], msg, rid }) => ({ lines: [envelope(c, msg, rid)], exp: { code: c, request_id: rid }, key: key(c, msg) })),
};

const anyFamily = fc.oneof(...Object.values(FAMILIES));

/** Prints whose first line says a new error begins, whatever came before (a traceback, a CLI block, a status line, a banner, an SDK line). */
const SELF_STARTING: Record<string, fc.Arbitrary<Generated>> = {
  "python traceback": fc.record({ cls: fc.constantFrom<[string, number]>(["NotFoundError", 404], ["AuthenticationError", 401], ["RateLimitError", 429]), msg: message }).map(({ cls: [name, s], msg }) => ({
    lines: ["Traceback (most recent call last):", '  File "/app/main.py", line 12, in <module>', `miosa.errors.${name}: ${msg}`],
    exp: { http_status: s }, key: key(name, msg),
  })),
  "ts cli block": FAMILIES["ts cli block"]!,
  "curl -i": FAMILIES["curl -i"]!,
  "elixir banner": FAMILIES["elixir banner"]!,
  "go sdk": FAMILIES["go sdk"]!,
};
const PROMPTS = ["$ miosa templates create --name api", "$ go run ./cmd/deploy", "$ python app.py", "$ mix run deploy.exs", "$ node dist/app.mjs", "$ curl -si https://api.miosa.ai/api/v1/sandboxes"];

describe("mixed pastes", () => {
  test("a ticket with outputs of several clients apart by blank lines: each error once, in order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.tuple(anyFamily, noise), { minLength: 2, maxLength: 6, selector: ([g]) => g.key! }), eol, async (items, le) => {
        await expectAllFound(items.map(([g, n]): [Generated, string[]] => [g, ["", ...n, ""]]), le, ["Hi team, here is what we saw:", ""]);
      }),
      RUNS,
    );
  });

  test("a terminal session (a '$ command' line before each output, no blank lines): each error once, in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(anyFamily, fc.constantFrom(...PROMPTS)), { minLength: 2, maxLength: 5, selector: ([g]) => g.key! }),
        eol,
        async (items, le) => {
          const withPrompts = items.map(([g, prompt]): [Generated, string[]] => [{ ...g, lines: [prompt, ...g.lines] }, []]);
          // The prompt line is not an error: findings start at the output, so only the facts are compared.
          await expectAllFound(withPrompts, le);
        },
      ),
      RUNS,
    );
  });

  test("outputs of two clients back to back, nothing between them: each error once, in order, with its own facts", async () => {
    const first = fc.oneof(...Object.entries(FAMILIES).filter(([name]) => name !== "envelope" && name !== "ts cli json").map(([, arb]) => arb));
    await fc.assert(
      fc.asyncProperty(first, fc.oneof(...Object.values(SELF_STARTING)), eol, async (a, b, le) => {
        fc.pre(a.key !== b.key);
        await expectAllFound([[a, []], [b, []]], le);
      }),
      { numRuns: 300 },
    );
  });

  test("each family on its own in a terminal session after a prompt line is one finding", async () => {
    for (const [name, arb] of Object.entries(FAMILIES)) {
      await fc.assert(
        fc.asyncProperty(arb, fc.constantFrom(...PROMPTS), eol, async (g, prompt, le) => {
          await expectAllFound([[{ ...g, lines: [prompt, ...g.lines] }, []]], le).catch((err: Error) => {
            throw new Error(`${name}: ${err.message}`);
          });
        }),
        { numRuns: 10 },
      );
    }
  });
});
