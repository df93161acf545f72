#!/usr/bin/env node
// npm run bench: start-up and decode time and memory, each case beside its
// reference in the same run (alternately, medians over repeats). Not a test;
// CI skips it. Exits 1 when a target fails. docs/performance.md has the targets.
//
//   node bench/run.mjs [--runs N] [--startup-runs N] [--log-mb N] [--big-mb N]
//                      [--worst-mb N] [--baseline DIR] [--quick] [--keep]
//
// --baseline DIR: another checkout of miosa-err, built (npm ci), whose decode
// is timed beside this one's on the same inputs (the 1.3x targets).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeHar, writeExport, writeOneLine } from "./documents.mjs";
import { writeLog } from "./generate.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const NODE = process.execPath;

/** The bin of a checkout: bin/miosa-err.js, or bin/miosa-err.cjs in the versions whose build was CommonJS. */
function binOf(checkout) {
  const bin = ["bin/miosa-err.js", "bin/miosa-err.cjs"].map((name) => join(checkout, name)).find(existsSync);
  if (!bin) throw new Error(`no bin/miosa-err.* in ${checkout}`);
  return bin;
}
const BIN = binOf(ROOT);

function options(argv) {
  const quick = argv.includes("--quick");
  const get = (name, fallback) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
  return {
    runs: Number(get("runs", quick ? 3 : 7)),
    startupRuns: Number(get("startup-runs", 20)),
    logMb: Number(get("log-mb", quick ? 20 : 100)),
    bigMb: Number(get("big-mb", quick ? 200 : 1024)),
    worstMb: Number(get("worst-mb", quick ? 10 : 50)),
    harMb: Number(get("har-mb", quick ? 20 : 200)),
    exportMb: Number(get("export-mb", quick ? 20 : 100)),
    baseline: get("baseline", null),
    keep: argv.includes("--keep"),
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// The floor: read the file the way decode reads it (1 MiB at a time into a reused buffer) and count its bytes.
const BARE_READ =
  "const fs=require('fs');const fd=fs.openSync(process.argv[1]);const b=Buffer.allocUnsafe(1<<20);let n=0,r;while((r=fs.readSync(fd,b,0,b.length,null))>0)n+=r;process.stdout.write(n+'\\n')";

const hasGnuTime = existsSync("/usr/bin/time") && spawnSync("/usr/bin/time", ["-f", "%M", "true"]).status === 0;
const hasJq = spawnSync("jq", ["--version"]).status === 0;

/** Runs a command once, output to /dev/null: wall ms, peak RSS in MB (when GNU time is there). */
function measure({ command, args }) {
  const wrapped = hasGnuTime ? ["/usr/bin/time", ["-f", "__RSS__%M", command, ...args]] : [command, args];
  const started = performance.now();
  const result = spawnSync(wrapped[0], wrapped[1], { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 << 20, encoding: "utf8" });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr.slice(-500)}`);
  const rss = /__RSS__(\d+)/.exec(result.stderr ?? "");
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : null };
}

/** Runs the commands alternately `runs` times each after one warm-up, so load hits all alike: medians, and the largest peak RSS. */
function alternate(commands, runs) {
  for (const c of commands) measure(c);
  const samples = commands.map(() => ({ ms: [], rss: [] }));
  for (let i = 0; i < runs; i++) {
    commands.forEach((c, index) => {
      const { ms, rssMb } = measure(c);
      samples[index].ms.push(ms);
      if (rssMb !== null) samples[index].rss.push(rssMb);
    });
  }
  return samples.map((s) => ({ ms: median(s.ms), rssMb: s.rss.length ? Math.max(...s.rss) : null }));
}

const rows = [];
const row = (name, value, reference, ratio, target, pass, note = "") => rows.push({ name, value, reference, ratio, target, pass, note });
const fmtMs = (ms) => `${ms.toFixed(ms < 100 ? 1 : 0)} ms`;
const fmtMb = (mb) => (mb === null ? "n/a" : `${mb.toFixed(1)} MB`);

function printTable() {
  const head = ["case", "miosa-err", "reference", "ratio", "target", "ok"];
  const body = rows.map((r) => [r.name, r.value, r.reference, r.ratio, r.target, r.pass === null ? "-" : r.pass ? "yes" : "NO"]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const b of body) console.log(line(b));
  for (const r of rows) if (r.note) console.log(`- ${r.name}: ${r.note}`);
}

const decode = (bin, file, format = "json") => ({ command: NODE, args: [bin, "decode", "--format", format, file] });

const opts = options(process.argv.slice(2));
const baseline = opts.baseline ? binOf(resolve(opts.baseline)) : null;
const started = performance.now();
console.log(
  `miosa-err bench: node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? "unknown"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}`,
);
if (!hasGnuTime) console.log("- /usr/bin/time (GNU time) is not installed: peak memory is not measured");
if (!baseline) console.log("- no --baseline: the cases against the earlier build are skipped");

// Start-up: explain beside a bare `node -e 0`.
{
  const [floor, explain, list] = alternate(
    [
      { command: NODE, args: ["-e", "0"] },
      { command: NODE, args: [BIN, "explain", "SANDBOX_LIMIT_REACHED"] },
      { command: NODE, args: [BIN, "list"] },
    ],
    opts.startupRuns,
  );
  const ratio = explain.ms / floor.ms;
  row("start-up: explain CODE", fmtMs(explain.ms), `node -e 0: ${fmtMs(floor.ms)}`, `${ratio.toFixed(2)}×`, "≤ 1.30×", ratio <= 1.3);
  row("start-up: list", fmtMs(list.ms), `node -e 0: ${fmtMs(floor.ms)}`, `${(list.ms / floor.ms).toFixed(2)}×`, "(info)", null);
}

const dir = mkdtempSync(join(tmpdir(), "miosa-err-bench-"));
try {
  // The 100 MB log: against the bare read, jq and the baseline build.
  const log = join(dir, "log.ndjson");
  await writeLog(log, opts.logMb * 2 ** 20, { seed: 1 });
  const commands = [decode(BIN, log), { command: NODE, args: ["-e", BARE_READ, log] }];
  if (hasJq) commands.push({ command: "jq", args: ["-c", "select(.response.error != null) | .response.error.code", log] });
  if (baseline) commands.push(decode(baseline, log));
  const [ours, floor, ...others] = alternate(commands, opts.runs);
  // The triage view (human output's default on a log) against --json: it must not be slower.
  const [triage, json] = alternate([decode(BIN, log, "human"), decode(BIN, log)], opts.runs);
  row(
    `decode ${opts.logMb} MB log: triage view vs --json`,
    fmtMs(triage.ms),
    `--json: ${fmtMs(json.ms)}`,
    `${(triage.ms / json.ms).toFixed(2)}×`,
    "≤ 1.00×",
    triage.ms <= json.ms,
  );
  const jq = hasJq ? others.shift() : null;
  const before = baseline ? others.shift() : null;
  const size = `${opts.logMb} MB log, 1% errors`;
  row(`decode ${size} vs bare read`, fmtMs(ours.ms), `bare read: ${fmtMs(floor.ms)}`, `${(ours.ms / floor.ms).toFixed(2)}×`, "(info)", null);
  if (jq) row(`decode ${size} vs jq`, fmtMs(ours.ms), `jq: ${fmtMs(jq.ms)}`, `${(jq.ms / ours.ms).toFixed(2)}× faster`, "≥ 5.00× faster", jq.ms / ours.ms >= 5);
  else row(`decode ${size} vs jq`, fmtMs(ours.ms), "jq not installed", "-", "≥ 5.00× faster", null, "skipped: jq is not installed");
  if (before)
    row(
      `decode ${size} vs baseline`,
      fmtMs(ours.ms),
      `baseline: ${fmtMs(before.ms)}`,
      `${(ours.ms / before.ms).toFixed(2)}×`,
      "≤ 1.30×",
      ours.ms / before.ms <= 1.3,
    );
  rmSync(log);

  // Every line an error: the findings' own cost.
  const worst = join(dir, "worst.ndjson");
  await writeLog(worst, opts.worstMb * 2 ** 20, { seed: 5, every: 1 });
  const [worstOurs, worstBefore] = alternate(baseline ? [decode(BIN, worst), decode(baseline, worst)] : [decode(BIN, worst)], Math.min(opts.runs, 5));
  const worstName = `decode ${opts.worstMb} MB, every line an error`;
  const [worstTriage, worstJson] = alternate([decode(BIN, worst, "human"), decode(BIN, worst)], Math.min(opts.runs, 5));
  row(
    `${worstName}: triage view vs --json`,
    fmtMs(worstTriage.ms),
    `--json: ${fmtMs(worstJson.ms)}`,
    `${(worstTriage.ms / worstJson.ms).toFixed(2)}×`,
    "≤ 1.00×",
    worstTriage.ms <= worstJson.ms,
  );
  if (worstBefore)
    row(
      `${worstName} vs baseline`,
      fmtMs(worstOurs.ms),
      `baseline: ${fmtMs(worstBefore.ms)}`,
      `${(worstOurs.ms / worstBefore.ms).toFixed(2)}×`,
      "≤ 1.30×",
      worstOurs.ms / worstBefore.ms <= 1.3,
    );
  else row(worstName, fmtMs(worstOurs.ms), "-", `${((opts.worstMb / worstOurs.ms) * 1000).toFixed(0)} MB/s`, "(info)", null);
  rmSync(worst);

  // Whole documents: a HAR and a one-line export, beside jq (a filter that finds the same errors) and the bare read.
  for (const [name, mb, write, filter] of [
    [`${opts.harMb} MB HAR`, opts.harMb, writeHar, ".log.entries[] | select(.response.status >= 400) | .response.content.text"],
    [`${opts.exportMb} MB one-line export`, opts.exportMb, writeExport, ".[] | select(.response.status >= 400) | .response.body.error.code"],
  ]) {
    const file = join(dir, "document.json");
    write(file, mb * 2 ** 20);
    const documentCommands = [decode(BIN, file), { command: NODE, args: ["-e", BARE_READ, file] }];
    if (hasJq) documentCommands.push({ command: "jq", args: ["-c", filter, file] });
    const [docOurs, docFloor, docJq] = alternate(documentCommands, Math.min(opts.runs, 5));
    row(`decode ${name} vs bare read`, fmtMs(docOurs.ms), `bare read: ${fmtMs(docFloor.ms)}`, `${(docOurs.ms / docFloor.ms).toFixed(2)}×`, "(info)", null);
    if (docJq)
      row(
        `decode ${name} vs jq`,
        fmtMs(docOurs.ms),
        `jq: ${fmtMs(docJq.ms)}`,
        `${(docJq.ms / docOurs.ms).toFixed(2)}× faster`,
        "≥ 1.00× faster",
        docJq.ms >= docOurs.ms,
      );
    row(`decode ${name}: peak RSS`, fmtMb(docOurs.rssMb), "-", "-", "< 150 MB", docOurs.rssMb === null ? null : docOurs.rssMb < 150);
    rmSync(file);
  }

  // Many envelopes on one line: the time per envelope stays flat (linear growth).
  const perEnvelope = [];
  for (const count of [1000, 4000, 16000, 64000]) {
    const file = join(dir, "one-line.txt");
    writeOneLine(file, count);
    const [run] = alternate([decode(BIN, file)], Math.min(opts.runs, 3));
    perEnvelope.push(run.ms / count);
    rmSync(file);
  }
  const growth = perEnvelope[3] / perEnvelope[1];
  row(
    "1k/4k/16k/64k envelopes on one line",
    perEnvelope.map((ms) => `${(ms * 1000).toFixed(0)} µs`).join(" / "),
    "per envelope",
    `64k/4k ${growth.toFixed(2)}×`,
    "≤ 1.50× (linear)",
    growth <= 1.5,
  );

  // Memory: a 10 MB input against a large one (--big-mb), in every output format: a log, a HAR and a one-line export.
  const memoryRows = (name, small, big) => {
    for (const format of ["json", "human", "markdown"]) {
      const smallRss = measure(decode(BIN, small, format)).rssMb;
      const bigRun = measure(decode(BIN, big, format));
      const flat = bigRun.rssMb !== null && smallRss !== null ? bigRun.rssMb < 150 && bigRun.rssMb - smallRss <= 20 : null;
      const delta = bigRun.rssMb !== null && smallRss !== null ? bigRun.rssMb - smallRss : null;
      const growth = delta === null ? "-" : `${delta >= 0 ? "+" : "−"}${Math.abs(delta).toFixed(1)} MB`;
      row(
        `decode ${opts.bigMb} MB ${name} --format ${format}: peak RSS`,
        fmtMb(bigRun.rssMb),
        `10 MB: ${fmtMb(smallRss)}`,
        growth,
        "< 150 MB, ≤ +20 MB",
        flat,
        `${fmtMs(bigRun.ms)} wall`,
      );
    }
    rmSync(small);
    rmSync(big);
  };
  for (const [name, write] of [
    ["HAR", writeHar],
    ["one-line export", writeExport],
  ]) {
    write(join(dir, "small-document.json"), 10 * 2 ** 20);
    write(join(dir, "big-document.json"), opts.bigMb * 2 ** 20);
    memoryRows(name, join(dir, "small-document.json"), join(dir, "big-document.json"));
  }
  await writeLog(join(dir, "small.ndjson"), 10 * 2 ** 20, { seed: 3 });
  await writeLog(join(dir, "big.ndjson"), opts.bigMb * 2 ** 20, { seed: 4 });
  memoryRows("log", join(dir, "small.ndjson"), join(dir, "big.ndjson"));
} finally {
  if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`- inputs kept in ${dir}`);
}

printTable();
console.log(
  `(${((performance.now() - started) / 1000).toFixed(0)} s; wall-time medians of ${opts.runs} alternating runs, start-up ${opts.startupRuns}; each command spawned directly${hasGnuTime ? " under /usr/bin/time" : ""}, output to /dev/null; load average now ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")})`,
);
process.exitCode = rows.some((r) => r.pass === false) ? 1 : 0;
