// The request probe sends: method, headers (curl's -H rules), body and key
// (masking them for display is the sanitiser's: core/sanitize.ts).

export class RequestProblem extends Error {
  override name = "RequestProblem";
}

export type HeaderList = [name: string, value: string][];

export interface ProbeRequest {
  method: string;
  url: URL;
  headers: HeaderList;
  body: Uint8Array | null;
  /** The API key sent as a Bearer token, if any: kept so it can be masked everywhere. */
  key: string | null;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function parseMethod(text: string | undefined, hasBody: boolean): string {
  if (text === undefined) return hasBody ? "POST" : "GET";
  const method = text.trim().toUpperCase();
  if (!TOKEN.test(method)) throw new RequestProblem(`-X takes an HTTP method such as GET or POST, not "${text}"`);
  if (method === "CONNECT" || method === "TRACE") throw new RequestProblem(`-X ${method} is not supported by probe`);
  return method;
}

export interface HeaderArgument {
  name: string;
  /** null for `-H 'Name:'`: remove a header probe would otherwise send, as curl does. */
  value: string | null;
}

/** `Name: value`, as curl's -H takes it. */
export function parseHeaderArgument(text: string): HeaderArgument {
  const colon = text.indexOf(":");
  if (colon <= 0) throw new RequestProblem(`-H takes "Name: value", not "${text}"`);
  const name = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  if (!TOKEN.test(name)) throw new RequestProblem(`-H "${text}": "${name}" is not a valid header name`);
  if (/[\r\n\0]/.test(value)) throw new RequestProblem(`-H ${name}: a header value cannot contain line breaks`);
  const lower = name.toLowerCase();
  if (["host", "content-length", "transfer-encoding", "connection"].includes(lower)) {
    throw new RequestProblem(`-H ${name}: probe sets this header itself`);
  }
  return { name, value: value === "" ? null : value };
}

export interface RequestParts {
  method: string;
  url: URL;
  key: string | null;
  userAgent: string;
  headers: readonly HeaderArgument[];
  body: Uint8Array | null;
}

function has(headers: HeaderList, name: string): boolean {
  return headers.some(([candidate]) => candidate.toLowerCase() === name);
}

/**
 * Default headers first (User-Agent, Accept, Authorization from the key,
 * Content-Type for a body), each replaced or removed by a -H of the same name;
 * other -H headers are added in the order given.
 */
export function buildRequest(parts: RequestParts): ProbeRequest {
  const defaults: HeaderList = [
    ["User-Agent", parts.userAgent],
    ["Accept", "application/json"],
  ];
  if (parts.key !== null) defaults.push(["Authorization", `Bearer ${parts.key}`]);
  if (parts.body !== null) defaults.push(["Content-Type", "application/json"]);
  const overridden = new Set(parts.headers.map((header) => header.name.toLowerCase()));
  const headers: HeaderList = defaults.filter(([name]) => !overridden.has(name.toLowerCase()));
  for (const header of parts.headers) if (header.value !== null) headers.push([header.name, header.value]);
  const keySent = parts.key !== null && headers.some(([name, value]) => name.toLowerCase() === "authorization" && value === `Bearer ${parts.key}`);
  return { method: parts.method, url: parts.url, headers, body: parts.body, key: keySent ? parts.key : null };
}

/** Whether the request carries a credential (our key or a user's Authorization header). */
export function carriesCredential(request: ProbeRequest): boolean {
  return has(request.headers, "authorization") || has(request.headers, "proxy-authorization") || has(request.headers, "cookie");
}

/** Headers a redirect to another origin must not carry, as curl drops them. */
export const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"] as const;

/** Whether a body sent as JSON parses as JSON: a warning, not an error, when not. */
export function isJsonText(body: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder().decode(body));
    return true;
  } catch {
    return false;
  }
}
