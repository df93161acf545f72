// The page in a real browser, served by `serve` and opened from the file
// `page --out` writes: it finds what `decode` finds, shows outside text as
// text, makes no request, and copies the right text.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { runCli } from "../e2e/run-cli.js";
import {
  decodePasted,
  fileTarget,
  findChromium,
  groupCodes,
  launchChromium,
  NO_CHROMIUM,
  openPage,
  serveTarget,
  type OpenPage,
  type PageTarget,
} from "./browser.js";

const CHROMIUM = findChromium();
const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url);
const NDJSON = readFileSync(fixture("page/11-ndjson-app-http-double-encoded.ndjson"), "utf8");
const HAR = readFileSync(fixture("page/10-har-templates-session.har"));
const APP_LOG = readFileSync(fixture("triage/app.log"), "utf8");
const LOG_GZ = gzipSync(APP_LOG);

/** What `decode --json` groups for the same input: the oracle. */
function cliGroups(...files: string[]): { code: string; count: number }[] {
  const result = runCli(["decode", "--json", ...files.map((file) => new URL(file, fixture("")).pathname)]);
  return (JSON.parse(result.stdout).groups as { code: string; count: number }[]).map(({ code, count }) => ({ code, count }));
}

async function shownGroups(page: Page) {
  return page.$$eval("#groups > li", (cards) =>
    cards.map((card) => ({
      code: card.getAttribute("data-code") ?? "",
      count: Number(/· (\d+) times?/.exec(card.querySelector("h3")?.textContent ?? "")?.[1]),
    })),
  );
}

/** Drops files on the drop zone as a user's drag would. */
async function dropFiles(page: Page, files: { name: string; bytes: Buffer }[]) {
  const transfer = await page.evaluateHandle(
    (list) => {
      const data = new DataTransfer();
      for (const file of list) data.items.add(new File([Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0))], file.name));
      return data;
    },
    files.map((file) => ({ name: file.name, base64: file.bytes.toString("base64") })),
  );
  await page.dispatchEvent("#drop", "drop", { dataTransfer: transfer });
  await page.waitForFunction(() => /^Read /.test(document.getElementById("status")?.textContent ?? ""));
}

if (!CHROMIUM) test.skip(NO_CHROMIUM, () => undefined);

