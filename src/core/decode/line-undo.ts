// What a line's transport did to it, undone before the decoder reads it: a
// log collector's mark before it, terminal colours, a mail's quoted-printable
// (whose soft breaks join two lines into one), HTML escapes. Only lines with
// their marks are touched.
import { MAX_LINE_PARSE } from "./limits.js";
import { collectorMarkLengthOf } from "./collector-mark.js";
import { afterLeadingTime, dequote } from "./text-forms.js";
import { decodeQuotedPrintable, looksQuotedPrintable, stripAnsi, unescapeHtml } from "./text-lines.js";

/**
 * The line without the marks a log collector put before it (collector-mark.ts). A time of ISO 8601 at its
 * start may be a program's own, which starts a log record (text-forms.ts): it is taken off only before what
 * goes on with a print (an indented line, a closing bracket, nothing), where a record never starts.
 */
function withoutCollectorMark(line: string): string {
  const marks = collectorMarkLengthOf(line);
  if (marks > 0) return line.slice(marks);
  const at = afterLeadingTime(line);
  if (at === 0) return line;
  const next = line.charCodeAt(at);
  return at >= line.length || next === 32 || next === 9 || next === 125 || next === 93 || next === 41 ? line.slice(at) : line;
}

// A mail whose header says its body is quoted-printable: every line of it is, escapes or not (`"` goes
// unescaped, so a piece of a JSON line may hold none). A MIME part's boundary ends that body.
const QP_HEADER = /^content-transfer-encoding:\s*quoted-printable\s*$/i;
const PART_BOUNDARY = /^--\S/;

/** ESC and CSI (terminal colours), `=` (quoted-printable), `&` (HTML escapes): one native search each, cheaper than a class. */
function mayNeedUndoing(line: string): boolean {
  return line.includes("\u001b") || line.includes("=") || line.includes("&") || line.includes("\u009b");
}

export class LineUndo {
  /** A quoted-printable line that ended in `=`: it goes on in the next one. */
  private softBreak: string | null = null;
  /** In the body of a mail part its header says is quoted-printable. */
  private quotedPrintable = false;

  /** A line is waiting for the one that ends it. */
  get pending(): boolean {
    return this.softBreak !== null;
  }

  /** The line as it was written, or null when it goes on in the next one. */
  undo(marked: string): string | null {
    const raw = withoutCollectorMark(marked);
    if (this.quotedPrintable) this.quotedPrintable = !PART_BOUNDARY.test(raw);
    else if ((raw.charCodeAt(0) | 0x20) === 0x63 && QP_HEADER.test(raw)) this.quotedPrintable = true;
    if (this.softBreak === null && !mayNeedUndoing(raw)) return raw;
    let text = stripAnsi(raw);
    if (this.softBreak !== null) {
      text = this.softBreak + dequote(text).text;
      this.softBreak = null;
    }
    if (text.endsWith("=") && (this.quotedPrintable || looksQuotedPrintable(text)) && text.length < MAX_LINE_PARSE) {
      this.softBreak = text.slice(0, -1);
      return null;
    }
    return unescapeHtml(decodeQuotedPrintable(text, this.quotedPrintable));
  }

  /** At the end of the input: the waiting line's text, once. */
  takePending(): string | null {
    const text = this.softBreak;
    this.softBreak = null;
    return text;
  }
}
