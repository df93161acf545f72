// A JSON document read from its lines rather than from the feeder's bytes:
// one quoted in a ticket (`> {`), or opened at the end of a line of text
// (`body: {`). Its lines are kept so that, when it turns out not to be JSON
// (prose, Node's print of an error's fields), they can be read again as text.
// The decoder owns the state; these handlers tell it what to do next (DocumentHost).
import { utf8Bytes, utf8Text } from "../bytes.js";
import type { Catalog } from "../catalog.js";
import type { Finding } from "../finding/finding.js";
import { MAX_DEPTH } from "./document.js";
import { DocumentRecords, documentFindings } from "./documents.js";
import type { Decompress } from "./har.js";
import { JsonDocumentReader } from "./json-reader.js";
import { continuesJson, dequote, type TextContext } from "./text-forms.js";
import { findingsInText } from "./text-scan.js";

/** A document read from its lines keeps them, to read again as text if it is not JSON after all, up to this much. */
const REPLAY_BYTES = 1024 * 1024;

export interface DocumentState {
  kind: "document";
  reader: JsonDocumentReader;
  /** Its bytes come from the feeder (documentBytes), not as lines. */
  raw: boolean;
  quoted: boolean;
  line: number;
  /** Lines read so far (from its lines only), to read as text if it turns out not to be JSON. */
  lines: { text: string; no: number }[];
  linesBytes: number;
  /** Opened inside a text record: its findings join that record. */
  inText: boolean;
  /** Its value starts its line (nothing but blanks or quote marks before it): a print of its own. */
  ownLine: boolean;
  /** Findings it has given so far. */
  found: number;
}

/** What a document's handlers need of the decoder. */
export interface DocumentHost {
  readonly catalog: Catalog;
  readonly decompress: Decompress | undefined;
  /** Findings of the document: into the open text record when it opened inside one, else out. */
  found(findings: readonly Finding[], inText: boolean): void;
  warning(message: string): void;
  /** The document is over: the decoder is idle again, before anything after it is read. */
  idle(): void;
  /** A line read as text (replayed: its JSON was tried already). */
  textLine(text: string, no: number, replayed: boolean): void;
  /** A line read from the start, as if it came next (what follows a closing bracket). */
  line(raw: string, no: number): void;
  /** The open text record is over (a value on lines of its own said no error: it was another print). */
  endText(): void;
  /** The start of a raw document's last line, for the feeder to read again as text. */
  reread(bytes: Uint8Array): void;
}

export function documentState(
  host: DocumentHost,
  no: number,
  raw: boolean,
  quoted: boolean,
  inText: boolean,
  around: TextContext | null = null,
): DocumentState {
  const records = new DocumentRecords(
    host.catalog,
    {
      finding: (finding) => {
        state.found++;
        host.found([finding], inText);
      },
      warning: (message) => host.warning(message),
    },
    { quoted, decompress: host.decompress, around },
  );
  // Text before the value on its first line (`body: {`) makes it part of that line's print.
  const ownLine = around === null;
  const state: DocumentState = {
    kind: "document",
    reader: new JsonDocumentReader(records, no),
    raw,
    quoted,
    line: no,
    lines: [],
    linesBytes: 0,
    inText,
    ownLine,
    found: 0,
  };
  return state;
}

/**
 * The document is over and its value was handed over. A value on lines of its own that named no error
 * (a bare `{` and `}`, `[]`, a log's info record) is another print between the lines around it: the text
 * record before it ends, so it neither joins that error to the print after it nor takes in its lines.
 */
function delivered(host: DocumentHost, state: DocumentState): void {
  state.reader.deliver();
  if (state.ownLine && state.found === 0) host.endText();
}

/** A JSON value whole on a line of its own: its findings, and the record's end as after a value over lines. */
export function lineValue(host: DocumentHost, value: unknown, no: number, quoted: boolean): void {
  const onTooDeep = () => host.warning(`line ${no} nests values deeper than ${MAX_DEPTH} levels: those below were not read`);
  const findings = documentFindings(value, host.catalog, { quoted, decompress: host.decompress }, no, onTooDeep);
  host.found(findings, true);
  if (findings.length === 0) host.endText();
}

/** curl -v's trace after a value on its line (`* Connection #0 ... left intact`): a note, not text about the value. */
const TRACE_AFTER = /^[ \t\r]*\* +\S/;

