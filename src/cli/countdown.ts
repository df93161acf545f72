// Waiting between probe attempts: a countdown on stderr when it is a
// terminal (redrawn in place, erased at the end), a silent wait otherwise.
import type { IO } from "./io.js";

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitWithCountdown(io: IO, ms: number, label: string, sleep: Sleep = realSleep): Promise<void> {
  if (ms <= 0) return;
  if (!io.stderr.isTTY) return sleep(ms);
  let remaining = ms;
  while (remaining > 0) {
    io.stderr.write(`\r\x1b[K${label} in ${Math.ceil(remaining / 1000)} s…`);
    // Wake on whole seconds so the number changes when it should.
    const step = remaining % 1000 || 1000;
    await sleep(step);
    remaining -= step;
  }
  io.stderr.write("\r\x1b[K");
}
