// Sizes decode holds in memory at most; README's decode section lists them.

/** A multi-line JSON document (pretty-printed envelope, HAR) is held up to this size. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
/** A single line longer than this is searched as text rather than parsed whole as JSON. */
export const MAX_LINE_PARSE = 4 * 1024 * 1024;
