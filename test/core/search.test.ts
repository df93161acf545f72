import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/core/builtin.js";
import { searchEntries } from "../../src/core/search.js";

// The reference's rows; search over sdk entries is pinned with them.
const entries = builtinCatalog().entries.filter((entry) => entry.source === "reference");
const codes = (terms: string[]) => searchEntries(entries, terms).map((e) => `${e.area}/${e.code}`);

describe("searchEntries", () => {
  it("finds every entry mentioning credits, code matches first", () => {
    const found = codes(["credits"]);
    expect(found.slice(0, 3).sort()).toEqual(["billing/INSUFFICIENT_CREDITS", "computers/INSUFFICIENT_CREDITS", "sandboxes/INSUFFICIENT_CREDITS"]);
  });

  it("matches a quoted phrase as a phrase", () => {
    const found = codes(["retry after"]);
    expect(found).toContain("sandboxes/SANDBOX_RUNTIME_UNAVAILABLE");
    expect(found).toContain("auth/rate_limit_exceeded");
    expect(found).not.toContain("common/INTERNAL_ERROR");
  });

  it("requires every term", () => {
    expect(codes(["ticket", "missing"])).toEqual(["snapshots/missing sse ticket", "templates/UNAUTHORIZED"]);
    expect(codes(["ticket", "zebra"])).toEqual([]);
  });

  it("searches codes by their words", () => {
    expect(codes(["not running"])[0]).toMatch(/NOT_RUNNING$/);
  });

  it.each([[[]], [[""]], [["  "]], [["!!!"]]])("returns nothing for empty terms %j", (terms) => {
    expect(searchEntries(entries, terms)).toEqual([]);
  });
});
