// Seeded generators for the benchmark's inputs. Nothing here is committed
// output: files are written to a temp folder by bench/run.mjs.
import { createWriteStream } from "node:fs";
import { once } from "node:events";

/** mulberry32: small, fast, seeded. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODES = [
  [409, "SANDBOX_LIMIT_REACHED", "/api/v1/sandboxes", "tenant has reached its concurrent sandbox limit"],
  [409, "SANDBOX_NOT_RUNNING", "/api/v1/sandboxes/4b1c6f0e-7a52-4e0f-9d2c-0c5d1e2f3a4b/exec", "sandbox is not running"],
  [404, "NOT_FOUND", "/api/v1/computers/9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a/snapshots/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "snapshot not found"],
  [402, "INSUFFICIENT_CREDITS", "/api/v1/computers", "not enough credits"],
  [429, "rate_limit_exceeded", "/api/v1/sandboxes", "rate limit exceeded"],
  [502, "AGENT_UNAVAILABLE", "/api/v1/sandboxes/4b1c6f0e-7a52-4e0f-9d2c-0c5d1e2f3a4b/files", "agent did not respond"],
  [422, "VALIDATION_ERROR", "/api/v1/deployments", "validation failed"],
];
const OK_PATHS = ["/api/v1/sandboxes", "/api/v1/computers", "/api/v1/deployments", "/api/v1/sandbox-templates", "/health"];

function requestId(random, ms) {
  let time = "";
  for (let i = 9, t = ms; i >= 0; i--, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
  let tail = "";
  for (let i = 0; i < 16; i++) tail += CROCKFORD[Math.floor(random() * 32)];
  return `req_${time}${tail}`;
}

function logLine(random, index, kind) {
  const ms = Date.UTC(2026, 10, 28, 9) + index * 7;
  const ts = new Date(ms).toISOString();
  const id = requestId(random, ms);
  if (kind === "ok") {
    const path = OK_PATHS[Math.floor(random() * OK_PATHS.length)];
    return JSON.stringify({
      ts,
      level: "info",
      msg: "request completed",
      method: "GET",
      path,
      status: 200,
      duration_ms: Math.floor(random() * 300),
      request_id: id,
    });
  }
  const [status, code, path, message] = CODES[Math.floor(random() * CODES.length)];
  const envelope = { error: { code, message, request_id: id } };
  if (kind === "object") return JSON.stringify({ ts, level: "warn", msg: "miosa api call failed", method: "POST", path, status, response: envelope });
  return JSON.stringify({ ts, level: "warn", msg: "miosa api call failed", method: "POST", path, status, body: JSON.stringify(envelope) });
}

async function writeLines(file, bytes, nextLine) {
  const out = createWriteStream(file);
  let written = 0;
  let chunk = "";
  for (let index = 0; written < bytes; index++) {
    const line = `${nextLine(index)}\n`;
    chunk += line;
    written += Buffer.byteLength(line);
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "close");
  return written;
}

/** NDJSON log: 1 line in `every` holds an envelope, alternately as an object and JSON-encoded in a string field. */
export function writeLog(file, bytes, { seed = 1, every = 100 } = {}) {
  const random = rng(seed);
  let errors = 0;
  return writeLines(file, bytes, (index) =>
    index % every === every - 1 ? logLine(random, index, errors++ % 2 === 0 ? "object" : "string") : logLine(random, index, "ok"),
  );
}

const PROSE = [
  "Hi team, we started seeing failures this morning when creating sandboxes from our CI runners.",
  "Nothing changed on our side as far as we know; the same pipeline worked yesterday.",
  "Below is what the API returned, copied from our logs. Could you take a look?",
  "We retried a few times with the same result. Our account should have plenty of credits.",
  "Thanks, and let me know if you need anything else from us.",
];

/** A support ticket: prose with pretty-printed envelopes, some quoted with `> `, among it. */
export function writeTicket(file, bytes, { seed = 2 } = {}) {
  const random = rng(seed);
  return writeLines(file, bytes, (index) => {
    if (index % 40 !== 39) return PROSE[Math.floor(random() * PROSE.length)];
    const [status, code, path, message] = CODES[Math.floor(random() * CODES.length)];
    const body = JSON.stringify({ error: { code, message, request_id: requestId(random, Date.UTC(2026, 10, 28) + index) } }, null, 2);
    const quoted =
      index % 80 === 79
        ? body
            .split("\n")
            .map((l) => `> ${l}`)
            .join("\n")
        : body;
    return `POST ${path} returned HTTP ${status}:\n${quoted}`;
  });
}
