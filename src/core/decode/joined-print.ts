// Prints that run over several lines but say one thing, joined back into one
// line of text and read as the one-line print is:
// - Elixir's IO.inspect breaks a `%Miosa.Error{...}` struct at each field once
//   it is too wide, and its fields (`status: 409,`, `code: nil,`) mean nothing
//   one by one: joined until its braces balance.
// - Node's util.inspect of a TS SDK error breaks its `details` the same way
//   when they are too wide for one line: `  details: {`, lines indented
//   deeper, then `  },`. Joined by that shape, not by counting brackets
//   (Node quotes a string holding ' and " in backticks).
// - A client puts a proxy's HTML page in its error verbatim, newlines and all
//   (the Go SDK's `miosa: <html>`, Python's `miosa.errors.ServerError: <html>`, the TS CLI's
//   `Error: Server error (502): <html>`, its `[debug] response_body=<html>`):
//   joined up to `</html>`, while its lines look like a page's.
// A line that does not fit the shape ends the print before it and is read as
// itself: a print cut short must not swallow the log after it.

import { startsLogRecord } from "./text-forms.js";

const STRUCT_OPENER = "%Miosa.Error{";
/** A TS SDK error's `details` property as Node prints it over several lines; the lines inside, and its close. */
const DETAILS_OPENER = /^ {2}details: [{[]$/;
const DETAILS_INSIDE = /^ {4}/;
const DETAILS_CLOSE = /^ {2}[}\]],?\s*$/;
/** A line of Node's print inside `details`: `key: value`, `'key': value`, a string, a bracket, a number, `[Object]` (not JSON's `"key": `). */
const DETAILS_LINE = /^ {4,}(?:[A-Za-z_$][\w$]*: |['`]|"(?![^"]*": )|[{}[\]]|(?:-?\d[\d.]*|true|false|null|undefined)(?:,|\s*$)|\.\.\.)/;
/** What no style sheet or script line says but an error's print does. */
const RAW_STOP = /rror|RROR|status=|request_id|HTTP\//;
/** A client's error print whose message starts an HTML page (asked of a line's first KB: every part is bounded). */
const PAGE_OPENER =
  /^(?:\s{0,8}(?:[✖✗×!]\s*)?(?:Error|Unexpected error|Fatal): (?:[^<]{0,120}: )?|\[debug\] response_body=|[^\n]{0,512}?\bmiosa(?:\.errors\.[A-Za-z]+Error)?: )<(?:!doctype html|html)\b/i;
const PAGE_END = /<\/html\s*>/i;
/** Where a page's lines need not start with a tag: inside its style sheet or script (Google's pages inline CSS). */
const RAW_OPEN = /<(?:style|script)\b/i;
const RAW_CLOSE = /<\/(?:style|script)\s*>/i;
/** A print is joined over at most this many lines or characters; past them what was gathered is read as it is. */
const MAX_LINES = 200;
const MAX_CHARS = 64 * 1024;

/** Open braces minus closed ones from `from` on, outside double-quoted strings (Elixir's). */
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

type Kind = "struct" | "details" | "page";

export class JoinedPrint {
  private parts: string[] | null = null;
  private chars = 0;
  private kind: Kind = "struct";
  /** The struct's open braces. */
  private depth = 0;
  /** Inside a page's <style> or <script>. */
  private raw = false;
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
      this.depth = braceBalance(text, at);
      return this.depth > 0 && this.begin(text, no, "struct");
    }
    if (text.startsWith("  details: ") && DETAILS_OPENER.test(text)) return this.begin(text, no, "details");
    if (!text.includes("<") || !PAGE_OPENER.test(text.slice(0, 1024)) || PAGE_END.test(text)) return false;
    this.raw = rawAfter(text, false);
    return this.begin(text, no, "page");
  }

  private begin(text: string, no: number, kind: Kind): true {
    this.parts = [text];
    this.chars = text.length;
    this.kind = kind;
    this.first = no;
    return true;
  }

  /**
   * The next line while a print is open: true when it is the print's. The whole print goes to `read` once it
   * closes, grows too long, or this line, not shaped as the print's lines are, ends it (and is not taken).
   */
  feed(text: string, read: (whole: string, line: number) => void): boolean {
    if (this.parts === null) return false;
    if (this.endsBefore(text)) {
      read(this.take()!, this.first);
      return false;
    }
    const whole = this.add(text);
    if (whole !== null) read(whole, this.first);
    return true;
  }

  /** Whether the line ends the print being joined without being part of it: it is not shaped as the print's lines are. */
  private endsBefore(text: string): boolean {
    if (this.kind === "details") {
      if (DETAILS_CLOSE.test(text)) return false;
      // Node writes a key, a quoted string, a bracket or a number there: an indented log line or JSON is another print.
      return !DETAILS_INSIDE.test(text) || !DETAILS_LINE.test(text);
    }
    // A blank line, a new record or an error's words end a page even inside its style sheet or script: one cut
    // there must not swallow the log.
    if (this.kind === "page")
      return (!this.raw && !text.trimStart().startsWith("<")) || text.trim() === "" || startsLogRecord(text) || (this.raw && RAW_STOP.test(text));
    // A struct cut short (`status: 409, ...`): a new record is not its (a blank line may be, in a paste).
    return startsLogRecord(text);
  }

  /** The print's next line: the whole print as one line once it closes (or grows too long), else null. */
  private add(text: string): string | null {
    const parts = this.parts!;
    parts.push(text.trim());
    this.chars += text.length;
    let closed: boolean;
    if (this.kind === "details") closed = DETAILS_CLOSE.test(text);
    else if (this.kind === "page") {
      closed = PAGE_END.test(text);
      this.raw = rawAfter(text, this.raw);
    } else closed = (this.depth += braceBalance(text, 0)) <= 0;
    return closed || parts.length >= MAX_LINES || this.chars >= MAX_CHARS ? this.take() : null;
  }

  /** What was gathered, as one line (at the input's end, once it closed, or when a line ended it). */
  take(): string | null {
    const parts = this.parts;
    this.parts = null;
    return parts === null ? null : parts.join(" ");
  }
}

/** Whether a page is inside a <style> or <script> after this line of it. */
function rawAfter(text: string, raw: boolean): boolean {
  const open = text.search(RAW_OPEN);
  const close = text.search(RAW_CLOSE);
  if (open === -1) return close === -1 ? raw : false;
  return close === -1 || close < open;
}