/** A line of a document read from its lines. */
export function documentLineText(host: DocumentHost, state: DocumentState, raw: string, no: number, opening = false): void {
  const text = state.quoted ? dequote(raw).text : raw;
  if (state.linesBytes < REPLAY_BYTES) {
    state.lines.push({ text: raw, no });
    state.linesBytes += raw.length;
  }
  if (!opening && !continuesJson(text)) {
    // Prose: the document stopped without closing, as the scan would find at this line's first byte.
    host.idle();
    return notADocument(host, state);
  }
  const bytes = utf8Bytes(`${text}\n`);
  const at = state.reader.feed(bytes, 0, bytes.length);
  if (state.reader.error !== null) {
    host.idle();
    return notADocument(host, state);
  }
  if (at === -1) return;
  host.idle();
  const after = utf8Text(bytes, at, bytes.length);
  const rest = after.trim();
  // A value that ends with text after it on its own first line (`[404] NOT_FOUND: ...`) was not a document,
  // unless that text is curl -v's trace (rawDocumentBytes says why).
  if (opening && rest !== "" && state.lines.length === 1 && !TRACE_AFTER.test(after)) return host.textLine(state.lines[0]!.text, no, true);
  delivered(host, state);
  // What follows the closing bracket on its line (`} {"error": ...}`) is read as a line of its own.
  if (rest !== "") host.line(rest, no);
}

/**
 * A document that turned out not to be JSON: the errors in what was read
 * are searched for as text (a cut envelope), else each line is read as
 * text (Node's print of an error's fields, a log's brackets). A raw
 * document's last line goes back to the feeder (takeReread) to be read again whole.
 */
export function notADocument(host: DocumentHost, state: DocumentState): void {
  let before = state.lines.slice(0, -1);
  const broken = state.lines[state.lines.length - 1];
  if (state.raw) {
    const kept = utf8Text(state.reader.keptText(), 0, state.reader.keptText().length);
    const lastLine = kept.lastIndexOf("\n");
    host.reread(utf8Bytes(kept.slice(lastLine + 1)));
    before =
      lastLine <= 0
        ? []
        : kept
            .slice(0, lastLine)
            .split("\n")
            .map((text, i) => ({ text, no: state.line + i }));
  } else if (before.length === 0 && broken) {
    // Not JSON from its first line: that line is text.
    return host.textLine(broken.text, broken.no, true);
  }
  const found = before.length > 1 ? findingsInText(before.map((line) => line.text).join("\n"), state.line, state.quoted, host.catalog) : [];
  if (found.length > 0) host.found(found, state.inText);
  else for (const line of before) host.textLine(line.text, line.no, true);
  // The line that broke it is read again as a line of its own (a raw document's, by the feeder).
  if (!state.raw && broken) host.textLine(broken.text, broken.no, false);
}

/** The input ended inside a document: it was cut off; what is there is searched, else read as text. */
export function cutOff(host: DocumentHost, state: DocumentState): void {
  if (state.reader.finish()) return delivered(host, state);
  const all = utf8Text(state.reader.keptText(), 0, state.reader.keptText().length);
  // Without the line end a document read from its lines was given after its last line.
  const kept = state.raw ? all : all.replace(/\r?\n$/, "");
  const found = findingsInText(kept, state.line, state.quoted, host.catalog);
  if (found.length > 0) return host.found(found, state.inText);
  const lines = state.raw ? kept.split("\n").map((text, i) => ({ text, no: state.line + i })) : state.lines;
  for (const line of lines) host.textLine(line.text, line.no, true);
}

/**
 * A raw document's bytes (the feeder's): where it ended in them (just after its
 * last byte), or -1 when it goes on. When it turns out not to be JSON, the
 * return is where that was found, and the line's start goes back (host.reread).
 */
export function rawDocumentBytes(host: DocumentHost, state: DocumentState, bytes: Uint8Array, start: number, end: number): number {
  const at = state.reader.feed(bytes, start, end);
  if (state.reader.error !== null) {
    host.idle();
    notADocument(host, state);
    return at;
  }
  if (at === -1) return -1;
  host.idle();
  // A value that ends with text after it on its own first line was not a document: the line is read as text.
  // But curl -v's trace after a body that had no newline (stdout, then stderr; `* Connection ... left intact`
  // on the body's line) is a line of its own.
  let next = at;
  while (next < end && (bytes[next] === 32 || bytes[next] === 9 || bytes[next] === 13)) next++;
  const traceAfter = bytes[next] === 0x2a && TRACE_AFTER.test(utf8Text(bytes, at, Math.min(end, next + 64)));
  if (state.reader.readWhole && state.reader.line === state.line && next < end && bytes[next] !== 10 && !traceAfter) {
    host.reread(Uint8Array.prototype.slice.call(state.reader.keptText()));
    return at;
  }
  delivered(host, state);
  return at;
}
