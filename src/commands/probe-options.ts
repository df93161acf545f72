// probe's flags, checked and typed, when commander has read them: a bad value
// is a usage error that names its flag. The settings (probe-settings.ts) add
// the environment and the files named, when probe runs.
import { parseHeaderArgument, parseMethod, RequestProblem, type HeaderArgument } from "../core/probe/request.js";
import { safeText } from "../core/sanitize.js";
import { UsageError } from "../cli/exit.js";

/** The flags as commander reads them. */
export interface ProbeFlags {
  baseUrl?: string;
  key?: string;
  request?: string;
  header?: string[];
  data?: string;
  follow?: boolean;
  allowInsecure?: boolean;
  ca?: string;
  timeout?: string;
  maxBody?: string;
  retry?: string;
  retryMaxTime?: string;
  json?: boolean;
  verbose?: boolean;
}

/** The flags, checked and typed. */
export interface ProbeOptions {
  /** A path or URL; undefined runs the health check. */
  target: string | undefined;
  baseUrl: string | undefined;
  key: string | undefined;
  method: string;
  headers: HeaderArgument[];
  /** -d: the text itself, or the file after `@` (`-` is stdin). */
  data: { text: string } | { file: string } | undefined;
  follow: boolean;
  allowInsecure: boolean;
  caFile: string | undefined;
  timeoutMs: number;
  maxBodyBytes: number;
  retries: number;
  maxTotalWaitMs: number;
  json: boolean;
  verbose: boolean;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_TIMEOUT_MS = 600_000;
export const DEFAULT_MAX_BODY = 1024 * 1024;
export const MAX_RETRIES = 10;
/** Long enough for a few polite Retry-After waits; short enough that a 300 s one ends the retries with a line saying so. */
export const DEFAULT_RETRY_MAX_TIME_S = 120;
export const MAX_RETRY_MAX_TIME_S = 3600;
export function parseWholeNumber(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag} takes a whole number, not "${safeText(text, { singleLine: true })}"`);
  const value = Number(text.trim());
  if (value < min || value > max) throw new UsageError(`${flag} must be from ${min} to ${max}, not ${value}`);
  return value;
}

const SIZE = /^(\d+)\s*(b|k|kb|kib|m|mb|mib)?$/i;

/** `--max-body 65536`, `64KiB`, `2MiB` (k and m are binary too). */
export function parseByteSize(text: string): number {
  const match = SIZE.exec(text.trim());
  if (!match) throw new UsageError(`--max-body takes a size such as 65536, 64KiB or 2MiB, not "${safeText(text, { singleLine: true })}"`);
  const unit = (match[2] ?? "b").toLowerCase()[0];
  const bytes = Number(match[1]) * (unit === "k" ? 1024 : unit === "m" ? 1024 * 1024 : 1);
  if (bytes < 1 || bytes > 256 * 1024 * 1024) throw new UsageError("--max-body must be from 1 byte to 256MiB");
  return bytes;
}

export function parseProbeOptions(target: string | undefined, flags: ProbeFlags): ProbeOptions {
  let headers: HeaderArgument[];
  let method: string;
  try {
    headers = (flags.header ?? []).map(parseHeaderArgument);
    method = parseMethod(flags.request, flags.data !== undefined);
  } catch (error) {
    if (error instanceof RequestProblem) throw new UsageError(safeText(error.message, { singleLine: true }));
    throw error;
  }
  const data = flags.data === undefined ? undefined : flags.data.startsWith("@") ? { file: flags.data.slice(1) } : { text: flags.data };
  return {
    target,
    baseUrl: flags.baseUrl,
    key: flags.key,
    method,
    headers,
    data,
    follow: flags.follow === true,
    allowInsecure: flags.allowInsecure === true,
    caFile: flags.ca,
    timeoutMs: flags.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseWholeNumber("--timeout", flags.timeout, 1, MAX_TIMEOUT_MS),
    maxBodyBytes: flags.maxBody === undefined ? DEFAULT_MAX_BODY : parseByteSize(flags.maxBody),
    retries: flags.retry === undefined ? 0 : parseWholeNumber("--retry", flags.retry, 0, MAX_RETRIES),
    maxTotalWaitMs:
      1000 * (flags.retryMaxTime === undefined ? DEFAULT_RETRY_MAX_TIME_S : parseWholeNumber("--retry-max-time", flags.retryMaxTime, 0, MAX_RETRY_MAX_TIME_S)),
    json: flags.json === true,
    verbose: flags.verbose === true,
  };
}
