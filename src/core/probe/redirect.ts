// Following a redirect as curl --location does: at most a few hops, a change
// to GET where browsers and curl make one, and credentials dropped when the
// redirect leaves the origin.
import { CREDENTIAL_HEADERS } from "./request.js";
import { sameOrigin } from "./target.js";

export const MAX_REDIRECTS = 5;
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface RedirectableRequest {
  method: string;
  url: URL;
  headers: readonly (readonly [string, string])[];
  body: Uint8Array | null;
}

export type RedirectStep = { ok: true; request: RedirectableRequest; crossOrigin: boolean; droppedHeaders: string[] } | { ok: false; problem: string };

export function nextRedirect(request: RedirectableRequest, status: number, location: string | undefined): RedirectStep {
  if (location === undefined || location.trim() === "") return { ok: false, problem: `${status} without a Location header` };
  let url: URL;
  try {
    url = new URL(location.trim(), request.url);
  } catch {
    return { ok: false, problem: `Location "${location}" is not a valid URL` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, problem: `Location "${location}" is not an http(s) URL` };
  }
  url.hash = "";
  // 303 always, and 301/302 after a POST, turn into a GET without a body.
  const toGet = (status === 303 && request.method !== "HEAD") || ((status === 301 || status === 302) && request.method === "POST");
  const crossOrigin = !sameOrigin(request.url, url);
  const drop = new Set<string>();
  if (crossOrigin) for (const name of CREDENTIAL_HEADERS) drop.add(name);
  if (toGet) drop.add("content-type");
  const droppedHeaders: string[] = [];
  const headers = request.headers.filter(([name]) => {
    const lower = name.toLowerCase();
    if (!drop.has(lower)) return true;
    if ((CREDENTIAL_HEADERS as readonly string[]).includes(lower)) droppedHeaders.push(name);
    return false;
  });
  return {
    ok: true,
    request: { method: toGet ? "GET" : request.method, url, headers, body: toGet ? null : request.body },
    crossOrigin,
    droppedHeaders,
  };
}
