// Which catalog entry a shared code gets, by the request path (miosa-api-facts.md "Paths decide which area a
// shared code belongs to"; captures README 02, 07, 24, 29, 41: VALIDATION_FAILED on templates is not domains').
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FORMS, type CallError } from "./forms.js";
import { RUNS, decode, eol, method, requestId } from "./support.js";

const form = fc.constantFrom(...(Object.keys(FORMS) as (keyof typeof FORMS)[]));

async function entryOf(e: CallError, f: keyof typeof FORMS, le: string) {
  const lines = FORMS[f](e);
  const d = await decode(lines.map((l) => (le === "\r\n" ? l.replace(/\r$/, "") : l)).join(le) + le);
  expect(d.findings.map((x) => [x.code, x.http_status])).toEqual([[e.code, e.status]]);
  return d.findings[0]!.entry;
}

describe("entry choice by path", () => {
  test("VALIDATION_FAILED from /api/v1/sandbox-templates gets the common entry, never domains", async () => {
    await fc.assert(
      fc.asyncProperty(
        form, method.filter((m) => m !== "GET" && m !== "DELETE"),
        fc.constantFrom("/api/v1/sandbox-templates", "/api/v1/sandbox-templates/tpl_x1", "/api/v1/sandbox-templates/tpl_x1/builds"),
        fc.constantFrom("sandbox template is invalid", "validation failed", "name has already been taken"),
        fc.option(fc.constantFrom<Record<string, string[]>>({ name: ["can't be blank"] }, { tenant_id: ["has already been taken"] }, { slug: ["a template with this name already exists"] })),
        requestId, eol,
        async (f, m, p, msg, fields, rid, le) => {
          const entry = await entryOf({ method: m, path: p, status: 422, code: "VALIDATION_FAILED", message: msg, requestId: rid, ...(fields ? { fields } : {}) }, f, le);
          expect(entry && [entry.code, entry.area]).toEqual(["VALIDATION_FAILED", "common"]);
        },
      ),
      RUNS,
    );
  });

  test("UNAUTHORIZED 401 on /api/v1/sandboxes gets the common entry", async () => {
    await fc.assert(
      fc.asyncProperty(
        form, method, fc.constantFrom("/api/v1/sandboxes", "/api/v1/sandboxes/sb_7Hq2mK9x/exec", "/api/v1/sandboxes/sb_1/files"),
        fc.constantFrom("unauthorized", "authentication required", "missing credentials"), requestId, eol,
        async (f, m, p, msg, rid, le) => {
          const entry = await entryOf({ method: m, path: p, status: 401, code: "UNAUTHORIZED", message: msg, requestId: rid }, f, le);
          expect(entry && [entry.code, entry.area]).toEqual(["UNAUTHORIZED", "common"]);
        },
      ),
      RUNS,
    );
  });

  test("UNAUTHORIZED 401 on /api/v1/auth/sse-ticket gets the templates entry", async () => {
    await fc.assert(
      fc.asyncProperty(form, fc.constantFrom("unauthorized", "authentication required", "missing credentials"), requestId, eol, async (f, msg, rid, le) => {
        const entry = await entryOf({ method: "POST", path: "/api/v1/auth/sse-ticket", status: 401, code: "UNAUTHORIZED", message: msg, requestId: rid }, f, le);
        expect(entry && [entry.code, entry.area]).toEqual(["UNAUTHORIZED", "templates"]);
      }),
      RUNS,
    );
  });
});
