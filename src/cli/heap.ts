// Keeps a long decode's heap near the size a short one needs.
//
// decode allocates steadily (a Latin-1 copy of every block, each finding's
// objects and JSON) and keeps little. V8 then doubles its young generation up
// to 2 × 16 MB and lets the old one fill with promoted garbage before it
// collects: a 1 GB log peaked at ~120 MB RSS against ~60 MB for a 10 MB one,
// and the every-line-an-error case at ~165 MB. Two GC heuristics V8 reads as
// it runs, set once per process: the young generation stays at its first
// size, and the old one grows by 10% over what survives instead of V8's
// default factor. Peak RSS measured by `npm run bench` (README, Performance).
let limited = false;

export function limitHeapGrowth(): void {
  if (limited) return;
  limited = true;
  try {
    const v8 = process.getBuiltinModule("node:v8");
    v8.setFlagsFromString("--semi-space-growth-factor=1");
    v8.setFlagsFromString("--heap-growing-percent=10");
  } catch {
    // A Node without these flags runs with its defaults: more memory, same results.
  }
}
