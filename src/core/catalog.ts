// The catalog's types and the in-memory catalog: entries plus the indexes
// lookups need. Pure: loading from files happens in the CLI layer.
import { redactSecrets } from "./sanitize.js";

/** The ten areas of the published reference, in the order of its tables (its headings were lost). */
export const REFERENCE_AREAS = [
  "auth",
  "common",
  "sandboxes",
  "templates",
  "computers",
  "deployments",
  "snapshots",
  "domains",
  "workspaces",
  "billing",
] as const;

export const AREAS = [
  ...REFERENCE_AREAS,
  // Beyond the reference: codes the live platform and the SDKs use.
  "connectors",
  "login",
  "client",
] as const;
export type Area = (typeof AREAS)[number];

export const RETRY_POLICIES = ["never", "after_retry_after", "backoff", "after_state_change"] as const;
export type RetryPolicy = (typeof RETRY_POLICIES)[number];

export const FAULTS = ["request", "credentials", "account", "resource_state", "platform", "network"] as const;
export type Fault = (typeof FAULTS)[number];

export const SOURCES = ["reference", "sdk", "user"] as const;
export type EntrySource = (typeof SOURCES)[number];

/**
 * Which entry wins when several share a code: the reference is what MIOSA
 * documents, a user's file is deliberate, an SDK observation is the weakest.
 */
export const SOURCE_PRIORITY: Readonly<Record<EntrySource, number>> = { reference: 0, user: 1, sdk: 2 };

export interface CatalogEntry {
  /** Exactly as documented: lowercase codes and message-form codes stay as they are. */
  code: string;
  area: Area;
  /**
   * The HTTP status the server answers with. null only for sdk entries whose
   * source states none (client-side codes, build-record codes): "not given",
   * never a guess.
   */
  http_status: number | null;
  /** The reference's own words. */
  meaning: string;
  /** The reference's "what to do", word for word. */
  action: string;
  /** Inferred from the reference: whether and when the same call may be retried. */
  retry: RetryPolicy;
  /** Inferred from the reference: whose move it is. */
  fault: Fault;
  source: EntrySource;
}

export interface Catalog {
  readonly entries: readonly CatalogEntry[];
  /** Entries by normalised code, in catalog order. */
  readonly byCode: ReadonlyMap<string, readonly CatalogEntry[]>;
}

/**
 * The key codes are compared by: case-insensitive, and spaces, hyphens and
 * underscores are one separator, so `sandbox limit reached`,
 * `sandbox_limit_reached` and `missing-sse-ticket` all find their entries.
 */
export function codeKey(code: string): string {
  return code
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "_");
}

export function createCatalog(entries: readonly CatalogEntry[]): Catalog {
  const byCode = new Map<string, CatalogEntry[]>();
  for (const entry of entries) {
    const key = codeKey(entry.code);
    const list = byCode.get(key);
    if (list) list.push(entry);
    else byCode.set(key, [entry]);
  }
  return { entries, byCode };
}

/** Same area, code and meaning: one entry overriding another, or a duplicate. */
export function entryIdentity(entry: Pick<CatalogEntry, "area" | "code" | "meaning">): string {
  return `${entry.area}\u0000${codeKey(entry.code)}\u0000${entry.meaning.trim().toLowerCase()}`;
}

/**
 * The built-in entries with a user's entries on top: a user entry with the same
 * area, code and meaning replaces the built-in one; any other is added.
 */
export function mergeCatalogs(base: readonly CatalogEntry[], extra: readonly CatalogEntry[]): Catalog {
  const replaced = new Map(extra.map((entry) => [entryIdentity(entry), entry]));
  const merged = base.map((entry) => {
    const override = replaced.get(entryIdentity(entry));
    if (override) replaced.delete(entryIdentity(entry));
    return override ?? entry;
  });
  return createCatalog([...merged, ...replaced.values()]);
}

export function isArea(value: string): value is Area {
  return (AREAS as readonly string[]).includes(value);
}

/** `snapshot` → `snapshots`, `sandbox` and `Sandboxes` → `sandboxes`; null for anything else. */
export function parseArea(value: string): Area | null {
  const lower = value.trim().toLowerCase();
  if (isArea(lower)) return lower;
  if (isArea(`${lower}s`)) return `${lower}s` as Area;
  if (isArea(`${lower}es`)) return `${lower}es` as Area;
  return null;
}

/**
 * `--areas auth,common,...`: area names (singular or plural, any case); the
 * word `reference` stands for the published reference's ten areas in table order.
 */
export function parseAreaList(value: string): { areas: Area[] } | { error: string } {
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) return { error: "--areas needs area names separated by commas" };
  const areas: Area[] = [];
  for (const name of names) {
    if (name.toLowerCase() === "reference") {
      areas.push(...REFERENCE_AREAS);
      continue;
    }
    const area = parseArea(name);
    // Masked before it is cut: a credential cut short (`user:pass` without its `@host`) no longer looks like one.
    if (!area) return { error: `--areas: unknown area "${redactSecrets(name).slice(0, 60)}"; areas: ${AREAS.join(", ")}` };
    areas.push(area);
  }
  return { areas };
}
