// probe's options and environment turned into settings: where to send what,
// with which key, under which limits. Every bad value is a usage error that
// names the flag (or env variable) it came from. parseProbeOptions
// (probe-options.ts) checks the flags alone; the settings add the
// environment and the files named.
import pkg from "../../package.json" with { type: "json" };
import { buildRequest, carriesCredential, isJsonText, RequestProblem, type ProbeRequest } from "../core/probe/request.js";
import { plainHttpRefusal, resolveBaseUrl, resolveTarget, TargetProblem, type BaseUrl, type UrlSource } from "../core/probe/target.js";
import { createRedactor, safeText } from "../core/sanitize.js";
import { UsageError } from "../cli/exit.js";
import { readWhole } from "../cli/input/whole.js";
import type { IO } from "../cli/io.js";
import type { ProbeOptions } from "./probe-options.js";

const MAX_DATA_FILE_BYTES = 16 * 1024 * 1024;

export const USER_AGENT = `miosa-err/${pkg.version}`;

export type KeySource = "--key" | "MIOSA_API_KEY" | null;

export interface CommonSettings {
  base: BaseUrl;
  key: string | null;
  keySource: KeySource;
  timeoutMs: number;
  ca: string | null;
  caFile: string | null;
  allowInsecure: boolean;
  redact: (text: string) => string;
}

export interface ProbeSettings extends CommonSettings {
  request: ProbeRequest;
  hostSource: UrlSource;
  maxBodyBytes: number;
  retries: number;
  maxTotalWaitMs: number;
  follow: boolean;
  json: boolean;
  verbose: boolean;
  /** Said on stderr before sending: risky choices the user made. */
  warnings: string[];
}

function usage(error: unknown): never {
  if (error instanceof TargetProblem || error instanceof RequestProblem) throw new UsageError(safeText(error.message, { singleLine: true }));
  throw error;
}

/** Base URL, key, timeout, CA and redaction: what probe and the health check share. */
export async function parseCommonSettings(options: ProbeOptions, io: IO): Promise<CommonSettings> {
  let base: BaseUrl;
  try {
    base = resolveBaseUrl(options.baseUrl, io.env.MIOSA_API_URL);
  } catch (error) {
    usage(error);
  }
  const [rawKey, keySource]: [string | undefined, KeySource] =
    options.key !== undefined ? [options.key, "--key"] : io.env.MIOSA_API_KEY ? [io.env.MIOSA_API_KEY, "MIOSA_API_KEY"] : [undefined, null];
  const key = rawKey?.trim() || null;
  const redact = createRedactor([key, rawKey]);
  if (key !== null && /[\s\0]/.test(key)) throw new UsageError(`the key from ${keySource} contains whitespace; check how it was pasted`);
  let ca: string | null = null;
  if (options.caFile !== undefined) {
    ca = (await readWhole(io, options.caFile, { what: "--ca", limitBytes: MAX_DATA_FILE_BYTES })).toString("utf8");
    if (!ca.includes("-----BEGIN CERTIFICATE-----"))
      throw new UsageError(`--ca ${safeText(options.caFile, { singleLine: true })} is not a PEM certificate (no BEGIN CERTIFICATE line)`);
  }
  return {
    base,
    key,
    keySource: key === null ? null : keySource,
    timeoutMs: options.timeoutMs,
    ca,
    caFile: options.caFile ?? null,
    allowInsecure: options.allowInsecure,
    redact,
  };
}

export async function parseProbeSettings(pathOrUrl: string, options: ProbeOptions, io: IO): Promise<ProbeSettings> {
  const common = await parseCommonSettings(options, io);
  let target: ReturnType<typeof resolveTarget>;
  try {
    target = resolveTarget(common.base, pathOrUrl);
  } catch (error) {
    usage(error);
  }
  const { data } = options;
  let body: Uint8Array | null = null;
  if (data !== undefined) {
    body = "file" in data ? await readWhole(io, data.file, { what: "-d", limitBytes: MAX_DATA_FILE_BYTES }) : new TextEncoder().encode(data.text);
  }
  const request = buildRequest({ method: options.method, url: target.url, key: common.key, userAgent: USER_AGENT, headers: options.headers, body });
  const warnings: string[] = [];
  const credentialValues = request.headers
    .filter(([name]) => ["authorization", "proxy-authorization", "cookie"].includes(name.toLowerCase()))
    .map(([, value]) => value.split(" ").pop() ?? value);
  const redact = createRedactor([common.key, ...credentialValues]);
  if (carriesCredential(request)) {
    const refusal = plainHttpRefusal(request.url);
    if (refusal && !common.allowInsecure) throw new UsageError(refusal);
    if (refusal) warnings.push(`--allow-insecure: the credential goes to ${request.url.host} in clear text`);
  }
  const { retries } = options;
  const idempotent = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"].includes(request.method);
  if (retries > 0 && !idempotent && !request.headers.some(([name]) => name.toLowerCase() === "idempotency-key")) {
    warnings.push(`--retry on ${request.method} without an Idempotency-Key header may repeat its effect (add -H 'Idempotency-Key: ...')`);
  }
  const contentType = request.headers.find(([name]) => name.toLowerCase() === "content-type")?.[1] ?? "";
  if (body !== null && /json/i.test(contentType) && body.length > 0 && !isJsonText(body)) {
    warnings.push("the -d body is not valid JSON but is sent as application/json");
  }
  return {
    ...common,
    redact,
    request,
    hostSource: target.hostSource,
    maxBodyBytes: options.maxBodyBytes,
    retries,
    maxTotalWaitMs: options.maxTotalWaitMs,
    follow: options.follow,
    json: options.json,
    verbose: options.verbose,
    warnings,
  };
}
