// The page: input (paste, pick, drop), progress, the triage view, copying,
// the code filter and the explain box. Decoding and explaining happen in
// workers made from the worker's source, which the build puts in this
// script (a page opened from disk can load no other file).
import { timelineChart } from "./chart.js";
import { byId, copyText, el } from "./dom.js";
import type { DecodeInput, DecodeReport, WorkerReply, WorkerRequest } from "./protocol.js";
import { entryFacts, factList, groupCard } from "./results.js";

declare const WORKER_SOURCE: string;

const workerUrl = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));

function startWorker(onReply: (reply: WorkerReply) => void): Worker {
  const worker = new Worker(workerUrl);
  worker.addEventListener("message", (event: MessageEvent<WorkerReply>) => onReply(event.data));
  return worker;
}

const paste = byId<HTMLTextAreaElement>("paste");
const files = byId<HTMLInputElement>("files");
const drop = byId("drop");
const progressBox = byId("progress-box");
const progress = byId<HTMLProgressElement>("progress");
const progressText = byId("progress-text");
const status = byId("status");
const results = byId("results");
const groupsList = byId("groups");
const filter = byId<HTMLInputElement>("filter");
const copied = byId("copied");
const inputSection = byId("input-section");

let report: DecodeReport | null = null;
/** One worker per decode: a new decode stops the one before. */
let decoding: Worker | null = null;

function say(text: string): void {
  status.textContent = text;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function decode(inputs: DecodeInput[]): void {
  if (inputs.length === 0) return;
  decoding?.terminate();
  const started = performance.now();
  progressBox.hidden = false;
  progress.value = 0;
  say("Decoding…");
  const worker = startWorker((reply) => {
    if (reply.type === "progress") {
      progress.value = reply.total > 0 ? reply.read / reply.total : 1;
      progressText.textContent = `${sizeText(reply.read)} of ${sizeText(reply.total)} read, ${reply.findings} errors so far`;
    } else if (reply.type === "report") {
      worker.terminate();
      decoding = null;
      progressBox.hidden = true;
      showReport(reply.report, performance.now() - started);
    } else if (reply.type === "failed") {
      worker.terminate();
      decoding = null;
      progressBox.hidden = true;
      say(`Could not decode: ${reply.message}`);
    }
  });
  decoding = worker;
  worker.postMessage({ type: "decode", inputs } satisfies WorkerRequest);
}

function showReport(next: DecodeReport, ms: number): void {
  report = next;
  const read = `Read ${sizeText(next.bytes)} (${next.lines} lines) in ${(ms / 1000).toFixed(1)} s`;
  say(next.findings === 0 ? `${read}: no MIOSA error in it.` : `${read}: ${next.findings} errors in ${next.groups.length} groups.`);
  results.hidden = next.findings === 0;
  byId("totals").textContent = `${next.findings} errors, ${next.groups.length} groups, ${next.requestIds.length} distinct request ids.`;
  byId("codes").replaceChildren(...next.groups.map((group) => el("option", { value: group.code })));
  const figure = byId("timeline-figure");
  figure.hidden = next.timeline === null;
  byId("timeline").replaceChildren(...(next.timeline ? [timelineChart(next.timeline)] : []));
  groupsList.replaceChildren(...next.groups.map((group) => groupCard(group, copy)));
  byId("warnings").replaceChildren(...next.warnings.map((warning) => el("li", { class: "muted" }, `Note: ${warning}`)));
  applyFilter();
  // To the results, unless the user has gone on to something else meanwhile (the explain box).
  const active = document.activeElement;
  if (next.findings > 0 && (active === null || active === document.body || inputSection.contains(active))) {
    const heading = byId("results-heading");
    // At the top of the screen: focus() alone would scroll it to the bottom edge, the groups out of view.
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start" });
  }
}

function applyFilter(): void {
  const wanted = filter.value.trim().toLowerCase();
  let shown = 0;
  for (const card of groupsList.children) {
    const match = wanted === "" || (card.getAttribute("data-code") ?? "").toLowerCase().includes(wanted);
    (card as HTMLElement).hidden = !match;
    if (match) shown++;
  }
  if (report && wanted !== "") copied.textContent = `${shown} of ${report.groups.length} groups match "${filter.value.trim()}".`;
}

function copy(text: string, what: string): void {
  copyText(text).then(
    () => (copied.textContent = `Copied ${what}.`),
    (error: unknown) => (copied.textContent = `Could not copy: ${error instanceof Error ? error.message : String(error)}`),
  );
}

function fileInputs(list: FileList | null | undefined): DecodeInput[] {
  return [...(list ?? [])].map((file) => ({ kind: "file", file }));
}

byId("decode").addEventListener("click", () => {
  if (paste.value.trim() === "") return say("Paste something first.");
  decode([{ kind: "text", name: "(pasted)", text: paste.value }]);
});
files.addEventListener("change", () => decode(fileInputs(files.files)));
drop.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  decode(fileInputs(event.dataTransfer?.files));
});
filter.addEventListener("input", applyFilter);
byId("copy-ids").addEventListener("click", () => report && copy(report.requestIds.join("\n"), `${report.requestIds.length} request ids`));
byId("copy-markdown").addEventListener("click", () => report && copy(report.markdown, "the Markdown reply"));

const explainer = startWorker((reply) => {
  if (reply.type !== "explained") return;
  const box = byId("explanation");
  if (reply.matches.length === 0) {
    const hint = reply.suggestions.length > 0 ? ` Did you mean: ${reply.suggestions.join(", ")}?` : "";
    box.replaceChildren(el("p", { class: "unknown" }, `No catalog entry for "${reply.query}".${hint}`));
    return;
  }
  box.replaceChildren(
    ...reply.matches.map((entry) =>
      el(
        "div",
        { class: "group" },
        el("h3", {}, el("code", {}, entry.code), ` · ${entry.http_status ?? "no status"} · ${entry.area}`),
        factList(entryFacts(entry)),
      ),
    ),
  );
});
byId("explain-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const query = byId<HTMLInputElement>("explain-code").value.trim();
  if (query !== "") explainer.postMessage({ type: "explain", query } satisfies WorkerRequest);
});
