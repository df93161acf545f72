// An envelope printed alone, with no status beside it, is held for one line:
// `curl -s -w '\n%{http_code}'` writes the status on the line after the body.
// A line that is only an error status joins it (through the text record,
// which explains the error again with its status); any other line, a
// document starting, or any other finding lets it go as it was, first, so
// the order stays the input's. A body printed before the rest of its answer
// (stdout, then stderr, captured apart) is held longer: through a curl -v
// trace, whose answer has no body of its own then (decoder.ts takes it), and
// into the Go CLI's `miosa: API returned 404` and what follows it.
import type { Catalog } from "../catalog.js";
import { codeKey } from "../catalog.js";
import type { Finding } from "../finding/finding.js";
import { utf8Bytes } from "../bytes.js";
import { collectorMarkLengthOf } from "./collector-mark.js";
import { lineMayMatter } from "./markers.js";
import { factsOf, type TextRecord } from "./text-record.js";
import { CURL_NOISE } from "./transcript.js";
import type { EnvelopeFacts } from "../finding/envelope.js";

/** A line that is only an error status. */
const WRITTEN_STATUS = /^\s*([45]\d\d)\s*$/;
/**
 * The request and answer lines of curl -v's trace (a request line, headers, the blank `>`); with its
 * notes, data notes and progress meter (CURL_NOISE), the whole trace. Not any `> ` line: a mail's
 * quoted reply is not a trace.
 */
const TRACE_EXCHANGE = /^(?:< |[<>]\s*$|> (?:[A-Z]{3,10} \S+ HTTP\/|[A-Za-z0-9-]{1,100}:))/;
const isTraceLine = (line: string) => CURL_NOISE.test(line) || TRACE_EXCHANGE.test(line);
/** A trace longer than this is not the held body's (a -v trace is a few dozen lines). */
const MAX_TRACE_LINES = 200;
/** The Go CLI's `miosa api`: its stderr says the status of the body it wrote to stdout. */
const API_RETURNED = /^miosa: API returned ([45]\d\d)\s*$/;

export class BodyAlone {
  private body: Finding | null = null;
  /** A blank line came after the body: a body that ends in a newline, then `-w '\n%{http_code}'`. */
  private blank = false;
  /** Lines of a curl -v trace read while the body was held, and whether a line after the trace came. */
  private traced = 0;
  private traceEnded = false;

  constructor(
    private readonly catalog: Catalog,
    private readonly text: TextRecord,
    private readonly release: (finding: Finding) => void,
  ) {}

  get holding(): boolean {
    return this.body !== null;
  }

  /** Holds the finding when it is a body alone (the only finding of its line or document); true then. */
  hold(finding: Finding, ofOne: boolean): boolean {
    if (!ofOne || finding.kind !== "envelope" || finding.http_status !== null || finding.source.form !== "envelope") return false;
    this.letGo();
    this.body = finding;
    this.blank = false;
    this.traced = 0;
    this.traceEnded = false;
    return true;
  }

  /**
   * The line after the body: true when it takes the line, which is read no further: the body's status, or a
   * line the decoder was fed only because a body was held (`busy` false once it is let go) and that the
   * feeder would have passed over.
   */
  takes(raw: string, no: number, busy: () => boolean): boolean {
    const body = this.body;
    if (body === null) return false;
    const line = raw.slice(collectorMarkLengthOf(raw));
    if (this.traced > 0) {
      // Held through a trace, which is read as usual. The line after it finishes the trace's answer, which
      // takes the body (bodyOf) or, with a finding of its own, lets it go; otherwise it goes before the next.
      if (this.traceEnded) return this.goesBefore(raw, busy);
      if (isTraceLine(line) && this.traced < MAX_TRACE_LINES) this.traced++;
      else if (this.joinsStatus(body, line, no))
        return true; // `-v -w '\n%{http_code}'`: the status after the trace
      else this.traceEnded = true;
      return false;
    }
    // One blank line may stand between: it ends no record, as nothing but the body is open.
    if (!this.blank && line.trim() === "") return (this.blank = true);
    if (isTraceLine(line)) {
      this.traced = 1;
      return false;
    }
    const returned = API_RETURNED.exec(line);
    if (returned && this.mayHave(body, Number(returned[1]))) {
      // The record this line opens takes the body in, as when the body comes between its lines.
      this.body = null;
      this.text.add({ line: body.source.line, form: body.source.form, finding: body });
      return false;
    }
    return this.joinsStatus(body, line, no) || this.goesBefore(raw, busy);
  }

  /** A line that is only a status the body's code may have joins it: true then. */
  private joinsStatus(body: Finding, line: string, no: number): boolean {
    const written = WRITTEN_STATUS.exec(line);
    if (!written || !this.mayHave(body, Number(written[1]))) return false;
    this.body = null;
    this.text.add({ line: body.source.line, form: body.source.form, finding: body });
    this.text.add({ line: no, form: body.source.form, status: Number(written[1]) });
    this.text.flush();
    return true;
  }

  /** Lets the body go before this line; true (the line is read no further) for a line fed only because it was held. */
  private goesBefore(raw: string, busy: () => boolean): boolean {
    this.letGo();
    return !busy() && !lineMayMatter(utf8Bytes(raw));
  }

  /** The held body's facts, once, for the answer of a curl -v trace after it when that answer has no body of its own; else null. */
  bodyOf(answer: { readonly status: number; readonly bodyless: boolean }): EnvelopeFacts | null {
    const body = this.body;
    if (body === null || this.traced === 0 || !answer.bodyless || answer.status < 400 || !this.mayHave(body, answer.status)) return null;
    this.body = null;
    return factsOf(body);
  }

  /** Whether the body's code may come with this status: a code the catalog knows only under others does not (a script's next status). */
  private mayHave(body: Finding, status: number): boolean {
    const entries = body.code === null ? undefined : this.catalog.byCode.get(codeKey(body.code));
    return entries === undefined || entries.length === 0 || entries.some((entry) => entry.http_status === status);
  }

  /** The held body goes out as it was. */
  letGo(): void {
    const body = this.body;
    this.body = null;
    if (body !== null) this.release(body);
  }
}
