// The real browser for the page's tests: Debian's chromium (CHROMIUM_PATH,
// else chromium on PATH), driven by playwright-core. Without one the tests
// are skipped, and say how to get one; they never pass without running.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { BIN } from "../helpers.js";
import { runCli } from "../e2e/run-cli.js";

export const NO_CHROMIUM =
  "no Chromium found: the browser tests are skipped. Install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CHROMIUM_PATH when set, else the first chromium (or Chrome) on PATH; null when there is none. */
export function findChromium(): string | null {
  const given = process.env.CHROMIUM_PATH;
  if (given) return executable(given) ? given : null;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    for (const name of ["chromium", "chromium-browser", "google-chrome"]) if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return null;
}

export function launchChromium(path: string): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: path, args: ["--no-sandbox"] });
}

/** Where the page is opened from: `serve`'s URL, or the file `page --out` wrote. */
export interface PageTarget {
  name: "serve" | "file";
  url: string;
  /** The origin requests may go to: the page's own. */
  stop(): Promise<void>;
}

export async function serveTarget(): Promise<PageTarget> {
  const child: ChildProcess = spawn(process.execPath, [BIN, "serve"], { env: { PATH: process.env.PATH ?? "" } });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding("utf8").once("data", (chunk: string) => resolve(chunk.trim()));
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
  });
  return {
    name: "serve",
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGINT");
      }),
  };
}

export async function fileTarget(): Promise<PageTarget> {
  const dir = mkdtempSync(join(tmpdir(), "miosa-err-page-"));
  const out = join(dir, "decoder.html");
  const result = runCli(["page", "--out", out]);
  if (result.status !== 0) throw new Error(`page --out failed: ${result.stderr}`);
  return { name: "file", url: pathToFileURL(out).href, stop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  /** Every request the page or its workers made, by URL. */
  requests: string[];
  /** Errors thrown in the page. */
  errors: string[];
}

export async function openPage(browser: Browser, target: PageTarget, options: BrowserContextOptions = {}): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const requests: string[] = [];
  const errors: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(target.url);
  return { context, page, requests, errors };
}

/** Decodes pasted text and waits for the report. */
export async function decodePasted(page: Page, text: string): Promise<void> {
  await page.fill("#paste", text);
  await page.click("#decode");
  await page.waitForFunction(() => /^Read /.test(document.getElementById("status")?.textContent ?? ""));
}

/** Each shown group's code, in order. */
export function groupCodes(page: Page): Promise<string[]> {
  return page.$$eval("#groups > li:not([hidden])", (cards) => cards.map((card) => card.getAttribute("data-code") ?? ""));
}
