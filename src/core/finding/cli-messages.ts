// The TypeScript CLI's error messages that carry a status (src/errors.ts
// mapHttpError in miosa-cli; docs/client-formats.md section 6), and the
// codes it makes from its own error classes, which are not the API's.

// The statuses only the CLI's messages give.
const STATUS_IN_MESSAGE: readonly [RegExp, number | null][] = [
  [/^This terminal connection is no longer authorized \((\d{3})\): /, null],
  [/^Access denied \((\d{3})\): /, null],
  [/^Server error \((\d{3})\): /, null],
  [/^The API rejected this request's Accept header \((\d{3})\)/, null],
  [/^Not found: /, 404],
  [/^Insufficient credits: /, 402],
  [/^Rate limited\. Wait a moment and retry\./, 429],
];

/** The status a TS CLI message gives, and whether it was inferred from words (not a number in it); null when none. */
export function statusInCliMessage(message: string): { status: number; inferred: boolean } | null {
  for (const [pattern, fixed] of STATUS_IN_MESSAGE) {
    const match = pattern.exec(message);
    if (match) return { status: fixed ?? Number(match[1]), inferred: fixed !== null };
  }
  return null;
}

/** Codes the TS CLI's --json output makes from its error classes: no API code was given. */
export const CLI_CLASS_CODES: ReadonlySet<string> = new Set([
  "USER",
  "AUTH",
  "SERVER",
  "NETWORK",
  "MIOSA",
  "UNEXPECTED_ERROR",
  "UNKNOWN_ERROR",
  "CLI_USAGE_ERROR",
  "MIOSA_ERROR",
  "FATAL",
]);
