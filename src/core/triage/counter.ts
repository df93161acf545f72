// A count of values with a bounded memory: the first `cap` distinct values
// are counted each; values first seen after that are counted together as
// `others`. On a log the values of a group (statuses, paths, messages) are
// few and come early, so this keeps their true counts at a fixed cost.

export interface CountedValue<T> {
  value: T;
  count: number;
}

export class BoundedCounter<T> {
  private readonly counts = new Map<T, { count: number }>();
  // A group's values mostly repeat from one finding to the next (the same status, path, message):
  // the last one's count is kept at hand, so that it costs a comparison instead of a lookup.
  private lastValue: T | undefined;
  private lastCount: { count: number } | null = null;
  /** Occurrences of values not counted on their own (the map was full when they first came). */
  others = 0;

  constructor(private readonly cap: number) {}

  add(value: T): void {
    if (this.lastCount !== null && value === this.lastValue) {
      this.lastCount.count++;
      return;
    }
    let counted = this.counts.get(value);
    if (counted === undefined) {
      if (this.counts.size >= this.cap) {
        this.others++;
        return;
      }
      counted = { count: 0 };
      this.counts.set(value, counted);
    }
    counted.count++;
    this.lastValue = value;
    this.lastCount = counted;
  }

  get distinct(): number {
    return this.counts.size;
  }

  /** Most frequent first; ties in the order first seen. */
  sorted(): CountedValue<T>[] {
    return [...this.counts].map(([value, counted]) => ({ value, count: counted.count })).sort((a, b) => b.count - a.count);
  }
}
