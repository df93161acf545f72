// How the page looks and reads: no serious accessibility violation (axe-core)
// in light or dark, on a desktop or a 390 px phone; screenshots of both,
// checked to show the results. MIOSA_ERR_DOCS_SCREENSHOT=1 also writes the
// desktop one to docs/page.png, the one README shows.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { ROOT } from "../helpers.js";
import { decodePasted, fileTarget, findChromium, launchChromium, NO_CHROMIUM, openPage, type PageTarget } from "./browser.js";

const CHROMIUM = findChromium();
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const APP_LOG = readFileSync(new URL("../fixtures/triage/app.log", import.meta.url), "utf8");
const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const { violations, passes } = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[]; passes: unknown[] }> } }).axe;
    const results = await axe.run(document);
    return { violations: results.violations, passes: results.passes.length };
  });
  // axe ran its rules (labels, contrast, landmarks ...): an empty list is not an axe that did nothing.
  expect(passes).toBeGreaterThan(10);
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`);
}

/** A PNG's width and height, from its header. */
function pngSize(png: Buffer): [number, number] {
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

if (!CHROMIUM) test.skip(NO_CHROMIUM, () => undefined);

describe.runIf(CHROMIUM)("the page's look", () => {
  let browser: Browser;
  let target: PageTarget;
  let shots: string;
  beforeAll(async () => {
    shots = mkdtempSync(join(tmpdir(), "miosa-err-shots-"));
    [browser, target] = await Promise.all([launchChromium(CHROMIUM!), fileTarget()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await target?.stop();
    rmSync(shots, { recursive: true, force: true });
  });

  for (const size of SIZES) {
    for (const colorScheme of ["light", "dark"] as const) {
      test(`${size.name} ${size.width}×${size.height}, ${colorScheme}: no serious axe violation, the results in view, nothing wider than the screen`, async () => {
        const { page, context } = await openPage(browser, target, { viewport: { width: size.width, height: size.height }, colorScheme });
        expect(await seriousViolations(page)).toEqual([]);
        await decodePasted(page, APP_LOG);
        await page.fill("#explain-code", "RATE_LIMITD");
        await page.press("#explain-code", "Enter");
        await page.waitForSelector("#explanation p");
        expect(await seriousViolations(page)).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);

        await page.focus("#decode");
        await page.click("#decode");
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("results-heading");
        const shot = join(shots, `page-${size.name}-${colorScheme}.png`);
        const png = await page.screenshot({ path: shot });
        expect(pngSize(png)).toEqual([size.width, size.height]);
        // What the screenshot shows: the results heading and the first group's card, in the viewport.
        for (const selector of ["#results-heading", "#groups > li:first-child h3"]) {
          const box = await page.locator(selector).boundingBox();
          expect([selector, box !== null && box.y >= 0 && box.y + box.height <= size.height]).toEqual([selector, true]);
        }
        expect(await page.locator("#groups > li:first-child h3").textContent()).toMatch(/^SANDBOX_NOT_RUNNING · 409 · /);
        if (size.name === "desktop" && colorScheme === "light" && process.env.MIOSA_ERR_DOCS_SCREENSHOT === "1")
          copyFileSync(shot, join(ROOT, "docs/page.png"));
        await context.close();
      });
    }
  }
});
