// The health check itself: DNS, TCP and TLS read from one GET /health
// exchange, /health's answer, then, with a key, an authenticated read of the
// current tenant. Returns what each step found, as data (times as numbers);
// the command renders it. Nothing secret is in it: the key appears masked.
import { describeStatus } from "../advice.js";
import type { Catalog } from "../catalog.js";
import { explainResponse } from "../finding/explain.js";
import type { Finding } from "../finding/finding.js";
import { maskKey } from "../sanitize.js";
import { clockOffsetSeconds, connectionSpans, connectionStepOf, skipAfterFailure, type HealthCheck } from "./health.js";
import type { HopResult, HttpClient } from "./http-client.js";
import { explainTransportFailure } from "./transport.js";
import type { UrlSource } from "./target.js";

export const HEALTH_PATH = "/health";
export const TENANT_PATH = "/api/v1/platform/tenants/current";

/** What the checks need to know: where, with which key, under which limits. */
export interface HealthCheckSettings {
  /** The base URL's root (the origin, or the SDKs' .../api/v1 form's root). */
  root: URL;
  hostSource: UrlSource;
  key: string | null;
  timeoutMs: number;
  extraCa: boolean;
  userAgent: string;
}

export interface HealthCheckResult {
  checks: HealthCheck[];
  clockOffsetS: number | null;
  /** A step failed with no HTTP answer behind it (exit 4 rather than 1). */
  noAnswer: boolean;
}

