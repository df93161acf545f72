// The end of a decode run: findings counted by code, and every request id
// once, in the order first seen.
import type { Finding } from "./finding.js";

export const NO_CODE = "(no code)";
export const NOT_AN_ENVELOPE = "(not an envelope)";

/** The summary key of a finding: the catalog's spelling of its code when known. */
export function summaryKey(finding: Finding): string {
  if (finding.kind === "non_envelope") return NOT_AN_ENVELOPE;
  if (finding.entry && finding.code && finding.entry.code.toLowerCase() === finding.code.toLowerCase()) return finding.entry.code;
  return finding.code ?? (finding.entry ? finding.entry.code : NO_CODE);
}

export class DecodeSummary {
  findings = 0;
  readonly byCode = new Map<string, number>();
  readonly requestIds = new Set<string>();

  add(finding: Finding): void {
    this.findings++;
    const key = summaryKey(finding);
    this.byCode.set(key, (this.byCode.get(key) ?? 0) + 1);
    if (finding.request_id) this.requestIds.add(finding.request_id);
  }

  /** {"CODE": count}, most frequent first, then by code. */
  counts(): Record<string, number> {
    const sorted = [...this.byCode].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return Object.fromEntries(sorted);
  }
}
