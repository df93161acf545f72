// Builds dist/page/decoder.html: the browser page as one file that works
// opened from disk, with no network. The worker (core's decoder and the
// catalog) and the page's script are bundled for the browser; the worker's
// source goes into the page's script (a page opened from disk can load no
// other file, so the worker is started from a blob: URL). The script and
// style are inline and allowed by their hashes in the Content-Security-Policy,
// which also forbids every connection (connect-src 'none').
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "esbuild";

/** The page's policy; `serve` sends it as a header too, with frame-ancestors (which a meta tag cannot carry). */
export function pagePolicy(scriptHash, styleHash) {
  return [
    "default-src 'none'",
    `script-src '${scriptHash}'`,
    `style-src '${styleHash}'`,
    "worker-src blob:",
    "img-src data:",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

const sha256 = (text) => `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;

async function bundle(root, entry, define = {}) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: "browser",
    format: "iife",
    target: "chrome120",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    define,
  });
  return result.outputFiles[0].text;
}

/** Text that would end an inline script or style early. */
function checkInline(name, text) {
  if (/<\/(script|style)|<!--/i.test(text)) throw new Error(`${name} holds text that would end its inline tag early`);
}

export async function buildPage(root, version) {
  const worker = await bundle(root, "src/page/worker.ts");
  const script = (await bundle(root, "src/page/main.ts", { WORKER_SOURCE: JSON.stringify(worker) })).trim();
  const style = readFileSync(resolve(root, "src/page/page.css"), "utf8").trim();
  checkInline("the page script", script);
  checkInline("the page style", style);
  const policy = pagePolicy(sha256(script), sha256(style));
  const template = readFileSync(resolve(root, "src/page/page.html"), "utf8");
  for (const slot of ["{{CSP}}", "{{VERSION}}", "/* {{CSS}} */", "/* {{JS}} */"]) if (!template.includes(slot)) throw new Error(`page.html has no ${slot}`);
  // Replaced by function: the script's own `$` patterns must not be read as replacement patterns.
  const html = template
    .replace("{{CSP}}", () => policy)
    .replace("{{VERSION}}", () => version)
    .replace("/* {{CSS}} */", () => style)
    .replace("/* {{JS}} */", () => script);
  mkdirSync(resolve(root, "dist/page"), { recursive: true });
  writeFileSync(resolve(root, "dist/page/decoder.html"), html);
  // serve sends the same policy as a header: it reads it here rather than parse the page.
  writeFileSync(resolve(root, "dist/page/policy.txt"), `${policy}\n`);
}
