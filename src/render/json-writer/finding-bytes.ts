// The fast path of decode --json: a finding encoded as UTF-8 straight into
// the output buffer, byte for byte what JSON.stringify(findingJson(finding),
// null, 2) gives nested in the document, escaped as escapeUnsafeJson does.
//
// Why it exists: when every line of a log is an error, JSON.stringify per
// finding makes decode about 2.3 times slower (docs/performance.md). V8's
// JSON.stringify, and any string built from pieces, cost microseconds a
// finding; here the keys are constant bytes, a catalog entry's JSON is made
// once, a plain ASCII string is copied a character at a time, and a value that
// repeats from finding to finding (a code, a message, a path) is copied whole
// with its key the second time. A finding shaped otherwise than blankFinding
// makes it, or too large for the buffer, is given up: the caller writes it
// with JSON.stringify.
import type { CatalogEntry } from "../../core/catalog.js";
import { FINDING_FIELDS, type Finding } from "../../core/finding/finding.js";
import { escapeUnsafeJson } from "../../core/sanitize.js";
import { BYTES, FIELD_COUNT, FIELD_NUMBER, ITEM, ITEM_INDENT, KEY_INDENT, type KeyBytes, KEYS, type Lead, PLAIN, SOURCE_FIELDS } from "./finding-layout.js";
import type { OutputBuffer } from "./output-buffer.js";
import { EntryBytes, RepeatedValues } from "./value-caches.js";

export { FIRST_LEAD, NEXT_LEAD } from "./finding-layout.js";
export { MAX_REPEATED } from "./value-caches.js";

const encoder = new TextEncoder();

/** Thrown inside a write to give the finding up (no room): caught in write(). */
const GIVE_UP = Symbol("give up");

/** Writes findings into an OutputBuffer. One instance per document; not reentrant. */
export class FindingBytes {
  private readonly entries = new EntryBytes();
  private readonly repeated = new RepeatedValues();
  private out!: OutputBuffer;
  private bytes!: Uint8Array;
  private start = 0;
  private at = 0;

  /**
   * Writes the finding (and the lead before it) and returns true; or writes
   * nothing and returns false when it cannot: a finding not shaped as
   * blankFinding makes it, or one larger than the buffer.
   */
  write(out: OutputBuffer, finding: Finding, logUrl: string | null, first: boolean): boolean {
    // for-in reads V8's cached key list, where Object.keys makes an array a finding.
    let count = 0;
    for (const key in finding) if (key !== FINDING_FIELDS[count++]) return false;
    if (count !== FINDING_FIELDS.length) return false;
    const record = out.beginRecord();
    this.out = out;
    this.bytes = record.bytes;
    this.start = this.at = record.start;
    try {
      this.raw(first ? BYTES.firstLead : BYTES.nextLead);
      for (let i = 0; i < FIELD_COUNT; i++) this.field(i, finding, logUrl);
      this.raw(BYTES.end);
    } catch (error) {
      if (error === GIVE_UP) return false;
      throw error;
    }
    out.commit(this.at);
    return true;
  }

