// probe without a path: the health check a support engineer asks a customer
// to paste. DNS, TCP and TLS are read from the GET /health exchange; then,
// with a key, an authenticated read of the current tenant. Nothing secret.
import { describeStatus } from "../core/advice.js";
import type { Catalog } from "../core/catalog.js";
import type { Finding } from "../core/decode/finding.js";
import { explainResponse } from "../core/decode/response.js";
import {
  clockOffsetSeconds,
  CLOCK_SKEW_THRESHOLD_S,
  connectionSpans,
  connectionStepOf,
  skipAfterFailure,
  type HealthCheck,
} from "../core/probe/health.js";
import { plainHttpRefusal, describeSource } from "../core/probe/target.js";
import { explainTransportFailure } from "../core/probe/transport.js";
import { maskKey, redactStrings } from "../core/sanitize.js";
import type { Context } from "../cli/context.js";
import { UsageError, type Outcome } from "../cli/errors.js";
import { renderHealthReport, healthJson } from "../cli/render/health.js";
import { jsonDocument } from "../cli/render/json.js";
import { formatMs } from "../cli/render/timing-chart.js";
import type { HopResult, HttpClient } from "../net/http-client.js";
import { openClient, type ProbeDeps } from "./probe.js";
import { USER_AGENT, type CommonSettings, type ProbeOptions } from "./probe-settings.js";

export const HEALTH_PATH = "/health";
export const TENANT_PATH = "/api/v1/platform/tenants/current";

export interface HealthReport {
  baseUrl: string;
  baseSource: string;
  key: string | null;
  keySource: string | null;
  checkedAt: string;
  checks: HealthCheck[];
  clockOffsetS: number | null;
}

