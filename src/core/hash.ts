// One running hash (FNV-1a, 32 bits) for the keys that memos and packed
// collections look up: a text, a number, several of them in turn.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Mixes a text into a running FNV-1a hash (start from hashStart()). */
export function hashText(hash: number, text: string | null): number {
  if (text === null) return Math.imul(hash ^ 0x1f, FNV_PRIME);
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  // A separator, so ("ab", "c") and ("a", "bc") differ.
  return Math.imul(hash ^ 0xffff, FNV_PRIME);
}

/** Mixes a number (or null) into a running hash. */
export function hashNumber(hash: number, value: number | null): number {
  return Math.imul(hash ^ (value === null ? 0x7fffffff : value | 0), FNV_PRIME);
}

export function hashStart(): number {
  return FNV_OFFSET;
}
