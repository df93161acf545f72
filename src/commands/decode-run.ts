// decode's run: reads each input through the decoder and writes the findings
// in the chosen format (decode.ts holds the command; this loads when it runs).
import { Decoder } from "../core/decode/decoder.js";
import type { Finding } from "../core/finding/finding.js";
import { LineFeeder } from "../core/decode/stream.js";
import { DecodeSummary } from "../core/decode/summary.js";
import { safeText } from "../core/sanitize.js";
import { isFiltering, matchesFilter } from "../core/triage/filter.js";
import { Triage } from "../core/triage/groups.js";
import { type Context, terminalWidth, unicodeOutput } from "../cli/context.js";
import { UsageError, type Outcome } from "../cli/exit.js";
import { onInterrupt } from "../cli/io.js";
import type { PagerStream } from "../cli/pager.js";
import { pagerCommand } from "../cli/pager.js";
import { Progress } from "../cli/progress.js";
import { OutputBuffer, type OutputSink } from "../render/json-writer/output-buffer.js";
import type { FindingRenderOptions } from "../render/finding.js";
import { decompressBody, fileInput, noticingPauses, streamInput, textInput, type DecodeInput } from "../cli/input/streams.js";
import { AutoOutput, CardsOutput, IdsOutput, JsonOutput, NdjsonOutput, type FindingOutput, type Layout } from "./decode-output.js";
import type { DecodeOptions } from "./decode-options.js";

/** Warnings kept for --json's `warnings` (all go to stderr). */
const MAX_WARNINGS = 1000;
/** Request ids shown per group in the triage view on a terminal. */
const IDS_ON_TERMINAL = 5;

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

/**
 * Where stdout's text goes: straight to stdout when piped (its fast byte
 * path kept); on a terminal, through the pager, started at the first write
 * (so a run that prints only at its end pages only then), with the progress
 * line erased before any text.
 */
function terminalSink(options: DecodeOptions, ctx: Context, progress: () => Progress | null): { sink: OutputSink; close(): Promise<void> } {
  const stdout = ctx.io.stdout;
  if (!stdout.isTTY) return { sink: stdout, close: async () => undefined };
  const command = options.pager && options.view !== "ids" && options.format !== "ndjson" ? pagerCommand(ctx.io.env) : null;
  const openPager = ctx.io.openPager?.bind(ctx.io);
  if (!command || !openPager) {
    const write = (text: string) => {
      progress()?.clear();
      stdout.write(text);
    };
    return { sink: { write }, close: async () => undefined };
  }
  let pager: PagerStream | null | undefined;
  const write = (text: string) => {
    // The pager owns the screen from here: no more progress lines under it.
    progress()?.end();
    pager ??= openPager(command);
    (pager ?? stdout).write(text);
  };
  return { sink: { write }, close: async () => pager?.close() };
}

function outputFor(options: DecodeOptions, ctx: Context, out: OutputBuffer, render: FindingRenderOptions): FindingOutput {
  if (options.view === "ids") return new IdsOutput(out, ctx.io);
  if (options.format === "json") return new JsonOutput(out, render);
  if (options.format === "ndjson") return new NdjsonOutput(out, render);
  const markdown = options.format === "markdown";
  const cards = new CardsOutput(out, ctx.io, ctx.chalk, markdown, render);
  if (options.view === "each") return cards;
  const width = ctx.io.stdout.isTTY ? terminalWidth(ctx.io) : Number.POSITIVE_INFINITY;
  const layout: Layout = { width, unicode: unicodeOutput(ctx.io), idsShown: IDS_ON_TERMINAL };
  return new AutoOutput(out, cards, ctx.chalk, markdown, layout, render);
}

export async function runDecode(options: DecodeOptions, ctx: Context): Promise<Outcome> {
  const tty = ctx.io.stdout.isTTY;
  const render: FindingRenderOptions = {
    logUrlTemplate: logUrlTemplate(ctx, options.logUrl),
    hyperlinks: tty && ctx.io.env.TERM !== "dumb",
    showSource: true,
    ...(tty ? { width: terminalWidth(ctx.io) } : {}),
  };
  const inputs = await inputsFor(options, ctx);
  const catalog = await ctx.catalog();
  const summary = new DecodeSummary();
  const triage = new Triage();
  let progress: Progress | null = null;
  const terminal = terminalSink(options, ctx, () => progress);
  const out = new OutputBuffer(terminal.sink);
  const output = outputFor(options, ctx, out, render);
  const filtering = isFiltering(options.filter);
  const several = inputs.length > 1;
  const warnings: string[] = [];
  const totals = () => ({ summary, triage, warnings, inputs: inputs.map((input) => input.name) });
  // The default view prints at the end: stopped before it, it prints what it has.
  const forgetInterrupt = output instanceof AutoOutput ? onInterrupt(() => output.interrupted(totals())) : () => undefined;
  let bytes = 0;
  let lines = 0;
  let seen = 0;
  // --limit reached: the rest of the input is not read.
  let full = false;

  for (const input of inputs) {
    if (full || (ctx.io.stdout.closed && summary.findings > 0)) break;
    const name = safeText(input.name, { singleLine: true });
    const warn = (message: string) => {
      const text = `${several || input.name !== "(stdin)" ? `${name}: ` : ""}${safeText(message, { singleLine: true })}`;
      if (warnings.length < MAX_WARNINGS) warnings.push(text);
      out.flush();
      progress?.clear();
      ctx.io.stderr.write(`miosa-err: warning: ${text}\n`);
    };
    const onFinding = (finding: Finding) => {
      seen++;
      if (full || (filtering && !matchesFilter(finding, options.filter))) return;
      summary.add(finding);
      output.add(finding, triage.add(finding));
      if (options.limit !== null && summary.findings >= options.limit) full = true;
    };
    const decoder = new Decoder(
      catalog,
      { finding: onFinding, warning: warn },
      { decompress: decompressBody, ...(several || input.name !== "(stdin)" ? { input: input.name } : {}) },
    );
    const feeder = new LineFeeder(decoder, { warning: warn });
    // NDJSON and --ids feed pipelines whose own output shares the terminal: a line redrawn there would garble it.
    const streaming = options.format === "ndjson" || options.view === "ids";
    progress = input.size === undefined || streaming ? null : Progress.start(ctx.io, name, Progress.sizeOf(input.name, input.size));
    // A body held for the status that may follow it goes out when a live input pauses.
    const settle = () => {
      feeder.settle();
      out.flush();
    };
    for await (const chunk of noticingPauses(input.chunks(warn), settle)) {
      ctx.io.signal.throwIfAborted();
      feeder.push(chunk);
      out.flush();
      progress?.update(feeder.bytes, summary.findings);
      // --limit reached, or the reader went away (`| head`) after an error was found: the rest is not wanted.
      if (full || (ctx.io.stdout.closed && summary.findings > 0)) break;
    }
    feeder.end();
    out.flush();
    progress?.end();
    progress = null;
    bytes += feeder.bytes;
    lines += feeder.lines;
  }

  forgetInterrupt();
  await output.finish(totals());
  out.flush();
  await terminal.close();
  if (summary.findings === 0) {
    const from = inputs.length > 1 ? ` from ${inputs.length} inputs` : "";
    const matched = filtering && seen > 0 ? `: ${seen} MIOSA error${seen === 1 ? "" : "s"}, none matching the filters` : ": no MIOSA error in it";
    ctx.io.stderr.write(`miosa-err: read ${bytesText(bytes)} (${lines} line${lines === 1 ? "" : "s"})${from}${matched}\n`);
    return "nothing_found";
  }
  return "ok";
}
