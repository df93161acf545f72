#!/usr/bin/env node
// Differential check of decode against another build of miosa-err (the
// version before a refactor): both decode every fixture and the bench's
// generated inputs in every format, and their stdout, stderr and exit status
// must be the same, byte for byte.
//
//   node scripts/diff-decode.mjs --old /path/to/old/checkout [--mb 20] [--only-fixtures]
//
// The old checkout must be built (npm ci). Prints each difference and exits 1 when there is any.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeLog, writeTicket } from "../bench/generate.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const old = option("old");
if (!old) {
  console.error("usage: node scripts/diff-decode.mjs --old /path/to/old/checkout [--mb 20] [--only-fixtures]");
  process.exit(2);
}

/** The bin of a checkout: bin/miosa-err.js, or bin/miosa-err.cjs in the versions whose build was CommonJS. */
function binOf(checkout) {
  const bin = ["bin/miosa-err.js", "bin/miosa-err.cjs"].map((name) => join(checkout, name)).find(existsSync);
  if (!bin) throw new Error(`no bin/miosa-err.* in ${checkout}`);
  return bin;
}
const bins = { old: binOf(old), new: binOf(ROOT) };

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function decode(bin, file, format) {
  const result = spawnSync(process.execPath, [bin, "decode", "--format", format, file], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { PATH: process.env.PATH },
  });
  // The two builds name their own bin in nothing they print, so the outputs compare as they are.
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let differences = 0;
function compare(file) {
  for (const format of ["json", "human", "markdown"]) {
    const a = decode(bins.old, file, format);
    const b = decode(bins.new, file, format);
    for (const part of ["status", "stdout", "stderr"]) {
      if (a[part] !== b[part]) {
        differences++;
        const at = [...String(a[part])].findIndex((char, i) => char !== String(b[part])[i]);
        console.log(
          `DIFFERS ${file} --format ${format}: ${part} (first at ${at}): old ${JSON.stringify(String(a[part]).slice(Math.max(0, at - 80), at + 80))} new ${JSON.stringify(String(b[part]).slice(Math.max(0, at - 80), at + 80))}`,
        );
      }
    }
  }
}

const fixtures = filesUnder(join(ROOT, "test/fixtures"));
for (const file of fixtures) compare(file);
console.log(`${fixtures.length} fixtures compared`);

if (!args.includes("--only-fixtures")) {
  const mb = Number(option("mb", "20"));
  const dir = mkdtempSync(join(tmpdir(), "miosa-err-diff-"));
  try {
    const inputs = [
      ["log.ndjson", (file) => writeLog(file, mb * 2 ** 20, { seed: 1 })],
      ["worst.ndjson", (file) => writeLog(file, Math.max(1, mb >> 2) * 2 ** 20, { seed: 5, every: 1 })],
      ["ticket.txt", (file) => writeTicket(file, mb * 2 ** 20, { seed: 6 })],
    ];
    for (const [name, write] of inputs) {
      const file = join(dir, name);
      await write(file);
      compare(file);
    }
    console.log(`${inputs.length} bench inputs of about ${mb} MB compared`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(differences === 0 ? "no differences" : `${differences} differences`);
process.exitCode = differences === 0 ? 0 : 1;