  /** One field, read by name (V8 makes a named read cheap, where finding[key] over a list of keys is not). */
  private field(number: number, f: Finding, logUrl: string | null): void {
    switch (number) {
      case FIELD_NUMBER.kind:
        return this.repeatedField(KEYS.kind, f.kind);
      case FIELD_NUMBER.code:
        return this.repeatedField(KEYS.code, f.code);
      case FIELD_NUMBER.message:
        return this.repeatedField(KEYS.message, f.message);
      case FIELD_NUMBER.request_id:
        return this.stringField(KEYS.request_id, f.request_id);
      case FIELD_NUMBER.request_time:
        return this.stringField(KEYS.request_time, f.request_time);
      case FIELD_NUMBER.time:
        return this.stringField(KEYS.time, f.time);
      case FIELD_NUMBER.http_status:
        return this.numberField(KEYS.http_status, f.http_status);
      case FIELD_NUMBER.method:
        return this.repeatedField(KEYS.method, f.method);
      case FIELD_NUMBER.path:
        return this.repeatedField(KEYS.path, f.path);
      case FIELD_NUMBER.retry_after_s:
        return this.numberField(KEYS.retry_after_s, f.retry_after_s);
      case FIELD_NUMBER.entry:
        return this.raw(f.entry === null ? KEYS.entry.keyNull : this.entries.get(KEYS.entry, f.entry, KEY_INDENT));
      case FIELD_NUMBER.alternatives:
        return this.entryList(KEYS.alternatives, f.alternatives);
      case FIELD_NUMBER.field_errors:
        return this.fieldErrors(f.field_errors);
      case FIELD_NUMBER.warnings:
        return this.repeatedStrings(KEYS.warnings, f.warnings);
      case FIELD_NUMBER.source:
        return this.source(f.source);
      case FIELD_NUMBER.request_id_source:
        return this.repeatedField(KEYS.request_id_source, f.request_id_source);
      case FIELD_NUMBER.retry_after_source:
        return this.repeatedField(KEYS.retry_after_source, f.retry_after_source);
      case FIELD_NUMBER.retry_at:
        return this.stringField(KEYS.retry_at, f.retry_at);
      case FIELD_NUMBER.retryable:
        return this.booleanField(KEYS.retryable, f.retryable);
      case FIELD_NUMBER.match_reasons:
        return this.repeatedStrings(KEYS.match_reasons, f.match_reasons);
      case FIELD_NUMBER.suggestions:
        return this.repeatedStrings(KEYS.suggestions, f.suggestions);
      case FIELD_NUMBER.details:
        return this.stringField(KEYS.details, f.details);
      case FIELD_NUMBER.hint:
        return this.stringField(KEYS.hint, f.hint);
      case FIELD_NUMBER.content_type:
        return this.repeatedField(KEYS.content_type, f.content_type);
      case FIELD_NUMBER.page_title:
        return this.stringField(KEYS.page_title, f.page_title);
      case FIELD_NUMBER.served_by:
        return this.stringField(KEYS.served_by, f.served_by);
      case FIELD_NUMBER.body_kind:
        return this.repeatedField(KEYS.body_kind, f.body_kind);
      case FIELD_NUMBER.log_url:
        return this.stringField(KEYS.log_url, logUrl);
      default:
        throw GIVE_UP; // a field FINDING_FIELDS gained and this switch has not
    }
  }

  private stringField(key: KeyBytes, text: string | null): void {
    if (text === null) return this.raw(key.keyNull);
    this.raw(key.bytes);
    this.string(text);
  }

  /** stringField for a field whose values repeat from finding to finding. */
  private repeatedField(key: KeyBytes, text: string | null): void {
    if (text === null) return this.raw(key.keyNull);
    this.repeatedString(key, text);
  }

  private numberField(key: KeyBytes, value: number | null): void {
    if (value === null || !Number.isFinite(value)) return this.raw(key.keyNull);
    this.raw(key.bytes);
    this.numberText(value);
  }

  private booleanField(key: KeyBytes, value: boolean | null): void {
    if (value === null) return this.raw(key.keyNull);
    this.raw(key.bytes);
    this.raw(value ? BYTES.true : BYTES.false);
  }

  // Lists, one item per line at ITEM_INDENT. One method each, not one taking a callback: a closure a call.
  private repeatedStrings(key: KeyBytes, list: readonly string[]): void {
    if (list.length === 0) return this.raw(key.keyEmptyList);
    this.raw(key.bytes);
    for (let i = 0; i < list.length; i++) this.repeatedString(i === 0 ? ITEM.first : ITEM.next, list[i]!);
    this.raw(BYTES.endList);
  }

  private entryList(key: KeyBytes, list: readonly CatalogEntry[]): void {
    if (list.length === 0) return this.raw(key.keyEmptyList);
    this.raw(key.bytes);
    for (let i = 0; i < list.length; i++) this.raw(this.entries.get(i === 0 ? ITEM.first : ITEM.next, list[i]!, ITEM_INDENT));
    this.raw(BYTES.endList);
  }

