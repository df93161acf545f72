// Chooses the best catalog entry for an observed error: the one ranker that
// decode, probe and the library's bestEntry share. A code can have several
// entries (NOT_FOUND in common and snapshots, SANDBOX_NOT_RUNNING in three
// places). The area the request path belongs to (else the resource the
// message names) decides first; where no entry of that area exists, an entry
// of a cross-cutting area (common, auth, billing) beats another area's
// specific one; within that, the error reference's entries before the SDKs';
// then the observed status, the message and the sub-path; then catalog
// order. README's decode section states the same rule for users.
import { codeKey, SOURCE_PRIORITY, type Area, type Catalog, type CatalogEntry } from "./catalog.js";
import { Doorkeeper } from "./doorkeeper.js";
import { hashNumber, hashStart, hashText } from "./hash.js";
import { suggestCodes } from "./lookup.js";
import { meaningfulWords } from "./message-words.js";
import { apiPath, areaForPath } from "./paths.js";
import { changesetCode, entriesForMessage, entriesForStatus, entriesNamedByCodeWords, isMessageForm } from "./message-entries.js";

export interface ObservedError {
  code: string | null;
  status: number | null;
  path: string | null;
  message: string | null;
  /** The area, when the caller knows it without a path (bestEntry's hint). */
  area?: Area | null;
}

export interface EntryChoice {
  entry: CatalogEntry | null;
  alternatives: CatalogEntry[];
  /** Why the entry won, for people: "status 409", "path area snapshots", ... */
  reasons: string[];
  /** Closest known codes when nothing matched a code that was given. */
  suggestions: string[];
  /** Whether the code is in the catalog at all (whatever the status). */
  codeKnown: boolean;
}

// The resource an area is about, as a message would name it.
const AREA_NOUNS: Partial<Record<Area, string>> = {
  sandboxes: "sandbox",
  templates: "template",
  computers: "computer",
  deployments: "deployment",
  snapshots: "snapshot",
  domains: "domain",
  workspaces: "workspace",
};

// Areas whose entries apply anywhere: the fallback when the path names no area of the code.
const CROSS_CUTTING: ReadonlySet<Area> = new Set(["common", "auth", "billing"]);
// Per-entry facts computed once: entries are immutable.
const entryWords = new WeakMap<CatalogEntry, Set<string>>();
const entryPaths = new WeakMap<CatalogEntry, string[]>();

function meaningWords(entry: CatalogEntry): Set<string> {
  let words = entryWords.get(entry);
  if (!words) entryWords.set(entry, (words = meaningfulWords(entry.meaning)));
  return words;
}

/** `/deploy`, `/expose`: a sub-path the entry's meaning is specific to. */
function entrySubPaths(entry: CatalogEntry): string[] {
  let paths = entryPaths.get(entry);
  if (!paths) {
    paths = [...entry.meaning.matchAll(/(?:^|\s)\/([a-z][a-z-]*)/g)].map((match) => match[1] ?? "").filter(Boolean);
    entryPaths.set(entry, paths);
  }
  return paths;
}

function pathHasSegment(path: string, segment: string): boolean {
  return path.split("/").includes(segment);
}

const orders = new WeakMap<Catalog, Map<CatalogEntry, number>>();

function entryOrder(catalog: Catalog, entry: CatalogEntry): number {
  let order = orders.get(catalog);
  if (!order) orders.set(catalog, (order = new Map(catalog.entries.map((item, index) => [item, index]))));
  return order.get(entry) ?? Number.MAX_SAFE_INTEGER;
}

interface Scored {
  entry: CatalogEntry;
  score: number;
  reasons: string[];
  order: number;
  /** 0: the deciding area; 1: a cross-cutting area; 2: another. */
  tier: number;
}

// A log repeats the same few errors many times: choices are remembered per catalog.
const choices = new WeakMap<Catalog, ChoiceMemo>();
const MAX_REMEMBERED = 4096;

/**
 * Choices made, by code, status, path and message, in nested maps: one key
 * string joining the four cost more a finding (made, then flattened to be
 * hashed) than the four lookups. Emptied when full. A choice is kept the
 * second time its key comes (doorkeeper.ts): an export whose errors each
 * have their own path kept about 800 bytes a finding here for nothing.
 */
