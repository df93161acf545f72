// Waiting between probe attempts: a countdown on stderr when it is a
// terminal (redrawn in place, erased at the end), a silent wait otherwise.
import { onInterrupt, type IO } from "../cli/io.js";

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const ERASE_LINE = "\r\x1b[K";

export async function waitWithCountdown(io: IO, ms: number, label: string, sleep: Sleep = realSleep): Promise<void> {
  if (ms <= 0) return;
  if (!io.stderr.isTTY) return sleep(ms);
  // Ctrl-C mid-countdown must not leave the half-drawn line for the shell prompt to land on.
  const forget = onInterrupt(() => io.stderr.write(ERASE_LINE));
  try {
    let remaining = ms;
    while (remaining > 0) {
      io.stderr.write(`${ERASE_LINE}${label} in ${Math.ceil(remaining / 1000)} s…`);
      // Wake on whole seconds so the number changes when it should.
      const step = remaining % 1000 || 1000;
      await sleep(step);
      remaining -= step;
    }
    io.stderr.write(ERASE_LINE);
  } finally {
    forget();
  }
}
