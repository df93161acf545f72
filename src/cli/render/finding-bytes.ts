// decode --json's findings, encoded as UTF-8 straight into the output
// buffer: byte for byte what JSON.stringify(findingJson(finding), null, 2)
// gives nested in the document, escaped as escapeUnsafeJson does.
//
// Why by hand: on a big log this is most of decode's time per finding. V8's
// JSON.stringify took several microseconds a finding, and so did any string
// built from pieces (with + or join), which V8 must flatten before it can be
// encoded, at about 50 ns a piece. Here the keys are constant bytes, the
// catalog entries bytes made once, a plain ASCII string is copied a
// character at a time (other text that needs no escaping goes through
// Buffer's encoder), and a string that needs escaping through JSON.stringify.
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

// Each key as written after the value before it, with the comma and indent.
const KEY_BYTES = Object.fromEntries(
  [...FINDING_KEYS, "log_url"].map((key, i) => [key, ascii(`${i === 0 ? "{" : ","}\n${KEY_INDENT}"${key}": `)]),
) as Record<keyof Finding | "log_url", Buffer>;
// The same with a null value after it: a finding has a dozen null fields.
const KEY_NULL_BYTES = Object.fromEntries(Object.entries(KEY_BYTES).map(([key, bytes]) => [key, Buffer.concat([bytes, ascii("null")])])) as Record<
  keyof Finding | "log_url",
  Buffer
>;
const BYTES = {
  firstLead: ascii(FIRST_LEAD),
  nextLead: ascii(NEXT_LEAD),
  end: ascii(`\n${FINDING_INDENT}}`),
  null: ascii("null"),
  true: ascii("true"),
  false: ascii("false"),
  emptyList: ascii("[]"),
  emptyObject: ascii("{}"),
  firstItem: ascii(`[\n${ITEM_INDENT}`),
  nextItem: ascii(`,\n${ITEM_INDENT}`),
  endList: ascii(`\n${KEY_INDENT}]`),
  firstField: ascii(`{\n${ITEM_INDENT}`),
  endObject: ascii(`\n${KEY_INDENT}}`),
  colon: ascii(": "),
  fieldErrorField: ascii(`{\n${ITEM_INDENT}  "field": `),
  fieldErrorMessage: ascii(`,\n${ITEM_INDENT}  "message": `),
  fieldErrorEnd: ascii(`\n${ITEM_INDENT}}`),
};

