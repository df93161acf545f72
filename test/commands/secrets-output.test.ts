// The one rule, held in every format: what looks like a credential by its
// name (header, cookie, query parameter, JSON field) or by its shape (msk_…,
// a JWT, Basic and Bearer values, URL userinfo) is masked, keeping only a
// prefix and the last 4 characters. Each case goes through the real decode.
import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers.js";

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyMSJ9.SIGNATUREsecretWXYZ";

function envelope(message: string): string {
  return JSON.stringify({ error: { code: "UNAUTHORIZED", message, request_id: "req_01JDZQ5YQ8N4W3V2B1C0XKMHTA" } });
}

// [what the server echoed, what must not be printed, what must be (the prefix and the last 4)]
const CASES: [string, string, string][] = [
  ["Authorization: Basic dXNlcjpodW50ZXIyc2VjcmV0", "dXNlcjpodW50ZXIy", "Basic …cmV0"],
  ["rejected Cookie: theme=dark; sid=s3ss10nSECRETvalue77", "s3ss10nSECRET", "sid=…ue77"],
  ["Set-Cookie: session=abcdefSECRET1234; Path=/", "abcdefSECRET", "session=…1234"],
  ["session=abcdefSECRET9876 expired", "abcdefSECRET", "session=…9876"],
  ["redirected to /cb?x=1%20Bearer%20abcdefSECRET5555", "abcdefSECRET", "…5555"],
  [`bad token ${JWT}`, "SIGNATUREsecret", "eyJ…WXYZ"],
  ["GET /v1?access_token=tokSECRETabcd4321&x=1", "tokSECRET", "access_token=…4321"],
  ["GET /v1?token=tokSECRETabcd8765", "tokSECRET", "token=…8765"],
  ["GET /v1?api_key=keySECRETabcd2468", "keySECRET", "api_key=…2468"],
  ['body {"api_key": "keySECRETjson1357"}', "keySECRETjson", '"api_key": "…1357"'],
  ['body {"password":"hunter2SECRETpw99"}', "hunter2SECRET", '"password":"…pw99"'],
  ['body {"client_secret": "clientSECRET0000"}', "clientSECRET", "…0000"],
  ['body {"token": "plainSECRETtok777"}', "plainSECRET", "…k777"],
  ['body {"secret": "topSECRETvalue42"}', "topSECRET", "…ue42"],
  ["X-Api-Key: xapiSECRETkey5150", "xapiSECRET", "X-Api-Key: …5150"],
  ["see https://deploy:pa55SECRETword@git.example.com/repo", "pa55SECRET", "deploy:…word@"],
  ["key msk_live_abcd\nEFGHIJKL12345678 leaked", "EFGHIJKL", "msk_…5678"],
  ["key msk_live_abcd\u001bEFGHIJKL12345678 leaked", "EFGHIJKL", "msk_…5678"],
  ["key msk_live_abcd\u200bEFGHIJKL12345678 leaked", "EFGHIJKL", "msk_…5678"],
];

const FORMATS: [string, string[]][] = [
  ["human", ["--no-color"]],
  ["markdown", ["--format", "markdown"]],
  ["json", ["--json"]],
];

describe("secrets a server echoes back are masked in every format", () => {
  for (const [format, flags] of FORMATS) {
    it.each(CASES)(`${format}: %j`, async (message, secret, masked) => {
      const result = await runInProcess(["decode", ...flags, "-e", envelope(message)]);
      expect(result.code).toBe(0);
      // Markdown escapes `_` and the like: read it as the reader sees it.
      const printed =
        format === "json" ? JSON.parse(result.stdout).findings[0].message : format === "markdown" ? result.stdout.replace(/\\(.)/g, "$1") : result.stdout;
      expect(printed).not.toContain(secret);
      expect(printed).toContain(masked);
      expect(printed).not.toMatch(/msk_…(?!5678)/);
    });
  }
});
