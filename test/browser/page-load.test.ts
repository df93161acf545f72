// A 100 MB log in the page: decoded in the worker with progress, while the
// page keeps answering clicks (the explain box answers mid-decode).
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { fileTarget, findChromium, launchChromium, NO_CHROMIUM, openPage, type PageTarget } from "./browser.js";

const CHROMIUM = findChromium();
const MB = 1024 * 1024;
/** One error line in this many. */
const ERROR_EVERY = 200;

/** A log of `size` bytes over an hour: info lines, and every ERROR_EVERY-th line a MIOSA error (two codes). Returns its error count. */
function writeLog(path: string, size: number): number {
  const fd = openSync(path, "w");
  const start = Date.UTC(2026, 10, 28, 9, 0, 0);
  let written = 0;
  let line = 0;
  let errors = 0;
  while (written < size) {
    let chunk = "";
    while (chunk.length < MB) {
      const time = new Date(start + Math.floor((line / 1_000_000) * 3_600_000)).toISOString();
      if (line % ERROR_EVERY === 0) {
        const [code, status] = errors % 3 === 0 ? ["RATE_LIMITED", 429] : ["SANDBOX_NOT_RUNNING", 409];
        chunk += `${time} ERROR POST /api/v1/sandboxes/sb_${line % 97}/exec status=${status} {"error": {"code": "${code}", "message": "no", "request_id": "req_${line}"}}\n`;
        errors++;
      } else {
        chunk += `${time} INFO GET /api/v1/sandboxes/sb_${line % 97} status=200 duration_ms=${line % 50} user=u_${line % 1000}\n`;
      }
      line++;
    }
    written += writeSync(fd, chunk);
  }
  closeSync(fd);
  return errors;
}

if (!CHROMIUM) test.skip(NO_CHROMIUM, () => undefined);

let browser: Browser;
let target: PageTarget;
let dir: string;
let log: string;
let errors: number;
beforeAll(async () => {
  if (!CHROMIUM) return;
  dir = mkdtempSync(join(tmpdir(), "miosa-err-100mb-"));
  log = join(dir, "big.log");
  errors = writeLog(log, 100 * MB);
  [browser, target] = await Promise.all([launchChromium(CHROMIUM), fileTarget()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await target?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test.runIf(CHROMIUM)(
  "a 100 MB log decodes with progress while the page still answers clicks",
  async () => {
    const { page, context, errors: pageErrors } = await openPage(browser, target);
    const started = Date.now();
    await page.setInputFiles("#files", log);
    // Progress shows part of the file read.
    await page.waitForFunction(() => {
      const bar = document.getElementById("progress") as HTMLProgressElement;
      return bar.value > 0 && bar.value < 1;
    });
    expect(await page.textContent("#progress-text")).toMatch(/^[\d.]+ [KM]B of 100\.0 MB read, \d+ errors so far$/);
    // A click mid-decode is answered: the explain box explains.
    const clicked = Date.now();
    await page.fill("#explain-code", "RATE_LIMITED");
    await page.click("#explain-form button");
    await page.waitForFunction(() => (document.getElementById("explanation")?.textContent ?? "").includes("Too many requests"));
    const answeredMs = Date.now() - clicked;
    expect(await page.isVisible("#progress-box")).toBe(true);
    expect(answeredMs).toBeLessThan(2000);
    await page.waitForFunction(() => /^Read /.test(document.getElementById("status")?.textContent ?? ""), undefined, { timeout: 240_000 });
    const decodedMs = Date.now() - started;
    expect(await page.textContent("#status")).toMatch(new RegExp(`: ${errors} errors in 2 groups\\.$`));
    expect(await page.$$eval("#groups > li", (cards) => cards.map((card) => card.getAttribute("data-code")))).toEqual(["SANDBOX_NOT_RUNNING", "RATE_LIMITED"]);
    expect(await page.locator("#timeline svg rect").count()).toBeGreaterThan(40);
    expect(pageErrors).toEqual([]);
    console.log(`100 MB log: ${errors} errors decoded in the page in ${(decodedMs / 1000).toFixed(1)} s; a click mid-decode answered in ${answeredMs} ms`);
    await context.close();
  },
  300_000,
);
