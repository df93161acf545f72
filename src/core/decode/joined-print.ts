// Prints that run over several lines but say one thing, joined back into one
// line of text and read as the one-line print is:
// - Elixir's IO.inspect breaks a `%Miosa.Error{...}` struct at each field once
//   it is too wide, and its fields (`status: 409,`, `code: nil,`) mean nothing
//   one by one: joined until its braces balance.
// - A client puts a proxy's HTML page in its error verbatim, newlines and all
//   (Python's `miosa.errors.ServerError: <html>`, the TS CLI's
//   `Error: Server error (502): <html>`, its `[debug] response_body=<html>`):
//   joined up to `</html>`. A blank line or a log record's start ends it
//   sooner, and is read as itself: a page cut short must not swallow the log
//   after it.
import { startsLogRecord } from "./text-forms.js";

const STRUCT_OPENER = "%Miosa.Error{";
/** A client's error print whose message starts an HTML page (asked of a line's first KB: every part is bounded). */
const PAGE_OPENER =
  /^(?:\s{0,8}(?:[✖✗×!]\s*)?(?:Error|Unexpected error|Fatal): (?:[^<]{0,120}: )?|\[debug\] response_body=|[^\n]{0,512}?\bmiosa\.errors\.[A-Za-z]+Error: )<(?:!doctype html|html)\b/i;
const PAGE_END = /<\/html\s*>/i;
/** A print is joined over at most this many lines or characters; past them what was gathered is read as it is. */
const MAX_LINES = 200;
const MAX_CHARS = 64 * 1024;

/** Open braces minus closed ones from `from` on, outside double-quoted strings. */
function braceBalance(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123) depth++;
    else if (c === 125) depth--;
  }
  return depth;
}

export class JoinedPrint {
  private parts: string[] | null = null;
  private chars = 0;
  /** The struct's open braces; null for a page. */
  private depth: number | null = null;
  private first = 0;

  get open(): boolean {
    return this.parts !== null;
  }

  /** The line the print being joined began on. */
  get line(): number {
    return this.first;
  }

  /** Begins joining when the line opens a print it does not close; false (nothing kept) otherwise. */
  start(text: string, no: number): boolean {
    const at = text.indexOf(STRUCT_OPENER);
    if (at !== -1) {
      const depth = braceBalance(text, at);
      return depth > 0 && this.begin(text, no, depth);
    }
    return text.includes("<") && PAGE_OPENER.test(text.slice(0, 1024)) && !PAGE_END.test(text) && this.begin(text, no, null);
  }

  private begin(text: string, no: number, depth: number | null): true {
    this.parts = [text];
    this.chars = text.length;
    this.depth = depth;
    this.first = no;
    return true;
  }

  /** Whether the line ends the page being joined without being part of it (a blank line, a new log record). */
  endsBefore(text: string): boolean {
    return this.depth === null && (text.trim() === "" || startsLogRecord(text));
  }

  /** The print's next line: the whole print as one line once it closes (or grows too long), else null. */
  add(text: string): string | null {
    const parts = this.parts!;
    parts.push(text.trim());
    this.chars += text.length;
    const closed = this.depth === null ? PAGE_END.test(text) : (this.depth += braceBalance(text, 0)) <= 0;
    return closed || parts.length >= MAX_LINES || this.chars >= MAX_CHARS ? this.take() : null;
  }

  /** What was gathered, as one line (at the input's end, once it closed, or when a line ended it). */
  take(): string | null {
    const parts = this.parts;
    this.parts = null;
    return parts === null ? null : parts.join(" ");
  }
}
