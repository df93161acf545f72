// Errors inside wrappings a paste picks up on its way: JSON log lines JSON-encoded in another log's string
// (Docker json-file, CloudWatch/Kubernetes `message`), two levels deep; HTML escaping; quoted-printable mail;
// ANSI colour (jq -C, the TS CLI's red block); UTF-16LE with and without BOM; CR-only line endings.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  RUNS, codeStatus, decode, envelope, errorsWithNoise, expectAllFound, expectFound, message, requestId, type Generated,
} from "./support.js";

/** The innermost log line: a pino err object, or an app line with the envelope as an object. */
const innerLine = fc
  .record({ cs: codeStatus, msg: message, rid: requestId, pino: fc.boolean() })
  .map(({ cs: [c, s], msg, rid, pino }) => ({
    line: pino
      ? JSON.stringify({ level: 50, time: 1796350200354, err: { type: "MiosaError", message: msg, status: s, code: c, requestId: rid, name: "MiosaError" }, msg: "miosa request failed" })
      : JSON.stringify({ level: "error", msg: "miosa call failed", status: s, body: JSON.parse(envelope(c, msg, rid)) }),
    exp: { code: c, http_status: s, request_id: rid },
    key: JSON.stringify([c, msg]),
  }));

const docker = (line: string) => JSON.stringify({ log: line + "\n", stream: "stderr", time: "2026-12-04T02:10:11.162345678Z" });
const cloudwatch = (line: string) => JSON.stringify({ timestamp: 1796350200354, message: line, logStream: "worker/abc" });
const k8s = (line: string) => JSON.stringify({ kubernetes: { pod_name: "worker-7c9d", namespace_name: "prod" }, message: line });
const wrappers = fc.array(fc.constantFrom(docker, cloudwatch, k8s), { minLength: 1, maxLength: 2 });

const wrapped = fc.record({ inner: innerLine, wrap: wrappers }).map(({ inner, wrap }): Generated => ({
  lines: [wrap.reduce((line, w) => w(line), inner.line)],
  exp: inner.exp,
  key: inner.key,
}));

const htmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/**
 * Quoted-printable as mail clients write it: `=` and non-ASCII as =XX (and `"` too by some, not by most:
 * `quotes`), soft breaks (`=`) past 76 columns.
 */
function quotedPrintable(text: string, quotes = true): string {
  return text.split("\n").map((line) => {
    let out = "";
    for (const byte of Buffer.from(line, "utf8")) {
      const ch = String.fromCharCode(byte);
      out += byte === 61 || (quotes && byte === 34) || byte > 126 || byte < 32 ? "=" + byte.toString(16).toUpperCase().padStart(2, "0") : ch;
    }
    const pieces: string[] = [];
    while (out.length > 75) {
      let cut = 75;
      while (/=[0-9A-F]?$/.test(out.slice(0, cut))) cut--; // never split an =XX escape
      pieces.push(out.slice(0, cut) + "=");
      out = out.slice(cut);
    }
    pieces.push(out);
    return pieces.join("\r\n");
  }).join("\r\n");
}

const goSdkLine = fc.record({ cs: codeStatus, msg: message, rid: requestId }).map(({ cs: [c, s], msg, rid }): Generated => ({
  lines: [`miosa: ${envelope(c, msg)} (status=${s}, request_id=${rid})`], exp: { code: c, http_status: s, request_id: rid }, key: JSON.stringify([c, msg]),
}));

const curlI = fc.record({ cs: codeStatus, msg: message, rid: requestId }).map(({ cs: [c, s], msg, rid }): Generated => ({
  lines: [`HTTP/1.1 ${s} Error`, "content-type: application/json", `x-request-id: ${rid}`, "", envelope(c, msg)],
  exp: { code: c, http_status: s, request_id: rid }, key: JSON.stringify([c, msg]),
}));

const tsBlock = fc.record({ c: codeStatus.map(([c]) => c), msg: message }).map(({ c, msg }): Generated => ({
  lines: [`Error: ${msg}`, "  - name: can't be blank", `  Code: ${c}`], exp: { code: c }, key: JSON.stringify([c, msg]),
}));

