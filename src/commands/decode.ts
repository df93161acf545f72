// decode [FILE...]: finds every MIOSA error in what a user pastes or pipes
// (envelopes, curl transcripts, HAR files, logs, SDK prints, tickets) and
// explains each with the catalog. The run, and the decode pipeline with it,
// loads when decode runs (decode-run.ts).
import { Command } from "commander";
import { collect, examples, type Run, type Runner } from "./command.js";
import { type DecodeFlags, type DecodeOptions, parseDecodeOptions } from "./decode-options.js";

const runDecode: Run<DecodeOptions> = (options, ctx) => import("./runs.js").then((m) => m.runDecode(options, ctx));

export function decodeCommand(runner: Runner): Command {
  return new Command("decode")
    .description("find and explain every MIOSA error in pasted or piped text: curl output, logs, HAR files, SDK prints, tickets")
    .argument("[file...]", "files to read (- for stdin; .gz is decompressed); stdin when none and no -e")
    .option("-e, --text <text>", "decode this text (repeatable)", collect)
    .option("--format <format>", "human (default), markdown (to paste into a ticket reply), json, or ndjson (a line per finding as found)")
    .option("--json", "print one JSON document (same as --format json)")
    .option("--each", "a card for every finding, even when many share a code (default: grouped when they do)")
    .option("--ids", "print only the request ids, one per line, in input order (for support)")
    .option("--code <code>", "only findings with this code (repeatable, or comma-separated)", collect)
    .option("--status <n>", "only findings with this HTTP status")
    .option("--since <time>", "only findings at or after this ISO 8601 time (e.g. 2026-11-28T09:00:00Z)")
    .option("--until <time>", "only findings at or before this ISO 8601 time (a bare date: to its end)")
    .option("--limit <n>", "stop after this many findings")
    .option("--no-pager", "never page the output on a terminal (default: MIOSA_ERR_PAGER, PAGER, or less -FRX)")
    .option("--log-url <template>", "link each request id to your logs, e.g. https://logs.example/search?q={request_id} (or env MIOSA_ERR_LOG_URL)")
    .addHelpText(
      "after",
      examples([
        "curl -si https://api.miosa.ai/api/v1/sandboxes | miosa-err decode",
        "curl -v https://api.miosa.ai/api/v1/sandboxes 2>&1 | miosa-err decode",
        "miosa-err decode app.log.gz session.har",
        `miosa-err decode -e '{"error":{"code":"SANDBOX_NOT_RUNNING","message":"sandbox is not running"}}'`,
        "pbpaste | miosa-err decode --format markdown",
        "miosa-err decode app.log --code RATE_LIMITED --since 2026-11-28T09:00Z --ids",
        "tail -f app.log | miosa-err decode --format ndjson | jq .code",
        "miosa-err decode --json --log-url 'https://logs.example/search?q={request_id}' app.log",
      ]),
    )
    .action((files: string[], flags: DecodeFlags, command: Command) => runner(command, parseDecodeOptions(files, flags), runDecode));
}
