// Loaded with `node --import` into a spawned CLI: writes the process's peak
// resident memory (KiB) to $MIOSA_ERR_TEST_RSS_FILE when it exits. On Linux
// that is VmHWM, the peak of this program alone: getrusage's maxrss also
// counts the test process it was forked from, before exec.
import { readFileSync, writeFileSync } from "node:fs";

function peakKiB() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: the rusage figure is the best there is.
  }
  return process.resourceUsage().maxRSS;
}

process.on("exit", () => {
  const file = process.env.MIOSA_ERR_TEST_RSS_FILE;
  if (file) writeFileSync(file, String(peakKiB()));
});
