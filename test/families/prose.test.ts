// Prose: a ticket that names a code and a request id is a finding; prose with capitalised words, a successful
// answer, a request id alone, or an unrelated Node TypeError is not (exit 3, no findings).
import fc from "fast-check";
import { describe, test } from "vitest";
import { RUNS, code, eol, expectFound, expectNothing, requestId } from "./support.js";

const SENTENCES: ((c: string, rid: string) => string)[] = [
  (c, rid) => `we keep getting ${c}, request id ${rid}`,
  (c, rid) => `Hi, since this morning every deploy fails with ${c} (request id: ${rid}). Can you check?`,
  (c, rid) => `Ticket #4411: error code ${c}, req id ${rid}, started around 10:00 UTC.`,
  (c, rid) => `The API said ${c} again — request_id=${rid} — third time today.`,
];

const mention = fc.record({ c: code.filter((c) => c.includes("_")), rid: requestId, s: fc.nat({ max: SENTENCES.length - 1 }) });

describe("codes named in prose", () => {
  test("'we keep getting SANDBOX_LIMIT_REACHED, request id req_...' is a finding with that code and id", async () => {
    await expectFound("we keep getting SANDBOX_LIMIT_REACHED, request id req_01KATNJ7E9SS6YS3C4DWA7N360\n", [
      { code: "SANDBOX_LIMIT_REACHED", request_id: "req_01KATNJ7E9SS6YS3C4DWA7N360" },
    ]);
  });

  test("each paragraph that names a catalog code (CODE_WITH_UNDERSCORES) and a request id is one finding with both", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(mention, { minLength: 1, maxLength: 3, selector: (m) => m.c }), eol, async (ms, le) => {
        fc.pre(new Set(ms.map((m) => m.rid)).size === ms.length); // one request, one error
        const text = ["Hello MIOSA support,", "", ...ms.flatMap((m) => [SENTENCES[m.s]!(m.c, m.rid), ""]), "Thanks, Ana"].join(le);
        await expectFound(text + le, ms.map((m) => ({ code: m.c, request_id: m.rid })));
      }),
      RUNS,
    );
  });

  test("a one-word catalog code (FORBIDDEN, UNAUTHORIZED) named with a request id is a finding with both", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("FORBIDDEN", "UNAUTHORIZED"), requestId, fc.nat({ max: SENTENCES.length - 1 }), async (c, rid, s) => {
        await expectFound(SENTENCES[s]!(c, rid) + "\n", [{ code: c, request_id: rid }]);
      }),
      { numRuns: 20 },
    );
  });
});

const CAPS = ["ASAP", "THANKS", "ERROR", "URGENT", "FYI", "API", "HTTP", "JSON", "NOTE", "PLEASE", "OK", "CEO", "EU", "PR", "DNS"];
const lower = ["please", "fix", "this", "was", "shown", "again", "on", "the", "dashboard", "today", "we", "see", "an", "it"];

describe("inputs with no MIOSA error (exit 3)", () => {
  test("'Please fix this ASAP, THANKS. ERROR was shown' is not a finding", async () => {
    await expectNothing("Please fix this ASAP, THANKS. ERROR was shown\n");
  });

  test("prose mixing capitalised words and punctuation is not a finding", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom(...CAPS), fc.constantFrom(...lower)), { minLength: 3, maxLength: 12 }), fc.constantFrom(".", "!", ",", ":", "?"), eol, async (words, p, le) => {
        await expectNothing([words.join(" ") + p, "", `${words.slice(0, 2).join(" ").toUpperCase()}${p}`].join(le) + le);
      }),
      RUNS,
    );
  });

  test("a successful curl -i answer (200/201) with a JSON body is not a finding", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("200 OK", "201 Created"), fc.array(fc.record({ id: fc.constantFrom("sb_1", "sb_7Hq2mK9x", "tpl_9"), status: fc.constantFrom("running", "stopped", "ready") }), { maxLength: 3 }), requestId, eol, async (st, data, rid, le) => {
        const text = [`HTTP/1.1 ${st}\r`, "content-type: application/json\r", `x-request-id: ${rid}\r`, "\r", JSON.stringify({ data })].map((l) => (le === "\r\n" ? l.replace(/\r$/, "") : l));
        await expectNothing(text.join(le) + le);
      }),
      RUNS,
    );
  });

  test("a request id alone ('my request id is req_...') is not a finding", async () => {
    await fc.assert(
      fc.asyncProperty(requestId, fc.constantFrom("my request id is ", "request id: ", "Request-Id ", "see "), async (rid, lead) => {
        await expectNothing(`${lead}${rid}\n`);
      }),
      RUNS,
    );
  });

  test("Node printing an unrelated TypeError with its stack is not a finding", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("x", "Cannot read properties of undefined (reading 'id')", "fetch is not a function"), fc.boolean(), eol, async (msg, footer, le) => {
        const text = [
          "file:///srv/app/dist/app.mjs:12", "  const id = sandbox.id;", "                     ^", "",
          `TypeError: ${msg}`, "    at main (file:///srv/app/dist/app.mjs:12:22)", "    at file:///srv/app/dist/app.mjs:40:1",
          ...(footer ? ["", "Node.js v20.20.2"] : []),
        ];
        await expectNothing(text.join(le) + le);
      }),
      { numRuns: 20 },
    );
  });
});
