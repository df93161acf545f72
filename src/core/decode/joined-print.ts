// Prints that run over several lines but say one thing, joined back into one
// line of text and read as the one-line print is:
// - Elixir's IO.inspect breaks a `%Miosa.Error{...}` struct at each field once
//   it is too wide, and its fields (`status: 409,`, `code: nil,`) mean nothing
//   one by one: joined until its braces balance.
// - Node's util.inspect of a TS SDK error breaks its `details` the same way
//   when they are too wide for one line (`  details: {`, a field a line,
//   `  },`): joined until its brackets balance.
// - A client puts a proxy's HTML page in its error verbatim, newlines and all
//   (Python's `miosa.errors.ServerError: <html>`, the TS CLI's
//   `Error: Server error (502): <html>`, its `[debug] response_body=<html>`):
//   joined up to `</html>`. A blank line or a log record's start ends it
//   sooner, and is read as itself: a page cut short must not swallow the log
//   after it.
import { startsLogRecord } from "./text-forms.js";

const STRUCT_OPENER = "%Miosa.Error{";
/** A TS SDK error's `details` property as Node prints it over several lines. */
const DETAILS_OPENER = /^ {2}details: [{[]$/;
/** A client's error print whose message starts an HTML page (asked of a line's first KB: every part is bounded). */
const PAGE_OPENER =
  /^(?:\s{0,8}(?:[✖✗×!]\s*)?(?:Error|Unexpected error|Fatal): (?:[^<]{0,120}: )?|\[debug\] response_body=|[^\n]{0,512}?\bmiosa\.errors\.[A-Za-z]+Error: )<(?:!doctype html|html)\b/i;
const PAGE_END = /<\/html\s*>/i;
/** A print is joined over at most this many lines or characters; past them what was gathered is read as it is. */
const MAX_LINES = 200;
const MAX_CHARS = 64 * 1024;

/** How a print's depth is counted: Elixir's braces in "strings", or Node's braces and brackets in '' or "" strings. */
type Balance = "braces" | "brackets";

/** Open minus closed from `from` on, outside strings. */
function balanceOf(text: string, from: number, kind: Balance): number {
  const brackets = kind === "brackets";
  let depth = 0;
  let quote = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92) i++;
      else if (c === quote) quote = 0;
    } else if (c === 34 || (brackets && c === 39)) quote = c;
    else if (c === 123 || (brackets && c === 91)) depth++;
    else if (c === 125 || (brackets && c === 93)) depth--;
  }
  return depth;
}

export class JoinedPrint {
  private parts: string[] | null = null;
  private chars = 0;
  /** How deep the print is still open; null for a page. */
  private depth: number | null = null;
  private balance: Balance = "braces";
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
      const depth = balanceOf(text, at, "braces");
      return depth > 0 && this.begin(text, no, depth, "braces");
    }
    if (text.startsWith("  details: ") && DETAILS_OPENER.test(text)) return this.begin(text, no, 1, "brackets");
    return text.includes("<") && PAGE_OPENER.test(text.slice(0, 1024)) && !PAGE_END.test(text) && this.begin(text, no, null, "braces");
  }

  private begin(text: string, no: number, depth: number | null, balance: Balance): true {
    this.parts = [text];
    this.chars = text.length;
    this.depth = depth;
    this.balance = balance;
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
    const closed = this.depth === null ? PAGE_END.test(text) : (this.depth += balanceOf(text, 0, this.balance)) <= 0;
    return closed || parts.length >= MAX_LINES || this.chars >= MAX_CHARS ? this.take() : null;
  }

  /** What was gathered, as one line (at the input's end, once it closed, or when a line ended it). */
  take(): string | null {
    const parts = this.parts;
    this.parts = null;
    return parts === null ? null : parts.join(" ");
  }
}
