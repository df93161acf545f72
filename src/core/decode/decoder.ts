// The line-by-line state machine behind `decode`. The input is cut into
// records: a JSON document (json-reader.ts, streamed, of any size), a curl
// transcript's answer (transcript.ts), or a text record, whose lines' evidence
// text-record.ts joins into findings. A JSON document that starts a line is
// read from the feeder's bytes as they come (raw); one quoted in a ticket or
// opened after some text is read from its lines.
import { utf8Bytes, utf8Text } from "../bytes.js";
import type { Catalog } from "../catalog.js";
import { redactSecrets } from "../sanitize.js";
import { MAX_DEPTH } from "./document.js";
import { DocumentRecords, documentFindings } from "./documents.js";
import type { Finding } from "../finding/finding.js";
import type { Decompress } from "./har.js";
import { JsonDocumentReader } from "./json-reader.js";
import { openValueAtEnd } from "./json-scan.js";
import { explainResponse } from "../finding/explain.js";
import { continuesJson, dequote, readCurlCommand, readTextContext, startsLogRecord, type TextContext } from "./text-forms.js";
import { decodeQuotedPrintable, lineEvidence, looksQuotedPrintable, stripAnsi, unescapeHtml } from "./text-lines.js";
import { lineMayMatter, opensJsonValue } from "./markers.js";
import { TextRecord } from "./text-record.js";
import { findingsInText } from "./text-scan.js";
import { HEADER_LINE, HttpTranscript, STATUS_LINE, VERBOSE_REQUEST_LINE, VERBOSE_STATUS_LINE, type Request } from "./transcript.js";
import { MAX_LINE_PARSE } from "./limits.js";
import { parseJson } from "../finding/values.js";

/** ESC and CSI (terminal colours), `=` (quoted-printable), `&` (HTML escapes): one native search each, cheaper than a class. */
function mayNeedUndoing(line: string): boolean {
  return line.includes("\u001b") || line.includes("=") || line.includes("&") || line.includes("\u009b");
}

/** A curl -v request is paired with a response at most this many lines later. */
const REQUEST_REACH = 500;
/** A text record ends after this many lines in a row that say nothing about an error. */
const QUIET_LINES = 100;
/** A document read from its lines keeps them, to read again as text if it is not JSON after all, up to this much. */
const REPLAY_BYTES = 1024 * 1024;

export interface DecoderEvents {
  finding(finding: Finding): void;
  warning(message: string): void;
}

export interface DecoderOptions {
  /** The input's name, for each finding's source: a file name, "(stdin)" or "(-e)"; none when there is one input. */
  input?: string;
  /** Decompresses bodies a HAR stores compressed (Node's zlib in the CLI). */
  decompress?: Decompress;
}

interface DocumentState {
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
}

interface HttpState {
  kind: "http";
  transcript: HttpTranscript;
}

type State = { kind: "idle" } | DocumentState | HttpState;

export class Decoder {
  private state: State = { kind: "idle" };
  private request: Request | null = null;
  private readonly text: TextRecord;
  private quietLines = 0;
  /** A quoted-printable line that ended in `=`: it goes on in the next one. */
  private softBreak: string | null = null;
  /** After a raw document turned out not to be one: the start of the line to read again as text. */
  private reread: Uint8Array | null = null;
  private readonly input: string | undefined;
  private rawLine = 0;

  constructor(
    private readonly catalog: Catalog,
    private readonly events: DecoderEvents,
    private readonly options: DecoderOptions = {},
  ) {
    // A file name is outside text too: masked like the rest of a finding.
    this.input = options.input === undefined ? undefined : redactSecrets(options.input);
    this.text = new TextRecord(catalog, (finding) => this.emit(finding));
  }

  /** True while a record is open: every line matters, not only those with an error marker. */
  get busy(): boolean {
    return this.state.kind !== "idle" || this.text.open || this.softBreak !== null;
  }

  /** A raw document is being read: the feeder hands over bytes (documentBytes), not lines. */
  get inRawDocument(): boolean {
    return this.state.kind === "document" && this.state.raw;
  }

  /** Whether a document may start now: nothing but a text record is open (which the document then joins). */
  get acceptsDocument(): boolean {
    return this.state.kind === "idle" && this.softBreak === null;
  }

  /** The line the last raw document's reading is on (or ended on). */
  get documentLine(): number {
    return this.rawLine;
  }

