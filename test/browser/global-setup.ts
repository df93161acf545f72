// Said once per test run, not once per file: the browser tests are skipped, and how to run them.
import { findChromium, NO_CHROMIUM } from "./browser.js";

export default function setup(): void {
  if (!findChromium()) process.stderr.write(`\nmiosa-err tests: ${NO_CHROMIUM}\n\n`);
}
