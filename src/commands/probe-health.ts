// probe without a path: the health check (core/probe/health-check.ts), with
// the settings probe's flags give, rendered for people or as JSON.
import { CLOCK_SKEW_THRESHOLD_S, type HealthReport } from "../core/probe/health.js";
import { runHealthChecks, TENANT_PATH, urlUnder } from "../core/probe/health-check.js";
import { describeSource, plainHttpRefusal } from "../core/probe/target.js";
import { maskKey, redactStrings } from "../core/sanitize.js";
import type { Context } from "../cli/context.js";
import { UsageError, type Outcome } from "../cli/exit.js";
import { healthJson, renderHealthReport } from "../render/health.js";
import { jsonDocument } from "../render/json.js";
import { openClient, type ProbeDeps } from "./probe-client.js";
import type { ProbeOptions } from "./probe-options.js";
import { USER_AGENT, type CommonSettings } from "./probe-settings.js";

export async function runHealthCheck(settings: CommonSettings, options: ProbeOptions, ctx: Context, deps: ProbeDeps): Promise<Outcome> {
  const { io } = ctx;
  if (settings.key !== null && !settings.allowInsecure) {
    const refusal = plainHttpRefusal(urlUnder(settings.base.root, TENANT_PATH));
    if (refusal) throw new UsageError(refusal);
  }
  const catalog = await ctx.catalog();
  const client = await openClient(settings, deps);
  let result: Awaited<ReturnType<typeof runHealthChecks>>;
  try {
    result = await runHealthChecks(
      client,
      {
        root: settings.base.root,
        hostSource: settings.base.source,
        key: settings.key,
        timeoutMs: settings.timeoutMs,
        extraCa: settings.ca !== null,
        userAgent: USER_AGENT,
      },
      catalog,
      () => io.now(),
    );
  } finally {
    await client.close();
  }
  const { checks, clockOffsetS } = result;
  // A failure with no HTTP answer behind it exits 4; one with an answer, 1.
  const outcome: Outcome = !checks.some((check) => check.status === "fail") ? "ok" : result.noAnswer ? "no_response" : "api_error";
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
