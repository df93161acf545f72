// Facts about request ids: MIOSA's are `req_` + a ULID, whose first 10
// characters are the milliseconds since the Unix epoch when the request was made.

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
// An optional prefix (`req_`), then 26 Crockford base32 characters; the first is 0-7 (48-bit time).
const ULID_ID = /^(?:[A-Za-z][A-Za-z0-9]{0,15}_)?([0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25})$/;
// Times outside this range are not believable as request times; such an id is not read as a ULID.
const EARLIEST = Date.UTC(2016, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** The UTC time a ULID request id encodes, as ISO 8601; null when the id is no ULID. */
export function requestTime(requestId: string | null): string | null {
  if (!requestId) return null;
  const match = ULID_ID.exec(requestId.trim());
  if (!match) return null;
  const ulid = (match[1] ?? "").toUpperCase();
  let ms = 0;
  for (let i = 0; i < 10; i++) ms = ms * 32 + CROCKFORD.indexOf(ulid[i] ?? "0");
  if (ms < EARLIEST || ms > LATEST) return null;
  return new Date(ms).toISOString();
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