  /** A JSON document starts at the start of line `no`: the feeder hands its bytes over. */
  startDocument(no: number): void {
    this.rawLine = no;
    this.state = this.documentState(no, true, false, this.text.open);
  }

  /**
   * A raw document's bytes: where it ended in them (just after its last byte),
   * or -1 when it goes on. When it turns out not to be JSON, the return is
   * where that was found, and takeReread() has the start of the line to read again.
   */
  documentBytes(bytes: Uint8Array, start: number, end: number): number {
    const state = this.state as DocumentState;
    const at = state.reader.feed(bytes, start, end);
    this.rawLine = state.reader.line;
    if (state.reader.error !== null) {
      this.state = { kind: "idle" };
      this.notADocument(state);
      return at;
    }
    if (at === -1) return -1;
    this.state = { kind: "idle" };
    // A value that ends with text after it on its own first line was not a document: the line is read as text.
    let next = at;
    while (next < end && (bytes[next] === 32 || bytes[next] === 9 || bytes[next] === 13)) next++;
    if (state.reader.readWhole && state.reader.line === state.line && next < end && bytes[next] !== 10) {
      this.reread = Uint8Array.prototype.slice.call(state.reader.keptText());
      return at;
    }
    state.reader.deliver();
    return at;
  }

  /** The bytes before the feeder's position of a line it must read again as text, once. */
  takeReread(): Uint8Array | null {
    const reread = this.reread;
    this.reread = null;
    return reread;
  }

  line(raw: string, no: number): void {
    let text = raw;
    // Terminal colours, a mail's quoted-printable, HTML escapes: undone when the line has their marks.
    if (this.softBreak !== null || mayNeedUndoing(raw)) {
      text = stripAnsi(raw);
      if (this.softBreak !== null) {
        text = this.softBreak + dequote(text).text;
        this.softBreak = null;
      }
      if (text.endsWith("=") && looksQuotedPrintable(text) && text.length < MAX_LINE_PARSE) {
        this.softBreak = text.slice(0, -1);
        return;
      }
      text = unescapeHtml(decodeQuotedPrintable(text));
    }
    switch (this.state.kind) {
      case "document":
        return this.documentLineText(this.state, text, no);
      case "http":
        return this.httpLine(this.state, text, no);
      default:
        return this.idleLine(text, no, false);
    }
  }

  /** End of input: whatever is open is finished with what it has. */
  end(): void {
    if (this.softBreak !== null) {
      const text = this.softBreak;
      this.softBreak = null;
      this.line(text, 0);
    }
    const state = this.state;
    this.state = { kind: "idle" };
    if (state.kind === "document") this.cutOff(state);
    else if (state.kind === "http") this.finishHttp(state);
    this.text.flush();
  }

  private emit(finding: Finding): void {
    if (this.input !== undefined) finding.source.input = this.input;
    this.events.finding(finding);
  }

  /** Findings of a document or line: into the open text record when there is one, else out. */
  private found(findings: readonly Finding[], inText: boolean): void {
    for (const finding of findings) {
      if (inText && this.text.open) this.text.add({ line: finding.source.line, form: finding.source.form, finding });
      else this.emit(finding);
    }
  }

