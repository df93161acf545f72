// Text that fits a terminal: words wrapped to a width, counted by what shows
// (colour and link escapes take no room), and single words longer than a line
// cut where they must be.

// SGR colour codes and OSC 8 hyperlink wrappers: they take no columns.
const ESCAPES = /\u001b\[[0-9;]*m|\u001b\]8;;[^\u001b]*\u001b\\/g;

/** Columns the text takes on a terminal (one per character; escapes take none). */
export function visibleLength(text: string): number {
  return text.includes("\u001b") ? text.replace(ESCAPES, "").length : text.length;
}

/** The text cut to `width` columns with an ellipsis; plain text only (the caller paints after). */
export function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? "…".slice(0, width) : `${text.slice(0, width - 1)}…`;
}

/** Lines of at most `width` columns, broken at spaces; a word longer than a line is cut (when it has no escapes in it). */
export function wrapLine(line: string, width: number): string[] {
  if (width < 1 || visibleLength(line) <= width) return [line];
  const lines: string[] = [];
  let current = "";
  let currentLength = 0;
  for (let word of line.split(" ")) {
    let length = visibleLength(word);
    if (currentLength > 0 && currentLength + 1 + length <= width) {
      current += ` ${word}`;
      currentLength += 1 + length;
      continue;
    }
    if (currentLength > 0) lines.push(current);
    while (length > width && length === word.length) {
      lines.push(word.slice(0, width));
      word = word.slice(width);
      length = word.length;
    }
    current = word;
    currentLength = length;
  }
  lines.push(current);
  return lines;
}

/** Each line of `text` wrapped to `width`; no limit when width is Infinity. */
export function wrapText(text: string, width: number): string[] {
  if (!Number.isFinite(width)) return text.split("\n");
  return text.split("\n").flatMap((line) => wrapLine(line, width));
}
