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

/** A key as written after the value before it, with the comma and indent; and the same with a null value after it, in one piece. */
interface KeyBytes {
  key: Buffer;
  keyNull: Buffer;
}
const KEYS = Object.fromEntries(
  [...FINDING_KEYS, "log_url"].map((name, i) => {
    const key = ascii(`${i === 0 ? "{" : ","}\n${KEY_INDENT}"${name}": `);
    return [name, { key, keyNull: Buffer.concat([key, ascii("null")]) }];
  }),
) as Record<keyof Finding | "log_url", KeyBytes>;
// The keys of a finding's source, as written inside it.
const SOURCE_KEYS: Record<string, Buffer | undefined> = Object.fromEntries(["line", "form", "input", "har_entry"].map((name) => [name, ascii(`"${name}": `)]));
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

// ASCII that can be written between two quotes as it is: 1; what JSON or
// escapeUnsafeJson escapes (quote, backslash, controls, DEL): 0; and the
// first letters of the words a secret may follow (msk_, authorization,
// bearer): 2, checked for the word. Anything else, non-ASCII included, goes
// the slow way, which is right for every string.
const PLAIN = new Uint8Array(128).fill(1);
for (let code = 0; code < 0x20; code++) PLAIN[code] = 0;
PLAIN[0x22] = PLAIN[0x5c] = PLAIN[0x7f] = 0;
for (const letter of "mMaAbB") PLAIN[letter.charCodeAt(0)] = 2;
const SECRET_WORDS = ["msk_", "authorization", "bearer"];

/** Whether one of SECRET_WORDS starts at text[i], in any case. */
function secretWordAt(text: string, i: number): boolean {
  for (const word of SECRET_WORDS) if (wordAt(text, i, word)) return true;
  return false;
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
      this.stringField(KEYS.kind, f.kind);
      this.stringField(KEYS.code, f.code);
      this.stringField(KEYS.message, f.message);
      this.stringField(KEYS.request_id, f.request_id);
      this.stringField(KEYS.request_time, f.request_time);
      this.numberField(KEYS.http_status, f.http_status);
      this.stringField(KEYS.method, f.method);
      this.stringField(KEYS.path, f.path);
      this.numberField(KEYS.retry_after_s, f.retry_after_s);
      this.raw(KEYS.entry.key);
      this.raw(f.entry === null ? BYTES.null : this.entries.get(f.entry, KEY_INDENT));
      this.raw(KEYS.alternatives.key);
      this.entryList(f.alternatives);
      this.raw(KEYS.field_errors.key);
      this.fieldErrors(f.field_errors);
      this.raw(KEYS.warnings.key);
      this.strings(f.warnings);
      this.raw(KEYS.source.key);
      this.source(f.source);
      this.stringField(KEYS.request_id_source, f.request_id_source);
      this.stringField(KEYS.retry_after_source, f.retry_after_source);
      this.stringField(KEYS.retry_at, f.retry_at);
      this.raw(KEYS.retryable.key);
      this.raw(f.retryable === null ? BYTES.null : f.retryable ? BYTES.true : BYTES.false);
      this.raw(KEYS.match_reasons.key);
      this.strings(f.match_reasons);
      this.raw(KEYS.suggestions.key);
      this.strings(f.suggestions);
      this.stringField(KEYS.details, f.details);
      this.stringField(KEYS.hint, f.hint);
      this.stringField(KEYS.content_type, f.content_type);
      this.stringField(KEYS.page_title, f.page_title);
      this.stringField(KEYS.served_by, f.served_by);
      this.stringField(KEYS.body_kind, f.body_kind);
      this.stringField(KEYS.log_url, logUrl);
      this.raw(BYTES.end);
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
    this.raw(key.key);
    this.string(text);
  }

  private numberField(key: KeyBytes, value: number | null): void {
    if (value === null || !Number.isFinite(value)) return this.raw(key.keyNull);
    this.raw(key.key);
    this.numberText(value);
  }

  // Arrays, one item per line at ITEM_INDENT. One method each, not one taking a callback: a closure a call.
  private strings(list: readonly string[]): void {
    if (list.length === 0) return this.raw(BYTES.emptyList);
    for (let i = 0; i < list.length; i++) {
      this.raw(i === 0 ? BYTES.firstItem : BYTES.nextItem);
      this.string(list[i]!);
    }
    this.raw(BYTES.endList);
  }

  private entryList(list: readonly CatalogEntry[]): void {
    if (list.length === 0) return this.raw(BYTES.emptyList);
    for (let i = 0; i < list.length; i++) {
      this.raw(i === 0 ? BYTES.firstItem : BYTES.nextItem);
      this.raw(this.entries.get(list[i]!, ITEM_INDENT));
    }
    this.raw(BYTES.endList);
  }

  private fieldErrors(list: Finding["field_errors"]): void {
    if (list.length === 0) return this.raw(BYTES.emptyList);
    for (let i = 0; i < list.length; i++) {
      this.raw(i === 0 ? BYTES.firstItem : BYTES.nextItem);
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
      this.raw(first ? BYTES.firstField : BYTES.nextItem);
      first = false;
      const name = SOURCE_KEYS[key];
      if (name) this.raw(name);
      else {
        this.string(key);
        this.raw(BYTES.colon);
      }
      if (typeof value === "number") this.number(value);
      else this.string(value);
    }
    this.raw(first ? BYTES.emptyObject : BYTES.endObject);
  }

  private number(value: number | null): void {
    if (value === null || !Number.isFinite(value)) this.raw(BYTES.null);
    else this.numberText(value);
  }

  /** A JSON string: plain ASCII copied as it is, anything else through JSON.stringify and escapeUnsafeJson. */
  private string(text: string | null): void {
    if (text === null) return this.raw(BYTES.null);
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

  /** A number's text (String(number) is ASCII: digits, sign, point, exponent, Infinity's letters). */
  private numberText(value: number): void {
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
