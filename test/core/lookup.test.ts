import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/core/builtin.js";
import { createCatalog, mergeCatalogs, type CatalogEntry } from "../../src/core/catalog.js";
import { explainCode, sortEntries, suggestCodes } from "../../src/core/lookup.js";
import { explain } from "../../src/index.js";

const catalog = builtinCatalog();
// These cases pin the reference's rows; the sdk entries have tests of their own.
const referenceOnly = createCatalog(catalog.entries.filter((entry) => entry.source === "reference"));
const areasOf = (query: string, filter = {}) => explainCode(referenceOnly, query, filter).matches.map((e) => `${e.area}:${e.http_status}`);

describe("explainCode", () => {
  it.each([
    ["SANDBOX_LIMIT_REACHED", ["sandboxes:409", "billing:409"]],
    ["sandbox_limit_reached", ["sandboxes:409", "billing:409"]],
    ["  Sandbox-Limit-Reached ", ["sandboxes:409", "billing:409"]],
    ["sandbox limit reached", ["sandboxes:409", "billing:409"]],
    ["missing sse ticket", ["snapshots:401"]],
    ["MISSING SSE TICKET", ["snapshots:401"]],
    ["snapshot is not in ready state", ["snapshots:409"]],
    ["INVALID_TOKEN", ["auth:401", "auth:401"]],
    ["SANDBOX_NOT_RUNNING", ["sandboxes:409", "sandboxes:409", "deployments:409"]],
    ["NOT_FOUND (snapshot)", ["snapshots:404"]],
    ["NOT_FOUND (snapshots)", ["snapshots:404"]],
    ["NOT_FOUND", ["common:404", "snapshots:404"]],
    ["402", ["sandboxes:402", "computers:402", "billing:402"]],
    ["429", ["auth:429", "billing:429"]],
    ["NO_SUCH_CODE", []],
    ["", []],
  ])("%s → %j", (query, expected) => {
    expect(areasOf(query)).toEqual(expected);
  });

  it.each([
    ["SANDBOX_NOT_RUNNING", { area: "deployments" }, ["deployments:409"]],
    ["FORBIDDEN", { area: "domains" }, ["domains:403"]],
    ["AGENT_UNAVAILABLE", { status: 502, area: "computers" }, ["computers:502"]],
    ["INTERNAL_ERROR", { status: 404 }, []],
    ["409", { area: "templates" }, ["templates:409", "templates:409"]],
    ["409", { status: 404 }, []],
  ] as const)("%s with %j → %j", (query, filter, expected) => {
    expect(areasOf(query, filter)).toEqual(expected);
  });

  it("lists every entry with a bare status", () => {
    const matches = explainCode(catalog, "409").matches;
    expect(matches.length).toBe(catalog.entries.filter((e) => e.http_status === 409).length);
    expect(matches.every((e) => e.http_status === 409)).toBe(true);
  });

  it("suggests nothing when it found something", () => {
    expect(explainCode(catalog, "FORBIDDEN").suggestions).toEqual([]);
  });
});

describe("suggestCodes", () => {
  it.each([
    ["LIMIT", "SANDBOX_LIMIT_REACHED"],
    ["SANDBOX_LIMIT_REACHD", "SANDBOX_LIMIT_REACHED"],
    ["SANDBOX_NOT_RUNING", "SANDBOX_NOT_RUNNING"],
    ["credits", "INSUFFICIENT_CREDITS"],
    ["NOTFOUND", "NOT_FOUND"],
    ["templat_not_found", "TEMPLATE_NOT_FOUND"],
  ])("%s suggests %s", (query, expected) => {
    expect(suggestCodes(catalog, query)).toContain(expected);
  });

  it("puts the closest first and gives at most five", () => {
    expect(suggestCodes(catalog, "SANDBOX_NOT_RUNING")[0]).toBe("SANDBOX_NOT_RUNNING");
    expect(suggestCodes(catalog, "NOT").length).toBeLessThanOrEqual(5);
  });

  it("suggests nothing for nonsense", () => {
    expect(suggestCodes(catalog, "qqqqqqqqqqqqqqqqqqqq")).toEqual([]);
  });
});

describe("sortEntries and merging", () => {
  it("sorts by area, then code", () => {
    const sorted = sortEntries(catalog.entries);
    expect(sorted[0]?.area).toBe("auth");
    expect(sorted.at(-1)?.area).toBe("workspaces");
    const keys = sorted.map((e) => `${e.area}/${e.code.toLowerCase()}`);
    expect(keys).toEqual([...keys].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
  });

  it("lays user entries over built-in ones: same area, code and meaning replaces, others add", () => {
    const base: CatalogEntry[] = [
      { code: "A", area: "common", http_status: 400, meaning: "m", action: "old", retry: "never", fault: "request", source: "reference" },
    ];
    const merged = mergeCatalogs(base, [
      { ...base[0]!, action: "new", source: "user" },
      { ...base[0]!, code: "B", source: "user" },
    ]);
    expect(merged.entries.map((e) => `${e.code}:${e.action}`)).toEqual(["A:new", "B:old"]);
    expect(createCatalog(merged.entries).byCode.get("b")?.[0]?.source).toBe("user");
  });
});

describe("the library export", () => {
  it("explains a code without the CLI", () => {
    const result = explain("sandbox_limit_reached", { area: "billing" });
    expect(result.matches).toHaveLength(1);
    expect(result.matches[0]).toMatchObject({ code: "SANDBOX_LIMIT_REACHED", http_status: 409, action: "Destroy idle sandboxes or upgrade plan" });
  });
});
