// Prints that run over several lines but say one thing: Elixir's
// IO.inspect breaks a `%Miosa.Error{...}` struct at each field once it is
// too wide, and its fields (`status: 409,`, `code: nil,`) mean nothing one
// by one. Its lines are joined until its braces balance, then read as one
// line of text, as the one-line struct is.

/** Where a print that may be broken over lines begins. */
const OPENERS = ["%Miosa.Error{"] as const;
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
  private depth = 0;
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
    for (const opener of OPENERS) {
      const at = text.indexOf(opener);
      if (at === -1) continue;
      const depth = braceBalance(text, at);
      if (depth <= 0) return false;
      this.parts = [text];
      this.chars = text.length;
      this.depth = depth;
      this.first = no;
      return true;
    }
    return false;
  }

  /** The print's next line: the whole print as one line once it closes (or grows too long), else null. */
  add(text: string): string | null {
    const parts = this.parts!;
    parts.push(text.trim());
    this.chars += text.length;
    this.depth += braceBalance(text, 0);
    return this.depth <= 0 || parts.length >= MAX_LINES || this.chars >= MAX_CHARS ? this.take() : null;
  }

  /** What was gathered, as one line (at the input's end, or once it closed). */
  take(): string | null {
    const parts = this.parts;
    this.parts = null;
    return parts === null ? null : parts.join(" ");
  }
}
