// The page's worker: reads what the user dropped or pasted and decodes it
// with core, off the page's thread, so that the page answers clicks while a
// 100 MB file is read. Also explains a code for the page's explain box.
import { builtinCatalog } from "../core/builtin.js";
import { DecodeRun } from "../core/decode/run.js";
import { DecodeSummary } from "../core/decode/summary.js";
import { explainCode } from "../core/lookup.js";
import { Triage } from "../core/triage/groups.js";
import { bucketTimeline } from "../core/triage/timeline.js";
import type { DecodeInput, DecodeReport, WorkerReply, WorkerRequest } from "./protocol.js";
import { renderTriageMarkdown } from "../render/triage-markdown.js";
import { entryView, groupView, timelineView } from "./views.js";

/** Columns of the timeline chart. */
const TIMELINE_BUCKETS = 48;
/** Progress is sent at most this often (ms). */
const PROGRESS_EVERY = 100;

const scope = self as unknown as { postMessage(reply: WorkerReply): void; onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null };
const reply = (message: WorkerReply) => scope.postMessage(message);

/** A gzip member header: magic bytes and deflate. */
function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08;
}

/** The input's bytes as a stream; a .gz file (by its header, not its name) is unpacked on the way. `read` counts bytes before unpacking. */
async function inputStream(input: DecodeInput, read: (bytes: number) => void): Promise<{ name: string; size: number; stream: ReadableStream<Uint8Array> }> {
  if (input.kind === "text") {
    const bytes = new TextEncoder().encode(input.text);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    return { name: input.name, size: bytes.length, stream: stream.pipeThrough(counter(read)) };
  }
  const { file } = input;
  const head = new Uint8Array(await file.slice(0, 3).arrayBuffer());
  let stream = file.stream().pipeThrough(counter(read));
  if (isGzip(head)) stream = stream.pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>);
  return { name: file.name, size: file.size, stream };
}

function counter(read: (bytes: number) => void): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      read(chunk.length);
      controller.enqueue(chunk);
    },
  });
}

async function decode(inputs: DecodeInput[]): Promise<DecodeReport> {
  const triage = new Triage();
  // Over every input: its request ids (the first MAX_REQUEST_IDS) are the page's "copy all".
  const summary = new DecodeSummary();
  const warnings: string[] = [];
  const names = inputs.map((input) => (input.kind === "file" ? input.file.name : input.name));
  // In bytes, as they are counted read: a pasted text's UTF-8 length, not its characters.
  const total = inputs.reduce((sum, input) => sum + (input.kind === "file" ? input.file.size : new TextEncoder().encode(input.text).length), 0);
  let read = 0;
  let bytes = 0;
  let lines = 0;
  let sentAt = 0;
  for (const input of inputs) {
    const name = input.kind === "file" ? input.file.name : input.name;
    const progress = (more: number) => {
      read += more;
      const now = Date.now();
      if (now - sentAt < PROGRESS_EVERY) return;
      sentAt = now;
      reply({ type: "progress", read, total, findings: triage.findings, input: name });
    };
    const source = await inputStream(input, progress);
    const run = new DecodeRun({
      input: inputs.length > 1 ? source.name : undefined,
      summary,
      onFinding: (finding) => triage.add(finding),
    });
    const reader = source.stream.getReader();
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) run.push(next.value);
    } catch (error) {
      // A damaged .gz: what came before the damage is still worth showing.
      warnings.push(`${source.name}: could not read it all (${error instanceof Error ? error.message : String(error)}); decoded what came before`);
    }
    const result = run.end();
    bytes += result.bytes;
    lines += result.lines;
    for (const warning of result.warnings) warnings.push(inputs.length > 1 ? `${source.name}: ${warning}` : warning);
  }
  const groups = triage.ordered();
  reply({ type: "progress", read: total, total, findings: triage.findings, input: "" });
  return {
    findings: triage.findings,
    bytes,
    lines,
    groups: groups.map(groupView),
    timeline: timelineView(bucketTimeline(groups, TIMELINE_BUCKETS)),
    requestIds: [...summary.requestIds],
    // The reply is the one `decode --format markdown` writes for the same input.
    markdown: renderTriageMarkdown(triage, names),
    warnings: warnings.slice(0, 100),
  };
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === "explain") {
    const explanation = explainCode(builtinCatalog(), request.query, {});
    reply({ type: "explained", query: request.query, matches: explanation.matches.map(entryView), suggestions: explanation.suggestions });
    return;
  }
  decode(request.inputs).then(
    (report) => reply({ type: "report", report }),
    (error: unknown) => reply({ type: "failed", message: error instanceof Error ? error.message : String(error) }),
  );
};
