// Keeps a long decode's heap near the size a short one needs.
//
// decode allocates steadily (each finding's objects and JSON) and keeps
// little. V8 answers by doubling its young generation up to 2 x 16 MB and
// letting the old one fill with promoted garbage before it collects: a 1 GB
// log peaked at ~120 MB RSS against ~60 MB for a 10 MB one, and the
// every-line-an-error case at ~165 MB. Two GC heuristics V8 reads as it runs
// (they change when it collects, never what decode outputs): the old
// generation may grow by 10% over what survives instead of V8's default
// factor, and the young one stops growing once it has reached 8 MB (100 MB
// log: 33 scavenges; 53 at 4 MB, 106 at 1 MB; peak RSS 1 GB log 75 MB at
// 8 MB, 69 at 4 MB, against 61 for a 10 MB log). Measured by `npm run bench`.
//
// Only the human and Markdown formats need it now: since --json writes each
// finding's bytes straight out and allocates ~2.8 KB a finding, its peak is
// the same without it (1 GB log 62.5 MB untuned against 62.0; every line an
// error 61.7 against 62.2), where the human format's is not (96.5 MB against
// 72.7; 117.8 against 77.4), and loading node:v8 costs --json ~4 ms.
const YOUNG_GENERATION_CAP = 8 * 1024 * 1024;

/** Bytes of input after which the heap is kept small. */
export const LARGE_INPUT = 2 * 1024 * 1024;

let v8: typeof import("node:v8") | null | undefined;
let youngCapped = false;

/**
 * Call after each input chunk once decode has read LARGE_INPUT bytes; cheap, and a no-op once both
 * settings are made. Not sooner: node:v8 loads Node's stream modules (about 2 ms of start-up), and a
 * small input never grows the heap far enough to need it.
 */
export function limitHeapGrowth(): void {
  if (v8 === undefined) {
    try {
      v8 = process.getBuiltinModule("node:v8");
      v8.setFlagsFromString("--heap-growing-percent=10");
    } catch {
      // A Node without these flags runs with its defaults: more memory, same results.
      v8 = null;
    }
  }
  if (!v8 || youngCapped) return;
  const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
  if (young && young.space_size >= YOUNG_GENERATION_CAP) {
    v8.setFlagsFromString("--semi-space-growth-factor=1");
    youngCapped = true;
  }
}
