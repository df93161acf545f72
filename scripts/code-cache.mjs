// Writes V8's code cache for the CLI's hot path (dist/cli-core-*.js) and for
// decode's part (dist/chunks/decode-*.cjs), both copies of each (see
// src/cli/code-cache.ts). Run by scripts/build.mjs in a child process
// without flags, since V8 only accepts a cache made under the same flags.
//
// dist/cli.js compiles the scripts (there is no cache yet), the commands that
// should start fast run once against an in-memory IO, and V8 then hands out
// the code of every function they compiled, not only the top level. The hot
// path's cache is taken before decode runs, so explain's stays its own size.
import { renameSync, writeFileSync } from "node:fs";

const WARM_UP = [
  ["explain", "SANDBOX_LIMIT_REACHED"],
  ["explain", "SANDBOX_LIMIT_REACHED", "--json"],
  ["explain", "409"],
  ["explain", "SANDBOX_LIMITS"],
  ["list"],
  ["list", "--json"],
  ["search", "credits"],
  ["search", "credits", "--json"],
];

// What decode meets most: log records with an envelope as an object and JSON-encoded in a string,
// a bare envelope, a curl -i answer, a pretty-printed body, and records with no error.
const DECODE_INPUT = [
  '{"ts":"2026-11-28T09:00:00.000Z","level":"info","msg":"request completed","method":"GET","path":"/api/v1/sandboxes","status":200,"request_id":"req_01M8GP3ZM0M0GZY8KQDZEF4C74"}',
  '{"ts":"2026-11-28T09:00:00.693Z","level":"warn","msg":"miosa api call failed","method":"POST","path":"/api/v1/sandboxes","status":409,"response":{"error":{"code":"SANDBOX_LIMIT_REACHED","message":"tenant has reached its concurrent sandbox limit","request_id":"req_01M8GP409N1DY556CNS29VWFVN"}}}',
  '{"ts":"2026-11-28T09:00:01.393Z","level":"warn","msg":"miosa api call failed","method":"POST","path":"/api/v1/computers","status":402,"body":"{\\"error\\":{\\"code\\":\\"INSUFFICIENT_CREDITS\\",\\"message\\":\\"not enough credits\\",\\"request_id\\":\\"req_01M8GP40ZHV5Q4KGDK5YX07B92\\"}}"}',
  '{"error":{"code":"NOT_FOUND","message":"snapshot not found","request_id":"req_01M8GP40ZHV5Q4KGDK5YX07B93"}}',
  "HTTP/1.1 429 Too Many Requests",
  "Retry-After: 3",
  "X-Request-ID: req_01M8GP40ZHV5Q4KGDK5YX07B94",
  "",
  '{"error":{"code":"rate_limit_exceeded","message":"rate limit exceeded"}}',
  "",
  "ERROR response: {",
  '  "error": {',
  '    "code": "AGENT_UNAVAILABLE",',
  '    "message": "agent did not respond"',
  "  }",
  "}",
].join("\n");

function writeCache(script, files) {
  const sealed = cli.__sealCodeCache(script.createCachedData());
  // Each copy appears whole or not at all: a build stopped half-way leaves no cache to trust.
  for (const file of files) {
    writeFileSync(new URL(`${file.href}.tmp`), sealed);
    renameSync(new URL(`${file.href}.tmp`), file);
  }
}

const cli = await import(new URL("../dist/cli.js", import.meta.url).href);
if (cli.__codeCache !== "absent") throw new Error(`code cache: expected none before the warm-up, found one (${cli.__codeCache})`);
cli.systemIO(); // compiled too: every real run calls it; nothing is written.
for (const argv of WARM_UP) await cli.main(argv, cli.testIO());
writeCache(cli.__script, cli.__codeCacheFiles(cli.__core));

for (const argv of [["decode", "--json", "-e", DECODE_INPUT], ["decode", "-e", DECODE_INPUT]]) await cli.main(argv, cli.testIO());
if (cli.__parts.size !== 1) throw new Error(`code cache: expected decode's part loaded, found ${cli.__parts.size} parts`);
for (const [href, part] of cli.__parts) {
  if (part.codeCache !== "absent") throw new Error(`code cache: expected none for ${href} before the warm-up, found one (${part.codeCache})`);
  writeCache(part.script, cli.__codeCacheFiles(new URL(href)));
}
