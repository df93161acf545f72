// Answers that carry no MIOSA error envelope: an HTML page or plain text
// from a proxy, load balancer or CDN, or an empty body. They did not come
// from the API, and say so.

export type BodyKind = "html" | "text" | "json" | "empty";

export interface NonEnvelopeFacts {
  kind: BodyKind;
  title: string | null;
  /** The first line of a text body, shortened. */
  excerpt: string | null;
  servedBy: string | null;
}

const TITLE_WINDOW = 64 * 1024;

function collapse(text: string): string {
  return (
    text
      .replace(/&amp;/gi, "&")
      .replace(/&lt;/gi, "<")
      .replace(/&gt;/gi, ">")
      .replace(/&quot;/gi, '"')
      .replace(/&#39;|&apos;/gi, "'")
      .replace(/&nbsp;/gi, " ")
      // \s but the BOM: an invisible character is kept (and shown escaped), not made a space that cuts a key in two.
      .replace(/[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g, " ")
      .trim()
      .slice(0, 200)
  );
}

/** Text between `<tag ...>` and `</tag`, found with indexOf: no regex to backtrack on a hostile page. */
function elementText(lower: string, original: string, tag: string): string | null {
  const open = lower.indexOf(`<${tag}`);
  if (open === -1) return null;
  const start = lower.indexOf(">", open);
  if (start === -1) return null;
  const end = lower.indexOf(`</${tag}`, start);
  if (end === -1) return null;
  const text = collapse(original.slice(start + 1, end).replace(/<[^<>]{0,200}>/g, " "));
  return text || null;
}

export function bodyKind(body: string, contentType: string | null): BodyKind {
  const text = body.trimStart();
  if (text === "") return "empty";
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("html") || /^<\/?(?:!doctype|html|head|body|\?xml|center|h1|title)/i.test(text.slice(0, 20))) return "html";
  if (type.includes("json") || text.startsWith("{") || text.startsWith("[")) return "json";
  return "text";
}

// Signs of what answered: header values or page text → a name.
const SERVERS: readonly [RegExp, string][] = [
  [/cloudflare/i, "cloudflare"],
  [/awselb|elb\b|amazon cloudfront|cloudfront/i, "an AWS load balancer or CloudFront"],
  [/envoy|upstream connect error|upstream request timeout/i, "envoy"],
  [/nginx/i, "nginx"],
  [/google frontend/i, "Google Frontend"],
  [/fly\/|fly-request-id/i, "Fly.io's proxy"],
  [/caddy/i, "caddy"],
  [/haproxy/i, "HAProxy"],
  [/varnish/i, "varnish"],
  [/traefik/i, "traefik"],
];

export function describeNonEnvelope(body: string, headers: Readonly<Record<string, string>>): NonEnvelopeFacts {
  const contentType = headers["content-type"] ?? null;
  const kind = bodyKind(body, contentType);
  const window = body.slice(0, TITLE_WINDOW);
  let title: string | null = null;
  let excerpt: string | null = null;
  if (kind === "html") {
    const lower = window.toLowerCase();
    title = elementText(lower, window, "title") ?? elementText(lower, window, "h1");
  } else if (kind === "text" || kind === "json") {
    const line = window.split("\n").find((item) => item.trim() !== "");
    excerpt = line ? collapse(line) : null;
  }
  const clues = [
    headers.server ?? "",
    headers.via ?? "",
    headers["cf-ray"] ? "cloudflare" : "",
    headers["fly-request-id"] ? "fly/" : "",
    kind === "json" ? "" : window.slice(0, 4096),
  ].join(" ");
  const servedBy = SERVERS.find(([pattern]) => pattern.test(clues))?.[1] ?? null;
  return { kind, title, excerpt, servedBy };
}

export interface NonEnvelopeAdvice {
  meaning: string;
  action: string;
  retry: string;
}

/** What a non-envelope answer means, by status: words for every renderer. */
export function nonEnvelopeAdvice(status: number | null, kind: BodyKind): NonEnvelopeAdvice {
  const front = "something in front of the MIOSA API (a proxy, load balancer or CDN), not the API itself";
  if (status !== null && status >= 502 && status <= 504) {
    return {
      meaning: `No MIOSA error envelope: this ${status} came from ${front}. The API was unreachable, overloaded or too slow to answer it.`,
      action: "Retry with backoff; if it persists, check MIOSA's status and contact support with the time, method and path of the call.",
      retry: "Transient: retry with exponential backoff (from 500 ms, with jitter, capped at 30 s); honour Retry-After when present.",
    };
  }
  if (kind === "json") {
    return {
      meaning: "The body is JSON but holds no MIOSA error fields (code, message, request_id).",
      action: "Check that the request went to the MIOSA API (https://api.miosa.ai/api/v1/...) and not to another service.",
      retry: status !== null && status >= 500 ? "Retry with backoff if the call is idempotent." : "Do not retry as is.",
    };
  }
  if (status !== null && status >= 500) {
    return {
      meaning: `No MIOSA error envelope: this ${status} most likely came from ${front}.`,
      action: "Retry with backoff; if it persists, contact support with the time, method and path of the call.",
      retry: "Retry with exponential backoff if the call is idempotent or carries an Idempotency-Key.",
    };
  }
  return {
    meaning: `No MIOSA error envelope: ${kind === "empty" ? "an empty body" : "this answer"} most likely came from ${front}, or from a URL outside the API.`,
    action: "Check the base URL and path (https://api.miosa.ai/api/v1/...), and any proxy between the caller and MIOSA.",
    retry: "Do not retry as is: fix the URL or the proxy first.",
  };
}
