// The HTTP client probe and the health check send through: undici, loaded
// only when probe runs, or what a test hands in.
import type { Dispatcher } from "undici";
import type { HttpClient } from "../core/probe/http-client.js";
import type { LookupAll } from "../net/connector.js";
import type { Sleep } from "../render/countdown.js";
import type { CommonSettings } from "./probe-settings.js";

/** What tests (or an embedding program) may hand in instead of the real thing. */
export interface ProbeDeps {
  /** Sends through this dispatcher instead of one probe makes (then --ca does not apply to it). */
  dispatcher?: Dispatcher;
  /** Replaces DNS lookups of the dispatcher probe makes. */
  lookup?: LookupAll;
  sleep?: Sleep;
  random?: () => number;
}

export async function openClient(settings: CommonSettings, deps: ProbeDeps): Promise<HttpClient> {
  const { createUndiciClient } = await import("../net/undici-client.js");
  return createUndiciClient({
    timeoutMs: settings.timeoutMs,
    ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
    ...(settings.ca !== null ? { ca: settings.ca } : {}),
    ...(deps.lookup ? { lookup: deps.lookup } : {}),
  });
}
