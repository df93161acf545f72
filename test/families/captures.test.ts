// The real captures from /work/shared/captures (copied byte for byte into test/fixtures/captures), each checked
// against the "expected" column of the captures README. Nothing here is taken from what decode prints.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { decode, type Finding } from "./support.js";

const DIR = fileURLToPath(new URL("../fixtures/captures/", import.meta.url));
const RID = "req_fake_0001";

async function capture(name: string): Promise<Finding[]> {
  const d = await decode(readFileSync(DIR + name));
  expect(d.exit).toBe(0);
  return d.findings;
}

function one(findings: Finding[]): Finding {
  expect(findings.map((f) => `${f.code} ${f.http_status}`)).toHaveLength(1);
  return findings[0]!;
}

const fields = (f: Finding) => f.field_errors.map((e) => e.field);

describe("captures README expectations", () => {
  test("fixtures keep CRLF bytes of the curl captures", () => {
    expect(readFileSync(DIR + "01-curl-i-404-template-not-found.txt", "latin1")).toContain("HTTP/1.1 404 Not Found\r\n");
    expect(readFileSync(DIR + "02-curl-v-422-collision-legacy.txt", "latin1")).toContain("> POST /api/v1/sandbox-templates HTTP/1.1\r\n");
  });

  test("01 curl -i 404: one TEMPLATE_NOT_FOUND, 404, req_fake_0001", async () => {
    const f = one(await capture("01-curl-i-404-template-not-found.txt"));
    expect([f.code, f.http_status, f.request_id]).toEqual(["TEMPLATE_NOT_FOUND", 404, RID]);
  });

  test("02 curl -v 422 with the body after 'left intact': one (not two) VALIDATION_FAILED, POST, field tenant_id, entry not domains", async () => {
    const f = one(await capture("02-curl-v-422-collision-legacy.txt"));
    expect([f.code, f.http_status, f.method, f.request_id]).toEqual(["VALIDATION_FAILED", 422, "POST", RID]);
    expect(fields(f)).toEqual(["tenant_id"]);
    expect(f.entry).not.toBeNull();
    expect(f.entry!.area).not.toBe("domains");
  });

  test("05 curl -i 422 buildspec: one INVALID_BUILDSPEC, 422, 2 field errors", async () => {
    const f = one(await capture("05-curl-i-422-buildspec-invalid.txt"));
    expect([f.code, f.http_status]).toEqual(["INVALID_BUILDSPEC", 422]);
    expect(f.field_errors).toHaveLength(2);
  });

  test("07 curl -i 422 changeset: VALIDATION_FAILED with fields name and description, the common entry", async () => {
    const f = one(await capture("07-curl-i-422-changeset-multi.txt"));
    expect([f.code, f.http_status]).toEqual(["VALIDATION_FAILED", 422]);
    expect(fields(f).sort()).toEqual(["description", "name"]);
    expect(f.entry && [f.entry.code, f.entry.area]).toEqual(["VALIDATION_FAILED", "common"]);
  });

  test("10 HAR: three findings (the 200 skipped), each with status, method, URL path and req_fake_0001", async () => {
    const fs = await capture("10-har-templates-session.har");
    expect(fs.map((f) => [f.http_status, f.method, f.request_id])).toEqual([
      [404, "GET", RID],
      [422, "POST", RID],
      [409, "DELETE", RID],
    ]);
    expect(fs[0]!.path).toContain("/api/v1/sandbox-templates/hackerai-scannr");
    expect(fs[1]!.path).toContain("/api/v1/sandbox-templates");
    expect(fs[2]!.path).toContain("/api/v1/sandbox-templates/hackerai-scanner");
  });

  test("11 app NDJSON with double-encoded bodies: four findings with the README's codes and statuses", async () => {
    const fs = await capture("11-ndjson-app-http-double-encoded.ndjson");
    expect(fs.map((f) => `${f.code} ${f.http_status}`).sort()).toEqual(
      ["TEMPLATE_NOT_FOUND 404", "TEMPLATE_IN_USE 409", "VALIDATION_FAILED 422", "INVALID_BUILDSPEC 422"].sort(),
    );
  });

  test("13 pino TS SDK errors: three findings, each req_fake_0001", async () => {
    const fs = await capture("13-pino-ts-sdk-errors.ndjson");
    expect(fs.map((f) => `${f.code} ${f.http_status} ${f.request_id}`).sort()).toEqual(
      [`TEMPLATE_NOT_FOUND 404 ${RID}`, `TEMPLATE_IN_USE 409 ${RID}`, `VALIDATION_FAILED 422 ${RID}`].sort(),
    );
  });

  test("14 Go SDK Fprintln: one TEMPLATE_NOT_FOUND, 404, req_fake_0001", async () => {
    const f = one(await capture("14-go-sdk-404-template-not-found.txt"));
    expect([f.code, f.http_status, f.request_id]).toEqual(["TEMPLATE_NOT_FOUND", 404, RID]);
  });

  test("16 Go SDK %+v: one INVALID_BUILDSPEC, 422, 2 field errors", async () => {
    const f = one(await capture("16-go-sdk-422-buildspec-printf.txt"));
    expect([f.code, f.http_status]).toEqual(["INVALID_BUILDSPEC", 422]);
    expect(f.field_errors).toHaveLength(2);
  });

  test("21 Go CLI REST error + 'command failed': one TEMPLATE_IN_USE, 409", async () => {
    const f = one(await capture("21-go-cli-rest-409-template-in-use.txt"));
    expect([f.code, f.http_status]).toEqual(["TEMPLATE_IN_USE", 409]);
  });

  test("23 Go CLI api: the three lines are one TEMPLATE_NOT_FOUND, 404", async () => {
    const f = one(await capture("23-go-cli-api-404.txt"));
    expect([f.code, f.http_status]).toEqual(["TEMPLATE_NOT_FOUND", 404]);
  });

  test("24 TS CLI block: one VALIDATION_FAILED, entry not domains", async () => {
    const f = one(await capture("24-ts-cli-422-collision-legacy.txt"));
    expect(f.code).toBe("VALIDATION_FAILED");
    expect(f.entry).not.toBeNull();
    expect(f.entry!.area).not.toBe("domains");
  });

  test("26 TS CLI --debug: debug lines and block are one INVALID_BUILDSPEC, 422, POST, req_fake_0001", async () => {
    const f = one(await capture("26-ts-cli-422-buildspec-debug.txt"));
    expect([f.code, f.http_status, f.method, f.request_id]).toEqual(["INVALID_BUILDSPEC", 422, "POST", RID]);
  });

  test("29 TS CLI --json: one VALIDATION_FAILED, 2 field errors, req_fake_0001, entry not domains", async () => {
    const f = one(await capture("29-ts-cli-422-json.txt"));
    expect([f.code, f.request_id]).toEqual(["VALIDATION_FAILED", RID]);
    expect(f.field_errors).toHaveLength(2);
    expect(f.entry).not.toBeNull();
    expect(f.entry!.area).not.toBe("domains");
  });

  test("30 TS CLI AuthError block: one finding with status 401", async () => {
    expect(one(await capture("30-ts-cli-401-auth.txt")).http_status).toBe(401);
  });

  test("36 TS SDK uncaught NotFoundError: one TEMPLATE_NOT_FOUND, 404, req_fake_0001", async () => {
    const f = one(await capture("36-ts-sdk-uncaught-404.txt"));
    expect([f.code, f.http_status, f.request_id]).toEqual(["TEMPLATE_NOT_FOUND", 404, RID]);
  });

  test("39 Python traceback: one finding, status 404, entry chosen by the message (template not found)", async () => {
    const f = one(await capture("39-py-sdk-traceback-404.txt"));
    expect(f.http_status).toBe(404);
    expect(f.entry?.code).toBe("TEMPLATE_NOT_FOUND");
  });

  test("41 Python repr and app line: 1 or 2 findings, each VALIDATION_FAILED, 422, req_fake_0001, entry not domains", async () => {
    const fs = await capture("41-py-sdk-logging-repr-422.txt");
    expect(fs.length === 1 || fs.length === 2).toBe(true);
    for (const f of fs) {
      expect([f.code, f.http_status, f.request_id]).toEqual(["VALIDATION_FAILED", 422, RID]);
      expect(f.entry).not.toBeNull();
      expect(f.entry!.area).not.toBe("domains");
    }
  });

  test("45 Elixir nested-envelope crash: one TEMPLATE_NOT_FOUND, 404", async () => {
    const f = one(await capture("45-ex-sdk-raise-nested-envelope-crash.txt"));
    expect([f.code, f.http_status]).toEqual(["TEMPLATE_NOT_FOUND", 404]);
  });

  test("46 Elixir flat raise: one NOT_FOUND, 404", async () => {
    const f = one(await capture("46-ex-sdk-raise-flat.txt"));
    expect([f.code, f.http_status]).toEqual(["NOT_FOUND", 404]);
  });
});
