// commander wiring: each command's flags, help and examples, and a call to its
// run function. No logic lives here beyond handing options over. Only explain,
// list and search are imported up front; every other command is imported when
// it runs, so they add nothing to start-up (which is measured).
import { Command, CommanderError } from "commander";
import pkg from "../../package.json" with { type: "json" };
import { runExplain } from "../commands/explain.js";
import { runList } from "../commands/list.js";
import { runSearch } from "../commands/search.js";
import { createContext, type Context, type GlobalOptions } from "./context.js";
import { EXIT_CODE_TABLE, UsageError, type Outcome } from "./exit.js";
import type { IO } from "./io.js";

export const VERSION: string = pkg.version;

function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join("\n")}\n`;
}

export function exitCodesHelp(): string {
  const rows = EXIT_CODE_TABLE.map(({ code, meaning }) => `  ${String(code).padStart(3)}  ${meaning}`);
  return `Exit codes of miosa-err:\n${rows.join("\n")}\n`;
}

type Task = (ctx: Context) => Promise<Outcome>;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Builds the program. Each action hands its task, with a context built from
 * the global options, to `report`, which keeps the outcome for main.
 */
export function buildProgram(io: IO, report: (outcome: Outcome) => void): Command {
  const program = new Command("miosa-err");
  const run = async (command: Command, task: Task) =>
    report(await task(await createContext(io, command.optsWithGlobals<GlobalOptions>())));
  program
    .description("Explain MIOSA API errors: what a code means, what to do about it, and when to retry.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .option("--catalog <file>", "add entries from a catalog JSON file (or env MIOSA_ERR_CATALOG)")
    .option("--no-color", "no colour, even on a terminal (NO_COLOR and FORCE_COLOR are honoured too)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`miosa-err: ${text.replace(/^error: /, "")}`),
      getOutHelpWidth: () => io.stdout.columns,
      getErrHelpWidth: () => io.stderr.columns,
    })
    .showSuggestionAfterError(true)
    .helpCommand(false)
    .addHelpText(
      "after",
      examples([
        "miosa-err explain SANDBOX_LIMIT_REACHED",
        "curl -si https://api.miosa.ai/api/v1/sandboxes | miosa-err decode",
        "miosa-err search credits",
        "miosa-err help exit-codes",
      ]),
    );

  program
    .command("explain")
    .description("explain error codes (or a bare HTTP status) from the catalog")
    .argument("<code...>", "error codes, case-insensitive; a quoted message-form code; or an HTTP status such as 409")
    .option("--area <area>", "only entries of this area (auth, common, sandboxes, ...)")
    .option("--status <n>", "only entries with this HTTP status")
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      examples([
        "miosa-err explain SANDBOX_LIMIT_REACHED",
        "miosa-err explain sandbox_not_running --area deployments",
        'miosa-err explain "missing sse ticket"',
        "miosa-err explain 409",
        "miosa-err explain INSUFFICIENT_CREDITS --json",
      ]),
    )
    .action((codes: string[], options, command: Command) => run(command, (ctx) => runExplain(codes, options, ctx)));

  program
    .command("list")
    .description("list the catalog, by area then code")
    .option("--area <area>", "only entries of this area")
    .option("--status <n>", "only entries with this HTTP status")
    .option("--source <source>", "only entries from this source: reference, sdk or user")
    .option("--json", "print one JSON document")
    .addHelpText("after", examples(["miosa-err list", "miosa-err list --source sdk", "miosa-err list --area snapshots", "miosa-err list --status 409 | cut -f2"]))
    .action((options, command: Command) => run(command, (ctx) => runList(options, ctx)));

  program
    .command("search")
    .description("find entries whose code, meaning or what-to-do mention every word given")
    .argument("<words...>", "terms; quote a phrase to keep it together")
    .option("--area <area>", "only entries of this area")
    .option("--source <source>", "only entries from this source: reference, sdk or user")
    .option("--json", "print one JSON document")
    .addHelpText("after", examples(["miosa-err search credits", 'miosa-err search "retry after"', "miosa-err search ticket --json"]))
    .action((terms: string[], options, command: Command) => run(command, (ctx) => runSearch(terms, options, ctx)));

  const catalog = program
    .command("catalog")
    .description("import a MIOSA docs error page, diff it against the catalog, validate a catalog file")
    .helpCommand(false)
    .addHelpText(
      "after",
      examples([
        "miosa-err catalog import errors.md > mine.json",
        "miosa-err catalog diff errors.md",
        "miosa-err catalog validate mine.json",
      ]),
    );
  const areasHelp = "one area per table, in order (comma-separated), when the page's headings do not name them; `reference` for the published reference's ten";
  catalog
    .command("import")
    .description("print a docs page's error tables as catalog JSON that --catalog accepts")
    .argument("<file>", "a Markdown page of | Code | HTTP | Meaning | What to do | tables (- for stdin)")
    .option("--areas <list>", areasHelp)
    .addHelpText(
      "after",
      examples([
        "miosa-err catalog import errors.md > mine.json",
        "miosa-err catalog import reference.md --areas reference",
        "miosa-err catalog import page.md --areas auth,common,sandboxes",
      ]),
    )
    .action((file: string, options, command: Command) => run(command, async (ctx) => (await import("../commands/catalog-import.js")).runCatalogImport(file, options, ctx)));
  catalog
    .command("diff")
    .description("what a docs page adds, removes or changes against the built-in reference entries (exit 1 when they differ)")
    .argument("<file>", "a Markdown page of | Code | HTTP | Meaning | What to do | tables (- for stdin)")
    .option("--areas <list>", areasHelp)
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      examples([
        "miosa-err catalog diff errors.md",
        "miosa-err catalog diff reference.md --areas reference --json",
        "miosa-err catalog diff errors.md || echo 'the docs and miosa-err disagree'",
      ]),
    )
    .action((file: string, options, command: Command) => run(command, async (ctx) => (await import("../commands/catalog-diff.js")).runCatalogDiff(file, options, ctx)));
  catalog
    .command("validate")
    .description("check a catalog JSON file and report every problem with its entry and field (exit 1 when any)")
    .argument("<file>", "a catalog JSON file (- for stdin)")
    .option("--json", "print one JSON document")
    .addHelpText("after", examples(["miosa-err catalog validate mine.json", "miosa-err catalog validate mine.json --json"]))
    .action((file: string, options, command: Command) => run(command, async (ctx) => (await import("../commands/catalog-validate.js")).runCatalogValidate(file, options, ctx)));

  program
    .command("completion")
    .description("print a shell completion script (commands, flags, areas, and every catalog code)")
    .argument("<shell>", "bash, zsh or fish")
    .addHelpText(
      "after",
      examples([
        "miosa-err completion bash > ~/.local/share/bash-completion/completions/miosa-err",
        "miosa-err completion zsh > \"${fpath[1]}/_miosa-err\"",
        "miosa-err completion fish > ~/.config/fish/completions/miosa-err.fish",
      ]),
    )
    .action((shell: string, _options, command: Command) =>
      run(command, async (ctx) => (await import("../commands/completion.js")).runCompletion(shell, program, VERSION, ctx)),
    );

  program
    .command("decode")
    .description("find and explain every MIOSA error in pasted or piped text: curl output, logs, HAR files, SDK prints, tickets")
    .argument("[file...]", "files to read (- for stdin; .gz is decompressed); stdin when none and no -e")
    .option("-e, --text <text>", "decode this text (repeatable)", collect)
    .option("--format <format>", "human (default), markdown (to paste into a ticket reply) or json")
    .option("--json", "print one JSON document (same as --format json)")
    .option("--log-url <template>", "link each request id to your logs, e.g. https://logs.example/search?q={request_id} (or env MIOSA_ERR_LOG_URL)")
    .addHelpText(
      "after",
      examples([
        "curl -si https://api.miosa.ai/api/v1/sandboxes | miosa-err decode",
        "curl -v https://api.miosa.ai/api/v1/sandboxes 2>&1 | miosa-err decode",
        "miosa-err decode app.log.gz session.har",
        `miosa-err decode -e '{"error":{"code":"SANDBOX_NOT_RUNNING","message":"sandbox is not running"}}'`,
        "pbpaste | miosa-err decode --format markdown",
        "miosa-err decode --json --log-url 'https://logs.example/search?q={request_id}' app.log",
      ]),
    )
    .action((files: string[], options, command: Command) => run(command, async (ctx) => (await import("../commands/decode.js")).runDecode(files, options, ctx)));

  program
    .command("probe")
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
    .option("--json", "print one JSON document")
    .option("-v, --verbose", "also show the request and response headers (credentials masked)")
    .addHelpText(
      "after",
      examples([
        "miosa-err probe                                   # health check: DNS, TCP, TLS, /health, the key",
        "MIOSA_API_KEY=msk_... miosa-err probe sandboxes",
        "miosa-err probe /api/v1/sandboxes/sb_123 --verbose",
        "miosa-err probe sandbox-templates -X POST -d @template.json --retry 3",
        "miosa-err probe --base-url http://127.0.0.1:4000 /health --json",
      ]) + "\nExit: 0 a 2xx answer (or no health check failed), 1 an HTTP error answer, 4 no HTTP answer, 2 usage.\n",
    )
    .action((path: string | undefined, options, command: Command) =>
      run(command, async (ctx) => {
        // Loaded on use: explain, list and search never pay for probe (or undici).
        const { runProbe } = await import("../commands/probe.js");
        return runProbe(path, options, ctx);
      }),
    );

  program
    .command("help")
    .description("show help for a command, or a topic: exit-codes")
    .argument("[topic]", "a command name, or exit-codes")
    .addHelpText("after", examples(["miosa-err help explain", "miosa-err help exit-codes"]))
    .action((topic: string | undefined, _options, command: Command) =>
      run(command, async (ctx) => {
        if (topic === undefined) ctx.io.stdout.write(program.helpInformation());
        else if (topic === "exit-codes") ctx.io.stdout.write(exitCodesHelp());
        else {
          const command = program.commands.find((candidate) => candidate.name() === topic);
          if (!command) throw new UsageError(`no help topic "${topic.slice(0, 80)}"; try a command name or exit-codes`);
          ctx.io.stdout.write(command.helpInformation());
        }
        return "ok";
      }),
    );

  return program;
}

/** Commander's own exits: help and version are success, the rest usage errors it has already printed. */
export function commanderOutcome(error: CommanderError): Outcome {
  if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return "ok";
  throw new UsageError(error.message, { cause: error });
}
