// Findings decoded from a fixture, as decode's core sees them.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { builtinCatalog } from "../../../src/core/builtin.js";
import { Decoder } from "../../../src/core/decode/decoder.js";
import type { Finding } from "../../../src/core/finding/finding.js";

export function decodeText(text: string): Finding[] {
  const findings: Finding[] = [];
  const decoder = new Decoder(builtinCatalog(), { finding: (finding) => findings.push(finding), warning: () => undefined });
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) decoder.line(lines[i]!, i + 1);
  decoder.end();
  return findings;
}

export function triageFixture(): Finding[] {
  return decodeText(readFileSync(fileURLToPath(new URL("../../fixtures/triage/app.log", import.meta.url)), "utf8"));
}
