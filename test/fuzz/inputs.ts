// Generated inputs of the kinds support engineers paste: random bytes and
// JSON, envelopes with mutated fields, curl and HAR transcripts cut at random
// points, deep nesting, and the realistic fixtures mutated byte by byte.
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { credential, hostileString, SECRET_BEARER, SECRET_KEY } from "./harness.js";

const FIXTURES = new URL("../fixtures/decode/", import.meta.url);

/** Every realistic capture in test/fixtures/decode (transcripts, HAR, logs, SDK prints, body shapes). */
export const FIXTURE_FILES: readonly { name: string; bytes: Buffer }[] = [
  ...readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => ({ name: entry.name, bytes: readFileSync(new URL(entry.name, FIXTURES)) })),
  ...readdirSync(new URL("shapes/", FIXTURES)).map((name) => ({ name: `shapes/${name}`, bytes: readFileSync(new URL(`shapes/${name}`, FIXTURES)) })),
];

export const TRANSCRIPTS = FIXTURE_FILES.filter(({ name }) => /^curl-|\.har$/.test(name));

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Request ids as MIOSA sends them (a ULID after req_) and as other tools write them. */
export const requestId: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...CROCKFORD), minLength: 26, maxLength: 26 }).map((ulid) => `req_${ulid}`),
  fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"), minLength: 6, maxLength: 30 }).map((id) => `req_${id}`),
);

/** Codes as the API writes them: SCREAMING_SNAKE or lower_snake, real ones and made-up ones. */
export const errorCode: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("SANDBOX_LIMIT_REACHED", "NOT_FOUND", "invalid_token", "RATE_LIMITED", "INSUFFICIENT_CREDITS", "TEMPLATE_IN_USE", "VALIDATION_ERROR"),
  fc
    .array(fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"), minLength: 2, maxLength: 8 }), { minLength: 2, maxLength: 4 })
    .map((parts) => parts.join("_")),
);

/** A value of any wrong type, or a hostile or huge string, for a field that should be a string. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  credential,
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.integer({ min: 1, max: 300_000 }).map((length) => "X".repeat(length)),
  fc.constantFrom(SECRET_KEY, `Bearer ${SECRET_BEARER}`, "\u001b]52;c;ZXZpbA==\u0007", "\u202eevil\u202c"),
);

/** An envelope text with some fields kept, some mutated, and __proto__ / constructor keys thrown in. */
export const mutatedEnvelope: fc.Arbitrary<string> = fc
  .record({
    code: fc.oneof(errorCode, wrongValue),
    message: fc.oneof(hostileString, wrongValue),
    request_id: fc.oneof(requestId, wrongValue),
    extra: fc.dictionary(fc.constantFrom("__proto__", "constructor", "details", "retryable", "retry_after_ms", "errors", "prototype", "toString"), wrongValue, {
      maxKeys: 3,
    }),
    top: fc.dictionary(fc.constantFrom("__proto__", "constructor", "errors", "status", "code", "message"), wrongValue, { maxKeys: 2 }),
    flat: fc.boolean(),
    pretty: fc.boolean(),
  })
  .map(({ code, message, request_id, extra, top, flat, pretty }) => {
    // Computed keys make own properties even for "__proto__", so JSON.stringify writes them.
    const error: Record<string, unknown> = { code: code, message: message, request_id: request_id };
    for (const [key, value] of Object.entries(extra)) Object.defineProperty(error, key, { value, enumerable: true });
    const body: Record<string, unknown> = flat ? { error: message, code: code } : { error: error };
    for (const [key, value] of Object.entries(top)) Object.defineProperty(body, key, { value, enumerable: true });
    return JSON.stringify(body, null, pretty ? 2 : undefined);
  });

/** Byte-level damage: replace, insert or delete a few bytes anywhere. */
export function mutateBytes(bytes: Buffer): fc.Arbitrary<Buffer> {
  const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom("replace", "insert", "delete"), byte: fc.integer({ min: 0, max: 255 }) });
  return fc.array(edit, { minLength: 1, maxLength: 8 }).map((edits) => {
    const out = [...bytes];
    for (const { at, kind, byte } of edits) {
      const index = out.length === 0 ? 0 : at % (out.length + (kind === "insert" ? 1 : 0));
      if (kind === "replace" && out.length > 0) out[index] = byte;
      else if (kind === "insert") out.splice(index, 0, byte);
      else if (out.length > 0) out.splice(index, 1);
    }
    return Buffer.from(out);
  });
}

/** A realistic fixture with a few bytes damaged. */
export const mutatedFixture: fc.Arbitrary<Buffer> = fc.constantFrom(...FIXTURE_FILES).chain(({ bytes }) => mutateBytes(bytes));

/** A curl transcript or HAR file cut at a random point (what a pasted-and-truncated ticket holds). */
export const cutTranscript: fc.Arbitrary<Buffer> = fc
  .tuple(fc.constantFrom(...TRANSCRIPTS), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([{ bytes }, where]) => bytes.subarray(0, Math.floor(bytes.length * where)));

/** Arrays, objects and error objects nested far deeper than any parser should recurse. */
export const deepNesting: fc.Arbitrary<Buffer> = fc
  .tuple(fc.integer({ min: 1_000, max: 60_000 }), fc.constantFrom('{"error":', "[", '{"a":', '{"errors":[', '{"error":{"details":'), fc.boolean())
  .map(([depth, open, closed]) => {
    const close = open.startsWith("[") ? "]" : open.endsWith("[") ? "]}" : "}";
    return Buffer.from(`${open.repeat(depth)}"x"${closed ? close.repeat(depth) : ""}\n`);
  });

/** A gzip of a capture (decode unpacks gzip input), damaged or cut: never a trace, at most "not valid gzip data". */
export const mangledGzip: fc.Arbitrary<Buffer> = fc
  .tuple(fc.constantFrom(...FIXTURE_FILES), fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }))
  .chain(([{ bytes }, damage, cut]) => {
    const packed = gzipSync(bytes);
    return damage ? mutateBytes(packed) : fc.constant(packed.subarray(0, Math.max(2, Math.floor(packed.length * cut))));
  });

/** A fixture under a log collector's marks (one or stacked, some lines without), quotes and escapes spliced in. */
export const markedFixture: fc.Arbitrary<Buffer> = fc
  .tuple(
    fc.constantFrom(...FIXTURE_FILES),
    fc.array(
      fc.constantFrom(
        "web-1  | ",
        "a_1 |",
        "Dec  7 05:19:51 h app[1]: ",
        "2026-12-07T05:19:51.0001234Z ",
        "2026-12-07T05:19:51.123Z  ",
        "",
        '"',
        '\\"',
        "=C3=A9",
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .chain(([{ bytes }, marks]) =>
    fc.array(fc.nat(marks.length - 1), { minLength: 1, maxLength: 64 }).map((picks) =>
      Buffer.from(
        bytes
          .toString("utf8")
          .split("\n")
          .map((line, i) => marks[picks[i % picks.length]!]! + line)
          .join("\n"),
      ),
    ),
  );

/** Everything decode may be fed, as bytes. */
export const decodeInput: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 4096 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ unit: "grapheme", maxLength: 300 }).map((text) => Buffer.from(text)),
  fc.json({ maxDepth: 4 }).map((text) => Buffer.from(text)),
  hostileString.map((text) => Buffer.from(text)),
  mutatedEnvelope.map((text) => Buffer.from(text)),
  cutTranscript,
  deepNesting,
  mutatedFixture,
  markedFixture,
  mangledGzip,
);
