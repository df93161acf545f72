// Finding JSON inside text without trusting it: bracket depth line by line,
// the envelope objects inside a line of prose or a log, and envelopes
// JSON-encoded inside a string ("body":"{\"error\":...}"). One forward pass
// each, an explicit stack, no recursion and no backtracking regex.
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, OPEN_BRACE, OPEN_BRACKET, QUOTE } from "../bytes.js";

/**
 * The bracket depth of JSON fed to it one line at a time. A string never
 * spans lines in JSON, so each line starts outside one: a stray quote in
 * prose cannot hide the rest of the input.
 */
export class JsonDepth {
  depth = 0;
  /** A closing bracket came with nothing open: this is not JSON. */
  broken = false;
  private started = false;

  /** Feeds one line; returns the index just after the bracket that closed the value, or -1. */
  feed(line: string): number {
    let inString = false;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (inString) {
        if (c === BACKSLASH) i++;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (c === QUOTE) {
        if (this.depth > 0) inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.depth++;
        this.started = true;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.depth === 0) {
          this.broken = true;
          return -1;
        }
        this.depth--;
        if (this.depth === 0 && this.started) return i + 1;
      }
    }
    return -1;
  }
}

export interface Span {
  start: number;
  /** Index just after the closing brace. */
  end: number;
  /** Directly holds an `error` or `errors` key (a strong candidate), or only code/message/detail (weak). */
  strong: boolean;
}

export interface ObjectScan {
  /** Outermost objects holding an error-ish key, in order. */
  spans: Span[];
  /** Start of the outermost error-ish object still open at the end of the text (cut off), or -1. */
  unclosed: number;
}

const STRONG_KEYS = new Set(["error", "errors"]);
const WEAK_KEYS = new Set(["code", "message", "detail"]);

/**
 * The objects in `text` that directly hold an `error`/`errors` key (strong)
 * or a `code`/`message`/`detail` key (weak), outermost first. Strings only
 * count inside brackets, so quotes in prose around JSON do not derail it.
 */
export function findErrorObjects(text: string): ObjectScan {
  const scan = scanFrom(text, 0);
  // Prose before an envelope can hold a stray bracket and an odd quote (an ANSI colour code
  // `\x1b[2J"`, a ticket's `[customer] said "...`) that leave the scan inside a string when the
  // envelope comes. An `{"error"` the scan did not cover is scanned again from its own brace.
  ENVELOPE_START.lastIndex = 0;
  for (let rescans = 0; rescans < MAX_RESCANS; ) {
    const match = ENVELOPE_START.exec(text);
    if (!match) break;
    const at = match.index;
    if (covered(scan.spans, at) || at === scan.unclosed) continue;
    rescans++;
    const again = scanFrom(text, at);
    const found = again.spans.filter((span) => !scan.spans.some((known) => known.start <= span.start && span.end <= known.end));
    if (found.length > 0) {
      scan.spans = [...scan.spans.filter((known) => !found.some((span) => span.start <= known.start && known.end <= span.end)), ...found].sort(
        (a, b) => a.start - b.start,
      );
      ENVELOPE_START.lastIndex = found[found.length - 1]!.end;
    } else if (again.unclosed !== -1 && (scan.unclosed === -1 || scan.unclosed > again.unclosed)) {
      scan.unclosed = again.unclosed;
    }
  }
  return scan;
}

const ENVELOPE_START = /\{\s*"errors?"\s*:/g;

/** Whether a span (in text order, none inside another) covers `at`: a binary search, so many envelopes stay linear. */
function covered(spans: readonly Span[], at: number): boolean {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const span = spans[mid]!;
    if (at < span.start) high = mid - 1;
    else if (at >= span.end) low = mid + 1;
    else return true;
  }
  return false;
}
/** Rescans a text gets at most: each is linear, so a hostile text stays linear too. */
const MAX_RESCANS = 16;

