// Shared pieces of the generated-input tests: hostile arbitraries, the
// invariants every run must keep, and the run budget (FUZZ_RUNS, FUZZ_SEED).
import fc from "fast-check";
import { expect } from "vitest";
import { EXIT_CODE_TABLE } from "../../src/cli/exit.js";

/** Runs per property: small in `npm test`, as many as asked by `npm run fuzz -- --runs N`. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 150);
export const FUZZ_SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

export function fuzzParameters(runs = FUZZ_RUNS): fc.Parameters<unknown> {
  return { numRuns: runs, ...(FUZZ_SEED === undefined ? {} : { seed: FUZZ_SEED }), verbose: 1 };
}

export const SECRET_KEY = "msk_live_SECRETfuzzKEY0123456789abcd";
export const SECRET_BEARER = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.SECRETsignatureWXYZ";

// Every generated credential holds this mark in each half around its split:
// a mark in any output means part of a secret was shown.
export const SECRET_MARK = "S3CRETfuzz";
const M = SECRET_MARK;

/** What may split a secret in a paste: nothing, an ESC (alone or as a colour), invisible characters; a newline only splits an msk_ key. */
const INLINE_SPLITS = ["", "\u001b", "\u001b[0m", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"];

/** Each kind of credential the sanitiser's rule names, by name or by shape, as a server or a paste holds it, split at `split`. */
const CREDENTIAL_KINDS: ((split: string) => string)[] = [
  (split) => `msk_live_a${M}${split}b${M}WXYZ`,
  (split) => `eyJhbGciOiJIUzI1NiJ9.${M}pay.sig${M}${split}${M}WXYZ`,
  (split) => `Authorization: Bearer ${M}${split}${M}WXYZ`,
  (split) => `Authorization: Basic dXNl${M}${split}${M}cGFzcw==`,
  (split) => `/next%20Bearer%20${M}${split}${M}WXYZ`,
  (split) => `Bearer ${M}${split}${M}WXYZ`,
  (split) => `Cookie: theme=dark; sid=${M}${split}${M}WXYZ`,
  (split) => `Set-Cookie: session=${M}${split}${M}WXYZ; Path=/`,
  (split) => `/cb?access_token=${M}${split}${M}WXYZ&x=1`,
  (split) => `/cb?token=${M}${split}${M}WXYZ`,
  (split) => `/cb?api_key=${M}${split}${M}WXYZ`,
  (split) => `session=${M}${split}${M}WXYZ`,
  (split) => `{"api_key": "${M}${split}${M}WXYZ"}`,
  (split) => `{"password":"${M}${split}${M}WXYZ"}`,
  (split) => `{"client_secret": "${M}${split}${M}WXYZ"}`,
  (split) => `{"token": "${M}${split}${M}WXYZ"}`,
  (split) => `{"secret": "${M}${split}${M}WXYZ"}`,
  (split) => `X-Api-Key: ${M}${split}${M}WXYZ`,
  (split) => `x-auth-token: ${M}${split}${M}WXYZ`,
  (split) => `https://deploy:${M}${split}${M}WXYZ@example.com/repo`,
];

/** A credential of any kind, split or not, on its own (a space either side, so its name stays its name). */
export const credential: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...CREDENTIAL_KINDS), fc.constantFrom(...INLINE_SPLITS)).map(([kind, split]) => ` ${kind(split)} `),
  fc.constantFrom("\n", "\r\n").map((split) => ` msk_live_a${M}${split}b${M}WXYZ `),
);

const NASTY_PIECES = [
  "\u001b[2J",
  "\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007",
  "\u001b[31m",
  "\u0007",
  "\u0000",
  "\u009b1m",
  "\u202e",
  "\u2066",
  "\r",
  "\n",
  "\t",
  "__proto__",
  "constructor",
  "{",
  "}",
  "[",
  '"',
  "\\",
  SECRET_KEY,
  `Authorization: Bearer ${SECRET_BEARER}`,
  ...INLINE_SPLITS.filter(Boolean).map((split) => ` msk_live_a${M}${split}b${M}WXYZ `),
  "SANDBOX_LIMIT_REACHED",
  "409",
  "req_01JDZQ5YQ8N4W3V2B1C0XKMHTA",
  "\uFFFD",
  "\uD800",
];

/** Strings built from the pieces that break terminals and parsers, mixed with random unicode. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.array(fc.oneof(fc.constantFrom(...NASTY_PIECES), fc.string({ maxLength: 8 }), credential), { maxLength: 12 }).map((parts) => parts.join("")),
);

const ALLOWED_EXITS = new Set<number>(EXIT_CODE_TABLE.map((row) => row.code));
// Our own colour codes are SGR sequences; anything else that is a control is not ours.
const OWN_SGR = /\u001b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunExpectations {
  json?: boolean;
  /** Colour was on, so SGR sequences the tool itself emits are allowed. */
  colour?: boolean;
  /** Most stderr lines a run may print. */
  maxStderrLines?: number;
}

/** The invariants every command keeps, whatever its input. */
export function expectCleanRun(result: RunResult, expectations: RunExpectations = {}): void {
  expect(ALLOWED_EXITS.has(result.code ?? -1), `exit ${result.code} is not in the documented table`).toBe(true);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr.split("\n").filter(Boolean).length).toBeLessThanOrEqual(expectations.maxStderrLines ?? 3);
  for (const [name, text] of [
    ["stdout", result.stdout],
    ["stderr", result.stderr],
  ] as const) {
    expect(text.includes(SECRET_KEY), `${name} echoes an msk_ key in full`).toBe(false);
    expect(text.includes(SECRET_BEARER), `${name} echoes an Authorization value in full`).toBe(false);
    expect(
      text.includes(SECRET_MARK),
      `${name} shows part of a credential: ${text.slice(Math.max(0, text.indexOf(SECRET_MARK) - 60), text.indexOf(SECRET_MARK) + 40)}`,
    ).toBe(false);
  }
  const stderrVisible = result.stderr.replace(OWN_SGR, "");
  expect(CONTROL.test(stderrVisible), "stderr holds a control byte").toBe(false);
  if (expectations.json) {
    expect(() => JSON.parse(result.stdout), "--json output does not parse").not.toThrow();
    // JSON escapes C0 itself; C1 controls and bidi overrides must be escaped too, as someone may read it on a terminal.
    expect(CONTROL.test(result.stdout), "--json output holds a raw control character").toBe(false);
  } else {
    const visible = expectations.colour ? result.stdout.replace(OWN_SGR, "") : result.stdout;
    expect(CONTROL.test(visible), "human output holds a control byte").toBe(false);
  }
}

/** Fewer runs for properties that spawn a process each time (about 100 ms a run). */
export const FUZZ_SPAWN_RUNS = Math.max(5, Math.round(FUZZ_RUNS / 10));

/** Each generated case must end within this; a hang fails the case (and shows its seed) instead of the suite. */
export const CASE_BOUND_MS = 15_000;

/** Rejects when `work` has not settled within `ms`: the "ends within its bound" invariant. */
export async function withinBound<T>(work: Promise<T>, ms = CASE_BOUND_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the run did not end within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, bound]);
  } finally {
    clearTimeout(timer);
  }
}