  private idleLine(text: string, no: number, replayed: boolean): void {
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === "")) {
      this.text.flush();
      return;
    }
    if (startsLogRecord(text)) this.text.flush();
    if (text.startsWith("< ")) {
      const status = VERBOSE_STATUS_LINE.exec(text);
      if (status) return this.startHttp(Number(status[1]), no, true, false);
    }
    if (text.startsWith("> ")) {
      const request = VERBOSE_REQUEST_LINE.exec(text);
      if (request) {
        this.text.flush();
        this.request = { method: request[1]!, path: request[2]!, line: no, host: null, key: null };
        return;
      }
      if (this.request && no - this.request.line < 100 && this.requestHeader(this.request, text.slice(2))) return;
    }
    const { text: unquoted, quoted } = dequote(text);
    const status = STATUS_LINE.exec(unquoted);
    if (status) return this.startHttp(Number(status[1]), no, false, quoted);
    const curl = readCurlCommand(unquoted);
    if (curl) {
      this.text.flush();
      this.request = { method: curl.method, path: curl.url, line: no, host: null, key: null };
      return;
    }
    if (!replayed && this.jsonLine(unquoted, no, quoted)) return;
    // A line the feeder would pass over must not start a record: what is found cannot depend on whether it was asked.
    if (!this.text.open && !replayed && !lineMayMatter(utf8Bytes(text))) return;
    this.quietLines++;
    for (const evidence of lineEvidence(unquoted, no, quoted, this.catalog)) {
      this.quietLines = 0;
      this.text.add(evidence);
    }
    if (this.text.open && this.quietLines > QUIET_LINES) this.text.flush();
  }

  /** A line that is (or opens) a JSON value; false when it is not one. */
  private jsonLine(text: string, no: number, quoted: boolean): boolean {
    const first = text.charCodeAt(0) > 32 ? text.charCodeAt(0) : text.trimStart().charCodeAt(0);
    if (first !== 123 && first !== 91 && !text.includes("{") && !text.includes("[")) return false;
    const trimmed = text.trim();
    if (first === 123 || first === 91) {
      const last = trimmed.charCodeAt(trimmed.length - 1);
      if ((last === 125 || last === 93) && trimmed.length <= MAX_LINE_PARSE) {
        const value = parseJson(trimmed);
        if (value === undefined) return false;
        const onTooDeep = () => this.events.warning(`line ${no} nests values deeper than ${MAX_DEPTH} levels: those below were not read`);
        this.found(documentFindings(value, this.catalog, { line: no, quoted, decompress: this.options.decompress, onTooDeep }), true);
        return true;
      }
      const head = utf8Bytes(trimmed.slice(0, 16));
      if (last !== 125 && last !== 93 && opensJsonValue(head, 0, head.length)) return this.openDocument(trimmed, no, quoted, null);
      return false;
    }
    // `ERROR status=409 body: {` with the JSON on the next lines: the text before it is its context, and
    // is read itself first (an envelope, a print).
    const start = trimmed.length <= MAX_LINE_PARSE ? openValueAtEnd(trimmed) : -1;
    if (start <= 0) return false;
    const prefix = trimmed.slice(0, start);
    if (lineMayMatter(utf8Bytes(prefix))) for (const evidence of lineEvidence(prefix, no, quoted, this.catalog)) this.text.add(evidence);
    this.text.flush();
    return this.openDocument(trimmed.slice(start), no, quoted, readTextContext(trimmed, start, start));
  }

  private documentState(no: number, raw: boolean, quoted: boolean, inText: boolean, around: TextContext | null = null): DocumentState {
    const records = new DocumentRecords(
      this.catalog,
      { finding: (finding) => this.found([finding], inText), warning: (message) => this.events.warning(message) },
      { quoted, decompress: this.options.decompress, around },
    );
    return { kind: "document", reader: new JsonDocumentReader(records, no), raw, quoted, line: no, lines: [], linesBytes: 0, inText };
  }

  /** Starts a document read from its lines with `first` (its value's start on line `no`); false when it is not one. */
  private openDocument(first: string, no: number, quoted: boolean, around: TextContext | null): boolean {
    const state = this.documentState(no, false, quoted, this.text.open, around);
    if (!state.inText) this.text.flush();
    this.state = state;
    this.documentLineText(state, first, no, true);
    return true;
  }

  /** A line of a document read from its lines. */
  private documentLineText(state: DocumentState, raw: string, no: number, opening = false): void {
    const text = state.quoted ? dequote(raw).text : raw;
    if (state.linesBytes < REPLAY_BYTES) {
      state.lines.push({ text: raw, no });
      state.linesBytes += raw.length;
    }
    if (!opening && !continuesJson(text)) {
      // Prose: the document stopped without closing, as the scan would find at this line's first byte.
      this.state = { kind: "idle" };
      return this.notADocument(state);
    }
    const bytes = utf8Bytes(`${text}\n`);
    const at = state.reader.feed(bytes, 0, bytes.length);
    if (state.reader.error !== null) {
      this.state = { kind: "idle" };
      return this.notADocument(state);
    }
    if (at === -1) return;
    this.state = { kind: "idle" };
    const rest = utf8Text(bytes, at, bytes.length).trim();
    // A value that ends with text after it on its own first line (`[404] NOT_FOUND: ...`) was not a document.
    if (opening && rest !== "" && state.lines.length === 1) return this.idleLine(state.lines[0]!.text, no, true);
    state.reader.deliver();
    // What follows the closing bracket on its line (`} {"error": ...}`) is read as a line of its own.
    if (rest !== "") this.line(rest, no);
  }

  /**
   * A document that turned out not to be JSON: the errors in what was read
   * are searched for as text (a cut envelope), else each line is read as
   * text (Node's print of an error's fields, a log's brackets). A raw
   * document's last line goes back to the feeder (takeReread) to be read again whole.
   */
  private notADocument(state: DocumentState): void {
    let before = state.lines.slice(0, -1);
    const broken = state.lines[state.lines.length - 1];
    if (state.raw) {
      const kept = utf8Text(state.reader.keptText(), 0, state.reader.keptText().length);
      const lastLine = kept.lastIndexOf("\n");
      this.reread = utf8Bytes(kept.slice(lastLine + 1));
      before =
        lastLine <= 0
          ? []
          : kept
              .slice(0, lastLine)
              .split("\n")
              .map((text, i) => ({ text, no: state.line + i }));
    } else if (before.length === 0 && broken) {
      // Not JSON from its first line: that line is text.
      return this.idleLine(broken.text, broken.no, true);
    }
    const found = before.length > 1 ? findingsInText(before.map((line) => line.text).join("\n"), state.line, state.quoted, this.catalog, true) : [];
    if (found.length > 0) this.found(found, state.inText);
    else for (const line of before) this.idleLine(line.text, line.no, true);
    // The line that broke it is read again as a line of its own (a raw document's, by the feeder).
    if (!state.raw && broken) this.idleLine(broken.text, broken.no, false);
  }

  /** The input ended inside a document: it was cut off; what is there is searched, else read as text. */
  private cutOff(state: DocumentState): void {
    if (state.reader.finish()) return state.reader.deliver();
    const all = utf8Text(state.reader.keptText(), 0, state.reader.keptText().length);
    // Without the line end a document read from its lines was given after its last line.
    const kept = state.raw ? all : all.replace(/\r?\n$/, "");
    const found = findingsInText(kept, state.line, state.quoted, this.catalog, true);
    if (found.length > 0) return this.found(found, state.inText);
    const lines = state.raw ? kept.split("\n").map((text, i) => ({ text, no: state.line + i })) : state.lines;
    for (const line of lines) this.idleLine(line.text, line.no, true);
  }

  /** A `> name: value` request header of a curl -v transcript; notes the API key so it can be flagged. */
  private requestHeader(request: Request, header: string): boolean {
    const match = HEADER_LINE.exec(header);
    if (!match) return header.trim() === "";
    const name = match[1]!.toLowerCase();
    const value = match[2] ?? "";
    if (name === "host") request.host = value.trim();
    if (name === "authorization" || name === "x-api-key") {
      const key = /msk_[A-Za-z0-9_-]{8,}/.exec(value)?.[0] ?? null;
      if (key) request.key = key;
    }
    return true;
  }

  // curl -i / -v transcripts: the transcript reads its lines, the decoder acts on what it says.
  private startHttp(status: number, line: number, verbose: boolean, quoted: boolean): void {
    this.text.flush();
    const request = this.request && line - this.request.line <= REQUEST_REACH ? this.request : null;
    this.request = null;
    this.state = { kind: "http", transcript: new HttpTranscript(status, line, verbose, quoted, request) };
  }

  private httpLine(state: HttpState, raw: string, no: number): void {
    switch (state.transcript.feed(raw)) {
      case "more":
        return;
      case "finished": {
        this.finishHttp(state);
        const leftover = state.transcript.leftover;
        return leftover === null ? undefined : this.line(leftover, no);
      }
      case "finished-reread":
        this.finishHttp(state);
        return this.line(raw, no);
      case "informational":
        this.state = { kind: "idle" };
        this.request = state.transcript.request;
        return;
      case "not-a-transcript":
        this.state = { kind: "idle" };
        return this.idleLine(raw, no, false);
    }
  }

  private finishHttp(state: HttpState): void {
    this.state = { kind: "idle" };
    const { transcript } = state;
    const request = transcript.request;
    const finding = explainResponse(transcript.response(), this.catalog, "curl", transcript.line);
    if (finding && request?.key) {
      finding.warnings.push(`the transcript shows an API key (${redactSecrets(request.key)}) in its Authorization header; rotate it if this was shared`);
    }
    if (finding) this.emit(finding);
  }
}
