// Whole JSON documents for the bench: a HAR and a one-line export of request
// records, written in pieces (never held whole), with an error every
// `every` records. Deterministic: same size, same content.
import { closeSync, openSync, writeSync } from "node:fs";

function record(index, every) {
  const failed = index % every === every - 1;
  const method = index % 3 === 0 ? "POST" : "GET";
  const url = `https://api.miosa.ai/api/v1/sandboxes/sb_${index}`;
  const body = failed
    ? JSON.stringify({ error: { code: "SANDBOX_NOT_RUNNING", message: `sandbox sb_${index} is not running`, request_id: `req_doc${index}` } })
    : JSON.stringify({ data: { id: `sb_${index}`, state: "running", pad: "p".repeat(400) } });
  return { failed, method, url, status: failed ? 409 : 200, body, started: new Date(Date.UTC(2026, 11, 1) + index * 1000).toISOString() };
}

function writeDocument(file, bytes, open, close, item) {
  const fd = openSync(file, "w");
  let written = writeSync(fd, open);
  const batch = [];
  for (let index = 0; written < bytes; index++) {
    batch.push((index === 0 ? "" : ",") + item(index));
    if (batch.length === 1000) {
      written += writeSync(fd, batch.join(""));
      batch.length = 0;
    }
  }
  if (batch.length) writeSync(fd, batch.join(""));
  writeSync(fd, close);
  closeSync(fd);
}

/** A compact HAR of about `bytes`, one error entry in `every` (its body in base64 every other time). */
export function writeHar(file, bytes, every = 200) {
  let errors = 0;
  writeDocument(file, bytes, '{"log":{"version":"1.2","creator":{"name":"bench","version":"1"},"entries":[', "]}}", (index) => {
    const r = record(index, every);
    const base64 = r.failed && errors++ % 2 === 1;
    const text = base64 ? Buffer.from(r.body).toString("base64") : r.body;
    return JSON.stringify({
      startedDateTime: r.started,
      request: { method: r.method, url: r.url, headers: [] },
      response: {
        status: r.status,
        headers: [{ name: "content-type", value: "application/json" }],
        content: { size: r.body.length, mimeType: "application/json", text, ...(base64 ? { encoding: "base64" } : {}) },
      },
    });
  });
}

/** A one-line JSON array of request records of about `bytes`, one error in `every`. */
export function writeExport(file, bytes, every = 200) {
  writeDocument(file, bytes, "[", "]\n", (index) => {
    const r = record(index, every);
    return JSON.stringify({ ts: r.started, request: { method: r.method, url: r.url }, response: { status: r.status, body: JSON.parse(r.body) } });
  });
}

/** `count` envelopes on one line. */
export function writeOneLine(file, count) {
  const fd = openSync(file, "w");
  for (let i = 0; i < count; i += 1000) {
    const piece = [];
    for (let j = i; j < Math.min(count, i + 1000); j++)
      piece.push(JSON.stringify({ error: { code: "RATE_LIMITED", message: "slow down", request_id: `req_line${j}` } }));
    writeSync(fd, `${i === 0 ? "" : " "}${piece.join(" ")}`);
  }
  writeSync(fd, "\n");
  closeSync(fd);
}
