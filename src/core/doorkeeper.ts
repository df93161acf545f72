// Which keys a memo should keep: those seen before. A memo of values that
// repeat (entry choices by code and path, a value's JSON bytes) pays for a
// key that comes once and never again: on an export where every error has
// its own path and message, each finding added memo entries that lived
// until the memo was emptied, so the young generation kept them through a
// scavenge or two and grew for them (to its 32 MB maximum on a 1 GB export).
// The doorkeeper lets a key in the second time it comes; a key's first
// sighting costs a slot in a typed array, outside the JS heap.

/** Hashes of keys seen once, one a slot; a collision only lets a key in early, or not yet. */
export class Doorkeeper {
  private readonly seen: Int32Array;
  /** Keys told to wait (first sightings): tests check unique keys are kept out. */
  waited = 0;

  constructor(slots = 4096) {
    this.seen = new Int32Array(slots);
  }

  /** Whether a key with this hash came before; if not, it is noted for next time. */
  admit(hash: number): boolean {
    const slot = (hash >>> 0) % this.seen.length;
    // 0 marks an empty slot: a hash of 0 is stored as 1.
    const mark = hash | 0 || 1;
    if (this.seen[slot] === mark) return true;
    this.seen[slot] = mark;
    this.waited++;
    return false;
  }
}