describe.runIf(CHROMIUM).each([["serve"], ["file"]] as const)("the page from %s", (kind) => {
  let browser: Browser;
  let target: PageTarget;
  let open: OpenPage;
  beforeAll(async () => {
    [browser, target] = await Promise.all([launchChromium(CHROMIUM!), kind === "serve" ? serveTarget() : fileTarget()]);
    // One page for the cases below, so that the network check sees every request they made.
    open = await openPage(browser, target);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await target?.stop();
  });

  test("a pasted capture shows the groups decode finds, explained", async () => {
    const { page } = open;
    await decodePasted(page, NDJSON);
    expect(await shownGroups(page)).toEqual(cliGroups("page/11-ndjson-app-http-double-encoded.ndjson"));
    const first = (await page.textContent("#groups > li:first-child")) ?? "";
    expect(first).toContain("Template ID does not exist");
    expect(first).toContain("/api/v1/sandbox-templates/nope");
    expect(first).toContain("req_fake_0001");
    expect(first).toContain("2026-12-04 02:10:11 UTC");
    expect(await page.locator("#timeline svg rect").count()).toBe(4);
    expect(open.errors).toEqual([]);
  });

  test("a pasted curl -si capture: one TEMPLATE_NOT_FOUND, 404, with its request id (captures README)", async () => {
    const { page } = open;
    await decodePasted(page, readFileSync(fixture("page/01-curl-i-404-template-not-found.txt"), "utf8"));
    expect(await shownGroups(page)).toEqual([{ code: "TEMPLATE_NOT_FOUND", count: 1 }]);
    const card = (await page.textContent("#groups > li")) ?? "";
    expect(card).toMatch(/^TEMPLATE_NOT_FOUND · 404 · /);
    expect(card).toContain("req_fake_0001");
  });

  test("the copy buttons put a request id, all ids (as decode --ids) and decode's Markdown reply on the clipboard", async () => {
    const { page } = open;
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await decodePasted(page, APP_LOG);
    await page.click("#groups > li:first-child .ids li:nth-child(2) button");
    await expect.poll(() => page.textContent("#copied")).toBe("Copied the request id.");
    expect(await clipboard()).toBe("req_01KB0000000000000000000002");
    await page.click("#copy-ids");
    const ids = runCli(["decode", "--ids"], { input: APP_LOG }).stdout.trim();
    expect(ids.split("\n")).toHaveLength(9);
    await expect.poll(clipboard).toBe(ids);
    await page.click("#copy-markdown");
    await expect.poll(() => page.textContent("#copied")).toBe("Copied the Markdown reply.");
    const reply = await clipboard();
    const cli = runCli(["decode", "--format", "markdown"], { input: APP_LOG }).stdout;
    // The groups explained as decode writes them for a ticket (its first line names the input).
    expect(reply.split("\n").slice(1)).toEqual(cli.split("\n").slice(1));
    expect(reply).toContain("`SANDBOX_NOT_RUNNING`");
    await decodePasted(page, NDJSON);
  });

  test("the code filter shows only the matching groups", async () => {
    const { page } = open;
    await page.fill("#filter", "template_");
    expect(await groupCodes(page)).toEqual(["TEMPLATE_NOT_FOUND", "TEMPLATE_IN_USE"]);
    await page.fill("#filter", "");
    expect(await groupCodes(page)).toHaveLength(4);
  });

  test("the explain box explains a code and suggests close ones for a typo", async () => {
    const { page } = open;
    await page.fill("#explain-code", "sandbox_not_running");
    await page.press("#explain-code", "Enter");
    await expect.poll(() => page.textContent("#explanation")).toContain("Confirm sandbox state");
    await page.fill("#explain-code", "SANDBOX_NOT_RUNING");
    await page.press("#explain-code", "Enter");
    await expect.poll(() => page.textContent("#explanation")).toMatch(/No catalog entry for "SANDBOX_NOT_RUNING"\. Did you mean: SANDBOX_NOT_RUNNING/);
  });

  test("a dropped HAR and .gz log decode together, as decode reads them", async () => {
    const { page } = open;
    await dropFiles(page, [
      { name: "session.har", bytes: HAR },
      { name: "app.log.gz", bytes: LOG_GZ },
    ]);
    const expected = runCli(["decode", "--json", fixture("page/10-har-templates-session.har").pathname, "-"], { input: LOG_GZ });
    const groups = (JSON.parse(expected.stdout).groups as { code: string; count: number }[]).map(({ code, count }) => ({ code, count }));
    expect(groups.map((group) => group.code)).toEqual(expect.arrayContaining(["SANDBOX_NOT_RUNNING", "TEMPLATE_IN_USE", "INVALID_BUILDSPEC"]));
    expect(await shownGroups(page)).toEqual(groups);
  });

  test("an XSS payload in a message and a request id is shown as text and runs nothing", async () => {
    const { page } = open;
    const message = `<img src=x onerror="window.__xss=1">`;
    const id = `<script>window.__xss=2</script>`;
    await decodePasted(page, `${JSON.stringify({ error: { code: "SANDBOX_NOT_RUNNING", message, request_id: id } })}\n`);
    const card = page.locator("#groups > li").first();
    expect(await card.textContent()).toContain(message);
    expect(await card.locator(".ids code").textContent()).toBe(id);
    expect(await page.locator("#groups img, #groups script").count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  });

  test("a key in the input is masked, as the CLI masks it", async () => {
    const { page } = open;
    await decodePasted(page, '{"error":{"code":"UNAUTHORIZED","message":"bad key msk_live_abcdefgh1234","request_id":"req_1"}}\n');
    const text = (await page.textContent("#groups")) ?? "";
    expect(text).toContain("bad key msk_…1234");
    expect(text).not.toContain("abcdefgh");
  });

  test("nothing went over the network but the page itself, and a request from the page is refused", async () => {
    const { page, requests, errors } = open;
    const elsewhere = requests.filter((url) => url !== target.url && !url.startsWith("blob:"));
    expect(elsewhere).toEqual([]);
    expect(requests.filter((url) => url === target.url)).toHaveLength(1);
    // Even to the page's own server: the policy (connect-src 'none') refuses it before it leaves.
    const url = target.url.startsWith("http") ? target.url : "http://127.0.0.1:9/";
    const refusedBy = await page.evaluate(
      (to) =>
        new Promise<string>((resolve) => {
          document.addEventListener("securitypolicyviolation", (event) => resolve(event.effectiveDirective), { once: true });
          fetch(to).catch(() => undefined);
          setTimeout(() => resolve("not refused"), 3000);
        }),
      url,
    );
    expect(refusedBy).toBe("connect-src");
    expect(errors).toEqual([]);
  });

  test("works from the keyboard alone: type, Tab to the button, Enter", async () => {
    const { page, context } = await openPage(browser, target);
    await page.focus("#paste");
    await page.keyboard.insertText(NDJSON);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("decode");
    await page.keyboard.press("Enter");
    await expect.poll(() => groupCodes(page)).toHaveLength(4);
    await context.close();
  });
});
