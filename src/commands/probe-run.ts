// probe's run: one request (with its retries) or the health check, and the
// report of what came back (probe.ts holds the command; this loads when it runs).
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
import type { ProbeOptions } from "./probe-options.js";
import { parseCommonSettings, parseProbeSettings } from "./probe-settings.js";

export type { ProbeDeps } from "./probe-client.js";

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
