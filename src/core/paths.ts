// Request paths as the catalog sees them: the API path of a URL, and the
// area (sandboxes, snapshots, ...) a path belongs to. The ranker in match.ts
// decides by area first; decode and probe hand it what they saw.
import type { Area } from "./catalog.js";

const MAX_PATH = 2048;

/**
 * The API path of a URL or path: origin, query and fragment dropped, and
 * the `/api/v1` (or `/v1`) prefix taken off, lower-cased. `/api/v1/Sandboxes/x?y` → `/sandboxes/x`.
 */
export function apiPath(pathOrUrl: string | null): string | null {
  if (!pathOrUrl) return null;
  let path = pathOrUrl.trim().slice(0, MAX_PATH);
  const scheme = path.indexOf("://");
  if (scheme !== -1 && scheme < 10) {
    const slash = path.indexOf("/", scheme + 3);
    path = slash === -1 ? "/" : path.slice(slash);
  }
  for (const mark of ["?", "#"]) {
    const at = path.indexOf(mark);
    if (at !== -1) path = path.slice(0, at);
  }
  if (!path.startsWith("/")) return null;
  path = path.toLowerCase().replace(/\/{2,}/g, "/");
  if (path.startsWith("/api/v1/") || path === "/api/v1") path = path.slice(7);
  else if (path.startsWith("/v1/")) path = path.slice(3);
  else if (path.startsWith("/api/")) path = path.slice(4);
  return path === "" ? "/" : path;
}

// First match wins: a snapshot or domain path under a computer or sandbox
// belongs to snapshots or domains, not to its parent.
const AREA_RULES: readonly [RegExp, Area][] = [
  [/^\/(?:computers|sandboxes)\/[^/]+\/snapshots(?:\/|$)/, "snapshots"],
  [/^\/snapshots(?:\/|$)/, "snapshots"],
  [/^\/auth\/sse-ticket(?:\/|$)/, "templates"],
  [/^\/(?:sandbox-templates|sandbox-template-builds|templates)(?:\/|$)/, "templates"],
  [/^\/(?:computers|deployments)\/[^/]+\/domains(?:\/|$)/, "domains"],
  [/^\/(?:custom-domains|domains)(?:\/|$)/, "domains"],
  [/^\/deployments(?:\/|$)/, "deployments"],
  [/^\/computers(?:\/|$)/, "computers"],
  [/^\/sandboxes(?:\/|$)/, "sandboxes"],
  [/^\/workspaces(?:\/|$)/, "workspaces"],
  [/^\/(?:credits|billing)(?:\/|$)/, "billing"],
];

/** The catalog area a request path belongs to, or null when no rule names one. */
export function areaForPath(pathOrUrl: string | null): Area | null {
  const path = apiPath(pathOrUrl);
  if (path === null) return null;
  for (const [rule, area] of AREA_RULES) if (rule.test(path)) return area;
  return null;
}
