// decode --json's findings, encoded as UTF-8 straight into the output
// buffer: byte for byte what JSON.stringify(findingJson(finding), null, 2)
// gives nested in the document, escaped as escapeUnsafeJson does.
//
// Why by hand: on a big log this is most of decode's time per finding. V8's
// JSON.stringify took several microseconds a finding, and so did any string
// built from pieces (with + or join), which V8 must flatten before it can be
// encoded, at about 50 ns a piece. Here the keys are constant bytes, the
// catalog entries bytes made once, a plain ASCII string is copied a
// character at a time, and a string that needs escaping goes through
// JSON.stringify. A value that repeats from finding to finding (a code, a
// message, a path) is written with its key as one piece the second time:
// each piece is a TypedArray copy of about 30 ns, and the character loop
// runs interpreted until V8 optimises it, a thousand findings or so in.
import type { CatalogEntry } from "../../core/catalog.js";
import type { Finding } from "../../core/decode/finding.js";
import { mayHoldSecret, redactStrings } from "../../core/sanitize.js";
import type { OutputBuffer } from "./decode.js";
import { entryJson, escapeUnsafeJson, nest } from "./json.js";

// Where a finding's parts stand in the document: the finding at 4 spaces,
// its keys at 6, an alternative's keys at 10.
const FINDING_INDENT = "    ";
const KEY_INDENT = "      ";
const ITEM_INDENT = "        ";

/** What goes before the first finding, and before each one after it. */
export const FIRST_LEAD = `{\n  "findings": [\n${FINDING_INDENT}`;
export const NEXT_LEAD = `,\n${FINDING_INDENT}`;

// The keys of a Finding in the order blankFinding makes them (findingJson adds log_url last).
const FINDING_KEYS: readonly (keyof Finding)[] = [
  "kind", "code", "message", "request_id", "request_time", "http_status", "method", "path", "retry_after_s", "entry",
  "alternatives", "field_errors", "warnings", "source", "request_id_source", "retry_after_source", "retry_at", "retryable",
  "match_reasons", "suggestions", "details", "hint", "content_type", "page_title", "served_by", "body_kind",
];

const ascii = (text: string) => Buffer.from(text, "latin1");

/**
 * What is written before a value: a key with the comma and indent before
 * it, or a list item's lead. `slot` numbers it for the caches of what
 * follows it (RepeatedValues, EntryBytes).
 */
interface Lead {
  bytes: Buffer;
  slot: number;
}
let slots = 0;
const lead = (text: string): Lead => ({ bytes: ascii(text), slot: slots++ });

/** A key, and the key with null or an empty list after it, in one piece. */
interface KeyBytes extends Lead {
  keyNull: Buffer;
  keyEmptyList: Buffer;
}
const KEYS = Object.fromEntries(
  [...FINDING_KEYS, "log_url"].map((name, i) => {
    const text = `${i === 0 ? "{" : ","}\n${KEY_INDENT}"${name}": `;
    return [name, { ...lead(text), keyNull: ascii(`${text}null`), keyEmptyList: ascii(`${text}[]`) }];
  }),
) as Record<keyof Finding | "log_url", KeyBytes>;
// A list's items, one per line at ITEM_INDENT.
const ITEM = { first: lead(`[\n${ITEM_INDENT}`), next: lead(`,\n${ITEM_INDENT}`) };
// The fields of a finding's source, as the first one and as one after it.
const SOURCE_FIELDS: Record<string, { first: Lead; next: Lead } | undefined> = Object.fromEntries(
  ["line", "form", "input", "har_entry"].map((name) => [name, { first: lead(`{\n${ITEM_INDENT}"${name}": `), next: lead(`,\n${ITEM_INDENT}"${name}": `) }]),
);
const SLOTS = slots;
// The fields after suggestions, when all of them are null (they are, for most envelopes), and the finding's end.
const NULL_TAIL = Buffer.concat([
  ...(["details", "hint", "content_type", "page_title", "served_by", "body_kind", "log_url"] as const).map((name) => KEYS[name].keyNull),
  ascii(`\n${FINDING_INDENT}}`),
]);
const RETRYABLE = { null: KEYS.retryable.keyNull, true: Buffer.concat([KEYS.retryable.bytes, ascii("true")]), false: Buffer.concat([KEYS.retryable.bytes, ascii("false")]) };
const BYTES = {
  firstLead: ascii(FIRST_LEAD),
  nextLead: ascii(NEXT_LEAD),
  end: ascii(`\n${FINDING_INDENT}}`),
  null: ascii("null"),
  emptyObject: ascii("{}"),
  firstField: ascii(`{\n${ITEM_INDENT}`),
  nextField: ascii(`,\n${ITEM_INDENT}`),
  endList: ascii(`\n${KEY_INDENT}]`),
  endObject: ascii(`\n${KEY_INDENT}}`),
  colon: ascii(": "),
  fieldErrorField: ascii(`{\n${ITEM_INDENT}  "field": `),
  fieldErrorMessage: ascii(`,\n${ITEM_INDENT}  "message": `),
  fieldErrorEnd: ascii(`\n${ITEM_INDENT}}`),
};