/** Node's print of a TS SDK error: heading, stack, then its own properties, indented, and the closing brace. */
const nodeInspected = fc.record({ cs: codeStatus, msg: message, rid: requestId }).map(({ cs: [c, s], msg, rid }): Generated => ({
  lines: [
    `ValidationError: ${msg}`, "    at _MiosaError.fromResponse (file:///srv/app/dist/app.mjs:29:14)", "    at async file:///srv/app/dist/app.mjs:342:3 {",
    `  status: ${s},`, `  code: '${c}',`, "  details: undefined,", `  requestId: '${rid}'`, "}",
  ],
  exp: { code: c, http_status: s, request_id: rid }, key: JSON.stringify([c, msg]),
}));

/** curl -si with a pretty-printed body: a JSON value over several lines. */
const curlPretty = fc.record({ cs: codeStatus, msg: message, rid: requestId }).map(({ cs: [c, s], msg, rid }): Generated => ({
  lines: [`HTTP/2 ${s}`, `x-request-id: ${rid}`, "", ...JSON.stringify(JSON.parse(envelope(c, msg)), null, 2).split("\n")],
  exp: { code: c, http_status: s, request_id: rid }, key: JSON.stringify([c, msg]),
}));

/** What a log collector writes before each line: compose (v2, v1), journald/syslog, GitHub Actions, docker -t / kubectl --timestamps. */
const collectorMark = fc.constantFrom(
  "web-1  | ", "builder_worker_1  | ", "Dec 07 05:19:51 build-01 node[4121]: ", "Dec  7 05:19:51 ip-10-0-0-1 app: ",
  "2026-12-07T05:19:51.0001234Z ", "2026-12-07T05:19:51.123456789Z ", "2026-12-07T05:19:51.123456Z ",
);

/** jq -C colouring of a pretty-printed value. */
function jqColour(value: unknown, indent = ""): string {
  const P = "\x1b[1;39m", R = "\x1b[0m", K = "\x1b[34;1m", S = "\x1b[0;32m", N = "\x1b[0;39m";
  if (typeof value === "string") return `${S}${JSON.stringify(value)}${R}`;
  if (typeof value !== "object" || value === null) return `${N}${JSON.stringify(value)}${R}`;
  const inner = indent + "  ";
  const entries = Object.entries(value).map(([k, v]) => `${inner}${R}${K}${JSON.stringify(k)}${R}${P}:${R} ${jqColour(v, inner)}`);
  return `${P}{\n${entries.join(`${P},\n`)}\n${indent}${P}${P}}${R}`;
}

const anyLineEnd = fc.constantFrom("\n", "\r\n");

describe("JSON logs inside JSON strings", () => {
  test("Docker json-file, CloudWatch and Kubernetes wrappers, one or two levels deep: code, status and request id of the inner line", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(wrapped, 1, 4), anyLineEnd, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });
});

/** An app's NDJSON line as in capture 11: http.{method,path,status_code}, the header, the body as a JSON string or object. */
const appLine = fc
  .record({ cs: codeStatus, msg: message, rid: requestId, m: fc.constantFrom("GET", "POST", "DELETE"), p: fc.constantFrom("/api/v1/sandbox-templates", "/api/v1/sandboxes/sb_1/exec"), encoded: fc.boolean() })
  .map(({ cs: [c, s], msg, rid, m, p, encoded }): Generated => ({
    lines: [JSON.stringify({
      ts: "2026-12-04T02:10:11.186Z", level: "error", msg: "miosa call failed", http: { method: m, path: p, status_code: s },
      response: { headers: { "x-request-id": rid }, body: encoded ? envelope(c, msg) : JSON.parse(envelope(c, msg)) },
    })],
    exp: { code: c, http_status: s, request_id: rid, method: m, path: p },
    key: JSON.stringify([c, msg]),
  }));

/**
 * Loggers whose record has a `message` of its own beside the status (winston), with the body under a body key:
 * the body's code, not the log's message. And pino's `err` (the TS SDK error) with the raw body logged beside it.
 */
