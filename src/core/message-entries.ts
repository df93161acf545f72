// The catalog entries an error's words name, for the ranker (match.ts): a
// code written as a message, a whole message read as a code, and, when no
// code was given, a changeset's message (its code) or every word of a code
// of the error's status; and the entries a code-less status may be.
import { codeKey, type Catalog, type CatalogEntry } from "./catalog.js";
import { meaningfulWords } from "./message-words.js";

const messageForms = new WeakMap<Catalog, CatalogEntry[]>();

/** A code written as a message (`snapshot is not in ready state`): it matches by message, whatever the status. */
export function isMessageForm(entry: CatalogEntry): boolean {
  return /\s/.test(entry.code.trim());
}

/** Entries whose code is written as a message (`missing sse ticket`): they also match by message. */
function messageFormEntries(catalog: Catalog): CatalogEntry[] {
  let entries = messageForms.get(catalog);
  if (!entries) messageForms.set(catalog, (entries = catalog.entries.filter(isMessageForm)));
  return entries;
}

/**
 * Entries the message names: a message-form code inside it and, when the
 * error carries no known code, the whole message read as a code
 * (`{"error": "Insufficient credits"}` → INSUFFICIENT_CREDITS).
 */
export function entriesForMessage(catalog: Catalog, message: string | null, wholeMessage = true): CatalogEntry[] {
  if (!message) return [];
  const text = message.slice(0, 2000);
  const exact = wholeMessage ? (catalog.byCode.get(codeKey(text)) ?? []) : [];
  const lower = text.toLowerCase();
  const inside = messageFormEntries(catalog).filter((entry) => lower.includes(entry.code.toLowerCase()));
  return [...new Set([...exact, ...inside])];
}

// A changeset's message, as the server writes it for a resource whose fields failed (`sandbox template is invalid`).
const CHANGESET_MESSAGE =
  /^(?:the )?(?:sandbox[ -]templates?|templates?|sandbox(?:es)?|computers?|deployments?|snapshots?|domains?|workspaces?|builds?) (?:is|are) invalid\.?$/i;
const codeWordSets = new WeakMap<CatalogEntry, Set<string>>();

/** The code a changeset's message stands for when no code was given (`sandbox template is invalid`: VALIDATION_FAILED). */
export function changesetCode(message: string | null): string | null {
  return message !== null && CHANGESET_MESSAGE.test(message.trim()) ? "VALIDATION_FAILED" : null;
}

/** With no code given, the entries of the error's status whose code's every word the message holds (`BuildSpec is invalid`: INVALID_BUILDSPEC). */
export function entriesNamedByCodeWords(catalog: Catalog, message: string | null, status: number | null): CatalogEntry[] {
  if (!message) return [];
  const words = meaningfulWords(message.slice(0, 2000));
  return entriesForStatus(catalog, status).filter((entry) => {
    let code = codeWordSets.get(entry);
    if (!code) codeWordSets.set(entry, (code = meaningfulWords(entry.code.replaceAll("_", " "))));
    return code.size >= 2 && [...code].every((word) => words.has(word));
  });
}

/** Entries a code-less error with this status may be: each of that status, but the SDKs' own client-side ones. */
export function entriesForStatus(catalog: Catalog, status: number | null): CatalogEntry[] {
  if (status === null) return [];
  return catalog.entries.filter((entry) => entry.http_status === status && entry.area !== "client" && entry.area !== "login" && !isMessageForm(entry));
}
