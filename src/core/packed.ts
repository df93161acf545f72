// What is kept of every finding (triage's request ids and times, a long
// line's finding keys) held in typed arrays rather than in a Set of strings
// and an array of numbers.
//
// Why: V8 sizes its young generation by how much of it survives, and these
// grow by one value a finding for the whole run (or line). Kept as strings and arrays
// they made the young generation grow to its 32 MB maximum on a 1 GB log
// (peak RSS 28 MB above a 10 MB log's, against a target of 20); a typed
// array's memory lies outside the JS heap, and the figure stays flat
// (docs/performance.md). Both classes keep the Set and array API that the
// renderers use: size or length, and iteration in insertion order.
import { hashStart, hashText } from "./hash.js";

/** Code units turned back into a string per call (String.fromCharCode takes them as arguments). */
const DECODE_CHUNK = 4096;

function hashOf(text: string): number {
  return hashText(hashStart(), text) | 0;
}

/** A copy of the array at least `needed` long (doubled), its values kept. */
function grown<T extends Uint16Array | Int32Array | Float64Array>(array: T, needed: number): T {
  let length = array.length * 2;
  while (length < needed) length *= 2;
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}

/** Distinct texts in the order first added: a Set<string> whose texts are stored as UTF-16 code units. */
export class DistinctTexts implements Iterable<string> {
  size = 0;
  private units = new Uint16Array(256);
  private unitsUsed = 0;
  /** Where each text ends in `units` (it starts where the one before it ends), and its hash. */
  private ends = new Int32Array(16);
  private hashes = new Int32Array(16);
  /** Open addressing: each slot holds a text's index + 1, or 0 when empty; kept under half full. */
  private slots = new Int32Array(32);

  /** Adds the text; false when it was there already. */
  add(text: string): boolean {
    const hash = hashOf(text);
    const slot = this.slotOf(text, hash);
    if (this.slots[slot] !== 0) return false;
    this.append(text, hash);
    this.slots[slot] = this.size;
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    return true;
  }

  has(text: string): boolean {
    return this.slots[this.slotOf(text, hashOf(text))] !== 0;
  }

  /** The text added `index`-th (0-based). */
  at(index: number): string {
    const start = this.startOf(index);
    const end = this.ends[index]!;
    let text = "";
    for (let from = start; from < end; from += DECODE_CHUNK) {
      text += String.fromCharCode.apply(null, this.units.subarray(from, Math.min(end, from + DECODE_CHUNK)) as unknown as number[]);
    }
    return text;
  }

  /** The texts in order, many short ones made from one run of code units (a native call per run, not per text). */
  *[Symbol.iterator](): Iterator<string> {
    let index = 0;
    while (index < this.size) {
      const runStart = this.startOf(index);
      let last = index;
      while (last + 1 < this.size && this.ends[last + 1]! - runStart <= DECODE_CHUNK) last++;
      if (this.ends[last]! - runStart > DECODE_CHUNK) {
        yield this.at(index++); // one text longer than a run
        continue;
      }
      const run = String.fromCharCode.apply(null, this.units.subarray(runStart, this.ends[last]!) as unknown as number[]);
      for (; index <= last; index++) yield run.slice(this.startOf(index) - runStart, this.ends[index]! - runStart);
    }
  }

  private startOf(index: number): number {
    return index === 0 ? 0 : this.ends[index - 1]!;
  }

  /** The first `count` texts (all of them when fewer), made into strings: the rest are not. */
  first(count: number): string[] {
    return Array.from({ length: Math.min(count, this.size) }, (_, i) => this.at(i));
  }

  /** The slot that holds the text, or the empty one where it would go. */
  private slotOf(text: string, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0 || (this.hashes[entry - 1] === hash && this.holds(entry - 1, text))) return slot;
    }
  }

  private holds(index: number, text: string): boolean {
    const start = this.startOf(index);
    if (this.ends[index]! - start !== text.length) return false;
    for (let i = 0; i < text.length; i++) if (this.units[start + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  private append(text: string, hash: number): void {
    if (this.unitsUsed + text.length > this.units.length) this.units = grown(this.units, this.unitsUsed + text.length);
    for (let i = 0; i < text.length; i++) this.units[this.unitsUsed++] = text.charCodeAt(i);
    if (this.size === this.ends.length) {
      this.ends = grown(this.ends, this.size + 1);
      this.hashes = grown(this.hashes, this.size + 1);
    }
    this.ends[this.size] = this.unitsUsed;
    this.hashes[this.size] = hash;
    this.size++;
  }

  private rehash(length: number): void {
    this.slots = new Int32Array(length);
    const mask = length - 1;
    for (let index = 0; index < this.size; index++) {
      let slot = this.hashes[index]! & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = index + 1;
    }
  }
}

/** Numbers in the order pushed: an array of numbers held in a Float64Array. */
export class NumberList implements Iterable<number> {
  length = 0;
  private values = new Float64Array(16);

  push(value: number): void {
    if (this.length === this.values.length) this.values = grown(this.values, this.length + 1);
    this.values[this.length++] = value;
  }

  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.length; i++) yield this.values[i]!;
  }
}
