// One HTTP response in a curl -i or curl -v transcript, read line by line:
// status, headers, then a body that ends when its JSON closes, its HTML
// ends, a blank line follows text, or the next transcript begins.
import type { Catalog } from "../catalog.js";
import { explainResponse } from "../finding/explain.js";
import type { Finding } from "../finding/finding.js";
import type { EnvelopeFacts } from "../finding/envelope.js";
import { redactSecrets } from "../sanitize.js";
import { MAX_DOCUMENT_BYTES } from "./limits.js";
import type { ObservedResponse } from "../finding/finding.js";
import { JsonDepth } from "./json-scan.js";
import { continuesJson, dequote } from "./text-forms.js";

/** The body of one response in a transcript is kept up to this size (its envelope is near the start). */
export const MAX_TRANSCRIPT_BODY = 1024 * 1024;

/** How a line of a curl transcript starts (see markers.ts); `> ` request lines are among TEXT_FORM_MARKERS' quotes. */
export const TRANSCRIPT_MARKERS = { starts: ["HTTP/", "< HTTP/"] } as const;

export const STATUS_LINE = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\b/;
export const VERBOSE_STATUS_LINE = /^< HTTP\/\d(?:\.\d)?\s+(\d{3})\b/;
export const VERBOSE_REQUEST_LINE = /^> ([A-Z]{3,10}) (\S{1,4096}) HTTP\/\d(?:\.\d)?\s*$/;
export const HEADER_LINE = /^([A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}):[ \t]*(.*)$/;
// curl's own chatter in a -v transcript: `* Trying`, `{ [5 bytes data]`, the progress meter.
export const CURL_NOISE = /^(?:\* |\{ \[|\} \[|\s*% Total|\s*Dload|\s*\d{1,3}\s+[\d.]+[kMG]?\s+\d{1,3}\s+[\d.]+[kMG]?\s)/;

// curl -v's note of data sent or received, which 2>&1 can write into the middle of a body line.
const DATA_NOTE = /[{}] \[\d+ bytes data\]\s*$/;

/** The request a transcript showed (`> POST /path`, or a `curl ... URL` command). */
export interface Request {
  method: string;
  path: string;
  line: number;
  host: string | null;
  /** An API key seen in its Authorization header, to warn about. */
  key: string | null;
}

/**
 * What a line did to the response: `more` (consumed, goes on); `finished`
 * (consumed, the response is complete); `finished-reread` (complete, and the
 * line belongs to what follows); `informational` (a 1xx is over, the real
 * answer follows); `not-a-transcript` (a status line in prose).
 */
export type TranscriptStep = "more" | "finished" | "finished-reread" | "informational" | "not-a-transcript";

export class HttpTranscript {
  private phase: "headers" | "body" = "headers";
  private readonly headers: Record<string, string> = {};
  private readonly body: string[] = [];
  private bodyBytes = 0;
  private bodyMode: "unknown" | "json" | "html" | "text" = "unknown";
  private readonly depth = new JsonDepth();
  /** curl -v wrote `* Connection ... left intact` before any body: with stdout not a terminal, the body comes after it. */
  private bodyAfterConnection = false;
  /** A body line curl's `{ [N bytes data]` cut in two: its first part, waiting for the rest on the next line. */
  private cutPiece: string | null = null;
  /** What followed the body's closing bracket on its line: not the body's, read on its own. */
  leftover: string | null = null;

  constructor(
    readonly status: number,
    readonly line: number,
    private readonly verbose: boolean,
    private readonly quoted: boolean,
    readonly request: Request | null,
  ) {}

  /** No body was read (with -v, curl wrote it elsewhere: stdout captured apart). */
  get bodyless(): boolean {
    return this.bodyBytes === 0;
  }

  response(): ObservedResponse {
    return {
      status: this.status,
      headers: this.headers,
      body: this.body.join("\n"),
      method: this.request?.method ?? null,
      path: this.request?.path ?? null,
    };
  }

  feed(raw: string): TranscriptStep {
    if (this.verbose) return this.verboseLine(raw);
    const text = this.quoted ? dequote(raw).text : raw;
    if (STATUS_LINE.test(text)) return "finished-reread";
    if (this.phase === "headers") return this.headerLine(text);
    if (text.trim() === "" && this.bodyMode !== "json" && this.bodyMode !== "html") {
      if (this.bodyMode === "text") return "finished";
      return "more";
    }
    if (CURL_NOISE.test(text) && this.bodyMode === "unknown") return "more";
    return this.bodyLine(text);
  }

  private verboseLine(raw: string): TranscriptStep {
    if (raw.startsWith("< ") || raw === "<") {
      if (this.phase === "body") return VERBOSE_STATUS_LINE.test(raw) ? "finished-reread" : "more";
      return this.headerLine(raw.slice(2));
    }
    if (raw.startsWith("> ")) return "finished-reread";
    if (CURL_NOISE.test(raw)) {
      if (this.phase !== "body" || !/^\* (?:Connection|Closing)/.test(raw)) return "more";
      // `* Connection #0 ... left intact` comes after the body, or, with curl's stdout not a terminal, before it.
      if (this.body.length > 0 || this.bodyAfterConnection) return "finished";
      this.bodyAfterConnection = true;
      return "more";
    }
    if (this.bodyAfterConnection && this.body.length === 0 && !/^\s*[{[<]/.test(raw)) return "finished-reread";
    this.phase = "body";
    // curl's `{ [N bytes data]` written into the middle of a body line: the line goes on on the next one.
    const cut = DATA_NOTE.exec(raw);
    let text = this.cutPiece === null ? raw : this.cutPiece + raw;
    this.cutPiece = null;
    if (cut && cut.index > 0) {
      this.cutPiece = (this.cutPiece ?? "") + text.slice(0, text.length - (raw.length - cut.index));
      return "more";
    }
    if (cut) text = text.slice(0, text.length - (raw.length - cut.index));
    return this.bodyLine(text);
  }

  private headerLine(text: string): TranscriptStep {
    if (text.trim() === "") {
      // 1xx answers (100 Continue) are followed by the real one.
      if (this.status < 200) return "informational";
      this.phase = "body";
      const empty = this.headers["content-length"]?.trim() === "0" || this.status === 204 || this.status === 304;
      return empty ? "finished" : "more";
    }
    const header = HEADER_LINE.exec(text);
    if (header) {
      const name = header[1]!.toLowerCase();
      if (this.headers[name] === undefined) this.headers[name] = (header[2] ?? "").trim().slice(0, 4096);
      return "more";
    }
    const start = text.trimStart().charCodeAt(0);
    // "HTTP/1.1 409 is what we get" in prose: not a transcript after all.
    if (Object.keys(this.headers).length === 0 && start !== 123 && start !== 91 && start !== 60) return "not-a-transcript";
    // No blank line before the body (an edited paste): the body starts here.
    this.phase = "body";
    return this.bodyLine(text);
  }

  private bodyLine(text: string): TranscriptStep {
    if (this.bodyMode === "unknown") {
      const start = text.trimStart();
      if (start === "") return "more";
      const c = start.charCodeAt(0);
      this.bodyMode = c === 123 || c === 91 ? "json" : c === 60 ? "html" : "text";
    }
    // A JSON body that stops without closing (cut off): this line belongs to what follows.
    if (this.bodyMode === "json" && this.body.length > 0 && !continuesJson(text)) return "finished-reread";
    let kept = text;
    let done = false;
    if (this.bodyMode === "json") {
      const close = this.depth.feed(text);
      if (close !== -1) {
        kept = text.slice(0, close);
        done = true;
        if (text.slice(close).trim() !== "") this.leftover = text.slice(close);
      } else done = this.depth.broken;
    } else if (this.bodyMode === "html") {
      done = text.toLowerCase().includes("</html>");
    }
    if (this.bodyBytes < MAX_TRANSCRIPT_BODY) this.body.push(kept.slice(0, MAX_TRANSCRIPT_BODY - this.bodyBytes));
    this.bodyBytes += kept.length + 1;
    return done || this.bodyBytes > MAX_DOCUMENT_BYTES ? "finished" : "more";
  }
}

/** A `> name: value` request header of a curl -v transcript; notes the API key so it can be flagged. */
export function readRequestHeader(request: Request, header: string): boolean {
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

/** The finding a finished transcript gives, with a warning when its request showed an API key. */
export function transcriptFinding(transcript: HttpTranscript, catalog: Catalog, apart: EnvelopeFacts | null = null): Finding | null {
  const finding = explainResponse(transcript.response(), catalog, "curl", transcript.line, apart);
  const key = transcript.request?.key;
  if (finding && key) {
    finding.warnings.push(`the transcript shows an API key (${redactSecrets(key)}) in its Authorization header; rotate it if this was shared`);
  }
  return finding;
}
