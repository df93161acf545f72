// The line-by-line state machine behind `decode`. Each line is either
// handled on its own (an envelope, a log record, an SDK print) or opens a
// multi-line form that later lines continue: a pretty-printed JSON
// document (envelope, CLI --json, HAR), a curl -i / -v transcript, the
// TypeScript CLI's text block. Every buffer is capped.
import type { Catalog } from "../catalog.js";
import { redactSecrets } from "../sanitize.js";
import { findingsInDocument } from "./document.js";
import type { Finding } from "./finding.js";
import { harFindings, isHar } from "./har.js";
import { JsonDepth } from "./json-scan.js";
import { explainResponse } from "./response.js";
import { cliBlockFinding, sdkFinding } from "./sdk.js";
import { findingsInText } from "./text-scan.js";
import { CLI_ERROR_LINE, CLI_FIELD_LINE, continuesJson, dequote, readCurlCommand } from "./text-forms.js";
import { HEADER_LINE, HttpTranscript, STATUS_LINE, VERBOSE_REQUEST_LINE, VERBOSE_STATUS_LINE, type Request } from "./transcript.js";
import { MAX_DOCUMENT_BYTES, MAX_LINE_PARSE } from "./limits.js";
import { parseJson } from "./values.js";

/** A curl -v request is paired with a response at most this many lines later. */
const REQUEST_REACH = 500;

export interface DecoderEvents {
  finding(finding: Finding): void;
  warning(message: string): void;
}

export interface DecoderOptions {
  /** The input's name, for each finding's source: a file name, "(stdin)" or "(-e)"; none when there is one input. */
  input?: string;
}

interface JsonBlock {
  kind: "json";
  line: number;
  quoted: boolean;
  parts: string[];
  bytes: number;
  depth: JsonDepth;
}

interface HttpState {
  kind: "http";
  transcript: HttpTranscript;
}

interface CliText {
  kind: "cli";
  line: number;
  message: string;
  fields: Record<string, string>;
}

type State = { kind: "idle" } | JsonBlock | HttpState | CliText;

export class Decoder {
  private state: State = { kind: "idle" };
  private request: Request | null = null;
  /** A Go CLI `miosa: <message>` line waiting for its `miosa: command failed`. */
  private goMessage: { text: string; line: number } | null = null;
  private lastFindingLine = -10;
  private readonly input: string | undefined;

  constructor(
    private readonly catalog: Catalog,
    private readonly events: DecoderEvents,
    options: DecoderOptions = {},
  ) {
    // A file name is outside text too: masked like the rest of a finding.
    this.input = options.input === undefined ? undefined : redactSecrets(options.input);
  }

  /** True while a multi-line form is open: every line matters, not only those with an error marker. */
  get busy(): boolean {
    return this.state.kind !== "idle" || this.goMessage !== null;
  }

  line(raw: string, no: number): void {
    switch (this.state.kind) {
      case "json":
        return this.jsonLine(this.state, raw, no);
      case "http":
        return this.httpLine(this.state, raw, no);
      case "cli":
        return this.cliLine(this.state, raw, no);
      default:
        return this.idleLine(raw, no);
    }
  }

  /** End of input: whatever form is open is finished with what it has. */
  end(): void {
    const state = this.state;
    if (state.kind === "json") this.finishJson(state, false);
    else if (state.kind === "http") this.finishHttp(state);
    else if (state.kind === "cli") this.finishCli(state);
    this.goMessage = null;
  }

  private emit(finding: Finding | null): void {
    if (!finding) return;
    if (this.input !== undefined) finding.source.input = this.input;
    this.lastFindingLine = finding.source.line;
    this.events.finding(finding);
  }

  private emitAll(findings: readonly Finding[]): void {
    for (const finding of findings) this.emit(finding);
  }

