// Text order for sorting catalog codes and areas: what Intl.Collator("en")
// gives, without loading ICU's collation data for printable ASCII text. That
// first load costs about 9 ms, more than all the rest of `list` or `search`,
// and codes and areas are almost always plain ASCII. Anything else goes to
// the real collator. test/core/collate.test.ts checks the two agree.

export type Strength = "base" | "variant";

// Printable ASCII in the root collation's order at primary strength (case
// aside): spaces, punctuation, symbols, currency, digits, letters.
const ORDER = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz";
const PRIMARY = new Uint8Array(128);
for (let i = 0; i < ORDER.length; i++) {
  const char = ORDER.charCodeAt(i);
  PRIMARY[char] = i + 1;
  if (char >= 0x61 && char <= 0x7a) PRIMARY[char - 0x20] = i + 1;
}

const collators = new Map<Strength, Intl.Collator>();
function collator(strength: Strength): Intl.Collator {
  let found = collators.get(strength);
  if (!found) collators.set(strength, (found = new Intl.Collator("en", { sensitivity: strength })));
  return found;
}

function printableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char < 0x20 || char > 0x7e) return false;
  }
  return true;
}

/**
 * Negative when a sorts first, as Intl.Collator("en", { sensitivity }) would
 * order them: "base" ignores case; "variant" then puts lowercase first.
 */
export function compareText(a: string, b: string, strength: Strength = "variant"): number {
  if (!printableAscii(a) || !printableAscii(b)) return collator(strength).compare(a, b);
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = PRIMARY[a.charCodeAt(i)]! - PRIMARY[b.charCodeAt(i)]!;
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  if (strength === "base") return 0;
  // Same letters: the first difference in case decides, lowercase first.
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x > y ? -1 : 1;
  }
  return 0;
}
