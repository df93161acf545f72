// probe's command tests share this: four servers that play MIOSA (plain, a
// second origin to redirect to, TLS with a trusted and a wrong-host
// certificate), started once per file, and a run of probe against them with
// waits recorded, not slept.
import { afterAll, beforeAll } from "vitest";
import { createContext } from "../../src/cli/context.js";
import { testIO, type TestIOOptions } from "../../src/cli/io.js";
import { runProbe, type ProbeDeps } from "../../src/commands/probe-run.js";
import { parseProbeOptions, type ProbeFlags } from "../../src/commands/probe-options.js";
import { makeTestCertificates, type TestCertificates } from "./certs.js";
import { startMiosa } from "./miosa.js";
import { fakeDns, type TestServer } from "./servers.js";

export interface ProbeServers {
  certs: TestCertificates;
  miosa: TestServer;
  other: TestServer;
  secure: TestServer;
  wrongHost: TestServer;
}

/** Starts the servers before the file's tests and closes them after; the object is filled in by then. */
export function useProbeServers(): ProbeServers {
  const servers = {} as ProbeServers;
  beforeAll(async () => {
    servers.certs = makeTestCertificates();
    servers.other = await startMiosa();
    servers.miosa = await startMiosa({ otherOrigin: () => servers.other.origin });
    servers.secure = await startMiosa({ tls: { key: servers.certs.key, cert: servers.certs.valid } });
    servers.wrongHost = await startMiosa({ tls: { key: servers.certs.key, cert: servers.certs.otherHost } });
  });
  afterAll(async () => {
    for (const server of [servers.miosa, servers.other, servers.secure, servers.wrongHost]) await server?.close();
    servers.certs?.cleanup();
  });
  return servers;
}

export interface ProbeRun {
  outcome: string;
  out: string;
  err: string;
  sleeps: number[];
  json: any;
}

/** probe PATH with these flags against `origin` (--base-url), fake DNS, no jitter. */
export async function probeAgainst(
  origin: string,
  path: string | undefined,
  flags: ProbeFlags = {},
  io: TestIOOptions = {},
  deps: ProbeDeps = {},
): Promise<ProbeRun> {
  const test = testIO(io);
  const sleeps: number[] = [];
  const outcome = await runProbe(parseProbeOptions(path, { baseUrl: origin, ...flags }), await createContext(test, {}), {
    lookup: fakeDns,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0,
    ...deps,
  });
  const out = test.output();
  return { outcome, out, err: test.errors(), sleeps, json: flags.json ? JSON.parse(out) : null };
}
