// A proxy's HTML page put verbatim into a client's error (docs/client-formats.md): Python's SDK makes a
// non-JSON body the message (§4 Extraction), so a traceback's last line runs on over the page's lines and the
// repr holds it escaped; the TS CLI makes it `{message: rawBody}` (§6), printed after its own words
// (`Server error (502): `) or alone, and `--debug` prints it as response_body too. Each is one finding without
// an envelope, with the status the print or the page's title gives: never an entry guessed from the status.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { apiPath, decode, eol, expectFound, method, pyRepr, requestId } from "./support.js";

const REASON: Record<number, string> = { 502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out" };

/** Pages that proxies in front of an API answer with, by status: nginx's, Cloudflare's two, Google Frontend's, an ELB's. */
const PAGES: readonly ((s: number) => string[])[] = [
  (s) => ["<html>", `<head><title>${s} ${REASON[s]}</title></head>`, "<body>", `<center><h1>${s} ${REASON[s]}</h1></center>`, "<hr><center>nginx</center>", "</body>", "</html>"],
  (s) => ["<html>", `<head><title>${s} ${REASON[s]}</title></head>`, "<body>", `<center><h1>${s} ${REASON[s]}</h1></center>`, "<hr><center>cloudflare</center>", "</body>", "</html>"],
  (s) => ['<!DOCTYPE html>', '<html lang="en-US">', "<head>", `<title>api.miosa.ai | ${s}: ${REASON[s]}</title>`, "</head>", "<body>", `<span class="cf-error-code">${s}</span>`, "</body>", "</html>"],
  (s) => ["<!DOCTYPE html>", "<html lang=en>", "  <meta charset=utf-8>", `  <title>Error ${s} (Server Error)!!1</title>`, `  <p><b>${s}.</b> <ins>That’s an error.</ins>`, "</html>"],
  (s) => ["<html>", `<head><title>${s} ${REASON[s]}</title></head>`, "<body>", `<center><h1>${s} ${REASON[s]}</h1></center>`, "</body>", "</html>"],
];

const status = fc.constantFrom(502, 503, 504);
const page = fc.tuple(fc.constantFrom(...PAGES), status).map(([make, s]) => ({ lines: make(s), status: s }));

const TRACEBACK = [
  "Traceback (most recent call last):",
  '  File "/app/main.py", line 12, in <module>',
  '    computer = client.computers.create(template="ubuntu-desktop")',
  '  File "/usr/lib/python3.12/site-packages/miosa/_http.py", line 88, in request',
  "    raise_for_status(response.status_code, body, request_id)",
];

/** What follows each print: a later error that must still be found on its own. */
const AFTER = '2026-12-06T10:00:02.000Z ERROR {"error":{"code":"SANDBOX_NOT_RUNNING","message":"sandbox is not running"}}';
const AFTER_FOUND = { code: "SANDBOX_NOT_RUNNING", kind: "envelope" };

describe("an HTML page in a client's error", () => {
  test("Python traceback (miosa.errors.ServerError: <page>): one finding, the status from the page's title", async () => {
    await fc.assert(
      fc.asyncProperty(page, eol, async ({ lines, status: s }, le) => {
        const [first, ...rest] = lines;
        const input = [...TRACEBACK, `miosa.errors.ServerError: ${first}`, ...rest, AFTER].join(le) + le;
        await expectFound(input, [{ kind: "non_envelope", http_status: s, code: null }, AFTER_FOUND]);
      }),
      { numRuns: 30 },
    );
  });

  test("Python repr logged on one line (the page escaped): one finding, the status from status_code", async () => {
    await fc.assert(
      fc.asyncProperty(page, fc.constantFrom("\n", "\r\n"), async ({ lines, status: s }, pageEnd) => {
        const text = pyRepr(lines.join(pageEnd)).replace(/\r/g, "\\r").replace(/\n/g, "\\n");
        const input = `2026-12-06 10:00:01,123 ERROR app: create failed: ServerError(message=${text}, status_code=${s})\n${AFTER}\n`;
        await expectFound(input, [{ kind: "non_envelope", http_status: s, code: null }, AFTER_FOUND]);
      }),
      { numRuns: 30 },
    );
  });

  test("TS CLI block, after the CLI's words or alone: one finding with the status", async () => {
    await fc.assert(
      fc.asyncProperty(page, eol, fc.boolean(), async ({ lines, status: s }, le, words) => {
        const [first, ...rest] = lines;
        const input = [`Error: ${words ? `Server error (${s}): ` : ""}${first}`, ...rest, AFTER].join(le) + le;
        await expectFound(input, [{ kind: "non_envelope", http_status: s, code: null }, AFTER_FOUND]);
      }),
      { numRuns: 30 },
    );
  });

  test("TS CLI --debug (response_body, the block, Details, Request ID): one finding with method, path and request id", async () => {
    await fc.assert(
      fc.asyncProperty(page, eol, method, apiPath, requestId, async ({ lines, status: s }, le, m, p, rid) => {
        const [first, ...rest] = lines;
        const input = [
          `[debug] ${m} ${p} -> HTTP ${s} request_id=${rid}`,
          `[debug] response_body=${first}`,
          ...rest,
          `Error: Server error (${s}): ${first}`,
          ...rest,
          `  Details: ${first}`,
          ...rest,
          `  Request ID: ${rid}`,
          AFTER,
        ].join(le);
        const found = await expectFound(input + le, [{ kind: "non_envelope", http_status: s, request_id: rid, method: m, path: p }, AFTER_FOUND]);
        // The whole page (its title), not response_body's first line alone.
        expect(found[0]!.message).toContain(String(s));
      }),
      { numRuns: 30 },
    );
  });

  test("the finding carries the page's title and who served it", async () => {
    const lines = PAGES[1]!(502);
    const { findings } = await decode([...TRACEBACK, `miosa.errors.ServerError: ${lines[0]}`, ...lines.slice(1)].join("\n") + "\n");
    expect(findings.map((f) => [f.kind, f.http_status, f.message, f.entry])).toEqual([["non_envelope", 502, "502 Bad Gateway", null]]);
    const { stdout } = await decode([...TRACEBACK, `miosa.errors.ServerError: ${lines[0]}`, ...lines.slice(1)].join("\n") + "\n");
    expect(JSON.parse(stdout).findings[0]).toMatchObject({ page_title: "502 Bad Gateway", served_by: "cloudflare", body_kind: "html" });
  });

  test("a 4xx page under a class that gives the status (NotFoundError) keeps the class's status", async () => {
    const input = ["miosa.errors.NotFoundError: <html>", "<head><title>404 Not Found</title></head>", "<body>nginx</body>", "</html>"].join("\n") + "\n";
    await expectFound(input, [{ kind: "non_envelope", http_status: 404 }]);
  });

  test("a page cut short (no </html>) ends at its first line that no page has: the errors after it are read, each", async () => {
    const after = [
      ["Traceback (most recent call last):", '  File "/app/main.py", line 30, in <module>', "miosa.errors.NotFoundError: Template 'ubuntu-x' not found"],
      ['{"error":{"code":"NOT_FOUND","message":"no such sandbox"}}'],
      ["HTTP/1.1 429 Too Many Requests", "Retry-After: 3", "", '{"error":{"code":"RATE_LIMITED","message":"slow down"}}'],
      ["Error: Not found: template not found"],
    ];
    const statuses = [404, null, 429, 404];
    for (const [i, lines] of after.entries()) {
      for (const opener of ["miosa.errors.ServerError: <html><head><title>502 Bad Gateway</title></head><body>", "Error: Server error (502): <html>"]) {
        const { findings } = await decode([opener, "<center><h1>502 Bad Gateway</h1></center>", ...lines].join("\n") + "\n");
        expect(findings.map((f) => [f.kind, f.http_status])).toEqual([["non_envelope", 502], ["envelope", statuses[i]]]);
      }
    }
  });

  test("Google's page (inline CSS, no </html>) is one page: its style sheet's lines are the page's", async () => {
    const page = [
      "<!DOCTYPE html>", "<html lang=en>", "  <meta charset=utf-8>", "  <title>Error 502 (Server Error)!!1</title>", "  <style>",
      "    *{margin:0;padding:0}html,code{font:15px/22px arial,sans-serif}", "  </style>", "  <p><b>502.</b> <ins>That’s an error.</ins>",
    ];
    const input = [`miosa.errors.ServerError: ${page[0]}`, ...page.slice(1), AFTER].join("\n") + "\n";
    await expectFound(input, [{ kind: "non_envelope", http_status: 502 }, AFTER_FOUND]);
  });

  test("a page cut inside its <style> still ends at a blank line or a new record; a titled page with no status is still a page; a Go page whose first line was passed over keeps its tail's status", async () => {
    const cut = ["Error: Server error (502): <html><head><style>", "body { color: red }", "", AFTER].join("\n") + "\n";
    await expectFound(cut, [{ kind: "non_envelope", http_status: 502 }, AFTER_FOUND]);
    const titled = ["Error: <!DOCTYPE html>", "<html lang=\"en-US\"><head><title>Just a moment...</title></head>", "</html>"].join("\n") + "\n";
    const { findings } = await decode(titled);
    expect(findings.map((f) => [f.kind, f.http_status, f.message])).toEqual([["non_envelope", null, "Just a moment..."]]);
    const goPage = ["create template: miosa: <html>", "<head><title>502 Bad Gateway</title></head>", "</html> (status=502, request_id=req_abc)"].join("\n") + "\n";
    await expectFound(goPage, [{ kind: "non_envelope", http_status: 502, request_id: "req_abc" }]);
  });

  test("a page cut short (no </html>) ends at a blank line or a log record's start: what follows is still read", async () => {
    for (const gap of [[""], []]) {
      const input = ["miosa.errors.ServerError: <html>", "<head><title>502 Bad Gateway</title></head>", "<body>", ...gap, AFTER, AFTER.replace("10:00:02", "10:00:03")].join("\n") + "\n";
      const { findings } = await decode(input);
      expect(findings.map((f) => [f.kind, f.http_status ?? f.code])).toEqual([
        ["non_envelope", 502],
        ["envelope", "SANDBOX_NOT_RUNNING"],
        ["envelope", "SANDBOX_NOT_RUNNING"],
      ]);
    }
  });
});
