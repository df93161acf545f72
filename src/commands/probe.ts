// probe [PATH_OR_URL]: call a live MIOSA endpoint and explain what comes back;
// without a path, the health check. The network side (undici) is imported
// only here, and only when probe runs.
import { Command } from "commander";
import { maskKey, redactStrings } from "../core/sanitize.js";
import type { Context } from "../cli/context.js";
import { realSleep, waitWithCountdown } from "../render/countdown.js";
import type { Outcome } from "../cli/exit.js";
import { jsonDocument } from "../render/json.js";
import { probeJson } from "../render/probe-json.js";
import { renderAttemptLine, renderAttemptReport, renderRequestLine, show, type ProbeView } from "../render/probe.js";
import { runExchange, type Attempt } from "../core/probe/exchange.js";
import { openClient, type ProbeDeps } from "./probe-client.js";
import { runHealthCheck } from "./probe-health.js";
import { collect, examples, type Runner } from "./command.js";
import { parseCommonSettings, parseProbeOptions, parseProbeSettings, type ProbeFlags, type ProbeOptions } from "./probe-settings.js";

export type { ProbeDeps } from "./probe-client.js";
export type { ProbeOptions } from "./probe-settings.js";

export function probeCommand(runner: Runner): Command {
  return new Command("probe")
    .description("call a live MIOSA endpoint and explain the answer: status, request id, timings, the error; without a path, a health check")
    .argument("[path-or-url]", "a path (sandboxes, /api/v1/sandboxes, /health) joined to the base URL, or a full URL; none for the health check")
    .option("--base-url <url>", "API base URL, the origin or the SDKs' .../api/v1 form (env MIOSA_API_URL; default https://api.miosa.ai)")
    .option("--key <key>", "API key, sent as Authorization: Bearer (env MIOSA_API_KEY, safer than a flag); shown only as msk_… and its last 4")
    .option("-X, --request <method>", "HTTP method (default GET, or POST with -d)")
    .option("-H, --header <header>", "extra header 'Name: value', repeatable; 'Name:' removes one probe would send", collect)
    .option("-d, --data <body>", "request body, @file or @- for stdin; sent as application/json unless -H sets Content-Type")
    .option("--follow", "follow redirects (at most 5); Authorization is dropped when one leaves the origin")
    .option("--allow-insecure", "allow sending the key over plain http:// to a host that is not loopback")
    .option("--ca <file>", "also trust this CA certificate (PEM): a self-signed server, a corporate proxy")
    .option("--timeout <ms>", "limit for each attempt: connect, headers and body (default 10000)")
    .option("--max-body <size>", "keep at most this much of the body, e.g. 65536, 64KiB, 2MiB (default 1MiB)")
    .option("--retry <n>", "on 429, 502, 503, 504, retryable codes, resets and timeouts, try up to N more times (default 0)")
    .option("--retry-max-time <s>", "stop retrying when the waits together would pass this many seconds (default 120)")
    .option("--json", "print one JSON document")
    .option("-v, --verbose", "also show the request and response headers (credentials masked)")
    .addHelpText(
      "after",
      `${examples([
        "miosa-err probe                                   # health check: DNS, TCP, TLS, /health, the key",
        "MIOSA_API_KEY=msk_... miosa-err probe sandboxes",
        "miosa-err probe /api/v1/sandboxes/sb_123 --verbose",
        "miosa-err probe sandbox-templates -X POST -d @template.json --retry 3",
        "miosa-err probe --base-url http://127.0.0.1:4000 /health --json",
      ])}\nExit: 0 a 2xx answer (or no health check failed), 1 an HTTP error answer, 4 no HTTP answer, 2 usage.\n`,
    )
    .action((target: string | undefined, flags: ProbeFlags, command: Command) => runner(command, parseProbeOptions(target, flags), runProbe));
}

export function outcomeOf(attempt: Attempt | undefined): Outcome {
  if (!attempt || attempt.status === null) return "no_response";
  if (attempt.status >= 400) return "api_error";
  // A success whose body broke off is not a complete answer: a script must not take it for one.
  if (attempt.failure) return "no_response";
  return attempt.status >= 200 && attempt.status < 300 ? "ok" : "api_error";
}

export async function runProbe(options: ProbeOptions, ctx: Context, deps: ProbeDeps = {}): Promise<Outcome> {
  const pathOrUrl = options.target;
  if (pathOrUrl === undefined) {
    const common = await parseCommonSettings(options, ctx.io);
    return runHealthCheck(common, options, ctx, deps);
  }
  const settings = await parseProbeSettings(pathOrUrl, options, ctx.io);
  const { io, chalk } = ctx;
  for (const warning of settings.warnings) io.stderr.write(`miosa-err: warning: ${warning}\n`);
  const catalog = await ctx.catalog();
  const view: ProbeView = { chalk, columns: io.stdout.columns, verbose: settings.verbose, redact: settings.redact };
  const request = settings.request;
  if (!settings.json) {
    io.stdout.write(
      `${renderRequestLine(view, {
        method: request.method,
        url: request.url.href,
        headers: request.headers,
        keyShown: request.key ? maskKey(request.key) : null,
        keySource: settings.keySource,
        hostSource: settings.hostSource,
      })}\n`,
    );
  }
  const client = await openClient(settings, deps);
  let attempts: Attempt[];
  try {
    attempts = await runExchange(
      client,
      {
        request,
        keySent: request.key !== null,
        hostSource: settings.hostSource,
        timeoutMs: settings.timeoutMs,
        maxBodyBytes: settings.maxBodyBytes,
        follow: settings.follow,
        retries: settings.retries,
        extraCa: settings.ca !== null,
        catalog,
        random: deps.random ?? Math.random,
        maxTotalWaitMs: settings.maxTotalWaitMs,
        wallClock: () => io.now(),
      },
      {
        attemptDone: (attempt) => {
          if (!settings.json && settings.retries > 0) io.stdout.write(renderAttemptLine(view, attempt));
        },
        wait: (ms, next, total) => waitWithCountdown(io, ms, `attempt ${next} of ${total}`, deps.sleep ?? realSleep),
      },
    );
  } finally {
    await client.close();
  }
  const last = attempts[attempts.length - 1];
  const outcome = outcomeOf(last);
  if (settings.json) {
    const document = probeJson(
      { method: request.method, url: request.url.href, headers: request.headers },
      attempts,
      outcome,
      settings.verbose,
      settings.redact,
    );
    io.stdout.write(jsonDocument(redactStrings(document, settings.redact)));
  } else if (last) {
    io.stdout.write(`${settings.retries > 0 ? "\n" : ""}${renderAttemptReport(view, last, request.headers)}`);
  }
  // Exit 4 gets a line on stderr too, for when stdout goes to a file or a pipe.
  if (outcome === "no_response" && last?.failure) {
    const host = show(view, new URL(last.url).host);
    io.stderr.write(
      last.status === null
        ? `miosa-err: no HTTP answer from ${host} (${show(view, last.failure.code)})\n`
        : `miosa-err: incomplete HTTP answer from ${host}: ${last.status}, then ${show(view, last.failure.code)} while reading the body\n`,
    );
  }
  return outcome;
}
