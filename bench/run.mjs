#!/usr/bin/env node
// npm run bench: start-up and decode throughput/memory, each case beside its
// reference in the same run, medians over repeats. Not a test; CI skips it.
//
//   node bench/run.mjs [--runs N] [--startup-runs N] [--log-mb N] [--big-mb N]
//                      [--worst-mb N] [--ticket-mb N] [--quick] [--keep]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeLog, writeTicket } from "./generate.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin", "miosa-err.cjs");
const NODE = process.execPath;

function options(argv) {
  const quick = argv.includes("--quick");
  const get = (name, fallback) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? Number(argv[index + 1]) : fallback;
  };
  return {
    runs: get("runs", quick ? 3 : 7),
    startupRuns: get("startup-runs", 20),
    logMb: get("log-mb", quick ? 20 : 100),
    bigMb: get("big-mb", quick ? 200 : 1024),
    worstMb: get("worst-mb", quick ? 10 : 50),
    ticketMb: get("ticket-mb", quick ? 20 : 100),
    keep: argv.includes("--keep"),
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// The floor: read the file the way decode reads it (1 MiB at a time into a
// reused buffer) and count its bytes; nothing else. And, for context, the
// everyday Node idiom (createReadStream, 64 KiB chunks), which is slower
// than the floor because every chunk is a fresh buffer.
const BARE_READ =
  "const fs=require('fs');const fd=fs.openSync(process.argv[1]);const b=Buffer.allocUnsafe(1<<20);let n=0,r;while((r=fs.readSync(fd,b,0,b.length,null))>0)n+=r;process.stdout.write(n+'\\n')";
const STREAM_READ = "let n=0;require('fs').createReadStream(process.argv[1]).on('data',c=>n+=c.length).on('end',()=>process.stdout.write(n+'\\n'))";

const hasGnuTime = existsSync("/usr/bin/time") && spawnSync("/usr/bin/time", ["-f", "%M", "true"]).status === 0;
const hasJq = spawnSync("jq", ["--version"]).status === 0;

/** Runs a shell-free command once: wall ms, peak RSS in MB (when GNU time is there), exit status. */
function measure(command, args, { stdin, allowStatus = [0] } = {}) {
  const wrapped = hasGnuTime ? ["/usr/bin/time", ["-f", "__RSS__%M", command, ...args]] : [command, args];
  const started = performance.now();
  const result = spawnSync(wrapped[0], wrapped[1], {
    stdio: [stdin ? "pipe" : "ignore", "ignore", "pipe"],
    input: stdin,
    maxBuffer: 64 << 20,
    encoding: "utf8",
  });
  const ms = performance.now() - started;
  if (!allowStatus.includes(result.status)) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr.slice(-500)}`);
  }
  const rss = /__RSS__(\d+)/.exec(result.stderr ?? "");
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : null };
}

/** Runs the commands alternately `runs` times each after one warm-up, so load hits all alike. */
function alternate(commands, runs) {
  for (const c of commands) measure(c.command, c.args, c);
  const samples = commands.map(() => ({ ms: [], rss: [] }));
  for (let i = 0; i < runs; i++) {
    commands.forEach((c, index) => {
      const { ms, rssMb } = measure(c.command, c.args, c);
      samples[index].ms.push(ms);
      if (rssMb !== null) samples[index].rss.push(rssMb);
    });
  }
  return samples.map((s) => ({ ms: median(s.ms), rssMb: s.rss.length ? Math.max(...s.rss) : null }));
}

const rows = [];
function row(name, value, reference, ratio, target, pass, note = "") {
  rows.push({ name, value, reference, ratio, target, pass, note });
}
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

const opts = options(process.argv.slice(2));
const started = performance.now();
console.log(
  `miosa-err bench: node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? "unknown"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${loadavg().map((n) => n.toFixed(2)).join(" ")}`,
);
if (!hasGnuTime) console.log("- /usr/bin/time (GNU time) is not installed: peak memory is not measured");

// Start-up: explain beside a bare `node -e 0`, alternately.
{
  const [floor, explain, explainJson, list] = alternate(
    [
      { command: NODE, args: ["-e", "0"] },
      { command: NODE, args: [BIN, "explain", "SANDBOX_LIMIT_REACHED"] },
      { command: NODE, args: [BIN, "explain", "SANDBOX_LIMIT_REACHED", "--json"] },
      { command: NODE, args: [BIN, "list"] },
    ],
    opts.startupRuns,
  );
  const ratio = explain.ms / floor.ms;
  row("start-up: explain CODE", fmtMs(explain.ms), `node -e 0: ${fmtMs(floor.ms)}`, `${ratio.toFixed(2)}×`, "≤ 1.30×", ratio <= 1.3);
  for (const [name, result] of [["explain CODE --json", explainJson], ["list", list]]) {
    row(`start-up: ${name}`, fmtMs(result.ms), `node -e 0: ${fmtMs(floor.ms)}`, `${(result.ms / floor.ms).toFixed(2)}×`, "(info)", null);
  }
}

const decodeWorks = spawnSync(NODE, [BIN, "help", "decode"], { stdio: "ignore" }).status === 0;
if (!decodeWorks) {
  console.log("- decode is not built yet: its cases are skipped");
} else {
  const dir = mkdtempSync(join(tmpdir(), "miosa-err-bench-"));
  try {
    const log = join(dir, "log.ndjson");
    await writeLog(log, opts.logMb * 2 ** 20, { seed: 1 });
    const decodeArgs = (file) => [BIN, "decode", "--json", file];
    const commands = [
      { command: NODE, args: decodeArgs(log) },
      { command: NODE, args: ["-e", BARE_READ, log] },
      { command: NODE, args: ["-e", STREAM_READ, log] },
    ];
    if (hasJq) commands.push({ command: "jq", args: ["-c", "select(.response.error != null) | .response.error.code", log] });
    const [decode, floor, stream, jq] = alternate(commands, opts.runs);
    const size = `${opts.logMb} MB log, 1% errors`;
    const floorRatio = decode.ms / floor.ms;
    row(`decode ${size} vs bare read`, fmtMs(decode.ms), `bare read: ${fmtMs(floor.ms)}`, `${floorRatio.toFixed(2)}×`, "≤ 3.00×", floorRatio <= 3);
    const streamRatio = decode.ms / stream.ms;
    row(`decode ${size} vs stream read`, fmtMs(decode.ms), `createReadStream: ${fmtMs(stream.ms)}`, `${streamRatio.toFixed(2)}×`, "(info)", null);
    if (jq) {
      const speedup = jq.ms / decode.ms;
      row(`decode ${size} vs jq`, fmtMs(decode.ms), `jq: ${fmtMs(jq.ms)}`, `${speedup.toFixed(2)}× faster`, "≥ 5.00× faster", speedup >= 5);
    } else {
      row(`decode ${size} vs jq`, fmtMs(decode.ms), "jq not installed", "-", "≥ 5.00× faster", null, "skipped: jq is not installed");
    }
    rmSync(log);

    // Memory: a 10 MB log against a large one.
    const small = join(dir, "small.ndjson");
    await writeLog(small, 10 * 2 ** 20, { seed: 3 });
    const smallRss = measure(NODE, decodeArgs(small)).rssMb;
    rmSync(small);
    const big = join(dir, "big.ndjson");
    await writeLog(big, opts.bigMb * 2 ** 20, { seed: 4 });
    const bigRun = measure(NODE, decodeArgs(big));
    rmSync(big);
    row("decode 10 MB log: peak RSS", fmtMb(smallRss), "-", "-", "(baseline)", null);
    const flat = bigRun.rssMb !== null && smallRss !== null ? bigRun.rssMb < 150 && bigRun.rssMb - smallRss <= 20 : null;
    row(`decode ${opts.bigMb} MB log: peak RSS`, fmtMb(bigRun.rssMb), `10 MB: ${fmtMb(smallRss)}`, bigRun.rssMb !== null && smallRss !== null ? `+${(bigRun.rssMb - smallRss).toFixed(1)} MB` : "-", "< 150 MB, ≤ +20 MB", flat, `${fmtMs(bigRun.ms)} wall`);

    // Worst cases, no target yet.
    const worst = join(dir, "worst.ndjson");
    await writeLog(worst, opts.worstMb * 2 ** 20, { seed: 5, every: 1 });
    const worstRun = measure(NODE, decodeArgs(worst));
    rmSync(worst);
    row(`decode ${opts.worstMb} MB, every line an error`, fmtMs(worstRun.ms), "-", `${((opts.worstMb / worstRun.ms) * 1000).toFixed(0)} MB/s`, "(no target)", null, `peak RSS ${fmtMb(worstRun.rssMb)}`);
    const ticket = join(dir, "ticket.txt");
    await writeTicket(ticket, opts.ticketMb * 2 ** 20, { seed: 6 });
    const ticketRun = measure(NODE, decodeArgs(ticket));
    rmSync(ticket);
    row(`decode ${opts.ticketMb} MB ticket text`, fmtMs(ticketRun.ms), "-", `${((opts.ticketMb / ticketRun.ms) * 1000).toFixed(0)} MB/s`, "(no target)", null, `peak RSS ${fmtMb(ticketRun.rssMb)}`);
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`- inputs kept in ${dir}`);
  }
}

printTable();
console.log(
  `(${((performance.now() - started) / 1000).toFixed(0)} s; wall-time medians of ${opts.runs} alternating runs, start-up ${opts.startupRuns}; each command run alike: spawned directly${hasGnuTime ? " under /usr/bin/time" : ""}, output to /dev/null; load average now ${loadavg().map((n) => n.toFixed(2)).join(" ")})`,
);
process.exitCode = rows.some((r) => r.pass === false) ? 1 : 0;
