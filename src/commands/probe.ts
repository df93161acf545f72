// probe [PATH_OR_URL]: call a live MIOSA endpoint and explain what comes back;
// without a path, the health check. The run (probe-run.ts), and the network
// side (undici) with it, loads only when probe runs.
import { Command } from "commander";
import { collect, examples, type Run, type Runner } from "./command.js";
import { parseProbeOptions, type ProbeFlags, type ProbeOptions } from "./probe-options.js";

const runProbe: Run<ProbeOptions> = (options, ctx) => import("./runs.js").then((m) => m.runProbe(options, ctx));

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
