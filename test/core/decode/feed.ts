// The decoder fed as decode feeds it (LineFeeder over chunks), for the
// decoder's unit tests: findings, warnings and counts.
import { builtinCatalog } from "../../../src/core/builtin.js";
import { Decoder } from "../../../src/core/decode/decoder.js";
import { LineFeeder } from "../../../src/core/decode/stream.js";
import type { Finding } from "../../../src/core/finding/finding.js";

export const catalog = builtinCatalog();
export const FIXTURES = new URL("../../fixtures/decode/", import.meta.url);

export function decodeChunks(chunks: readonly Uint8Array[]) {
  const findings: Finding[] = [];
  const warnings: string[] = [];
  const decoder = new Decoder(catalog, { finding: (finding) => findings.push(finding), warning: (warning) => warnings.push(warning) });
  const feeder = new LineFeeder(decoder, { warning: (warning) => warnings.push(warning) });
  for (const chunk of chunks) feeder.push(chunk);
  feeder.end();
  return { findings, warnings, lines: feeder.lines, bytes: feeder.bytes };
}

export function chunksOf(input: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < input.length; at += size) chunks.push(input.subarray(at, at + size));
  return chunks;
}

export const summary = (findings: Finding[]) =>
  findings.map((finding) => `${finding.source.line}:${finding.source.form}:${finding.code}:${finding.http_status}:${finding.request_id}`);