  private fieldErrors(list: Finding["field_errors"]): void {
    if (list.length === 0) return this.raw(KEYS.field_errors.keyEmptyList);
    this.raw(KEYS.field_errors.bytes);
    for (let i = 0; i < list.length; i++) {
      this.raw(i === 0 ? ITEM.first.bytes : ITEM.next.bytes);
      this.raw(BYTES.fieldErrorField);
      this.string(list[i]!.field);
      this.raw(BYTES.fieldErrorMessage);
      this.string(list[i]!.message);
      this.raw(BYTES.fieldErrorEnd);
    }
    this.raw(BYTES.endList);
  }

  /** {line, form} and whichever other fields were added, in the order they were. */
  private source(source: Finding["source"]): void {
    this.raw(KEYS.source.bytes);
    let first = true;
    for (const key in source) {
      const value = source[key as keyof Finding["source"]];
      if (value === undefined) continue;
      const field = SOURCE_FIELDS[key];
      if (field === undefined) {
        this.raw(first ? BYTES.firstField : BYTES.nextField);
        this.string(key);
        this.raw(BYTES.colon);
        if (typeof value === "number") this.number(value);
        else this.string(value);
      } else if (typeof value === "number") {
        this.raw(first ? field.first.bytes : field.next.bytes);
        this.number(value);
      } else this.repeatedString(first ? field.first : field.next, value);
      first = false;
    }
    this.raw(first ? BYTES.emptyObject : BYTES.endObject);
  }

  private number(value: number): void {
    if (!Number.isFinite(value)) this.raw(BYTES.null);
    else this.numberText(value);
  }

  /** The lead and a string after it, copied whole from what was written for the same text after it before. */
  private repeatedString(lead: Lead, text: string): void {
    const known = this.repeated.get(lead, text);
    if (known !== undefined) return this.raw(known);
    // Relative to the record: room() may move it to the front of the buffer.
    const offset = this.at - this.start;
    this.raw(lead.bytes);
    this.string(text);
    this.repeated.set(lead, text, this.bytes.subarray(this.start + offset, this.at));
  }

  /** A JSON string: plain ASCII copied as it is, anything else through JSON.stringify and escapeUnsafeJson. */
  private string(text: string): void {
    const length = text.length;
    this.room(length + 2);
    const bytes = this.bytes;
    const start = this.at;
    let at = start;
    bytes[at++] = 0x22;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80 || PLAIN[code] === 0) return this.escaped(text, start);
      bytes[at++] = code;
    }
    bytes[at++] = 0x22;
    this.at = at;
  }

  /** string() the slow way, from `start`, where it began. */
  private escaped(text: string, start: number): void {
    const json = encoder.encode(escapeUnsafeJson(JSON.stringify(text)));
    this.at = start;
    this.raw(json);
  }

  /** A number as String(number) writes it; a whole number from 0 to 2^31 - 1 (a status, a line) without making that string. */
  private numberText(value: number): void {
    if (value >= 0 && value <= 0x7fffffff && value === Math.floor(value)) {
      let digits = 1;
      for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
      this.room(digits);
      const bytes = this.bytes;
      let rest = value;
      for (let at = this.at + digits - 1; at >= this.at; at--) {
        bytes[at] = 0x30 + (rest % 10);
        rest = Math.floor(rest / 10);
      }
      this.at += digits;
      return;
    }
    const text = String(value);
    this.room(text.length);
    for (let i = 0; i < text.length; i++) this.bytes[this.at++] = text.charCodeAt(i);
  }

  private raw(chunk: Uint8Array): void {
    this.room(chunk.length);
    this.bytes.set(chunk, this.at);
    this.at += chunk.length;
  }

  /** Makes room for `size` more bytes; gives the finding up when it would outgrow the output buffer. */
  private room(size: number): void {
    if (this.at + size <= this.bytes.length) return;
    const start = this.out.recordRoom(this.start, this.at, size);
    if (start === -1) throw GIVE_UP;
    this.at = start + (this.at - this.start);
    this.start = start;
  }
}
