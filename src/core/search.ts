// Full-text search over code, meaning and action. Each argument is a term
// (a quoted phrase stays one term); an entry must match every term. A term
// matches as a phrase, or failing that by all of its words, scoring less.
import { codeKey, type CatalogEntry } from "./catalog.js";

const FIELD_WEIGHTS = { code: 6, meaning: 3, action: 2 } as const;

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function fieldText(entry: CatalogEntry, field: keyof typeof FIELD_WEIGHTS): string {
  return field === "code" ? `${entry.code.toLowerCase()} ${codeKey(entry.code).replace(/_/g, " ")}` : entry[field].toLowerCase();
}

function termScore(entry: CatalogEntry, term: string): number {
  const phrase = term.toLowerCase().trim();
  const termWords = words(phrase);
  let score = 0;
  for (const field of Object.keys(FIELD_WEIGHTS) as (keyof typeof FIELD_WEIGHTS)[]) {
    const text = fieldText(entry, field);
    const weight = FIELD_WEIGHTS[field];
    if (text.includes(phrase)) {
      // A phrase that stands as whole words beats one inside a longer word.
      const whole = new RegExp(`(^|[^a-z0-9])${phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^a-z0-9])`).test(text);
      score += weight * (whole ? 2 : 1.5);
    } else if (termWords.length > 1 && termWords.every((word) => text.includes(word))) {
      score += weight;
    }
  }
  return score;
}

export function searchEntries(entries: readonly CatalogEntry[], terms: readonly string[]): CatalogEntry[] {
  const usable = terms.map((term) => term.trim()).filter((term) => words(term).length > 0);
  if (usable.length === 0) return [];
  const scored: { entry: CatalogEntry; score: number; index: number }[] = [];
  entries.forEach((entry, index) => {
    let total = 0;
    for (const term of usable) {
      const score = termScore(entry, term);
      if (score === 0) return;
      total += score;
    }
    scored.push({ entry, score: total, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((item) => item.entry);
}
