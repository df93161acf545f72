// The line-by-line state machine behind `decode`. The input is cut into
// records: a JSON document (json-reader.ts, streamed, of any size), a curl
// transcript's answer (transcript.ts), or a text record, whose lines' evidence
// text-record.ts joins into findings. A JSON document that starts a line is
// read from the feeder's bytes as they come (raw); one quoted in a ticket or
// opened after some text is read from its lines (line-document.ts). Each
// line is first undone of its transport's marks (line-undo.ts).
import { utf8Bytes } from "../bytes.js";
import type { Catalog } from "../catalog.js";
import { redactSecrets } from "../sanitize.js";
import type { Finding } from "../finding/finding.js";
import type { Decompress } from "./har.js";
import { cutOff, type DocumentHost, type DocumentState, documentLineText, documentState, lineValue, rawDocumentBytes } from "./line-document.js";
import { openValueAtEnd } from "./json-scan.js";
import { dequote, readCurlCommand, readTextContext, startsLogRecord, type TextContext } from "./text-forms.js";
import { lineEvidence } from "./text-lines.js";
import { LineUndo } from "./line-undo.js";
import { JoinedPrint } from "./joined-print.js";
import { lineMayMatter, opensJsonValue } from "./markers.js";
import { TextRecord } from "./text-record.js";
import { BodyAlone } from "./body-alone.js";
import { HttpTranscript, readRequestHeader, transcriptFinding, STATUS_LINE, VERBOSE_REQUEST_LINE, VERBOSE_STATUS_LINE, type Request } from "./transcript.js";
import { MAX_LINE_PARSE } from "./limits.js";
import { parseJson } from "../finding/values.js";

/** A curl -v request is paired with a response at most this many lines later. */
const REQUEST_REACH = 500;
/** A text record ends after this many lines in a row that say nothing about an error. */
const QUIET_LINES = 100;

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

type HttpState = { kind: "http"; transcript: HttpTranscript };
type State = { kind: "idle" } | DocumentState | HttpState;

export class Decoder {
  private state: State = { kind: "idle" };
  private request: Request | null = null;
  private readonly text: TextRecord;
  private quietLines = 0;
  private readonly undo = new LineUndo();
  /** A print broken over lines (an Elixir struct, an HTML page in an error), joined back (joined-print.ts). */
  private readonly joined = new JoinedPrint();
  /** A joined print is read as one line of text; it starts no print again (a cut one would swallow what follows). */
  private readonly readJoined = (whole: string, no: number) => this.idleLine(whole, no, true, true);
  /** After a raw document turned out not to be one: the start of the line to read again as text. */
  private reread: Uint8Array | null = null;
  private readonly input: string | undefined;
  private rawLine = 0;
  /** A body printed alone, held for the status curl may write on the next line (body-alone.ts). */
  readonly bodyAlone: BodyAlone;
  /** What the handlers of a document read from its lines may do here (line-document.ts). */
  private readonly host: DocumentHost;

  constructor(
    private readonly catalog: Catalog,
    private readonly events: DecoderEvents,
    options: DecoderOptions = {},
  ) {
    // A file name is outside text too: masked like the rest of a finding.
    this.input = options.input === undefined ? undefined : redactSecrets(options.input);
    this.text = new TextRecord(catalog, (finding) => this.emit(finding));
    this.bodyAlone = new BodyAlone(catalog, this.text, (finding) => this.emit(finding));
    this.host = {
      catalog,
      decompress: options.decompress,
      found: (findings, inText) => this.found(findings, inText),
      warning: (message) => events.warning(message),
      idle: () => {
        this.state = { kind: "idle" };
      },
      // A document's lines read again as text (it was none) may hold a print broken over them, as lines may.
      textLine: (text, no, replayed) => this.joined.feed(text, this.readJoined) || this.idleLine(text, no, replayed),
      line: (raw, no) => this.line(raw, no),
      reread: (bytes) => {
        this.reread = bytes;
      },
      endText: () => this.text.flush(),
    };
  }

  /** True while a record is open: every line matters, not only those with an error marker. */
  get busy(): boolean {
    return this.state.kind !== "idle" || this.text.open || this.undo.pending || this.joined.open || this.bodyAlone.holding;
  }

  /** A raw document is being read: the feeder hands over bytes (documentBytes), not lines. */
  get inRawDocument(): boolean {
    return this.state.kind === "document" && this.state.raw;
  }

  /** Whether a document may start now: nothing but a text record is open (which the document then joins). */
  get acceptsDocument(): boolean {
    return this.state.kind === "idle" && !this.undo.pending && !this.joined.open;
  }

