import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/core/builtin.js";
import { explainResponse } from "../../src/core/finding/explain.js";
import { hyperlink, renderFinding, renderFindingMarkdown } from "../../src/render/finding.js";
import { findingJson, logUrlFor } from "../../src/render/json.js";

const catalog = builtinCatalog();
const plain = new Chalk({ level: 0 });
const ID = "req_01KB2ZJ1XG7Q5N3M8R4T6V9W0Y";

function conflict(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ error: { code: "SANDBOX_NOT_RUNNING", message: "sandbox is not running", request_id: ID, ...extra } });
  return explainResponse({ status: 409, headers, body, method: "POST", path: "/api/v1/sandboxes/sb_1/deploy" }, catalog)!;
}

describe("renderFinding", () => {
  it("shows code, status, call, message, request id and time, entry, advice and alternatives", () => {
    const text = renderFinding(plain, conflict({}, { "retry-after": "5" }), { index: 2 });
    expect(text.split("\n")[0]).toBe("2. SANDBOX_NOT_RUNNING · 409 Conflict · POST /api/v1/sandboxes/sb_1/deploy");
    expect(text).toContain("  Message     sandbox is not running\n");
    expect(text).toContain(`  Request ID  ${ID}\n              made 2025-11-27 15:40:23.344 UTC (derived from the ULID id)\n`);
    expect(text).toContain("  Entry       sandboxes · 409 Conflict  (chosen by path area sandboxes, status 409, path /deploy, ");
    expect(text).toContain("  Meaning     /deploy called but sandbox is not running\n");
    expect(text).toContain("  What to do  Confirm sandbox state before promoting\n");
    expect(text).toContain("  Retry after 5 s (Retry-After header)\n");
    expect(text).toContain(
      "  Also        sandboxes 409: Operation requires the sandbox to be in running state\n              deployments 409: Publishing requires a running sandbox\n",
    );
    expect(text).not.toContain("Found");
  });

  it("says what to ask for when there is no request id", () => {
    const finding = explainResponse({ status: 404, headers: {}, body: '{"error":{"code":"NOT_FOUND","message":"x"}}', method: null, path: null }, catalog)!;
    expect(renderFinding(plain, finding)).toContain("Request ID  none in this answer: ask the customer for the X-Request-ID response header");
  });

  it("links the request id to the logs: OSC 8 on a terminal, plain text elsewhere", () => {
    const template = "https://logs.example/search?q={request_id}";
    const url = `https://logs.example/search?q=${ID}`;
    const piped = renderFinding(plain, conflict(), { logUrlTemplate: template });
    expect(piped).toContain(`  Logs        ${url}\n`);
    expect(piped).not.toContain("\u001b");
    const tty = renderFinding(plain, conflict(), { logUrlTemplate: template, hyperlinks: true });
    expect(tty).toContain(hyperlink(url, ID));
    expect(tty).toContain(`\u001b]8;;${url}\u001b\\${url}\u001b]8;;\u001b\\`);
  });

  it("encodes the request id in the log URL", () => {
    expect(logUrlFor("https://l/?q={request_id}&r={request_id}", "a b&c")).toBe("https://l/?q=a%20b%26c&r=a%20b%26c");
    expect(logUrlFor(null, "x")).toBeNull();
  });

  it("neutralises control sequences and bidi overrides from the input", () => {
    const finding = conflict({ message: "evil \u001b[2J\u001b]0;pwned\u0007 text \u202e reversed", code: "X\u001b[31mY" });
    const text = renderFinding(new Chalk({ level: 1 }), finding);
    expect(text).not.toMatch(/\u001b\[2J|\u001b\]0|\u0007|\u202e/);
    expect(text).toContain("\\x1b[2J");
    expect(text).toContain("\\u202e");
  });

  it("explains a non-envelope answer as coming from in front of the API", () => {
    const finding = explainResponse(
      {
        status: 503,
        headers: { "content-type": "text/html", server: "nginx" },
        body: "<html><title>503 Service Temporarily Unavailable</title></html>",
        method: "GET",
        path: "/api/v1/sandboxes",
      },
      catalog,
    )!;
    const text = renderFinding(plain, finding, { showSource: true });
    expect(text.split("\n")[0]).toBe("not a MIOSA error envelope · 503 Service Unavailable · GET /api/v1/sandboxes");
    expect(text).toContain("Page title  503 Service Temporarily Unavailable");
    expect(text).toContain("Served by   nginx");
    expect(text).toContain("came from something in front of the MIOSA API");
    expect(text).toContain("Found       (curl)");
  });

  it("shows field errors one line per field, and unknown codes with suggestions", () => {
    const finding = explainResponse(
      {
        status: 422,
        headers: {},
        body: '{"error":{"code":"VALIDATON_FAILED"},"errors":{"slug":["is taken"],"name":["is required"]}}',
        method: null,
        path: null,
      },
      catalog,
    )!;
    const text = renderFinding(plain, finding);
    expect(text).toContain("  Field       slug: is taken\n  Field       name: is required\n");
    expect(text).toContain("Catalog     no entry for VALIDATON_FAILED; closest known codes: VALIDATION_FAILED");
  });
});

describe("renderFindingMarkdown", () => {
  it("puts URLs and addresses in code spans, also beside a long run of word characters (the pattern once backtracked on it)", () => {
    // No clock here: a pattern that backtracks again makes this test run for hours, which fails the run.
    const run = `${"a.b-".repeat(60_000)}x`;
    const text = renderFindingMarkdown(conflict({ message: `see https://status.example/x or ops@example.com ${run}` }));
    expect(text).toContain("`https://status.example/x`");
    expect(text).toContain("`ops@example.com`");
    expect(text).toContain(run.slice(0, 100));
  });
  it("gives code, meaning, what to do and request id, escaped for Markdown", () => {
    const text = renderFindingMarkdown(conflict({ message: "a *bold* <b>claim</b>" }), { logUrlTemplate: "https://logs.example/q?id={request_id}" });
    expect(text).toContain("### `SANDBOX_NOT_RUNNING` (409 Conflict) on `POST /api/v1/sandboxes/sb_1/deploy`");
    expect(text).toContain("- **Message:** a \\*bold\\* \\<b\\>claim\\</b\\>");
    expect(text).toContain("- **What it means:** /deploy called but sandbox is not running");
    expect(text).toContain("- **What to do:** Confirm sandbox state before promoting");
    expect(text).toContain(`- **Request ID:** \`${ID}\``);
    expect(text).toContain(`([logs](https://logs.example/q?id=${ID}))`);
  });
});

describe("findingJson", () => {
  it("keeps the issue's shape with entries as JSON and the log link", () => {
    const json = findingJson(conflict(), { logUrlTemplate: "https://l/{request_id}" });
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining([
        "kind",
        "code",
        "message",
        "request_id",
        "request_time",
        "http_status",
        "method",
        "path",
        "retry_after_s",
        "entry",
        "alternatives",
        "field_errors",
        "warnings",
        "source",
      ]),
    );
    expect(json.entry).toMatchObject({ code: "SANDBOX_NOT_RUNNING", area: "sandboxes", http_status: 409 });
    expect(json.log_url).toBe(`https://l/${ID}`);
  });
});