function urlUnder(settings: CommonSettings, path: string): URL {
  const url = new URL(settings.base.root.href);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}${path}`;
  return url;
}

function pass(name: HealthCheck["name"], detail: string): HealthCheck {
  return { name, status: "pass", detail, hints: [] };
}

function fail(name: HealthCheck["name"], detail: string, hints: string[] = []): HealthCheck {
  return { name, status: "fail", detail, hints };
}

function skipped(name: HealthCheck["name"], detail: string): HealthCheck {
  return { name, status: "skipped", detail, hints: [] };
}

async function get(client: HttpClient, settings: CommonSettings, url: URL, key: string | null): Promise<HopResult> {
  const headers: [string, string][] = [
    ["User-Agent", USER_AGENT],
    ["Accept", "application/json"],
  ];
  if (key !== null) headers.push(["Authorization", `Bearer ${key}`]);
  return client.send({ url, method: "GET", headers, body: null }, { deadline: client.now() + settings.timeoutMs, maxBodyBytes: 64 * 1024, timeoutMs: settings.timeoutMs });
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
function connectionChecks(hop: HopResult, settings: CommonSettings, url: URL, finding: Finding | null): HealthCheck[] {
  const failure = hop.failure;
  const failedStep = failure ? connectionStepOf(failure.phase) : null;
  const explained = failure ? explainTransportFailure(failure, { hostSource: settings.base.source, timeoutMs: settings.timeoutMs, extraCa: settings.ca !== null }) : null;
  const marks = hop.marks.connection;
  const spans = marks ? connectionSpans(marks) : null;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const address = hop.connection?.address ?? host;
  const unobserved = "not observed (no connection record from this dispatcher)";
  const checks: HealthCheck[] = [];

  if (failedStep === "dns") checks.push(fail("dns", explained!.summary, explained!.checks));
  else if (!spans) checks.push(pass("dns", unobserved));
  else if (spans.dns === null) checks.push(pass("dns", `${host} is an IP address: no lookup needed`));
  else checks.push(pass("dns", `${host} → ${address} (${formatMs(spans.dns)})`));

  const port = hop.connection?.port ?? (Number(url.port) || (url.protocol === "https:" ? 443 : 80));
  if (failedStep === "tcp") checks.push(fail("tcp", explained!.summary, explained!.checks));
  else checks.push(pass("tcp", spans ? `connected to ${address}:${port} (${formatMs(spans.tcp)})` : unobserved));

  if (url.protocol === "http:") checks.push(skipped("tls", "plain http: no TLS"));
  else if (failedStep === "tls") checks.push(fail("tls", explained!.summary, explained!.checks));
  else {
    const tls = hop.connection?.tls;
    const facts = tls
      ? [tls.protocol, tls.subject && `certificate for ${tls.subject}`, tls.issuer && `issued by ${tls.issuer}`, tls.validTo && `valid until ${tls.validTo.slice(0, 10)}`]
          .filter(Boolean)
          .join(", ")
      : unobserved;
    checks.push(pass("tls", spans?.tls != null ? `${facts} (${formatMs(spans.tls)})` : facts));
  }

  if (failure && !failedStep) checks.push(fail("health", `GET ${HEALTH_PATH}: ${explained!.summary}`, explained!.checks));
  else if (hop.response && hop.response.status >= 200 && hop.response.status < 300) {
    checks.push(pass("health", `GET ${HEALTH_PATH} → ${describeStatus(hop.response.status)} (${formatMs(hop.marks.endedAt - hop.marks.startedAt)})`));
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

export async function runHealthCheck(settings: CommonSettings, options: ProbeOptions, ctx: Context, deps: ProbeDeps): Promise<Outcome> {
  const { io } = ctx;
  const healthUrl = urlUnder(settings, HEALTH_PATH);
  const tenantUrl = urlUnder(settings, TENANT_PATH);
  if (settings.key !== null && !settings.allowInsecure) {
    const refusal = plainHttpRefusal(tenantUrl);
    if (refusal) throw new UsageError(refusal);
  }
  const catalog = await ctx.catalog();
  const client = await openClient(settings, deps);
  let checks: HealthCheck[];
  let clockOffsetS: number | null = null;
  let noAnswer = false;
  try {
    const health = await get(client, settings, healthUrl, null);
    noAnswer = health.failure !== null;
    const status = health.response?.status;
    const finding = status !== undefined && (status < 200 || status >= 300) ? explainAnswer(health, healthUrl, catalog) : null;
    checks = skipAfterFailure(connectionChecks(health, settings, healthUrl, finding));
    if (health.response) clockOffsetS = clockOffsetSeconds(health.response.headers.date, io.now());
    if (settings.key === null) checks.push(skipped("auth", "no key given (--key or MIOSA_API_KEY): the key was not checked"));
    else if (checks.some((check) => check.status === "fail")) checks.push(skipped("auth", "skipped: an earlier check failed"));
    else {
      const auth = await authCheck(client, settings, tenantUrl, catalog);
      noAnswer = auth.noAnswer;
      checks.push(auth.check);
    }
  } finally {
    await client.close();
  }
  // A failure with no HTTP answer behind it exits 4; one with an answer, 1.
  const outcome: Outcome = !checks.some((check) => check.status === "fail") ? "ok" : noAnswer ? "no_response" : "api_error";
  const report: HealthReport = {
    baseUrl: settings.base.root.href.replace(/\/$/, ""),
    baseSource: describeSource(settings.base.source),
    key: settings.key === null ? null : maskKey(settings.key),
    keySource: settings.keySource,
    checkedAt: new Date(io.now()).toISOString(),
    checks,
    clockOffsetS,
  };
  if (options.json) io.stdout.write(jsonDocument(redactStrings(healthJson(report, outcome), settings.redact)));
  else io.stdout.write(renderHealthReport(ctx.chalk, report, settings.redact, clockOffsetS !== null && Math.abs(clockOffsetS) > CLOCK_SKEW_THRESHOLD_S));
  return outcome;
}

async function authCheck(client: HttpClient, settings: CommonSettings, url: URL, catalog: Catalog): Promise<{ check: HealthCheck; noAnswer: boolean }> {
  const key = settings.key!;
  const masked = maskKey(key);
  const hop = await get(client, settings, url, key);
  if (hop.failure) {
    const explained = explainTransportFailure(hop.failure, { hostSource: settings.base.source, timeoutMs: settings.timeoutMs, extraCa: settings.ca !== null });
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