function scanFrom(text: string, from: number): ObjectScan {
  const starts: number[] = [];
  const isObject: boolean[] = [];
  const marks: number[] = []; // 0 none, 1 weak, 2 strong
  const spans: Span[] = [];
  let inString = false;
  let stringStart = -1;
  let stringEnd = -1;
  let lastSignificant = -1;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) {
        inString = false;
        stringEnd = i;
        lastSignificant = i;
      } else if (c === 10) inString = false;
      continue;
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    if (c === QUOTE) {
      if (starts.length > 0) {
        inString = true;
        stringStart = i;
      }
    } else if (c === COLON) {
      const top = starts.length - 1;
      if (top >= 0 && isObject[top] && lastSignificant === stringEnd && stringEnd - stringStart <= 7) {
        const key = text.slice(stringStart + 1, stringEnd);
        if (STRONG_KEYS.has(key)) marks[top] = 2;
        else if (WEAK_KEYS.has(key) && marks[top] === 0) marks[top] = 1;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      starts.push(i);
      isObject.push(c === OPEN_BRACE);
      marks.push(0);
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (starts.length > 0) {
        const start = starts.pop()!;
        const wasObject = isObject.pop()!;
        const mark = marks.pop()!;
        if (wasObject !== (c === CLOSE_BRACE)) {
          // Mismatched brackets: nothing open so far can be JSON.
          starts.length = 0;
          isObject.length = 0;
          marks.length = 0;
        } else if (mark > 0) {
          while (spans.length > 0 && spans[spans.length - 1]!.start > start) spans.pop();
          spans.push({ start, end: i + 1, strong: mark === 2 });
        }
      }
    }
    lastSignificant = i;
  }
  let unclosed = -1;
  for (let level = 0; level < starts.length; level++) {
    if (marks[level] === 2) {
      unclosed = starts[level]!;
      break;
    }
  }
  return { spans, unclosed };
}

export interface EscapedBody {
  start: number;
  end: number;
  /** The string's value: the JSON body that was encoded in it. */
  body: string;
}

const ESCAPED_MARK = '{\\"error';

/** Bodies JSON-encoded in a string, `"{\"error\":{...}}"`, as in a log record's body field. */
export function findEscapedEnvelopes(text: string): EscapedBody[] {
  const found: EscapedBody[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf(ESCAPED_MARK, from);
    if (at === -1) break;
    from = at + ESCAPED_MARK.length;
    // The string must begin right at the brace: "{\"error...
    if (text.charCodeAt(at - 1) !== QUOTE || text.charCodeAt(at - 2) === BACKSLASH) continue;
    let end = -1;
    for (let i = at; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) {
        end = i;
        break;
      } else if (c === 10) break;
    }
    if (end === -1) continue;
    try {
      const body = JSON.parse(text.slice(at - 1, end + 1)) as unknown;
      if (typeof body === "string") found.push({ start: at - 1, end: end + 1, body });
    } catch {
      // not a well-formed string: leave it
    }
    from = end + 1;
  }
  return found;
}

/**
 * Where a JSON value begins that is opened after some text on this line and
 * still open at its end (`body: {`, `error={"error": {"code": "X",`), or -1.
 * One pass: values that close on the line are passed over, stray closing
 * brackets in prose ignored. A value from the very start of the line is not
 * one of these (it is a document of its own).
 */
export function openValueAtEnd(line: string): number {
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === BACKSLASH && line.charCodeAt(i + 1) === QUOTE) {
      // `\"`: JSON written inside a JSON string, whose quotes are escaped: its brackets count, its quotes open no string.
      i++;
    } else if (c === QUOTE) {
      if (depth > 0) inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === 0) start = i;
      depth++;
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) depth--;
  }
  if (depth === 0 || start <= 0) return -1;
  const counter = new JsonDepth();
  return counter.feed(line.slice(start)) === -1 && counter.depth > 0 && !counter.broken ? start : -1;
}
