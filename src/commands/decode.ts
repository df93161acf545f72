// decode [FILE...]: finds every MIOSA error in what a user pastes or pipes
// (envelopes, curl transcripts, HAR files, logs, SDK prints, tickets) and
// explains each with the catalog.
import { Command } from "commander";
import { Decoder } from "../core/decode/decoder.js";
import type { Finding } from "../core/finding/finding.js";
import { LineFeeder } from "../core/decode/stream.js";
import { DecodeSummary } from "../core/decode/summary.js";
import { safeText } from "../core/sanitize.js";
import type { Context } from "../cli/context.js";
import { UsageError, type Outcome } from "../cli/exit.js";
import { renderHumanSummary, renderMarkdownSummary } from "../render/decode-summary.js";
import { JsonFindingWriter } from "../render/json-writer/findings.js";
import { OutputBuffer } from "../render/json-writer/output-buffer.js";
import { renderFinding, renderFindingMarkdown, type FindingRenderOptions } from "../render/finding.js";
import { decompressBody, fileInput, streamInput, textInput, type DecodeInput } from "../cli/input/streams.js";
import { collect, examples, type Runner } from "./command.js";

/** Warnings kept for --json's `warnings` (all go to stderr). */
const MAX_WARNINGS = 1000;

export interface DecodeFlags {
  text?: string[];
  json?: boolean;
  format?: string;
  logUrl?: string;
}

export type DecodeFormat = "human" | "markdown" | "json";

export interface DecodeOptions {
  files: string[];
  /** -e texts, decoded before the files. */
  texts: string[];
  format: DecodeFormat;
  /** --log-url as given; MIOSA_ERR_LOG_URL stands in when absent. */
  logUrl: string | undefined;
}

export function parseDecodeOptions(files: string[], flags: DecodeFlags): DecodeOptions {
  return { files, texts: flags.text ?? [], format: decodeFormat(flags), logUrl: flags.logUrl };
}

export function decodeCommand(runner: Runner): Command {
  return new Command("decode")
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
    .action((files: string[], flags: DecodeFlags, command: Command) => runner(command, parseDecodeOptions(files, flags), runDecode));
}

function decodeFormat(options: DecodeFlags): DecodeFormat {
  const format = options.format?.trim().toLowerCase();
  if (format !== undefined && !["human", "markdown", "md", "json"].includes(format)) {
    throw new UsageError(`--format takes human, markdown or json, not "${safeText(options.format ?? "", { singleLine: true })}"`);
  }
  if (options.json && format !== undefined && format !== "json") throw new UsageError(`--json and --format ${format} cannot be used together`);
  if (options.json || format === "json") return "json";
  return format === "markdown" || format === "md" ? "markdown" : "human";
}

/** The --log-url / MIOSA_ERR_LOG_URL template, checked: an http(s) URL with `{request_id}` in it. */
export function logUrlTemplate(ctx: Context, option: string | undefined): string | null {
  const fromEnv = option === undefined;
  const template = (option ?? ctx.io.env.MIOSA_ERR_LOG_URL ?? "").trim();
  if (template === "") return null;
  const where = fromEnv ? "MIOSA_ERR_LOG_URL" : "--log-url";
  const shown = safeText(template, { singleLine: true });
  if (!template.includes("{request_id}"))
    throw new UsageError(`${where} needs {request_id} in it, e.g. https://logs.example/search?q={request_id} (got "${shown}")`);
  // eslint-disable-next-line no-control-regex
  if (!/^https?:\/\/[^\s\u0000-\u001f\u007f-\u009f]+$/.test(template)) throw new UsageError(`${where} must be an http(s) URL without spaces (got "${shown}")`);
  return template;
}

async function inputsFor({ files, texts }: DecodeOptions, ctx: Context): Promise<DecodeInput[]> {
  const inputs: DecodeInput[] = texts.map(textInput);
  for (const file of files) inputs.push(file === "-" ? streamInput(ctx.io.stdin) : await fileInput(file));
  if (inputs.length === 0) {
    if (ctx.io.stdin.isTTY) ctx.io.stderr.write("miosa-err: paste the response, log or ticket, then press Ctrl-D on a line of its own\n");
    inputs.push(streamInput(ctx.io.stdin));
  }
  return inputs;
}

function bytesText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export async function runDecode(options: DecodeOptions, ctx: Context): Promise<Outcome> {
  const { format } = options;
  const render: FindingRenderOptions = {
    logUrlTemplate: logUrlTemplate(ctx, options.logUrl),
    hyperlinks: ctx.io.stdout.isTTY && ctx.io.env.TERM !== "dumb",
    showSource: true,
  };
  const inputs = await inputsFor(options, ctx);
  const catalog = await ctx.catalog();
  const summary = new DecodeSummary();
  const out = new OutputBuffer(ctx.io.stdout);
  const json = format === "json" ? new JsonFindingWriter(out, render) : null;
  const several = inputs.length > 1;
  const warnings: string[] = [];
  let bytes = 0;
  let lines = 0;

  for (const input of inputs) {
    if (ctx.io.stdout.closed && summary.findings > 0) break;
    const name = safeText(input.name, { singleLine: true });
    const warn = (message: string) => {
      const text = `${several || input.name !== "(stdin)" ? `${name}: ` : ""}${safeText(message, { singleLine: true })}`;
      if (warnings.length < MAX_WARNINGS) warnings.push(text);
      out.flush();
      ctx.io.stderr.write(`miosa-err: warning: ${text}\n`);
    };
    const onFinding = (finding: Finding) => {
      summary.add(finding);
      if (json) json.add(finding);
      else if (format === "markdown") out.write(`${summary.findings > 1 ? "\n" : ""}${renderFindingMarkdown(finding, { ...render, index: summary.findings })}`);
      else out.write(`${summary.findings > 1 ? "\n" : ""}${renderFinding(ctx.chalk, finding, { ...render, index: summary.findings })}`);
    };
    const decoder = new Decoder(
      catalog,
      { finding: onFinding, warning: warn },
      { decompress: decompressBody, ...(several || input.name !== "(stdin)" ? { input: input.name } : {}) },
    );
    const feeder = new LineFeeder(decoder, { warning: warn });
    for await (const chunk of input.chunks(warn)) {
      ctx.io.signal.throwIfAborted();
      feeder.push(chunk);
      out.flush();
      // The reader went away (`| head`) after an error was shown: the status is settled, the rest is not wanted.
      if (ctx.io.stdout.closed && summary.findings > 0) break;
    }
    feeder.end();
    out.flush();
    bytes += feeder.bytes;
    lines += feeder.lines;
  }

  if (json) json.finish(summary, warnings);
  else if (summary.findings > 1) {
    const text = format === "markdown" ? renderMarkdownSummary(summary) : await renderHumanSummary(ctx.io, ctx.chalk, summary);
    out.write(`\n${text}`);
  }
  out.flush();
  if (summary.findings === 0) {
    const from = inputs.length > 1 ? ` from ${inputs.length} inputs` : "";
    ctx.io.stderr.write(`miosa-err: read ${bytesText(bytes)} (${lines} line${lines === 1 ? "" : "s"})${from}: no MIOSA error in it\n`);
    return "nothing_found";
  }
  return "ok";
}
