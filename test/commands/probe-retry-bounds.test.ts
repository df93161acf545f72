// The bound on probe's waiting: --retry-max-time ends the retries with a line
// that says so, and an HTTP-date Retry-After without a Date header is counted
// from this machine's clock. Waits are recorded, not slept.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createContext } from "../../src/cli/context.js";
import { testIO } from "../../src/cli/io.js";
import { runProbe } from "../../src/commands/probe-run.js";
import { parseProbeOptions, type ProbeFlags } from "../../src/commands/probe-options.js";
import { startMiosa } from "../helpers/miosa.js";
import { fakeDns, type TestServer } from "../helpers/servers.js";

let miosa: TestServer;
beforeAll(async () => {
  miosa = await startMiosa();
});
afterAll(async () => {
  await miosa?.close();
});

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

async function probe(path: string, flags: ProbeFlags) {
  const io = testIO({ now: NOW });
  const sleeps: number[] = [];
  const outcome = await runProbe(parseProbeOptions(path, { baseUrl: miosa.origin, ...flags }), await createContext(io, {}), {
    lookup: fakeDns,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0,
  });
  return { outcome, sleeps, out: io.output(), json: flags.json ? JSON.parse(io.output()) : null };
}

describe("the bound on the total wait", () => {
  test("Retry-After: 300 with --retry 10 does not wait 50 minutes: the 120 s default ends it at once, saying why", async () => {
    const run = await probe("/always-503?after=300", { retry: "10" });
    expect(run.sleeps).toEqual([]);
    expect(run.outcome).toBe("api_error");
    expect(run.out).toContain("not retried: waiting 5 min more would pass the 2 min bound on the total wait (--retry-max-time)");
  });

  test("waits add up to the bound, then stop: 3 waits of 30 s under --retry-max-time 100", async () => {
    const run = await probe("/always-503?after=30", { retry: "10", retryMaxTime: "100", json: true });
    expect(run.sleeps).toEqual([30_000, 30_000, 30_000]);
    expect(run.json.attempts).toHaveLength(4);
    expect(run.json.attempts[3].retry).toBeNull();
  });

  test("--retry-max-time 0 never waits", async () => {
    const run = await probe("/always-503?after=1", { retry: "3", retryMaxTime: "0" });
    expect(run.sleeps).toEqual([]);
  });
});

describe("an HTTP-date Retry-After", () => {
  test("without a Date header it is counted from the local clock, not ignored", async () => {
    const at = new Date(NOW + 20_000).toUTCString();
    const run = await probe(`/always-503?after=${encodeURIComponent(at)}`, { retry: "1", json: true });
    expect(run.sleeps).toEqual([20_000]);
    expect(run.json.attempts[0].retry_after_s).toBe(20);
  });
});
