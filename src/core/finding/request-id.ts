// Facts about request ids: MIOSA's are `req_` + a ULID, whose first 10
// characters are the milliseconds since the Unix epoch when the request was made.

// An optional prefix (`req_`: a letter, up to 15 more letters or digits, and `_`), then 26 Crockford
// base32 characters (no I, L, O or U, either case); the first is 0-7 (48-bit time).
const ULID_LENGTH = 26;
const ULID_ID = /^(?:[A-Za-z][A-Za-z0-9]{0,15}_)?[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$/;
// Each Crockford base32 character's value, either case; -1 for any other character (I, L, O, U among them).
const DIGIT = new Int8Array(128).fill(-1);
[..."0123456789ABCDEFGHJKMNPQRSTVWXYZ"].forEach((char, value) => {
  DIGIT[char.charCodeAt(0)] = value;
  DIGIT[char.toLowerCase().charCodeAt(0)] = value;
});
// Times outside this range are not believable as request times; such an id is not read as a ULID.
const EARLIEST = Date.UTC(2016, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

// The ISO text of the last day turned into one (`2026-11-28T`): a log's
// request ids come from the same day, and Date's toISOString costs about a
// microsecond, more than the rest of reading the id. The hours, minutes,
// seconds and milliseconds come from tables of their texts, made on first
// use, so a time is one concatenation, with no number turned into text.
const DAY_MS = 86_400_000;
let lastDay = Number.NaN;
let lastDayText = "";
let digits: { two: string[]; three: string[] } | null = null;

/** new Date(ms).toISOString(), for a time after 1970 and before 10000. */
function isoTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    lastDay = day;
    lastDayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  digits ??= {
    two: Array.from({ length: 100 }, (_, n) => String(n).padStart(2, "0")),
    three: Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, "0")),
  };
  const { two, three } = digits;
  const inDay = ms - day * DAY_MS;
  const hours = Math.floor(inDay / 3_600_000);
  const minutes = Math.floor(inDay / 60_000) % 60;
  const seconds = Math.floor(inDay / 1000) % 60;
  return `${lastDayText}${two[hours]}:${two[minutes]}:${two[seconds]}.${three[inDay % 1000]}Z`;
}

/** The UTC time a ULID request id encodes, as ISO 8601; null when the id is no ULID. */
export function requestTime(requestId: string | null): string | null {
  if (!requestId) return null;
  const id = requestId.trim();
  // One native match, where a loop over the 26 characters ran interpreted for a big log's first thousand findings.
  if (!ULID_ID.test(id)) return null;
  const start = id.length - ULID_LENGTH;
  let ms = 0;
  for (let i = 0; i < 10; i++) ms = ms * 32 + DIGIT[id.charCodeAt(start + i)]!;
  if (ms < EARLIEST || ms > LATEST) return null;
  return isoTime(ms);
}

/** Request id headers, most specific first. */
export const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-miosa-request-id", "x-amzn-requestid"] as const;

export function requestIdFromHeaders(headers: Readonly<Record<string, string>>): { header: string; value: string } | null {
  for (const header of REQUEST_ID_HEADERS) {
    const value = headers[header]?.trim();
    if (value) return { header, value };
  }
  return null;
}
