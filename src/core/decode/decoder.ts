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
import { parseJson } from "./values.js";

/** A multi-line JSON document (pretty-printed envelope, HAR) is held up to this size. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
/** A single line longer than this is searched as text rather than parsed whole as JSON. */
export const MAX_LINE_PARSE = 4 * 1024 * 1024;
/** The body of one response in a transcript is kept up to this size (its envelope is near the start). */
export const MAX_TRANSCRIPT_BODY = 1024 * 1024;
/** A curl -v request is paired with a response at most this many lines later. */
const REQUEST_REACH = 500;

export interface DecoderEvents {
  finding(finding: Finding): void;
  warning(message: string): void;
}

interface Request {
  method: string;
  path: string;
  line: number;
  host: string | null;
  key: string | null;
}

interface JsonBlock {
  kind: "json";
  line: number;
  quoted: boolean;
  parts: string[];
  bytes: number;
  depth: JsonDepth;
}

interface HttpResponse {
  kind: "http";
  line: number;
  status: number;
  verbose: boolean;
  quoted: boolean;
  phase: "headers" | "body";
  headers: Record<string, string>;
  request: Request | null;
  body: string[];
  bodyBytes: number;
  bodyMode: "unknown" | "json" | "html" | "text";
  depth: JsonDepth;
}

interface CliText {
  kind: "cli";
  line: number;
  message: string;
  fields: Record<string, string>;
}

type State = { kind: "idle" } | JsonBlock | HttpResponse | CliText;

