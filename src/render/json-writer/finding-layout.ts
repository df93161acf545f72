// The fixed bytes of a finding as decode --json writes it (FindingBytes): its
// leads, keys and punctuation, each encoded once, and the numbered slots the
// caches of repeated values are kept by.
import { FINDING_FIELDS } from "../../core/finding/finding.js";

// Where a finding's parts stand in the document: the finding at 4 spaces, its keys at 6, a list's items at 8.
const FINDING_INDENT = "    ";
export const KEY_INDENT = "      ";
export const ITEM_INDENT = "        ";

/** What goes before the first finding, and before each one after it. */
export const FIRST_LEAD = `{\n  "findings": [\n${FINDING_INDENT}`;
export const NEXT_LEAD = `,\n${FINDING_INDENT}`;

const encoder = new TextEncoder();
const ascii = (text: string) => encoder.encode(text);

/** What is written before a value (a key, or a list item's lead); `slot` numbers it for the caches of what follows it. */
export interface Lead {
  bytes: Uint8Array;
  slot: number;
}
let slots = 0;
const lead = (text: string): Lead => ({ bytes: ascii(text), slot: slots++ });

/** A key, and the key with null or an empty list after it, in one piece each. */
export interface KeyBytes extends Lead {
  keyNull: Uint8Array;
  keyEmptyList: Uint8Array;
}
const FIELDS = [...FINDING_FIELDS, "log_url"] as const;
type Field = (typeof FIELDS)[number];
export const KEYS = Object.fromEntries(
  FIELDS.map((name, i) => {
    const text = `${i === 0 ? "{" : ","}\n${KEY_INDENT}"${name}": `;
    return [name, { ...lead(text), keyNull: ascii(`${text}null`), keyEmptyList: ascii(`${text}[]`) }];
  }),
) as Record<Field, KeyBytes>;
// Each field as its place in FINDING_FIELDS (then log_url): write() writes places 0 to FIELD_COUNT - 1
// in turn, and field() switches on the place.
export const FIELD_NUMBER = Object.fromEntries(FIELDS.map((name, i) => [name, i])) as Record<Field, number>;
export const FIELD_COUNT = FIELDS.length;
export const ITEM = { first: lead(`[\n${ITEM_INDENT}`), next: lead(`,\n${ITEM_INDENT}`) };
export const SOURCE_FIELDS: Record<string, { first: Lead; next: Lead } | undefined> = Object.fromEntries(
  ["line", "form", "input", "har_entry"].map((name) => [name, { first: lead(`{\n${ITEM_INDENT}"${name}": `), next: lead(`,\n${ITEM_INDENT}"${name}": `) }]),
);
export const SLOTS = slots;
export const BYTES = {
  firstLead: ascii(FIRST_LEAD),
  nextLead: ascii(NEXT_LEAD),
  end: ascii(`\n${FINDING_INDENT}}`),
  null: ascii("null"),
  true: ascii("true"),
  false: ascii("false"),
  emptyObject: ascii("{}"),
  firstField: ascii(`{\n${ITEM_INDENT}`),
  nextField: ascii(`,\n${ITEM_INDENT}`),
  endList: ascii(`\n${KEY_INDENT}]`),
  endObject: ascii(`\n${KEY_INDENT}}`),
  colon: ascii(": "),
  fieldErrorField: ascii(`{\n${ITEM_INDENT}  "field": `),
  fieldErrorMessage: ascii(`,\n${ITEM_INDENT}  "message": `),
  fieldErrorEnd: ascii(`\n${ITEM_INDENT}}`),
};

// ASCII that stands between two quotes as it is (1), and what JSON or escapeUnsafeJson escapes (0):
// quote, backslash, controls, DEL. A string with any of these, or with non-ASCII, goes through JSON.stringify.
export const PLAIN = new Uint8Array(128).fill(1);
for (let code = 0; code < 0x20; code++) PLAIN[code] = 0;
PLAIN[0x22] = PLAIN[0x5c] = PLAIN[0x7f] = 0;
