// The catalog shipped with the tool. The JSON is compiled into the bundle, so
// loading it costs no file I/O; its validity is pinned by test/catalog.test.ts.
import data from "../../catalog/catalog.json" with { type: "json" };
import { createCatalog, type Catalog, type CatalogEntry } from "./catalog.js";

export const BUILTIN_ENTRIES = data.entries as readonly CatalogEntry[];

let builtin: Catalog | undefined;
export function builtinCatalog(): Catalog {
  builtin ??= createCatalog(BUILTIN_ENTRIES);
  return builtin;
}
