// What JsonDocumentReader hands over: records of a JSON document, each with
// where it stands in it.

/** Where a record stands in its document: keys and list indexes from the top. */
export type JsonPath = readonly (string | number)[];

/**
 * A record, valid during the sink's call: the reader hands over the same
 * object for every record of a large document (an object and a path a
 * record made the scan's garbage grow with the document).
 */
export interface DocumentRecord {
  /** Its JSON text, with long strings cut (each ends in "…"). */
  bytes: Uint8Array;
  /** The keys and indexes of the containers it is in, from the top: shared by the document's records, never changed. */
  prefix: JsonPath;
  /** Its key or index in its container; null for a whole document. */
  key: string | number | null;
  /** The line it starts on. */
  line: number;
  /** How many strings were cut in it. */
  cutStrings: number;
}

/** Where a record stands in its document: keys and list indexes from the top. */
export function recordPath(record: Pick<DocumentRecord, "prefix" | "key">): JsonPath {
  return record.key === null ? record.prefix : [...record.prefix, record.key];
}

export interface RecordSink {
  /** A whole document (path []), or one record of a large one. */
  record(record: DocumentRecord): void;
  /** A record over RECORD_BYTES: its text in pieces, then `last` once it ended. */
  oversized(piece: Uint8Array, path: JsonPath, line: number, last: boolean): void;
}