const STATUS_LINE = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\b/;
const VERBOSE_STATUS_LINE = /^< HTTP\/\d(?:\.\d)?\s+(\d{3})\b/;
const VERBOSE_REQUEST_LINE = /^> ([A-Z]{3,10}) (\S{1,4096}) HTTP\/\d(?:\.\d)?\s*$/;
const HEADER_LINE = /^([A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}):[ \t]*(.*)$/;
// curl's own chatter in a -v transcript: `* Trying`, `{ [5 bytes data]`, the progress meter.
const CURL_NOISE = /^(?:\* |\{ \[|\} \[|\s*% Total|\s*Dload|\s*\d{1,3}\s+[\d.]+[kMG]?\s+\d{1,3}\s+[\d.]+[kMG]?\s)/;

export class Decoder {
  private state: State = { kind: "idle" };
  private request: Request | null = null;
  /** A Go CLI `miosa: <message>` line waiting for its `miosa: command failed`. */
  private goMessage: { text: string; line: number } | null = null;
  private lastFindingLine = -10;

  constructor(
    private readonly catalog: Catalog,
    private readonly events: DecoderEvents,
  ) {}

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
  }

  private finishJson(state: JsonBlock, complete: boolean): void {
    this.state = { kind: "idle" };
    const text = state.parts.join("\n");
    const value = complete ? parseJson(text) : undefined;
    if (value !== undefined) return this.document(value, state.line, state.quoted);
    // Truncated, or not JSON after all: look for envelopes inside it.
    this.emitAll(findingsInText(text, state.line, state.quoted, this.catalog, true));
  }

  // curl -i / -v transcripts.
  private startHttp(status: number, line: number, verbose: boolean, quoted: boolean): void {
    const request = this.request && line - this.request.line <= REQUEST_REACH ? this.request : null;
    this.request = null;
    this.state = {
      kind: "http", line, status, verbose, quoted, phase: "headers", headers: {}, request,
      body: [], bodyBytes: 0, bodyMode: "unknown", depth: new JsonDepth(),
    };
  }

  private httpLine(state: HttpResponse, raw: string, no: number): void {
    if (state.verbose) {
      if (raw.startsWith("< ") || raw === "<") {
        const status = VERBOSE_STATUS_LINE.exec(raw);
        if (status && state.phase === "body") {
          this.finishHttp(state);
          return this.startHttp(Number(status[1]), no, true, false);
        }
        if (state.phase === "headers") return this.headerLine(state, raw.slice(2), no);
        return;
      }
      if (raw.startsWith("> ")) {
        this.finishHttp(state);
        return this.idleLine(raw, no);
      }
      if (CURL_NOISE.test(raw)) {
        // `* Connection #0 ... left intact` comes after the body.
        if (state.phase === "body" && /^\* (?:Connection|Closing)/.test(raw)) this.finishHttp(state);
        return;
      }
      if (state.phase === "headers") state.phase = "body";
      return this.bodyLine(state, raw, no);
    }
    const text = state.quoted ? dequote(raw).text : raw;
    const status = STATUS_LINE.exec(text);
    if (status) {
      this.finishHttp(state);
      return this.startHttp(Number(status[1]), no, false, state.quoted);
    }
    if (state.phase === "headers") return this.headerLine(state, text, no);
    if (text.trim() === "" && state.bodyMode !== "json" && state.bodyMode !== "html") {
      if (state.bodyMode === "text") this.finishHttp(state);
      else if (state.body.length === 0) state.bodyMode = "unknown";
      return;
    }
    if (CURL_NOISE.test(text) && state.bodyMode === "unknown") return;
    this.bodyLine(state, text, no);
  }

  private headerLine(state: HttpResponse, text: string, no: number): void {
    if (text.trim() === "") {
      // 1xx answers (100 Continue) are followed by the real one.
      if (state.status < 200) {
        this.state = { kind: "idle" };
        this.request = state.request;
        return;
      }
      state.phase = "body";
      if (state.headers["content-length"]?.trim() === "0" || state.status === 204 || state.status === 304) this.finishHttp(state);
      return;
    }
    const header = HEADER_LINE.exec(text);
    if (header) {
      const name = header[1]!.toLowerCase();
      if (state.headers[name] === undefined) state.headers[name] = (header[2] ?? "").trim().slice(0, 4096);
      return;
    }
    const start = text.trimStart().charCodeAt(0);
    if (Object.keys(state.headers).length === 0 && start !== 123 && start !== 91 && start !== 60) {
      // "HTTP/1.1 409 is what we get" in prose: not a transcript after all.
      this.state = { kind: "idle" };
      return this.idleLine(text, no);
    }
    // No blank line before the body (an edited paste): the body starts here.
    state.phase = "body";
    this.bodyLine(state, text, no);
  }

  private bodyLine(state: HttpResponse, text: string, no: number): void {
    if (state.bodyMode === "unknown") {
      const start = text.trimStart();
      if (start === "") return;
      const c = start.charCodeAt(0);
      state.bodyMode = c === 123 || c === 91 ? "json" : c === 60 ? "html" : "text";
    }
    if (state.bodyMode === "json" && state.body.length > 0 && !continuesJson(text)) {
      // The body ended without closing (cut off); this line belongs to what follows.
      this.finishHttp(state);
      return this.line(text, no);
    }
    let kept = text;
    let done = false;
    if (state.bodyMode === "json") {
      const close = state.depth.feed(text);
      if (close !== -1) {
        kept = text.slice(0, close);
        done = true;
      } else if (state.depth.broken) done = true;
    } else if (state.bodyMode === "html") {
      done = text.toLowerCase().includes("</html>");
    }
    if (state.bodyBytes < MAX_TRANSCRIPT_BODY) state.body.push(kept.slice(0, MAX_TRANSCRIPT_BODY - state.bodyBytes));
    state.bodyBytes += kept.length + 1;
    if (state.bodyBytes > MAX_DOCUMENT_BYTES) done = true;
    if (done) this.finishHttp(state);
  }

  private finishHttp(state: HttpResponse): void {
    this.state = { kind: "idle" };
    const request = state.request;
    const finding = explainResponse(
      { status: state.status, headers: state.headers, body: state.body.join("\n"), method: request?.method ?? null, path: request?.path ?? null },
      this.catalog,
      "curl",
      state.line,
    );
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
