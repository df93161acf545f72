// Where probe sends its request: the base URL (flag, env or default), a PATH
// joined to it or a full URL as given, and whether a key may travel there.
// Pure: callers turn a TargetProblem into their own usage error.

export const DEFAULT_BASE_URL = "https://api.miosa.ai";
/** The prefix the SDKs put in their base URL and the API's paths start with. */
export const API_PREFIX = "/api/v1";

/** Which setting supplied a URL, in the words an error message uses. */
export type UrlSource = "--base-url" | "MIOSA_API_URL" | "default" | "argument" | "redirect";

export class TargetProblem extends Error {
  override name = "TargetProblem";
}

export interface BaseUrl {
  /** The origin plus any path prefix in front of /api/v1, without a trailing slash. */
  root: URL;
  source: UrlSource;
}

export function describeSource(source: UrlSource): string {
  switch (source) {
    case "--base-url":
      return "the --base-url flag";
    case "MIOSA_API_URL":
      return "env MIOSA_API_URL";
    case "default":
      return `the default base URL (${DEFAULT_BASE_URL})`;
    case "argument":
      return "the URL given as argument";
    case "redirect":
      return "a redirect's Location header";
  }
}

function parseHttpUrl(text: string, source: UrlSource): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new TargetProblem(`malformed URL "${text}" from ${describeSource(source)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TargetProblem(`URL "${text}" from ${describeSource(source)} must start with https:// or http://`);
  }
  if (url.hostname === "") throw new TargetProblem(`URL "${text}" from ${describeSource(source)} has no host`);
  if (url.username !== "" || url.password !== "") {
    throw new TargetProblem(`URL from ${describeSource(source)} carries credentials; pass the key with --key or MIOSA_API_KEY instead`);
  }
  return url;
}

/**
 * The base URL: --base-url, else MIOSA_API_URL, else the default. Both the
 * origin (`https://api.miosa.ai`) and the SDK form (`.../api/v1`) are accepted.
 */
export function resolveBaseUrl(flag: string | undefined, env: string | undefined): BaseUrl {
  const [text, source]: [string, UrlSource] =
    flag !== undefined ? [flag, "--base-url"] : env !== undefined && env.trim() !== "" ? [env, "MIOSA_API_URL"] : [DEFAULT_BASE_URL, "default"];
  const url = parseHttpUrl(text, source);
  if (url.search !== "" || url.hash !== "") {
    throw new TargetProblem(`base URL from ${describeSource(source)} must not have a query or fragment`);
  }
  let path = url.pathname.replace(/\/+$/, "");
  if (path.toLowerCase().endsWith(API_PREFIX)) path = path.slice(0, -API_PREFIX.length);
  const root = new URL(url.origin);
  root.pathname = path === "" ? "/" : path;
  return { root, source };
}

export interface Target {
  url: URL;
  /** Which setting supplied the host the request goes to. */
  hostSource: UrlSource;
}

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A full URL is used as is. A PATH with a leading slash (`/api/v1/sandboxes`,
 * `/health`) is joined to the root; one without (`sandboxes`) is under /api/v1,
 * the way the SDKs write paths.
 */
export function resolveTarget(base: BaseUrl, pathOrUrl: string): Target {
  const input = pathOrUrl.trim();
  if (input === "") throw new TargetProblem("empty PATH_OR_URL; give a path such as sandboxes or a full URL");
  if (ABSOLUTE_URL.test(input)) return { url: parseHttpUrl(input, "argument"), hostSource: "argument" };
  if (/\s/.test(input)) throw new TargetProblem(`PATH "${input}" contains spaces; encode them as %20`);
  const rootPath = base.root.pathname.replace(/\/+$/, "");
  // `api/v1/sandboxes` without its slash is still the full path, not /api/v1/api/v1/...
  const fromRoot = input.startsWith("/") || /^api\/v\d+(\/|$)/i.test(input);
  const joined = fromRoot ? `${rootPath}/${input.replace(/^\/+/, "")}` : `${rootPath}${API_PREFIX}/${input}`;
  let url: URL;
  try {
    url = new URL(joined, base.root.origin);
  } catch {
    throw new TargetProblem(`PATH "${input}" does not make a valid URL`);
  }
  if (url.origin !== base.root.origin) throw new TargetProblem(`PATH "${input}" must be a path, not a host`);
  return { url, hostSource: base.source };
}

/** localhost, 127.0.0.0/8 and ::1: where plain http cannot be overheard. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) return v4.slice(1).every((part) => Number(part) <= 255);
  const mapped = /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
  return mapped;
}

/** Why a credential must not be sent to `url`, or null when it may. */
export function plainHttpRefusal(url: URL): string | null {
  if (url.protocol !== "http:" || isLoopbackHost(url.hostname)) return null;
  return `refusing to send the key over plain http:// to ${url.host}; use https://, or --allow-insecure if you accept that anyone on the path can read it`;
}

/** Scheme, host and port: what decides whether a redirect leaves the origin. */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.origin === b.origin;
}

/** A URL whose host is an IP address (the URL parser has already normalised IPv4 and bracketed IPv6): no DNS lookup. */
export function isIpHost(url: URL): boolean {
  return url.hostname.startsWith("[") || /^\d{1,3}(\.\d{1,3}){3}$/.test(url.hostname);
}
