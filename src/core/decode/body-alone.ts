// An envelope printed alone, with no status beside it, is held for one line:
// `curl -s -w '\n%{http_code}'` writes the status on the line after the body.
// A line that is only an error status joins it (through the text record,
// which explains the error again with its status); any other line, or any
// other finding, lets it go as it was, first, so the order stays the input's.
import type { Finding } from "../finding/finding.js";
import type { TextRecord } from "./text-record.js";

/** A line that is only an error status. */
const WRITTEN_STATUS = /^\s*([45]\d\d)\s*$/;

export class BodyAlone {
  private body: Finding | null = null;

  constructor(
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
    return true;
  }

  /** The line after the body: true when it was the body's status (and is read no further). */
  line(raw: string, no: number): boolean {
    const body = this.body;
    if (body === null) return false;
    const written = WRITTEN_STATUS.exec(raw);
    if (!written) {
      this.letGo();
      return false;
    }
    this.body = null;
    this.text.add({ line: body.source.line, form: body.source.form, finding: body });
    this.text.add({ line: no, form: body.source.form, status: Number(written[1]) });
    this.text.flush();
    return true;
  }

  /** The held body goes out as it was. */
  letGo(): void {
    const body = this.body;
    this.body = null;
    if (body !== null) this.release(body);
  }
}
