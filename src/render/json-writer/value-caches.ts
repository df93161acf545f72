// What FindingBytes copies instead of encoding again: a catalog entry's JSON
// after each lead, and the bytes of values that repeat from finding to finding.
import type { CatalogEntry } from "../../core/catalog.js";
import { Doorkeeper } from "../../core/doorkeeper.js";
import { hashNumber, hashStart, hashText } from "../../core/hash.js";
import { escapeUnsafeJson } from "../../core/sanitize.js";
import { entryJson, nest } from "../json.js";
import { type Lead, SLOTS } from "./finding-layout.js";

const encoder = new TextEncoder();

/** An entry's JSON with the lead before it, as UTF-8, made once per entry and lead: a log has thousands of findings and a few dozen entries. */
export class EntryBytes {
  private readonly bySlot = Array.from({ length: SLOTS }, () => new Map<CatalogEntry, Uint8Array>());

  get(lead: Lead, entry: CatalogEntry, indent: string): Uint8Array {
    const byEntry = this.bySlot[lead.slot]!;
    let bytes = byEntry.get(entry);
    if (bytes === undefined) {
      const json = encoder.encode(escapeUnsafeJson(nest(JSON.stringify(entryJson(entry), null, 2), indent)));
      bytes = new Uint8Array(lead.bytes.length + json.length);
      bytes.set(lead.bytes);
      bytes.set(json, lead.bytes.length);
      byEntry.set(entry, bytes);
    }
    return bytes;
  }
}

/**
 * What was written for a value after a lead, the lead included, kept to be
 * copied whole when the same value follows the same lead again. Only for
 * fields whose values mostly repeat across a log; bounded, emptied when full.
 * Kept from a value's second time on (core/doorkeeper.ts): a copy of each
 * unique path and message made V8's young generation grow on a large export.
 */
export class RepeatedValues {
  private readonly bySlot = Array.from({ length: SLOTS }, () => new Map<string, Uint8Array>());
  private size = 0;
  readonly doorkeeper = new Doorkeeper();

  /** Values held. */
  get count(): number {
    return this.size;
  }

  get(lead: Lead, text: string): Uint8Array | undefined {
    return this.bySlot[lead.slot]!.get(text);
  }

  set(lead: Lead, text: string, written: Uint8Array): void {
    if (text.length > MAX_REPEATED_LENGTH || !this.doorkeeper.admit(hashText(hashNumber(hashStart(), lead.slot), text))) return;
    if (this.size >= MAX_REPEATED) {
      for (const map of this.bySlot) map.clear();
      this.size = 0;
    }
    // A copy: `written` is a view of the output buffer (and a Buffer's own slice() is a view too).
    this.bySlot[lead.slot]!.set(text, Uint8Array.prototype.slice.call(written));
    this.size++;
  }
}
export const MAX_REPEATED = 1024;
const MAX_REPEATED_LENGTH = 256;