export class ChoiceMemo {
  private readonly byCode = new Map<string | null, Map<number | null, Map<string | null, Map<string | null, EntryChoice>>>>();
  private size = 0;
  readonly doorkeeper = new Doorkeeper();

  /** Choices held. */
  get count(): number {
    return this.size;
  }

  get({ code, status, path, message }: ObservedError): EntryChoice | undefined {
    return this.byCode.get(code)?.get(status)?.get(path)?.get(message);
  }

  set({ code, status, path, message }: ObservedError, choice: EntryChoice): void {
    if (!this.doorkeeper.admit(hashText(hashText(hashNumber(hashText(hashStart(), code), status), path), message))) return;
    if (this.size >= MAX_REMEMBERED) {
      this.byCode.clear();
      this.size = 0;
    }
    let byStatus = this.byCode.get(code);
    if (!byStatus) this.byCode.set(code, (byStatus = new Map()));
    let byPath = byStatus.get(status);
    if (!byPath) byStatus.set(status, (byPath = new Map()));
    let byMessage = byPath.get(path);
    if (!byMessage) byPath.set(path, (byMessage = new Map()));
    byMessage.set(message, choice);
    this.size++;
  }
}

export function chooseEntry(catalog: Catalog, observed: ObservedError): EntryChoice {
  // A hinted area is rare (bestEntry): such choices are not remembered.
  if (observed.area) return computeChoice(catalog, observed);
  let remembered = choices.get(catalog);
  if (!remembered) choices.set(catalog, (remembered = new ChoiceMemo()));
  let choice = remembered.get(observed);
  if (!choice) remembered.set(observed, (choice = computeChoice(catalog, observed)));
  // Copies: a finding's lists are its own.
  return { ...choice, alternatives: [...choice.alternatives], reasons: [...choice.reasons], suggestions: [...choice.suggestions] };
}

/** The areas a message names by their resource ("sandbox template not found": sandboxes, templates). */
function areasNamed(messageWords: Set<string>, message: string | null): Set<Area> {
  // A sandbox template is a template: its words name no sandbox.
  const sandboxTemplate = message !== null && /\bsandbox[ -]templates?\b/i.test(message) && !/\bsandbox(?:es)?\b(?![ -]template)/i.test(message);
  const named = new Set<Area>();
  for (const [area, noun] of Object.entries(AREA_NOUNS) as [Area, string][]) {
    if ((messageWords.has(noun) || messageWords.has(`${noun}s`)) && !(area === "sandboxes" && sandboxTemplate)) named.add(area);
  }
  return named;
}