  /** The line the last raw document's reading is on (or ended on). */
  get documentLine(): number {
    return this.rawLine;
  }

  /** A JSON document starts at the start of line `no`: the feeder hands its bytes over. */
  startDocument(no: number): void {
    this.bodyAlone.letGo();
    this.rawLine = no;
    this.state = documentState(this.host, no, true, false, this.text.open);
  }

  /**
   * A raw document's bytes: where it ended in them (just after its last byte),
   * or -1 when it goes on. When it turns out not to be JSON, the return is
   * where that was found, and takeReread() has the start of the line to read again.
   */
  documentBytes(bytes: Uint8Array, start: number, end: number): number {
    const state = this.state as DocumentState;
    const at = rawDocumentBytes(this.host, state, bytes, start, end);
    this.rawLine = state.reader.line;
    return at;
  }

  /** The bytes before the feeder's position of a line it must read again as text, once. */
  takeReread(): Uint8Array | null {
    const reread = this.reread;
    this.reread = null;
    return reread;
  }

  line(raw: string, no: number): void {
    if (this.bodyAlone.holding && this.bodyAlone.takes(raw, no, () => this.busy)) return;
    // Terminal colours, a mail's quoted-printable, HTML escapes: undone when the line has their marks.
    const text = this.undo.undo(raw);
    if (text === null) return;
    if (this.joined.feed(text, this.readJoined)) return;
    switch (this.state.kind) {
      case "document":
        return documentLineText(this.host, this.state, text, no);
      case "http":
        return this.httpLine(this.state, text, no);
      default:
        return this.idleLine(text, no, false);
    }
  }

  /** End of input: whatever is open is finished with what it has. */
  end(): void {
    const pending = this.undo.takePending();
    if (pending !== null) this.line(pending, 0);
    const joined = this.joined.take();
    if (joined !== null) this.readJoined(joined, this.joined.line);
    const state = this.state;
    this.state = { kind: "idle" };
    if (state.kind === "document") cutOff(this.host, state);
    else if (state.kind === "http") this.finishHttp(state);
    this.text.flush();
    this.bodyAlone.letGo();
  }

  private emit(finding: Finding): void {
    this.bodyAlone.letGo();
    if (this.input !== undefined) finding.source.input = this.input;
    this.events.finding(finding);
  }

  /** Findings of a document or line: into the open text record when there is one, else out. */
  private found(findings: readonly Finding[], inText: boolean): void {
    for (const finding of findings) {
      if (inText && this.text.open) this.text.add({ line: finding.source.line, form: finding.source.form, finding });
      else if (!this.bodyAlone.hold(finding, findings.length === 1)) this.emit(finding);
    }
  }

  private idleLine(text: string, no: number, replayed: boolean, joined = false): void {
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === "")) {
      this.text.flush();
      return;
    }
    if (this.text.beginsRecord(text) || startsLogRecord(text)) this.text.flush();
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
      if (this.request && no - this.request.line < 100 && readRequestHeader(this.request, text.slice(2))) return;
    }
    const { text: unquoted, quoted } = dequote(text);
    // A quoted blank line (`>`) is a paragraph's end in a quoted reply, as a blank line is outside one.
    if (quoted && unquoted.trim() === "") return this.text.flush();
    if (!joined && this.joined.start(unquoted, no)) return;
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
        lineValue(this.host, value, no, quoted);
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
    // A client's print whose body is the value opening here (`body={`) says nothing yet: the document holds it.
    const said = lineMayMatter(utf8Bytes(prefix)) ? [...lineEvidence(prefix, no, quoted, this.catalog)].filter((evidence) => evidence.body !== "") : [];
    for (const evidence of said) this.text.add(evidence);
    // Text before it that said something is a record of its own; a record open from the lines before
    // (Node's stack, whose last line opens the error's `{ status, code }`) takes the value in.
    if (said.length > 0 || !this.text.open) this.text.flush();
    return this.openDocument(trimmed.slice(start), no, quoted, readTextContext(trimmed, start, start));
  }

  /** Starts a document read from its lines with `first` (its value's start on line `no`); false when it is not one. */
  private openDocument(first: string, no: number, quoted: boolean, around: TextContext | null): boolean {
    const state = documentState(this.host, no, false, quoted, this.text.open, around);
    if (!state.inText) this.text.flush();
    this.state = state;
    documentLineText(this.host, state, first, no, true);
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
    const finding = transcriptFinding(state.transcript, this.catalog, this.bodyAlone.bodyOf(state.transcript));
    if (finding) this.emit(finding);
  }
}
