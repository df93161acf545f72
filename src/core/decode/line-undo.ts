// What a line's transport did to it, undone before the decoder reads it:
// terminal colours, a mail's quoted-printable (whose soft breaks join two
// lines into one), HTML escapes. Only lines with their marks are touched.
import { MAX_LINE_PARSE } from "./limits.js";
import { dequote } from "./text-forms.js";
import { decodeQuotedPrintable, looksQuotedPrintable, stripAnsi, unescapeHtml } from "./text-lines.js";

/** ESC and CSI (terminal colours), `=` (quoted-printable), `&` (HTML escapes): one native search each, cheaper than a class. */
function mayNeedUndoing(line: string): boolean {
  return line.includes("\u001b") || line.includes("=") || line.includes("&") || line.includes("\u009b");
}

export class LineUndo {
  /** A quoted-printable line that ended in `=`: it goes on in the next one. */
  private softBreak: string | null = null;

  /** A line is waiting for the one that ends it. */
  get pending(): boolean {
    return this.softBreak !== null;
  }

  /** The line as it was written, or null when it goes on in the next one. */
  undo(raw: string): string | null {
    if (this.softBreak === null && !mayNeedUndoing(raw)) return raw;
    let text = stripAnsi(raw);
    if (this.softBreak !== null) {
      text = this.softBreak + dequote(text).text;
      this.softBreak = null;
    }
    if (text.endsWith("=") && looksQuotedPrintable(text) && text.length < MAX_LINE_PARSE) {
      this.softBreak = text.slice(0, -1);
      return null;
    }
    return unescapeHtml(decodeQuotedPrintable(text));
  }

  /** At the end of the input: the waiting line's text, once. */
  takePending(): string | null {
    const text = this.softBreak;
    this.softBreak = null;
    return text;
  }
}
