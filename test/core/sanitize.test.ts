import { describe, expect, it } from "vitest";
import { maskKey, mayHoldSecret, redactSecrets, safeText } from "../../src/core/sanitize.js";

describe("safeText", () => {
  it.each([
    ["plain text", "plain text"],
    ["\u001b[31mred\u001b[0m", "\\x1b[31mred\\x1b[0m"],
    ["bell\u0007", "bell\\x07"],
    ["c1\u009b2J", "c1\\x9b2J"],
    ["bidi\u202eevil", "bidi\\u202eevil"],
    ["isolate\u2066x\u2069", "isolate\\u2066x\\u2069"],
    ["del\u007f", "del\\x7f"],
    ["two\nlines\ttab", "two\nlines\ttab"],
    ["é ✓ 日本", "é ✓ 日本"],
  ])("%j → %j", (input, expected) => {
    expect(safeText(input)).toBe(expected);
  });

  it("escapes newlines too for single-line values", () => {
    expect(safeText("a\nb\r", { singleLine: true })).toBe("a\\x0ab\\x0d");
  });
});

describe("redactSecrets", () => {
  it.each([
    ["key msk_u_abcdefghijklmnop1234 here", "key msk_…1234 here"],
    ["msk_live_0123456789ABCDEFwxyz", "msk_…wxyz"],
    ["Authorization: Bearer msk_test_zzzzzzzzzzzz9876", "Authorization: Bearer msk_…9876"],
    ['"authorization":"Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig5678"', '"authorization":"Bearer eyJ…5678"'],
    ["authorization: Basic dXNlcjpwYXNz", "authorization: Basic …YXNz"],
    ["Authorization=Token abcdefghijk", "Authorization=Token …hijk"],
    ["curl -H 'bearer abcdefgh12345678'", "curl -H 'bearer …5678'"],
    ["Authorization: Bearer aaaaaaaaaaaa1111Authorization: Bearer bbbbbbbbbbbb2222", "Authorization: Bearer …tion: Bearer …2222"],
  ])("%s", (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it("leaves the catalog's own msk_... and msk_* alone", () => {
    expect(redactSecrets("Verify the header is Authorization: Bearer msk_...")).toBe("Verify the header is Authorization: Bearer msk_...");
    expect(redactSecrets("Use a workspace API key (msk_*)")).toBe("Use a workspace API key (msk_*)");
  });

  it("masks to msk_… and the last four characters", () => {
    expect(maskKey("msk_u_secretsecret4321")).toBe("msk_…4321");
  });
});

describe("redactSecrets: credentials by name and by shape", () => {
  it.each([
    ["Cookie: theme=dark; sid=abcdefgh12345678", "Cookie: theme=…; sid=…5678"],
    ["Set-Cookie: sid=abcdefgh12345678; Path=/; HttpOnly", "Set-Cookie: sid=…5678; Path=/; HttpOnly"],
    ["/cb?access_token=abcdefgh12345678&state=xyz", "/cb?access_token=…5678&state=xyz"],
    ['{"client_secret":"abcdefgh12345678","name":"ok"}', '{"client_secret":"…5678","name":"ok"}'],
    ["x-auth-token: abcdefgh12345678", "x-auth-token: …5678"],
    ["https://bob:abcdefgh12345678@example.com/", "https://bob:…5678@example.com/"],
    ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefgh12345678", "eyJ…5678"],
    ["/v1/a%20Bearer%20abcdefgh12345678", "/v1/a%20Bearer%20…5678"],
    ["Basic dXNlcjpwYXNzd29yZA==", "Basic …ZA=="],
    ["msk_live_abcd\u200bEFGH12345678", "msk_…5678"],
    ["Cookie: S3cretTokenCutSho", "Cookie: …tSho"],
  ])("%j → %j", (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it.each([
    "password: must be at least 8 characters",
    "Basic authentication failed",
    "a Bearer token is required",
    "Cookie: required",
    "write to ops@example.com",
    '{"token": null, "password": ""}',
  ])("leaves prose and empty values alone: %j", (text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it("masks once: masked text passes through unchanged", () => {
    const once = redactSecrets('Authorization: Bearer abcdefgh12345678 {"token":"abcdefgh12345678"} sid msk_live_abcdefgh1234');
    expect(redactSecrets(once)).toBe(once);
  });
});

describe("mayHoldSecret, the quick pre-check", () => {
  // Written with [xX] classes for speed: it must answer as the same words with the i flag do, whatever
  // character stands in any place of a word (the i flag without u folds ASCII letters only).
  const reference = /msk_|auth|bearer|basic|eyJ|cookie|session|token|api.?key|secret|passw|@/i;
  it.each(["msk_", "auth", "bearer", "basic", "eyJ", "cookie", "session", "token", "apikey", "api-key", "secret", "passw"])(
    "answers as the i flag does with any character in any place of %s",
    (word) => {
      for (let place = 0; place < word.length; place++) {
        for (let unit = 0; unit < 0x10000; unit++) {
          const text = `x ${word.slice(0, place)}${String.fromCharCode(unit)}${word.slice(place + 1)} y`;
          if (mayHoldSecret(text) !== reference.test(text)) expect.fail(`${JSON.stringify(text)}: ${mayHoldSecret(text)}`);
        }
      }
    },
  );
});
