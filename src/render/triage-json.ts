// The triage groups as --json and --format ndjson print them: every request
// id, the counts and the times, in the view's order. Strings come from
// sealed findings (secrets masked already), and the entry's are masked here.
import type { CountedValue } from "../core/triage/counter.js";
import type { Triage, TriageGroup } from "../core/triage/groups.js";
import { redactSecrets } from "../core/sanitize.js";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const counted = <T>(values: CountedValue<T>[]) => values.map(({ value, count }) => ({ value, count }));

/** A group as JSON, but for its request ids (the writer of a large document streams those). */
export function triageGroupFacts(group: TriageGroup) {
  return {
    code: group.code,
    kind: group.kind,
    // A user catalog's text comes from outside: masked as entryJson masks it.
    area: group.entry ? redactSecrets(group.entry.area) : null,
    http_status: group.entry?.http_status ?? null,
    meaning: group.entry ? redactSecrets(group.entry.meaning) : null,
    count: group.count,
    first_seen: iso(group.firstMs),
    last_seen: iso(group.lastMs),
    /** "record" (the input's own times), "request_id" (ULID times), or null (no times: see first_index). */
    seen_from: group.timeFrom,
    first_index: group.firstIndex,
    last_index: group.lastIndex,
    statuses: counted(group.statuses.sorted()),
    methods: counted(group.methods.sorted()),
    paths: counted(group.paths.sorted()),
    messages: counted(group.messages.sorted()),
    field_errors: counted(group.fieldErrors.sorted()),
  };
}

export function triageGroupJson(group: TriageGroup) {
  return { ...triageGroupFacts(group), request_ids: [...group.requestIds] };
}

export function triageJson(triage: Triage) {
  return triage.ordered().map(triageGroupJson);
}
