// The end of a decode run: findings counted by code, and every request id
// once, in the order first seen. Both are bounded, so a run over any input
// holds a fixed amount at most: the first MAX_REQUEST_IDS distinct ids are
// listed and the findings whose ids are not are counted; codes past
// MAX_CODES distinct ones are counted together under OTHER_CODES.
import { compareText } from "../collate.js";
import type { Finding } from "../finding/finding.js";
import { DistinctTexts } from "../packed.js";

export const NO_CODE = "(no code)";
export const NOT_AN_ENVELOPE = "(not an envelope)";
export const OTHER_CODES = "(other codes)";

export const MAX_REQUEST_IDS = 10_000;
export const MAX_CODES = 1_000;

/** The summary key of a finding: the catalog's spelling of its code when known. */
export function summaryKey(finding: Finding): string {
  if (finding.kind === "non_envelope") return NOT_AN_ENVELOPE;
  // The same spelling (the usual case) needs no lower-cased copies.
  if (finding.entry && finding.code && (finding.entry.code === finding.code || finding.entry.code.toLowerCase() === finding.code.toLowerCase()))
    return finding.entry.code;
  return finding.code ?? (finding.entry ? finding.entry.code : NO_CODE);
}

export class DecodeSummary {
  findings = 0;
  readonly byCode = new Map<string, number>();
  readonly requestIds = new DistinctTexts();
  /** Findings with a request id that is not in requestIds (the list was full). */
  requestIdsOmitted = 0;

  constructor(private readonly limits = { requestIds: MAX_REQUEST_IDS, codes: MAX_CODES }) {}

  add(finding: Finding): void {
    this.findings++;
    let key = summaryKey(finding);
    let count = this.byCode.get(key);
    if (count === undefined && this.byCode.size >= this.limits.codes) count = this.byCode.get((key = OTHER_CODES));
    this.byCode.set(key, (count ?? 0) + 1);
    const id = finding.request_id;
    if (id) {
      // Adding an id already there changes nothing: one lookup, not two, while there is room.
      if (this.requestIds.size < this.limits.requestIds) this.requestIds.add(id);
      else if (!this.requestIds.has(id)) this.requestIdsOmitted++;
    }
  }

  /** {"CODE": count}, most frequent first, then by code. */
  counts(): Record<string, number> {
    const sorted = [...this.byCode].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
    return Object.fromEntries(sorted);
  }
}