// ASCII that can be written between two quotes as it is: 1; what JSON or
// escapeUnsafeJson escapes (quote, backslash, controls, DEL): 0; and the
// first letters of the words a secret may follow (msk_, authorization,
// bearer): 2, checked for the word. Anything else, non-ASCII included, goes
// the slow way, which is right for every string.
const PLAIN = new Uint8Array(128).fill(1);
for (let code = 0; code < 0x20; code++) PLAIN[code] = 0;
PLAIN[0x22] = PLAIN[0x5c] = PLAIN[0x7f] = 0;
for (const letter of "mMaAbB") PLAIN[letter.charCodeAt(0)] = 2;

/** Whether the secret word text[i] may start (msk_, authorization, bearer, by PLAIN's 2s) starts there, in any case. */
function secretWordAt(text: string, i: number): boolean {
  const letter = text.charCodeAt(i) | 0x20;
  return wordAt(text, i, letter === 0x6d ? "msk_" : letter === 0x61 ? "authorization" : "bearer");
}

/** Whether the lower-case `word` starts at text[i], in any case. */
function wordAt(text: string, i: number, word: string): boolean {
  if (i + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) {
    const code = text.charCodeAt(i + k);
    if ((code >= 65 && code <= 90 ? code + 32 : code) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * An entry's JSON as it stands in the document, as UTF-8, with the lead
 * before it (its key, or a list item's lead), made once per entry and lead:
 * a big log has thousands of findings and a few dozen entries. Secrets
 * masked and unsafe characters escaped, as the whole document is.
 */
class EntryBytes {
  private readonly bySlot = Array.from({ length: SLOTS }, () => new Map<CatalogEntry, Buffer>());

  get(lead: Lead, entry: CatalogEntry, indent: string): Buffer {
    const byEntry = this.bySlot[lead.slot]!;
    let bytes = byEntry.get(entry);
    if (bytes === undefined) {
      const json = escapeUnsafeJson(nest(JSON.stringify(redactStrings(entryJson(entry)), null, 2), indent));
      bytes = Buffer.concat([lead.bytes, Buffer.from(json, "utf8")]);
      byEntry.set(entry, bytes);
    }
    return bytes;
  }
}

/**
 * What string() wrote for a value after a lead, the lead included, kept to
 * be copied whole when the same value comes after the same lead again.
 * Only for fields whose values mostly repeat across a log (codes, messages,
 * paths, match reasons, warnings, the input's name): ids and times are unique
 * to a finding.
 * A value that made the finding be given up (a secret in it) is never kept.
 * Bounded: emptied when full.
 */
class RepeatedValues {
  private readonly bySlot = Array.from({ length: SLOTS }, () => new Map<string, Buffer>());
  private size = 0;

  get(lead: Lead, text: string): Buffer | undefined {
    return this.bySlot[lead.slot]!.get(text);
  }

  set(lead: Lead, text: string, written: Uint8Array): void {
    if (text.length > MAX_REPEATED_LENGTH) return;
    if (this.size >= MAX_REPEATED) {
      for (const map of this.bySlot) map.clear();
      this.size = 0;
    }
    this.bySlot[lead.slot]!.set(text, Buffer.from(written));
    this.size++;
  }
}
export const MAX_REPEATED = 1024;
const MAX_REPEATED_LENGTH = 256;

/** Thrown inside a write to give the finding up (a secret to mask, no room): caught in write(). */
const GIVE_UP = Symbol("give up");

/** Writes findings into an OutputBuffer. One instance per document; not reentrant. */
export class FindingBytes {
  private readonly entries = new EntryBytes();
  private readonly repeated = new RepeatedValues();
  private out!: OutputBuffer;
  private bytes!: Buffer;
  private start = 0;
  private at = 0;

  /**
   * Writes the finding (and the lead before it) and returns true; or writes
   * nothing and returns false when a string in it may hold a secret, the
   * finding is not shaped as blankFinding makes it, or it is larger than
   * the output buffer: the caller then writes it the slow way.
   */
  write(out: OutputBuffer, finding: Finding, logUrl: string | null, first: boolean): boolean {
    // for-in reads V8's cached key list, where Object.keys makes an array a finding.
    let count = 0;
    for (const key in finding) if (key !== FINDING_KEYS[count++]) return false;
    if (count !== FINDING_KEYS.length) return false;
    const record = out.beginRecord();
    this.out = out;
    this.bytes = record.bytes;
    this.start = this.at = record.start;
    try {
      this.raw(first ? BYTES.firstLead : BYTES.nextLead);
      // Field by field, in FINDING_KEYS order: named reads, which V8 makes cheap, where finding[key] is not.
      const f = finding;
      this.repeatedField(KEYS.kind, f.kind);
      this.repeatedField(KEYS.code, f.code);
      this.repeatedField(KEYS.message, f.message);
      this.stringField(KEYS.request_id, f.request_id);
      this.stringField(KEYS.request_time, f.request_time);
      this.numberField(KEYS.http_status, f.http_status);
      this.repeatedField(KEYS.method, f.method);
      this.repeatedField(KEYS.path, f.path);
      this.numberField(KEYS.retry_after_s, f.retry_after_s);
      this.raw(f.entry === null ? KEYS.entry.keyNull : this.entries.get(KEYS.entry, f.entry, KEY_INDENT));
      this.entryList(KEYS.alternatives, f.alternatives);
      this.fieldErrors(f.field_errors);
      this.repeatedStrings(KEYS.warnings, f.warnings);
      this.raw(KEYS.source.bytes);
      this.source(f.source);
      this.repeatedField(KEYS.request_id_source, f.request_id_source);
      this.repeatedField(KEYS.retry_after_source, f.retry_after_source);
      this.stringField(KEYS.retry_at, f.retry_at);
      this.raw(f.retryable === null ? RETRYABLE.null : f.retryable ? RETRYABLE.true : RETRYABLE.false);
      this.repeatedStrings(KEYS.match_reasons, f.match_reasons);
      this.repeatedStrings(KEYS.suggestions, f.suggestions);
      if (f.details === null && f.hint === null && f.content_type === null && f.page_title === null && f.served_by === null && f.body_kind === null && logUrl === null) {
        this.raw(NULL_TAIL);
      } else {
        this.stringField(KEYS.details, f.details);
        this.stringField(KEYS.hint, f.hint);
        this.repeatedField(KEYS.content_type, f.content_type);
        this.stringField(KEYS.page_title, f.page_title);
        this.stringField(KEYS.served_by, f.served_by);
        this.repeatedField(KEYS.body_kind, f.body_kind);
        this.stringField(KEYS.log_url, logUrl);
        this.raw(BYTES.end);
      }
    } catch (error) {
      if (error === GIVE_UP) return false;
      throw error;
    }
    out.commit(this.at);
    return true;
  }

  /** A key and its string value; a key and null in one piece. */
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

  /** {line, form} and whichever of input and har_entry were added, in the order they were. */
  private source(source: Finding["source"]): void {
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
      const kind = code < 0x80 ? PLAIN[code]! : 0;
      if (kind !== 1 && (kind === 0 || secretWordAt(text, i))) return this.escaped(text, start);
      bytes[at++] = code;
    }
    bytes[at++] = 0x22;
    this.at = at;
  }

  /** The slow way, from `start`, where string() began: a string to escape, or to give up for a secret in it. */
  private escaped(text: string, start: number): void {
    if (mayHoldSecret(text)) throw GIVE_UP;
    const json = escapeUnsafeJson(JSON.stringify(text));
    this.at = start;
    this.room(json.length * 3);
    this.at += this.bytes.write(json, this.at, "utf8");
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
    const bytes = this.bytes;
    let at = this.at;
    for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
    this.at = at;
  }

  private raw(chunk: Buffer): void {
    this.room(chunk.length);
    const bytes = this.bytes;
    let at = this.at;
    bytes.set(chunk, at);
    this.at = at + chunk.length;
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
