import { test } from "vitest";
import { builtinCatalog } from "../src/core/builtin.js";
import { Decoder } from "../src/core/decode/decoder.js";
import { LineFeeder } from "../src/core/decode/stream.js";
test("dbg", () => {
  const lines = ["{", '{"error":{"code":"SANDBOX_NOT_RUNNING","message":"sandbox sb_7Hq2mK9x is not running","request_id":"req_01KATNJ7E9SS6YS3C4DWA7N360"}}* Connection #0 to host api.miosa.ai left intact'];
  const a: string[] = [];
  const d1 = new Decoder(builtinCatalog(), { finding: (f) => a.push(`${f.source.line}:${f.source.form}:${f.code}`), warning: (w) => a.push("W " + w) });
  lines.forEach((l, i) => d1.line(l, i + 1)); d1.end();
  const b: string[] = [];
  const d2 = new Decoder(builtinCatalog(), { finding: (f) => b.push(`${f.source.line}:${f.source.form}:${f.code}`), warning: (w) => b.push("W " + w) });
  const feeder = new LineFeeder(d2, { warning: (w) => b.push("W " + w) });
  feeder.push(Buffer.from(lines.join("\n"))); feeder.end();
  console.log("direct", a, "feeder", b);
});