// A string that can be written between two quotes as it is: no quote, backslash or control
// character (JSON escapes those), no character escapeUnsafeJson escapes, no surrogate (a lone
// one is escaped by JSON.stringify), no word a secret may follow.
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /["\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]|msk_|authorization|bearer/i;

/**
 * An entry's JSON as it stands in the document, as UTF-8, made once per
 * entry and indent: a big log has thousands of findings and a few dozen
 * entries. Secrets masked and unsafe characters escaped, as the whole
 * document is.
 */
class EntryBytes {
  private readonly byIndent = new Map<string, WeakMap<CatalogEntry, Buffer>>();

  get(entry: CatalogEntry, indent: string): Buffer {
    let byEntry = this.byIndent.get(indent);
    if (!byEntry) this.byIndent.set(indent, (byEntry = new WeakMap()));
    let bytes = byEntry.get(entry);
    if (bytes === undefined) {
      bytes = Buffer.from(escapeUnsafeJson(nest(JSON.stringify(redactStrings(entryJson(entry)), null, 2), indent)), "utf8");
      byEntry.set(entry, bytes);
    }
    return bytes;
  }
}

/** Thrown inside a write to give the finding up (a secret to mask, no room): caught in write(). */
const GIVE_UP = Symbol("give up");

/** Writes findings into an OutputBuffer. One instance per document; not reentrant. */
export class FindingBytes {
  private readonly entries = new EntryBytes();
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
    const keys = Object.keys(finding);
    if (keys.length !== FINDING_KEYS.length) return false;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== FINDING_KEYS[i]) return false;
    const record = out.beginRecord();
    this.out = out;
    this.bytes = record.bytes;
    this.start = this.at = record.start;
    try {
      this.raw(first ? BYTES.firstLead : BYTES.nextLead);
      // Field by field, in FINDING_KEYS order: named reads, which V8 makes cheap, where finding[key] is not.
      const f = finding;
      this.stringField("kind", f.kind);
      this.stringField("code", f.code);
      this.stringField("message", f.message);
      this.stringField("request_id", f.request_id);
      this.stringField("request_time", f.request_time);
      this.numberField("http_status", f.http_status);
      this.stringField("method", f.method);
      this.stringField("path", f.path);
      this.numberField("retry_after_s", f.retry_after_s);
      this.raw(KEY_BYTES.entry);
      this.raw(f.entry === null ? BYTES.null : this.entries.get(f.entry, KEY_INDENT));
      this.raw(KEY_BYTES.alternatives);
      this.items(f.alternatives, (entry) => this.raw(this.entries.get(entry, ITEM_INDENT)));
      this.raw(KEY_BYTES.field_errors);
      this.items(f.field_errors, (error) => {
        this.raw(BYTES.fieldErrorField);
        this.string(error.field);
        this.raw(BYTES.fieldErrorMessage);
        this.string(error.message);
        this.raw(BYTES.fieldErrorEnd);
      });
      this.raw(KEY_BYTES.warnings);
      this.strings(f.warnings);
      this.raw(KEY_BYTES.source);
      this.source(f.source);
      this.stringField("request_id_source", f.request_id_source);
      this.stringField("retry_after_source", f.retry_after_source);
      this.stringField("retry_at", f.retry_at);
      this.raw(KEY_BYTES.retryable);
      this.raw(f.retryable === null ? BYTES.null : f.retryable ? BYTES.true : BYTES.false);
      this.raw(KEY_BYTES.match_reasons);
      this.strings(f.match_reasons);
      this.raw(KEY_BYTES.suggestions);
      this.strings(f.suggestions);
      this.stringField("details", f.details);
      this.stringField("hint", f.hint);
      this.stringField("content_type", f.content_type);
      this.stringField("page_title", f.page_title);
      this.stringField("served_by", f.served_by);
      this.stringField("body_kind", f.body_kind);
      this.stringField("log_url", logUrl);
      this.raw(BYTES.end);
    } catch (error) {
      if (error === GIVE_UP) return false;
      throw error;
    }
    out.commit(this.at);
    return true;
  }

  /** A key and its string value; a key and null in one piece. */
  private stringField(key: keyof typeof KEY_BYTES, text: string | null): void {
    if (text === null) return this.raw(KEY_NULL_BYTES[key]);
    this.raw(KEY_BYTES[key]);
    this.string(text);
  }

  private numberField(key: keyof typeof KEY_BYTES, value: number | null): void {
    if (value === null || !Number.isFinite(value)) return this.raw(KEY_NULL_BYTES[key]);
    this.raw(KEY_BYTES[key]);
    this.plain(String(value));
  }

  private strings(list: readonly string[]): void {
    this.items(list, (text) => this.string(text));
  }

  /** An array, one item per line at ITEM_INDENT. */
  private items<T>(list: readonly T[], write: (item: T) => void): void {
    if (list.length === 0) return this.raw(BYTES.emptyList);
    for (let i = 0; i < list.length; i++) {
      this.raw(i === 0 ? BYTES.firstItem : BYTES.nextItem);
      write(list[i]!);
    }
    this.raw(BYTES.endList);
  }

  /** {line, form} and whichever of input and har_entry were added, in the order they were. */
  private source(source: Finding["source"]): void {
    let first = true;
    for (const key of Object.keys(source) as (keyof Finding["source"])[]) {
      const value = source[key];
      if (value === undefined) continue;
      this.raw(first ? BYTES.firstField : BYTES.nextItem);
      first = false;
      this.string(key);
      this.raw(BYTES.colon);
      if (typeof value === "number") this.number(value);
      else this.string(value);
    }
    this.raw(first ? BYTES.emptyObject : BYTES.endObject);
  }

  private number(value: number | null): void {
    if (value === null || !Number.isFinite(value)) this.raw(BYTES.null);
    else this.plain(String(value));
  }

  private string(text: string | null): void {
    if (text === null) return this.raw(BYTES.null);
    if (!NOT_PLAIN.test(text)) {
      this.room(text.length * 3 + 2);
      const bytes = this.bytes;
      bytes[this.at++] = 0x22;
      this.plain(text);
      bytes[this.at++] = 0x22;
      return;
    }
    if (mayHoldSecret(text)) throw GIVE_UP;
    const json = escapeUnsafeJson(JSON.stringify(text));
    this.room(json.length * 3);
    this.at += this.bytes.write(json, this.at, "utf8");
  }

  /** Text that needs no escaping, as UTF-8; the caller made room for it when it may be long. */
  private plain(text: string): void {
    this.room(text.length * 3);
    const bytes = this.bytes;
    let at = this.at;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        // Beyond ASCII: Buffer's encoder from here on.
        this.at = at + bytes.write(text.slice(i), at, "utf8");
        return;
      }
      bytes[at++] = code;
    }
    this.at = at;
  }

  private raw(chunk: Buffer): void {
    this.room(chunk.length);
    const bytes = this.bytes;
    let at = this.at;
    if (chunk.length > 64) {
      bytes.set(chunk, at);
      at += chunk.length;
    } else {
      for (let i = 0; i < chunk.length; i++) bytes[at++] = chunk[i]!;
    }
    this.at = at;
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