const messageLine = fc
  .record({ cs: codeStatus, msg: message, rid: requestId, key: fc.constantFrom("response", "body", "responseBody", "payload"), encoded: fc.boolean(), pino: fc.boolean(), bodyFirst: fc.boolean() })
  .map(({ cs: [c, s], msg, rid, key, encoded, pino, bodyFirst }): Generated => {
    const body = encoded ? envelope(c, msg) : JSON.parse(envelope(c, msg));
    const err = { type: "MiosaError", message: msg, status: s, code: c, requestId: rid };
    // pino writes the fields in the order the call gave them: the body may come before err.
    const record = pino
      ? bodyFirst
        ? { level: 50, time: 1796350200354, [key]: body, method: "POST", path: "/sandbox-templates", err, msg: "miosa request failed" }
        : { level: 50, time: 1796350200354, err, method: "POST", path: "/sandbox-templates", [key]: body, msg: "miosa request failed" }
      : { level: "error", message: "MIOSA request failed", status: s, method: "POST", url: "https://api.miosa.ai/api/v1/sandbox-templates", requestId: rid, [key]: body, timestamp: "2026-12-04T02:10:11.190Z" };
    return { lines: [JSON.stringify(record)], exp: { code: c, http_status: s, request_id: rid, method: "POST" }, key: JSON.stringify([c, msg]) };
  });

describe("application NDJSON logs", () => {
  test("an empty or short body beside an error status is an error without an envelope, with the status and the header's request id", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(500, 502, 503, 504), requestId, fc.constantFrom("", "oops", "Bad Gateway"), async (s, rid, body) => {
        const line = JSON.stringify({ ts: "2026-12-04T02:10:11.186Z", level: "error", http: { method: "GET", path: "/api/v1/sandboxes", status_code: s }, response: { headers: { "x-request-id": rid }, body } });
        await expectFound(`${line}\n`, [{ kind: "non_envelope", http_status: s, request_id: rid }]);
      }),
      { numRuns: 20 },
    );
  });

  test("a record whose error field is the body encoded as a JSON string: the body's code and field errors", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(fc.record({ cs: codeStatus, msg: message, rid: requestId }).map(({ cs: [c, s], msg, rid }): Generated => {
        const error = JSON.stringify({ ...JSON.parse(envelope(c, msg)), errors: [{ field: "from", message: "is required" }] });
        return { lines: [JSON.stringify({ level: "error", msg: "miosa call failed", method: "POST", path: "/api/v1/x", status: s, request_id: rid, error })], exp: { code: c, http_status: s, request_id: rid, fields: ["from"] }, key: JSON.stringify([c, msg]) };
      }), 1, 3), anyLineEnd, async (items, le) => void (await expectAllFound(items, le))),
      RUNS,
    );
  });

  test("a body encoded as a JSON string twice over, and bunyan's raw res.header block, still give code and request id", async () => {
    await fc.assert(
      fc.asyncProperty(codeStatus, message, requestId, async ([c, s], msg, rid) => {
        const twice = JSON.stringify({ ts: "2026-12-04T02:10:11.186Z", level: "error", http: { method: "GET", path: "/api/v1/x", status_code: s }, response: { headers: { "x-request-id": rid }, body: JSON.stringify(envelope(c, msg)) } });
        const bunyan = JSON.stringify({ name: "proxy", level: 50, msg: "MIOSA API error", req: { method: "DELETE", url: "/api/v1/x" }, res: { statusCode: s, header: `HTTP/1.1 ${s} Error\r\ncontent-type: application/json\r\nx-request-id: ${rid}\r\n\r\n` }, responseBody: envelope(c, `${msg} again`) });
        await expectFound(`${twice}\n${bunyan}\n`, [{ code: c, http_status: s, request_id: rid }, { code: c, http_status: s, request_id: rid }]);
      }),
      RUNS,
    );
  });

  test("a record with its own message (winston) or a pino err beside the raw body: one finding, the body's code", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(messageLine, 1, 4), anyLineEnd, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });

  test("http.{method,path,status_code}, the x-request-id header and a body (JSON string or object): one finding each; 200 lines skipped", async () => {
    const ok = JSON.stringify({ ts: "2026-12-04T02:10:11.162Z", level: "info", msg: "miosa call ok", http: { method: "GET", path: "/api/v1/sandbox-templates", status_code: 200 }, duration_ms: 3 });
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(appLine, 1, 4), anyLineEnd, async (items, le) => {
        await expectAllFound(items.map(([g, n]): [Generated, string[]] => [g, [ok, ...n]]), le, [ok]);
      }),
      RUNS,
    );
  });
});

