// What decode makes of a JSON document's records (json-reader.ts): a whole
// document or one record of a large one is parsed and walked for errors (a
// HAR entry as the answer it records); a record too large to parse is
// searched as text, a piece at a time, with facts only from that record.
import { utf8Text } from "../bytes.js";
import type { Catalog } from "../catalog.js";
import { findingsInDocument, MAX_DEPTH } from "./document.js";
import type { TextContext } from "./text-forms.js";
import type { Finding } from "../finding/finding.js";
import { harEntryFinding, harFindings, isHar, type HarOptions } from "./har.js";
import { RECORD_BYTES, recordPath, STRING_BYTES, type DocumentRecord, type JsonPath, type RecordSink } from "./json-reader.js";
import { recordMayMatter } from "./markers.js";
import { eachFindingInText } from "./text-scan.js";
import { parseJson } from "../finding/values.js";

const MB = 1024 * 1024;
/** How much of the text before a piece of an oversized record is searched again with it (an envelope cut by the piece's start). */
const OVERLAP_CHARS = 64 * 1024;

export interface DocumentEvents {
  finding(finding: Finding): void;
  warning(message: string): void;
}

export interface DocumentOptions extends HarOptions {
  /** The document was quoted in a ticket (`> {`). */
  quoted: boolean;
  /** Facts from the text before the document on its first line (`ERROR status=409 body: {`), weaker than its own. */
  around?: TextContext | null;
}

/**
 * The errors in one parsed JSON value that starts on `line`: a HAR's entries,
 * or whatever the walk finds. `line` and `onTooDeep` are arguments of their
 * own, not keys added to a spread of the options: in Node 20's V8,
 * `{ ...options, line }` makes a new hidden class at every call, which,
 * once per record, pushed every record's parsed objects into the old
 * generation (peak memory grew with the document's size).
 */
export function documentFindings(value: unknown, catalog: Catalog, options: DocumentOptions, line: number, onTooDeep?: () => void): Finding[] {
  if (isHar(value)) return harFindings(value, catalog, line, options);
  // One object, not spreads of two more: this runs once per record of a large document.
  const around = options.around ?? undefined;
  return findingsInDocument(value, catalog, { line, quoted: options.quoted, around, onTooDeep });
}

/** Where a record is, for a warning: its line, and its place when it has one (HAR entry 7, item 3). */
function placeOf(path: JsonPath, line: number): string {
  const entry = harEntryIndex(path[0], path[1], path[2]);
  if (entry !== -1) return `HAR entry ${entry + 1} (line ${line})`;
  const last = path[path.length - 1];
  return typeof last === "number" ? `item ${last + 1} at line ${line}` : `line ${line}`;
}

/** The index of the HAR entry whose path starts with these three steps, or -1. */
function harEntryIndex(first: unknown, second: unknown, third: unknown): number {
  return first === "log" && second === "entries" && typeof third === "number" ? third : -1;
}

/** The record's path's step `at`, without the path made. */
function stepOf(record: DocumentRecord, at: number): string | number | undefined {
  return at < record.prefix.length ? record.prefix[at] : at === record.prefix.length && record.key !== null ? record.key : undefined;
}

export class DocumentRecords implements RecordSink {
  private oversizedText = "";
  private oversizedStart = 0;
  private readonly seen = new Set<string>();

  constructor(
    private readonly catalog: Catalog,
    private readonly events: DocumentEvents,
    private readonly options: DocumentOptions,
  ) {}

  record(record: DocumentRecord): void {
    // A record that cannot hold an error is not parsed; with facts from the text around the document
    // (its status), any record may be one, and each is.
    if (!this.options.around && !recordMayMatter(record.bytes)) return;
    const text = utf8Text(record.bytes, 0, record.bytes.length);
    const value = parseJson(text);
    if (value === undefined) {
      // Not JSON after all (a cut-off document): what it holds is searched as text.
      for (const finding of eachFindingInText(text, record.line, this.options.quoted, this.catalog)) this.events.finding(finding);
      return;
    }
    const findings = this.findings(value, record);
    if (record.cutStrings > 0 && findings.length > 0) {
      for (const finding of findings)
        finding.warnings.push(
          `${placeOf(recordPath(record), record.line)} had ${record.cutStrings === 1 ? "a string" : `${record.cutStrings} strings`} over ${STRING_BYTES / MB} MB: only the first ${STRING_BYTES / MB} MB of it were read`,
        );
    }
    for (const finding of findings) this.events.finding(finding);
  }

  oversized(piece: Uint8Array, path: JsonPath, line: number, last: boolean): void {
    if (this.oversizedText === "" && this.oversizedStart === 0) {
      this.events.warning(
        `${placeOf(path, line)} is over the ${RECORD_BYTES / MB} MB a record is parsed whole up to: it was searched as text, so method, path and status come only from the text near each error`,
      );
    }
    const text = this.oversizedText + utf8Text(piece, 0, piece.length);
    for (const finding of eachFindingInText(text, line, this.options.quoted, this.catalog)) {
      // Searched twice where the pieces overlap: each error once.
      const key = `${finding.code}\u0000${finding.message}\u0000${finding.request_id}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.events.finding(finding);
    }
    this.oversizedText = last ? "" : text.slice(-OVERLAP_CHARS);
    this.oversizedStart = last ? 0 : 1;
    if (last) this.seen.clear();
  }

  private findings(value: unknown, record: DocumentRecord): Finding[] {
    const line = record.line;
    const entry = harEntryIndex(stepOf(record, 0), stepOf(record, 1), stepOf(record, 2));
    if (entry !== -1) {
      const finding = harEntryFinding(value, entry, line, this.catalog, this.options);
      return finding ? [finding] : [];
    }
    // The record object is the reader's, reused: what the warning needs is taken now, its path made only for it.
    const place = { prefix: record.prefix, key: record.key };
    const onTooDeep = () => this.events.warning(`${placeOf(recordPath(place), line)} nests values deeper than ${MAX_DEPTH} levels: those below were not read`);
    return documentFindings(value, this.catalog, this.options, line, onTooDeep);
  }
}
