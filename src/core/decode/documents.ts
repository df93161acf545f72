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
import { RECORD_BYTES, STRING_BYTES, type DocumentRecord, type JsonPath, type RecordSink } from "./json-reader.js";
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
  return findingsInDocument(value, catalog, {
    line,
    quoted: options.quoted,
    ...(options.around ? { around: options.around } : {}),
    ...(onTooDeep ? { onTooDeep } : {}),
  });
}

/** Where a record is, for a warning: its line, and its place when it has one (HAR entry 7, item 3). */
function placeOf(path: JsonPath, line: number): string {
  if (path[0] === "log" && path[1] === "entries" && typeof path[2] === "number") return `HAR entry ${path[2] + 1} (line ${line})`;
  const last = path[path.length - 1];
  return typeof last === "number" ? `item ${last + 1} at line ${line}` : `line ${line}`;
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
    const text = utf8Text(record.bytes, 0, record.bytes.length);
    const value = parseJson(text);
    if (value === undefined) {
      // Not JSON after all (a cut-off document): what it holds is searched as text.
      for (const finding of eachFindingInText(text, record.line, this.options.quoted, this.catalog)) this.events.finding(finding);
      return;
    }
    const findings = this.findings(value, record.path, record.line);
    if (record.cutStrings > 0 && findings.length > 0) {
      for (const finding of findings)
        finding.warnings.push(
          `${placeOf(record.path, record.line)} had ${record.cutStrings === 1 ? "a string" : `${record.cutStrings} strings`} over ${STRING_BYTES / MB} MB: only the first ${STRING_BYTES / MB} MB of it were read`,
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

  private findings(value: unknown, path: JsonPath, line: number): Finding[] {
    if (path[0] === "log" && path[1] === "entries" && typeof path[2] === "number") {
      const finding = harEntryFinding(value, path[2], line, this.catalog, this.options);
      return finding ? [finding] : [];
    }
    const onTooDeep = () => this.events.warning(`${placeOf(path, line)} nests values deeper than ${MAX_DEPTH} levels: those below were not read`);
    return documentFindings(value, this.catalog, this.options, line, onTooDeep);
  }
}