describe("escaped and encoded pastes", () => {
  test("an HTML-escaped envelope (&quot;) in a ticket gives its code and request id", async () => {
    await fc.assert(
      fc.asyncProperty(codeStatus, message, requestId, async ([c], msg, rid) => {
        const text = ["<p>Hi, we got this back:</p>", `<pre>${htmlEscape(envelope(c, msg, rid))}</pre>`, "<p>Thanks</p>"].join("\n");
        await expectFound(text + "\n", [{ code: c, request_id: rid }]);
      }),
      RUNS,
    );
  });

  test("quoted-printable mail (=3D, =22, soft line breaks ending in '=') decodes to the Go SDK line's code, status and request id", async () => {
    await fc.assert(
      fc.asyncProperty(goSdkLine, fc.boolean(), async (g, headers) => {
        const head = headers ? ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", ""] : [];
        const body = quotedPrintable(["Hello support,", "", "our deploy job printed:", "", ...g.lines, "", "Regards, Ana"].join("\n"));
        await expectFound([...head, body].join("\r\n") + "\r\n", [g.exp]);
      }),
      RUNS,
    );
  });

  test("a client's error line logged as a logfmt value (err=\"...\", %q-escaped, one line or several): the print's status, code and class", async () => {
    const goQuote = (text: string) => JSON.stringify(text); // Go's %q and logfmt escape as JSON does for these texts
    await fc.assert(
      fc.asyncProperty(codeStatus, message, fc.boolean(), async ([c, s], msg, more) => {
        const prints: [string, { code?: string | null; http_status: number }][] = [
          [`Error: Server error (${s >= 500 ? s : 500}): ${msg}${more ? "\n  Hint: try again" : ""}`, { http_status: s >= 500 ? s : 500 }],
          [`Error: Access denied (403): ${msg}${more ? "\n  Hint: Run \`miosa login\` to connect this terminal." : ""}`, { http_status: 403 }],
          [`miosa.errors.NotFoundError: ${msg}`, { http_status: 404 }],
          [`miosa: API error status=${s} body=${envelope(c, msg)}${more ? "\nmiosa: command failed" : ""}`, { code: c, http_status: s }],
        ];
        for (const [print, exp] of prints) {
          await expectFound(`time="2026-12-06T10:00:00Z" level=error msg="call failed" err=${goQuote(print)}\n`, [exp]);
        }
      }),
      { numRuns: 20 },
    );
  });

  test("each logfmt line is a record of its own: two clients' errors on two lines are two errors", async () => {
    const text = ['level=error err="miosa.errors.NotFoundError: template not found"', 'level=error msg="create failed" err="Error: Validation failed\\n  Code: VALIDATION_FAILED\\n  Request ID: req_77"'];
    await expectFound(text.join("\n") + "\n", [{ code: null, http_status: 404 }, { code: "VALIDATION_FAILED", http_status: null }]);
  });

  test("a logfmt line whose values begin like escapes (time=2026-..., status=404, id=AB12, kind=BAD_REQUEST) is not read as quoted-printable", async () => {
    await fc.assert(
      fc.asyncProperty(codeStatus, requestId, async ([c, s], rid) => {
        const line = `time=2026-12-04T02:10:11.162Z level=ERROR status=${s} id=AB12 kind=BAD_REQUEST msg="call failed" code=${c} request_id=${rid}`;
        await expectFound(line + "\n", [{ code: c, http_status: s, request_id: rid }]);
      }),
      { numRuns: 20 },
    );
  });

  test("a logfmt line where every '=' is followed by what could be hex (status=400 code=BAD_REQUEST) is not quoted-printable either", async () => {
    await expectFound("status=400 code=BAD_REQUEST\n", [{ code: "BAD_REQUEST", http_status: 400 }]);
  });

  test("a mail whose header says quoted-printable, its quotes not escaped: every soft break is joined, wherever it falls", async () => {
    await fc.assert(
      fc.asyncProperty(goSdkLine, fc.integer({ min: 0, max: 30 }), async (g, pad) => {
        const head = ["From: ana@example.com", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", ""];
        // Padding moves where the soft breaks fall in the Go SDK's line, into its JSON or its trailer.
        const body = quotedPrintable(["Hello support,", "", "our deploy job printed:", `${"x".repeat(pad)} ${g.lines[0]}`, "", "Regards, J\u00f6rg"].join("\n"), false);
        await expectFound([...head, body].join("\r\n") + "\r\n", [g.exp]);
      }),
      RUNS,
    );
  });

  test("quoted-printable with only UTF-8 escapes (=C3=A9) and soft breaks is undone", async () => {
    const rid = "req_01KATNJ7E9SS6YS3C4DWA7N360";
    const mail = ["Error: caf=C3=A9 sandbox is not running, see the req=", `uest ${rid}`, "  Code: SANDBOX_NOT_RUNNING"];
    const d = await decode(`${mail.join("\r\n")}\r\n`);
    expect(d.findings.map((f) => [f.code, f.message])).toEqual([["SANDBOX_NOT_RUNNING", `café sandbox is not running, see the request ${rid}`]]);
  });

  test("a log collector's mark before every line (compose, journald, GitHub Actions, docker -t, kubectl) changes nothing: each error found once", async () => {
    await fc.assert(
      // One client's prints a run: a log holds one program's output.
      fc.asyncProperty(fc.constantFrom(goSdkLine, curlI, curlPretty, tsBlock, nodeInspected).chain((g) => errorsWithNoise(g, 1, 4)), collectorMark, anyLineEnd, async (items, mark, le) => {
        // A blank line gets the mark alone, as collectors write it (its trailing space trimmed).
        const marked = items.map(([g, n]): [Generated, string[]] => [{ ...g, lines: g.lines.map((l) => (mark + l).trimEnd()) }, n.map((l) => (mark + l).trimEnd())]);
        await expectAllFound(marked, le);
      }),
      RUNS,
    );
  });

  test("ticket replies quoted with '> ' and '> > ' (errors apart by a quoted blank line): each quoted error is found once", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(fc.oneof(goSdkLine, curlI, tsBlock), 1, 3), fc.array(fc.constantFrom("> ", "> > ", ">> "), { minLength: 3, maxLength: 3 }), anyLineEnd, async (items, depths, le) => {
        // A quoted blank line after each error: adjacent blocks are tested in ts-cli.test.ts, not here.
        const quoted = items.map(([g, n], i): [Generated, string[]] => [{ ...g, lines: g.lines.map((l) => (depths[i % 3] + l).trimEnd()) }, [...n, ""].map((l) => (depths[i % 3] + l).trimEnd())]);
        await expectAllFound(quoted, le, ["On Tue, Ana wrote:", ""]);
      }),
      RUNS,
    );
  });

  test("a quoted blank line ('>') separates two quoted errors with the same code", async () => {
    const text = [
      "On Tue, Ana wrote:", "",
      '> miosa: {"error":{"code":"INVALID_BUILDSPEC","message":"BuildSpec is invalid"}} (status=422, request_id=req_01KATNJ7E9SS6YS3C4DWA7N360)',
      ">", "> Error: name is invalid", ">   Code: INVALID_BUILDSPEC", ">",
    ];
    await expectFound(text.join("\n") + "\n", [
      { code: "INVALID_BUILDSPEC", http_status: 422, request_id: "req_01KATNJ7E9SS6YS3C4DWA7N360" }, { code: "INVALID_BUILDSPEC", request_id: null },
    ]);
  });

  test("ANSI colour: jq -C of a pretty envelope and the TS CLI's red Error: block", async () => {
    await fc.assert(
      fc.asyncProperty(codeStatus, message, requestId, tsBlock, anyLineEnd, async ([c], msg, rid, block, le) => {
        const jq = jqColour(JSON.parse(envelope(c, msg, rid))).split("\n");
        const red = [`\x1b[31m${block.lines[0]}\x1b[39m`, `\x1b[33m  - \x1b[39mname: can't be blank`, `\x1b[2m${block.lines[2]}\x1b[22m`];
        await expectFound([...jq, "", ...red].join(le) + le, [{ code: c, request_id: rid }, block.exp]);
      }),
      RUNS,
    );
  });
});

describe("other text encodings and line endings", () => {
  test("UTF-16LE, with and without BOM: every error is found with its code, status and request id", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(fc.oneof(goSdkLine, curlI), 1, 3), fc.boolean(), anyLineEnd, async (items, bom, le) => {
        const text = items.map(([g, n]) => [...g.lines, ...n].join(le)).join(le) + le;
        const bytes = Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, "utf16le")]);
        const d = await decode(bytes);
        expect(d.exit).toBe(0);
        expect(d.findings.map((f) => ({ code: f.code, http_status: f.http_status, request_id: f.request_id }))).toEqual(items.map(([g]) => g.exp));
      }),
      RUNS,
    );
  });

  test("CR-only line endings (errors apart by a blank line): every error is found once", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(fc.oneof(goSdkLine, curlI, tsBlock), 1, 4), async (items) => {
        await expectAllFound(items.map(([g, n]): [Generated, string[]] => [g, [...n, ""]]), "\r");
      }),
      RUNS,
    );
  });
});
