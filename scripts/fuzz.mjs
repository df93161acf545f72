// npm run fuzz -- --runs N [--seed S]: the generated-input tests, as long as
// asked. A failure prints fast-check's seed and path; pass --seed to replay.
import { spawnSync } from "node:child_process";

const argv = process.argv.slice(2);
const value = (name) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : undefined;
};
const runs = value("runs") ?? "2000";
const seed = value("seed") ?? String(Math.floor(Math.random() * 2 ** 31));
if (!/^\d+$/.test(runs) || !/^-?\d+$/.test(seed)) {
  console.error("usage: npm run fuzz -- [--runs N] [--seed S]");
  process.exit(2);
}
console.log(`fuzz: ${runs} runs per property, seed ${seed} (replay with --seed ${seed})`);
const result = spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "test/fuzz"], {
  stdio: "inherit",
  env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed, VITEST_TEST_TIMEOUT: "0" },
});
if (result.status !== 0) {
  console.error(`fuzz: failed; replay the same cases with: npm run fuzz -- --runs ${runs} --seed ${seed}`);
  console.error("(fast-check's report above gives each failing property's own seed and path, and its shrunk counterexample)");
}
process.exit(result.status ?? 1);
