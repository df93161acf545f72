// A count of values with a bounded memory: the first `cap` distinct values
// are counted each; values first seen after that are counted together as
// `others`. On a log the values of a group (statuses, paths, messages) are
// few and come early, so this keeps their true counts at a fixed cost.

export interface CountedValue<T> {
  value: T;
  count: number;
}

export class BoundedCounter<T> {
  private readonly counts = new Map<T, number>();
  /** Occurrences of values not counted on their own (the map was full when they first came). */
  others = 0;

  constructor(private readonly cap: number) {}

  add(value: T): void {
    const count = this.counts.get(value);
    if (count !== undefined) this.counts.set(value, count + 1);
    else if (this.counts.size < this.cap) this.counts.set(value, 1);
    else this.others++;
  }

  get distinct(): number {
    return this.counts.size;
  }

  /** Most frequent first; ties in the order first seen. */
  sorted(): CountedValue<T>[] {
    return [...this.counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
  }
}