function computeChoice(catalog: Catalog, observed: ObservedError): EntryChoice {
  // No code given: a changeset's message stands for its code; what the message names counts only with the
  // error's status (`Access denied` on a 403 is no login's access_denied).
  const code = observed.code ?? changesetCode(observed.message);
  const ofStatus = (entry: CatalogEntry) => observed.code !== null || observed.status === null || entry.http_status === observed.status;
  const byCode = code ? (catalog.byCode.get(codeKey(code)) ?? []).filter(ofStatus) : [];
  const named = entriesForMessage(catalog, observed.message, byCode.length === 0).filter((entry) => isMessageForm(entry) || ofStatus(entry));
  const byCodeWords = code ? [] : entriesNamedByCodeWords(catalog, observed.message, observed.status);
  const byMessage = [...byCodeWords, ...named];
  // No code to go by: every entry of the status, those the message names first.
  const byStatus = code ? [] : entriesForStatus(catalog, observed.status);
  const candidates = [...new Set([...byCode, ...byMessage, ...byStatus])];
  if (candidates.length === 0) {
    return {
      entry: null,
      alternatives: [],
      reasons: [],
      suggestions: observed.code ? suggestCodes(catalog, observed.code) : [],
      codeKnown: false,
    };
  }
  const path = apiPath(observed.path);
  const messageWords = meaningfulWords(observed.message ?? "");
  // The area that decides first: the path's, or the caller's; without either, the areas the message names.
  const pathArea = observed.area ?? areaForPath(observed.path);
  const decisive = pathArea !== null ? new Set([pathArea]) : areasNamed(messageWords, observed.message);
  // An entry about a sub-path the path does not take (/expose) is not the path's area's entry.
  const fits = (entry: CatalogEntry) =>
    decisive.has(entry.area) && !(path !== null && entrySubPaths(entry).length > 0 && !entrySubPaths(entry).some((segment) => pathHasSegment(path, segment)));
  const decisiveMatches = candidates.some(fits);
  const scored: Scored[] = candidates.map((entry) => {
    let score = 0;
    const reasons: string[] = [];
    let tier = 2;
    if (fits(entry)) {
      tier = 0;
      reasons.push(pathArea !== null ? `path area ${entry.area}` : `message names a ${AREA_NOUNS[entry.area]}`);
    } else if (pathArea === null && byCodeWords.includes(entry)) {
      // With no code and no path, a message that says the entry's code decides as a resource it names would.
      tier = 0;
    } else if (CROSS_CUTTING.has(entry.area)) {
      tier = 1;
      reasons.push(`${entry.area} applies to any ${decisive.size > 0 && !decisiveMatches ? `path without an entry of its own` : "path"}`);
    }
    if (byStatus.length > 0 && !byMessage.includes(entry)) reasons.push(`no code given: an entry of status ${observed.status}`);
    if (byMessage.includes(entry)) {
      score += 5;
      reasons.push("message");
    }
    if (observed.status !== null && entry.http_status === observed.status && byStatus.length === 0) {
      score += 4;
      reasons.push(`status ${observed.status}`);
    }
    for (const segment of entrySubPaths(entry)) {
      if (path === null) score -= 1;
      else if (pathHasSegment(path, segment)) {
        score += 2;
        reasons.push(`path /${segment}`);
      } else score -= 3;
    }
    const noun = AREA_NOUNS[entry.area];
    if (noun && tier !== 0 && (messageWords.has(noun) || messageWords.has(`${noun}s`))) {
      score += 2;
      reasons.push(`message names a ${noun}`);
    }
    const words = meaningWords(entry);
    const overlap = [...words].filter((word) => messageWords.has(word));
    if (overlap.length > 0) {
      // Shared words count, and so does how much of the meaning they cover: all of it, the message says the meaning.
      score += Math.min(3, 2 * overlap.length) + overlap.length / words.size + (overlap.length === words.size && words.size >= 2 ? 6 : 0);
      reasons.push(`message words: ${overlap.slice(0, 2).join(", ")}`);
    }
    return { entry, score, reasons, order: entryOrder(catalog, entry), tier };
  });
  // Within the deciding tier the error reference's entries come first (issue 7), then the evidence.
  scored.sort((a, b) => a.tier - b.tier || SOURCE_PRIORITY[a.entry.source] - SOURCE_PRIORITY[b.entry.source] || b.score - a.score || a.order - b.order);
  const best = scored[0]!;
  return {
    entry: best.entry,
    alternatives: scored.slice(1).map((item) => item.entry),
    reasons: best.reasons,
    suggestions: [],
    codeKnown: observed.code !== null && byCode.length > 0,
  };
}

/** What a caller knows about where a code was seen, to choose among its entries. */
export interface MatchHints {
  area?: Area | null | undefined;
  status?: number | null | undefined;
}

export interface CodeMatch {
  /** The best entry for the code, null when the catalog does not know it. */
  best: CatalogEntry | null;
  /** The code's other entries, best first. */
  alternatives: CatalogEntry[];
}

/** The best entry for a code seen in the wild, by the same rule decode uses. */
export function bestEntry(catalog: Catalog, code: string, hints: MatchHints = {}): CodeMatch {
  if (!catalog.byCode.has(codeKey(code))) return { best: null, alternatives: [] };
  const choice = chooseEntry(catalog, { code, status: hints.status ?? null, path: null, message: null, area: hints.area ?? null });
  return { best: choice.entry, alternatives: choice.alternatives };
}