export function urlUnder(root: URL, path: string): URL {
  const url = new URL(root.href);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}${path}`;
  return url;
}

function pass(name: HealthCheck["name"], detail: string, ms: number | null = null): HealthCheck {
  return { name, status: "pass", detail, hints: [], ms };
}

function fail(name: HealthCheck["name"], detail: string, hints: string[] = []): HealthCheck {
  return { name, status: "fail", detail, hints, ms: null };
}

function skipped(name: HealthCheck["name"], detail: string): HealthCheck {
  return { name, status: "skipped", detail, hints: [], ms: null };
}

async function get(client: HttpClient, settings: HealthCheckSettings, url: URL, key: string | null): Promise<HopResult> {
  const headers: [string, string][] = [
    ["User-Agent", settings.userAgent],
    ["Accept", "application/json"],
  ];
  if (key !== null) headers.push(["Authorization", `Bearer ${key}`]);
  return client.send(
    { url, method: "GET", headers, body: null },
    { deadline: client.now() + settings.timeoutMs, maxBodyBytes: 64 * 1024, timeoutMs: settings.timeoutMs },
  );
}

function explainAnswer(hop: HopResult, url: URL, catalog: Catalog): Finding | null {
  const response = hop.response!;
  return explainResponse(
    { status: response.status, headers: response.headers, body: new TextDecoder().decode(response.body), method: "GET", path: url.pathname },
    catalog,
  );
}

/** `401 Unauthorized, invalid_token: Authorization header missing, ...` */
function answerSummary(status: number, finding: Finding | null): string {
  let text = describeStatus(status);
  if (finding?.code) text += `, ${finding.code}`;
  const meaning = finding?.entry?.meaning ?? finding?.message;
  if (meaning) text += `: ${meaning}`;
  else if (finding?.kind === "non_envelope") text += ": not a MIOSA error body (a proxy or load balancer answered)";
  return text;
}

/** DNS, TCP, TLS and /health, all read from one exchange. */
function connectionChecks(hop: HopResult, settings: HealthCheckSettings, url: URL, finding: Finding | null): HealthCheck[] {
  const failure = hop.failure;
  const failedStep = failure ? connectionStepOf(failure.phase) : null;
  const explained = failure
    ? explainTransportFailure(failure, { hostSource: settings.hostSource, timeoutMs: settings.timeoutMs, extraCa: settings.extraCa })
    : null;
  const marks = hop.marks.connection;
  const spans = marks ? connectionSpans(marks) : null;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const address = hop.connection?.address ?? host;
  const unobserved = "not observed (no connection record from this dispatcher)";
  const checks: HealthCheck[] = [];

  if (failedStep === "dns") checks.push(fail("dns", explained!.summary, explained!.checks));
  else if (!spans) checks.push(pass("dns", unobserved));
  else if (spans.dns === null) checks.push(pass("dns", `${host} is an IP address: no lookup needed`));
  else checks.push(pass("dns", `${host} → ${address}`, spans.dns));

  const port = hop.connection?.port ?? (Number(url.port) || (url.protocol === "https:" ? 443 : 80));
  if (failedStep === "tcp") checks.push(fail("tcp", explained!.summary, explained!.checks));
  else checks.push(spans ? pass("tcp", `connected to ${address}:${port}`, spans.tcp) : pass("tcp", unobserved));

  if (url.protocol === "http:") checks.push(skipped("tls", "plain http: no TLS"));
  else if (failedStep === "tls") checks.push(fail("tls", explained!.summary, explained!.checks));
  else {
    const tls = hop.connection?.tls;
    const facts = tls
      ? [
          tls.protocol,
          tls.subject && `certificate for ${tls.subject}`,
          tls.issuer && `issued by ${tls.issuer}`,
          tls.validTo && `valid until ${tls.validTo.slice(0, 10)}`,
        ]
          .filter(Boolean)
          .join(", ")
      : unobserved;
    checks.push(pass("tls", facts, spans?.tls ?? null));
  }

  if (failure && !failedStep) checks.push(fail("health", `GET ${HEALTH_PATH}: ${explained!.summary}`, explained!.checks));
  else if (hop.response && hop.response.status >= 200 && hop.response.status < 300) {
    checks.push(pass("health", `GET ${HEALTH_PATH} → ${describeStatus(hop.response.status)}`, hop.marks.endedAt - hop.marks.startedAt));
  } else if (hop.response) {
    const hints = finding?.entry ? [finding.entry.action] : [];
    checks.push(fail("health", `GET ${HEALTH_PATH} → ${answerSummary(hop.response.status, finding)}`, hints));
  } else checks.push(skipped("health", "not reached"));
  return checks;
}

function tenantName(body: Uint8Array): string | null {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(body));
    const record = (parsed && typeof parsed === "object" ? ((parsed as Record<string, unknown>).data ?? parsed) : null) as Record<string, unknown> | null;
    if (!record || typeof record !== "object") return null;
    const name = [record.name, record.slug].find((value) => typeof value === "string") as string | undefined;
    const id = typeof record.id === "string" || typeof record.id === "number" ? String(record.id) : undefined;
    return name && id ? `${name} (${id})` : (name ?? id ?? null);
  } catch {
    return null;
  }
}

/** Runs the checks in order; a step after a failed one is skipped. */
export async function runHealthChecks(client: HttpClient, settings: HealthCheckSettings, catalog: Catalog, now: () => number): Promise<HealthCheckResult> {
  const healthUrl = urlUnder(settings.root, HEALTH_PATH);
  const tenantUrl = urlUnder(settings.root, TENANT_PATH);
  const health = await get(client, settings, healthUrl, null);
  let noAnswer = health.failure !== null;
  const status = health.response?.status;
  const finding = status !== undefined && (status < 200 || status >= 300) ? explainAnswer(health, healthUrl, catalog) : null;
  const checks = skipAfterFailure(connectionChecks(health, settings, healthUrl, finding));
  const clockOffsetS = health.response ? clockOffsetSeconds(health.response.headers.date, now()) : null;
  if (settings.key === null) checks.push(skipped("auth", "no key given (--key or MIOSA_API_KEY): the key was not checked"));
  else if (checks.some((check) => check.status === "fail")) checks.push(skipped("auth", "skipped: an earlier check failed"));
  else {
    const auth = await authCheck(client, settings, tenantUrl, catalog);
    noAnswer = auth.noAnswer;
    checks.push(auth.check);
  }
  return { checks, clockOffsetS, noAnswer };
}

async function authCheck(client: HttpClient, settings: HealthCheckSettings, url: URL, catalog: Catalog): Promise<{ check: HealthCheck; noAnswer: boolean }> {
  const key = settings.key!;
  const masked = maskKey(key);
  const hop = await get(client, settings, url, key);
  if (hop.failure) {
    const explained = explainTransportFailure(hop.failure, { hostSource: settings.hostSource, timeoutMs: settings.timeoutMs, extraCa: settings.extraCa });
    return { check: fail("auth", `GET ${TENANT_PATH}: ${explained.summary}`, explained.checks), noAnswer: true };
  }
  const response = hop.response!;
  if (response.status >= 200 && response.status < 300) {
    const tenant = tenantName(response.body);
    return { check: pass("auth", `key ${masked} is valid${tenant ? `; tenant ${tenant}` : "; its tenant resolves"}`), noAnswer: false };
  }
  const finding = explainAnswer(hop, url, catalog);
  const hints = finding?.entry ? [finding.entry.action] : [];
  const summary = answerSummary(response.status, finding);
  const detail =
    response.status === 401
      ? `key ${masked} was rejected: ${summary}`
      : response.status === 422 || response.status === 404
        ? `key ${masked} was accepted but its tenant does not resolve: ${summary}`
        : `key ${masked}: could not read its tenant: ${summary}`;
  return { check: fail("auth", detail, hints), noAnswer: false };
}