  private idleLine(raw: string, no: number): void {
    const goMessage = this.goMessage;
    this.goMessage = null;
    if (raw.startsWith("< ")) {
      const status = VERBOSE_STATUS_LINE.exec(raw);
      if (status) return this.startHttp(Number(status[1]), no, true, false);
    }
    if (raw.startsWith("> ")) {
      const request = VERBOSE_REQUEST_LINE.exec(raw);
      if (request) {
        this.request = { method: request[1]!, path: request[2]!, line: no, host: null, key: null };
        return;
      }
      if (this.request && no - this.request.line < 100 && this.requestHeader(this.request, raw.slice(2))) return;
    }
    const { text, quoted } = dequote(raw);
    const status = STATUS_LINE.exec(text);
    if (status) return this.startHttp(Number(status[1]), no, false, quoted);
    const curl = readCurlCommand(text);
    if (curl) {
      this.request = { method: curl.method, path: curl.url, line: no, host: null, key: null };
      return;
    }
    const trimmed = text.trim();
    const first = trimmed.charCodeAt(0);
    if (first === 123 || first === 91) {
      const last = trimmed.charCodeAt(trimmed.length - 1);
      // A compact HAR is one long line: it is parsed whole up to the document limit.
      const parseWhole = trimmed.length <= MAX_LINE_PARSE || (trimmed.startsWith('{"log"') && trimmed.length <= MAX_DOCUMENT_BYTES);
      if ((last === 125 || last === 93) && parseWhole) {
        const value = parseJson(trimmed);
        if (value !== undefined) return this.document(value, no, quoted);
      } else if (last !== 125 && last !== 93) {
        const depth = new JsonDepth();
        if (depth.feed(trimmed) === -1 && depth.depth > 0 && !depth.broken) {
          this.state = { kind: "json", line: no, quoted, parts: [trimmed], bytes: trimmed.length, depth };
          return;
        }
      }
    }
    // `ERROR response: {` with the JSON on the next lines: the whole line opens the block, so
    // the text before the value stays with it (its status, path, request id).
    const depth = trimmed.length <= MAX_LINE_PARSE ? openValueAtEnd(trimmed) : null;
    if (depth) {
      this.state = { kind: "json", line: no, quoted, parts: [trimmed], bytes: trimmed.length, depth };
      return;
    }
    const cli = CLI_ERROR_LINE.exec(trimmed);
    if (cli && !trimmed.includes('{"error"')) {
      this.state = { kind: "cli", line: no, message: (cli[1] ?? "").trim(), fields: {} };
      return;
    }
    if (trimmed.startsWith("miosa:")) {
      if (/^miosa:\s+command failed\s*$/.test(trimmed)) {
        // The Go CLI's friendly message, unless what it summarises was already reported.
        if (goMessage && goMessage.line === no - 1 && goMessage.line - this.lastFindingLine > 3) {
          this.emit(sdkFinding({ status: null, code: null, message: goMessage.text, requestId: null, body: null }, { status: null, method: null, path: null, headers: {} }, this.catalog, { line: goMessage.line, form: "sdk" }));
        }
        return;
      }
      if (!trimmed.includes("(status=")) {
        this.goMessage = { text: trimmed.slice(6).trim(), line: no };
        return;
      }
    }
    this.emitAll(findingsInText(text, no, quoted, this.catalog));
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

  private document(value: unknown, line: number, quoted: boolean): void {
    if (isHar(value)) this.emitAll(harFindings(value, this.catalog, line));
    else this.emitAll(findingsInDocument(value, this.catalog, { line, quoted }));
  }

  // A pretty-printed JSON document, line by line.
  private jsonLine(state: JsonBlock, raw: string, no: number): void {
    const text = state.quoted ? dequote(raw).text : raw;
    if (!continuesJson(text)) {
      this.finishJson(state, false);
      return this.line(raw, no);
    }
    state.bytes += text.length + 1;
    if (state.bytes > MAX_DOCUMENT_BYTES) {
      this.events.warning(
        `the JSON document starting at line ${state.line} is over the ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB document limit; the rest of it is read line by line`,
      );
      this.state = { kind: "idle" };
      return this.idleLine(raw, no);
    }
    const close = state.depth.feed(text);
    state.parts.push(close === -1 ? text : text.slice(0, close));
    if (close !== -1 || state.depth.broken) this.finishJson(state, close !== -1);
    // What follows the closing bracket on its line (`} {"error": ...}`) is read as a line of its own.
    const rest = close === -1 ? "" : text.slice(close);
    if (rest.trim() !== "") this.line(rest, no);
  }

  private finishJson(state: JsonBlock, complete: boolean): void {
    this.state = { kind: "idle" };
    const text = state.parts.join("\n");
    const value = complete ? parseJson(text) : undefined;
    if (value !== undefined) return this.document(value, state.line, state.quoted);
    // Truncated, or not JSON after all: look for envelopes inside it.
    this.emitAll(findingsInText(text, state.line, state.quoted, this.catalog, true));
  }

  // curl -i / -v transcripts: the transcript reads its lines, the decoder acts on what it says.
  private startHttp(status: number, line: number, verbose: boolean, quoted: boolean): void {
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
        return this.idleLine(raw, no);
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
    this.emit(finding);
  }

  // The TypeScript CLI's `Error:` block.
  private cliLine(state: CliText, raw: string, no: number): void {
    const field = CLI_FIELD_LINE.exec(dequote(raw).text);
    if (field) {
      state.fields[field[1]!.toLowerCase()] = (field[2] ?? "").trim();
      return;
    }
    this.finishCli(state);
    this.line(raw, no);
  }

  private finishCli(state: CliText): void {
    this.state = { kind: "idle" };
    const finding = cliBlockFinding(state, this.catalog, { line: state.line, form: "sdk" });
    if (finding) return this.emit(finding);
    // A plain `Error: ...` line: it may still hold an envelope or an SDK print.
    this.emitAll(findingsInText(state.message, state.line, false, this.catalog));
  }
}

/**
 * The depth counter of a JSON value that begins after some text on this line
 * and is still open at its end (`body: {`, `error={"error": {"code": "X",`),
 * or null when none is. One pass: values that close on the line are passed
 * over, stray closing brackets in prose ignored.
 */
export function openValueAtEnd(line: string): JsonDepth | null {
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 92 && line.charCodeAt(i + 1) === 34) {
      // `\"`: JSON written inside a JSON string (`"text": "{\"data\": [...]}"`), whose quotes are escaped:
      // its brackets still count, its quotes open no string.
      i++;
    } else if (c === 34) {
      if (depth > 0) inString = true;
    } else if (c === 123 || c === 91) {
      if (depth === 0) start = i;
      depth++;
    } else if ((c === 125 || c === 93) && depth > 0) depth--;
  }
  // A value from the very start of the line was tried as one already.
  if (depth === 0 || start <= 0) return null;
  const counter = new JsonDepth();
  return counter.feed(line.slice(start)) === -1 && counter.depth > 0 && !counter.broken ? counter : null;
}
