// Triage: many findings at a glance. Findings that share a code and catalog
// entry form a group; a group keeps aggregates (count, first and last seen,
// statuses, methods, paths, messages and field errors with counts, every
// request id, and the times for a timeline: ../packed.ts), never the findings themselves,
// so a log of any size costs memory in proportion to its groups and ids.
//
// Pure and shared: decode's triage view (human, Markdown, --json's groups)
// and a browser page use it alike. Feed findings in input order to
// Triage.add, then read Triage.ordered(): most frequent first, then first seen.
//
// "Seen" is the input record's own time when it has one, else the time of a
// ULID request id (see seen.ts); a group without either is placed by the
// position of its first finding in the input (1-based, after filtering).
import type { CatalogEntry } from "../catalog.js";
import type { Finding, FindingKind } from "../finding/finding.js";
import { OTHER_CODES, summaryKey } from "../decode/summary.js";
import { BoundedCounter } from "./counter.js";
import { DistinctTexts, NumberList } from "../packed.js";
import { type SeenFrom, seenTime } from "./seen.js";

/** Groups kept apart; findings past them go to one OTHER_CODES group. */
export const MAX_GROUPS = 1000;
/** Distinct values counted per aggregate (statuses, paths, messages ...), see BoundedCounter. */
export const MAX_DISTINCT_VALUES = 200;

export interface TriageGroup {
  key: string;
  /** The catalog's spelling of the code when known (summaryKey), or OTHER_CODES. */
  code: string;
  kind: FindingKind;
  entry: CatalogEntry | null;
  /** The group's first finding: what its explanation is drawn from (suggestions, a non-envelope's advice). */
  example: Finding;
  count: number;
  /** 1-based positions of the first and last finding among all findings. */
  firstIndex: number;
  lastIndex: number;
  /** Earliest and latest time seen, ms since the epoch; null when no finding had a time. */
  firstMs: number | null;
  lastMs: number | null;
  /** "record" when any finding had its record's own time, "request_id" when only ids gave times. */
  timeFrom: SeenFrom | null;
  statuses: BoundedCounter<number>;
  methods: BoundedCounter<string>;
  paths: BoundedCounter<string>;
  messages: BoundedCounter<string>;
  /** `field: message` of each field error. */
  fieldErrors: BoundedCounter<string>;
  /** Every distinct request id, in input order. */
  requestIds: DistinctTexts;
  /** Each timed finding's time, in input order, for the timeline. */
  times: NumberList;
}

function groupKey(finding: Finding, code: string): string {
  const entry = finding.entry;
  return entry ? `${finding.kind}\u0000${code}\u0000${entry.area}\u0000${entry.http_status}\u0000${entry.meaning}` : `${finding.kind}\u0000${code}`;
}

function newGroup(key: string, code: string, finding: Finding, index: number): TriageGroup {
  const other = code === OTHER_CODES;
  return {
    key,
    code,
    kind: finding.kind,
    entry: other ? null : finding.entry,
    example: finding,
    count: 0,
    firstIndex: index,
    lastIndex: index,
    firstMs: null,
    lastMs: null,
    timeFrom: null,
    statuses: new BoundedCounter(MAX_DISTINCT_VALUES),
    methods: new BoundedCounter(MAX_DISTINCT_VALUES),
    paths: new BoundedCounter(MAX_DISTINCT_VALUES),
    messages: new BoundedCounter(MAX_DISTINCT_VALUES),
    fieldErrors: new BoundedCounter(MAX_DISTINCT_VALUES),
    requestIds: new DistinctTexts(),
    times: new NumberList(),
  };
}

/** Most frequent first, then the one seen first (by time where both have one, else by position). */
export function compareGroups(a: TriageGroup, b: TriageGroup): number {
  if (a.count !== b.count) return b.count - a.count;
  if (a.firstMs !== null && b.firstMs !== null && a.firstMs !== b.firstMs) return a.firstMs - b.firstMs;
  return a.firstIndex - b.firstIndex;
}

export class Triage {
  findings = 0;
  private readonly groups = new Map<string, TriageGroup>();
  // Groups by entry object, then by code (and kind when not an envelope): found without building
  // and hashing a long key for every finding.
  private readonly byEntry = new Map<CatalogEntry | null, Map<string, TriageGroup>>();

  constructor(private readonly maxGroups = MAX_GROUPS) {}

  /** Adds a finding; true when it started a new group. */
  add(finding: Finding): boolean {
    const index = ++this.findings;
    let code = summaryKey(finding);
    let byCode = this.byEntry.get(finding.entry);
    if (!byCode) this.byEntry.set(finding.entry, (byCode = new Map()));
    const codeKey = finding.kind === "envelope" ? code : `${finding.kind}\u0000${code}`;
    let group = byCode.get(codeKey);
    let created = false;
    if (!group) {
      let key = groupKey(finding, code);
      group = this.groups.get(key);
      if (!group && this.groups.size >= this.maxGroups) {
        code = OTHER_CODES;
        key = OTHER_CODES;
        group = this.groups.get(key);
      }
      if (!group) {
        group = newGroup(key, code, finding, index);
        this.groups.set(key, group);
        created = true;
      }
      // Codes past the limit are not remembered one by one: that would make memory grow with them.
      if (group.code !== OTHER_CODES) byCode.set(codeKey, group);
    }
    group.count++;
    group.lastIndex = index;
    const seen = seenTime(finding);
    if (seen) {
      if (group.firstMs === null || seen.ms < group.firstMs) group.firstMs = seen.ms;
      if (group.lastMs === null || seen.ms > group.lastMs) group.lastMs = seen.ms;
      if (group.timeFrom !== "record") group.timeFrom = seen.from;
      group.times.push(seen.ms);
    }
    if (finding.http_status !== null) group.statuses.add(finding.http_status);
    if (finding.method) group.methods.add(finding.method);
    if (finding.path) group.paths.add(finding.path);
    if (finding.message) group.messages.add(finding.message);
    for (const error of finding.field_errors) group.fieldErrors.add(`${error.field || "(body)"}: ${error.message}`);
    if (finding.request_id) group.requestIds.add(finding.request_id);
    return created;
  }

  get groupCount(): number {
    return this.groups.size;
  }

  ordered(): TriageGroup[] {
    return [...this.groups.values()].sort(compareGroups);
  }

  /** The earliest and latest time over every group; null when no finding had a time. */
  span(): { firstMs: number; lastMs: number } | null {
    let firstMs: number | null = null;
    let lastMs: number | null = null;
    for (const group of this.groups.values()) {
      if (group.firstMs !== null && (firstMs === null || group.firstMs < firstMs)) firstMs = group.firstMs;
      if (group.lastMs !== null && (lastMs === null || group.lastMs > lastMs)) lastMs = group.lastMs;
    }
    return firstMs === null || lastMs === null ? null : { firstMs, lastMs };
  }
}
