// The words that say what a message is about, compared between an observed
// message and a catalog entry's meaning when choosing among entries.

const STOPWORDS = new Set([
  "this",
  "that",
  "with",
  "from",
  "have",
  "been",
  "does",
  "your",
  "into",
  "when",
  "than",
  "there",
  "which",
  "request",
  "error",
  "found",
  "called",
  "used",
]);

function stem(word: string): string {
  if (word.length > 4 && word.endsWith("xes")) return word.slice(0, -2);
  return word.length > 4 && word.endsWith("s") ? word.slice(0, -1) : word;
}

/** The words of a message or meaning that say what it is about: four letters or more, plurals folded, common words dropped. */
export function meaningfulWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const word of text
    .toLowerCase()
    .slice(0, 2000)
    .split(/[^a-z0-9]+/)) {
    const stemmed = stem(word);
    if (word.length >= 4 && !STOPWORDS.has(stemmed)) words.add(stemmed);
  }
  return words;
}
