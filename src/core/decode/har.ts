// HAR files (a browser's or proxy's export of HTTP traffic): every entry
// whose response is an error, explained with its method, URL and status.
import { Buffer } from "node:buffer";
import type { Catalog } from "../catalog.js";
import type { Finding } from "./finding.js";
import { explainResponse } from "./response.js";
import { isObject, statusField } from "./values.js";

/** Bodies a HAR stores base64-encoded are decoded only up to this size. */
const MAX_HAR_BODY = 16 * 1024 * 1024;

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

function harBody(content: unknown): string | null {
  if (!isObject(content) || typeof content.text !== "string") return null;
  if (content.encoding === "base64") {
    if (content.text.length > (MAX_HAR_BODY * 4) / 3) return "";
    return Buffer.from(content.text, "base64").toString("utf8");
  }
  return content.text;
}

export function harFindings(har: unknown, catalog: Catalog, line: number): Finding[] {
  if (!isHar(har)) return [];
  const entries = ((har as { log: { entries: unknown[] } }).log.entries);
  const findings: Finding[] = [];
  entries.forEach((entry, index) => {
    if (!isObject(entry) || !isObject(entry.response)) return;
    const status = statusField(entry.response.status);
    // 0 is a request that got no answer (blocked, aborted); 1xx-3xx are not errors.
    if (status === null || status < 400) return;
    const request = isObject(entry.request) ? entry.request : {};
    const body = harBody(entry.response.content);
    const finding = explainResponse(
      {
        status,
        headers: harHeaders(entry.response.headers),
        body: body ?? "",
        method: typeof request.method === "string" ? request.method : null,
        path: typeof request.url === "string" ? request.url : null,
      },
      catalog,
      "har",
      line,
    );
    if (!finding) return;
    finding.source.har_entry = index + 1;
    if (body === null) {
      finding.warnings = finding.warnings.filter((warning) => warning !== "the answer has an empty body");
      finding.warnings.push("the HAR holds no response body for this entry (exported without content?)");
    }
    findings.push(finding);
  });
  return findings;
}
