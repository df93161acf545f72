// HAR files (a browser's or proxy's export of HTTP traffic): every entry
// whose response is an error, explained with its method, URL, status and
// start. A body stored as base64 is decoded, and decompressed when the
// answer's content-encoding says its text is still compressed. Request
// bodies (postData) are never read as answers; 1xx-3xx answers are skipped.
import type { Catalog } from "../catalog.js";
import { utf8Text } from "../bytes.js";
import { redactSecrets } from "../sanitize.js";
import type { Finding } from "../finding/finding.js";
import { explainResponse } from "../finding/explain.js";
import { isObject, statusField } from "../finding/values.js";

/** Bodies a HAR stores base64-encoded are decoded only up to this size. */
export const MAX_HAR_BODY = 16 * 1024 * 1024;

/** Decompresses a body (gzip, deflate, br) up to `maxBytes`; null when it cannot (not compressed so, or not here). */
export type Decompress = (encoding: string, bytes: Uint8Array, maxBytes: number) => Uint8Array | null;

export interface HarOptions {
  /** Where bodies a HAR stores compressed are decompressed (Node's zlib in the CLI); without one they are shown as such. */
  decompress?: Decompress;
}

export function isHar(value: unknown): boolean {
  return isObject(value) && isObject(value.log) && Array.isArray(value.log.entries);
}

function harHeaders(list: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!Array.isArray(list)) return headers;
  for (const item of list.slice(0, 500)) {
    if (isObject(item) && typeof item.name === "string" && typeof item.value === "string") {
      const name = item.name.toLowerCase();
      // HTTP/2 pseudo-headers (:status) are not headers of the answer.
      if (!name.startsWith(":") && headers[name] === undefined) headers[name] = item.value;
    }
  }
  return headers;
}

/** base64 text as bytes (no Buffer: core runs in a browser too). */
function base64Bytes(text: string): Uint8Array | null {
  try {
    const binary = atob(text.replace(/\s+/g, ""));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

const COMPRESSED: Record<string, (bytes: Uint8Array) => boolean> = {
  gzip: (bytes) => bytes[0] === 0x1f && bytes[1] === 0x8b,
  deflate: (bytes) => (bytes[0]! & 0x0f) === 8 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0,
  // Brotli has no signature: text that is not UTF-8 is taken for it.
  br: (bytes) => !isUtf8Text(bytes),
};

function isUtf8Text(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, 4096));
    return true;
  } catch {
    return false;
  }
}

interface Body {
  text: string | null;
  notes: string[];
}

/** The entry's response body as text, and what was done to read it. */
function harBody(content: unknown, headers: Record<string, string>, options: HarOptions): Body {
  if (!isObject(content) || typeof content.text !== "string") return { text: null, notes: [] };
  const notes: string[] = [];
  let bytes: Uint8Array | null = null;
  if (content.encoding === "base64") {
    if (content.text.length > (MAX_HAR_BODY * 4) / 3) return { text: "", notes: [`the body is over ${MAX_HAR_BODY / 1024 / 1024} MB of base64: not decoded`] };
    bytes = base64Bytes(content.text);
    if (bytes === null) return { text: content.text, notes: ["the body is marked base64 but is not: read as it is"] };
  }
  const encoding = (headers["content-encoding"] ?? "").trim().toLowerCase();
  const still = COMPRESSED[encoding];
  if (bytes !== null && still?.(bytes)) {
    const inflated = options.decompress?.(encoding, bytes, MAX_HAR_BODY) ?? null;
    if (inflated !== null) bytes = inflated;
    else notes.push(`the body is ${encoding}-compressed and could not be decompressed here`);
  }
  return { text: bytes === null ? content.text : utf8Text(bytes, 0, bytes.length), notes };
}

/** An msk_ key in the request's Authorization (or X-Api-Key) header: to warn about, as a transcript's is. */
function requestKey(request: Record<string, unknown>): string | null {
  const headers = harHeaders(request.headers);
  const value = headers.authorization ?? headers["x-api-key"] ?? "";
  return /msk_[A-Za-z0-9_-]{8,}/.exec(value)?.[0] ?? null;
}

/** The finding for one HAR entry (`index` from 0), or null when its answer is not an error. */
export function harEntryFinding(entry: unknown, index: number, line: number, catalog: Catalog, options: HarOptions = {}): Finding | null {
  if (!isObject(entry) || !isObject(entry.response)) return null;
  const status = statusField(entry.response.status);
  // 0 is a request that got no answer (blocked, aborted); 1xx-3xx are not errors.
  if (status === null || status < 400) return null;
  const request = isObject(entry.request) ? entry.request : {};
  const headers = harHeaders(entry.response.headers);
  const body = harBody(entry.response.content, headers, options);
  const finding = explainResponse(
    {
      status,
      headers,
      body: body.text ?? "",
      method: typeof request.method === "string" ? request.method : null,
      path: typeof request.url === "string" ? request.url : null,
    },
    catalog,
    "har",
    line,
  );
  if (!finding) return null;
  finding.source.har_entry = index + 1;
  const started = typeof entry.startedDateTime === "string" ? Date.parse(entry.startedDateTime) : Number.NaN;
  if (!Number.isNaN(started)) finding.time = new Date(started).toISOString();
  if (body.text === null) {
    finding.warnings = finding.warnings.filter((warning) => warning !== "the answer has an empty body");
    finding.warnings.push("the HAR holds no response body for this entry (exported without content?)");
  }
  finding.warnings.push(...body.notes);
  const key = requestKey(request);
  if (key) finding.warnings.push(`the HAR shows an API key (${redactSecrets(key)}) in the request's Authorization header; rotate it if this was shared`);
  return finding;
}

/** Every error entry of a whole HAR document. */
export function harFindings(har: unknown, catalog: Catalog, line: number, options: HarOptions = {}): Finding[] {
  if (!isHar(har)) return [];
  const entries = (har as { log: { entries: unknown[] } }).log.entries;
  const findings: Finding[] = [];
  entries.forEach((entry, index) => {
    const finding = harEntryFinding(entry, index, line, catalog, options);
    if (finding) findings.push(finding);
  });
  return findings;
}
