// The catalog beyond the reference: the codes MIOSA's SDKs show, marked sdk,
// and the reference keeping priority where a code is in both.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import schema from "../../catalog/schema.json" with { type: "json" };
import data from "../../catalog/catalog.json" with { type: "json" };
import { builtinCatalog } from "../../src/core/builtin.js";
import { AREAS, createCatalog, FAULTS, RETRY_POLICIES, SOURCES, type CatalogEntry } from "../../src/core/catalog.js";
import { bySourcePriority, explainCode, filterEntries, sortEntries } from "../../src/core/lookup.js";
import { bestEntry } from "../../src/core/match.js";
import { checkCatalogDocument } from "../../src/core/validate.js";

const FACTS = new URL("../../../shared/reference/miosa-api-facts.md", import.meta.url);

// Every code ../shared/reference/miosa-api-facts.md lists as used by the live
// platform but missing from the reference, with the status it states (null: none stated).
const SDK_CODES: [code: string, status: number | null][] = [
  ["SANDBOX_STARTING", 409],
  ["COMPUTER_STARTING", 409],
  ["COMPUTER_STARTING", 503],
  ["SANDBOX_NOT_COMMAND_READY", 409],
  ["IDEMPOTENCY_PAYLOAD_MISMATCH", 409],
  ["TEMPLATE_IN_USE", 409],
  ["SNAPSHOT_IN_USE", 409],
  ["ENVIRONMENT_MEMORY_WITHHELD", 409],
  ["ENVIRONMENT_SCRUB_FAILED", 409],
  ["BATCH_ALREADY_TERMINAL", 409],
  ["LAST_OWNER", 409],
  ["INSTALLATION_REQUIRED", 409],
  ["NOT_RUNNING", 409],
  ["computer_not_running", 409],
  ["NAME_TAKEN", 409],
  ["INVALID_BUILDSPEC", 422],
  ["INVALID_TTL", 422],
  ["NOT_TENANT_MEMBER", 422],
  ["EMAIL_MISMATCH", 422],
  ["DNS_NOT_FOUND", 422],
  ["RATE_LIMITED", 429],
  ["UNAUTHORIZED", 401],
  ["wrong_password", 401],
  ["PROJECT_NOT_LINKED", 403],
  ["SUBJECT_NOT_ALLOWED", 403],
  ["SCOPE_NOT_ALLOWED", 403],
  ["MANAGED_PROVIDER_BINDING_ONLY", 403],
  ["USER_AUTHORIZATION_REQUIRED", 403],
  ["EGRESS_HOST_NOT_ALLOWED", 403],
  ["TOKEN_REFRESH_FAILED", 502],
  ["BUILD_STEP_FAILED", null],
  ["BUILDS_TEMPORARILY_UNAVAILABLE", null],
  ["authorization_pending", 428],
  ["access_denied", null],
  ["expired_token", 410],
  ["TIMEOUT", null],
  ["NETWORK_ERROR", null],
  ["MAX_RETRIES_EXCEEDED", null],
  ["UNKNOWN_ERROR", null],
  ["SANDBOX_DESTROYED", null],
];
const CLIENT_CODES = ["TIMEOUT", "NETWORK_ERROR", "MAX_RETRIES_EXCEEDED", "UNKNOWN_ERROR", "SANDBOX_DESTROYED"];

const entries = data.entries as CatalogEntry[];
const sdk = entries.filter((entry) => entry.source === "sdk");

describe("sdk entries in catalog/catalog.json", () => {
  it("keeps the 56 reference rows, each marked reference", () => {
    expect(entries.filter((entry) => entry.source === "reference")).toHaveLength(56);
    expect(entries.every((entry) => entry.source === "reference" || entry.source === "sdk")).toBe(true);
  });

  it.each(SDK_CODES)("has %s with status %s, marked sdk", (code, status) => {
    const found = sdk.filter((entry) => entry.code === code && entry.http_status === status);
    expect(found).toHaveLength(1);
  });

  it("has exactly those sdk entries and no others", () => {
    const listed = SDK_CODES.map(([code, status]) => `${code} ${status}`).sort();
    expect(sdk.map((entry) => `${entry.code} ${entry.http_status}`).sort()).toEqual(listed);
  });

  it.runIf(existsSync(FACTS))("takes every sdk code from the facts file", () => {
    const facts = readFileSync(FACTS, "utf8");
    for (const [code] of SDK_CODES) expect(facts).toContain(`\`${code}\``);
  });

  it("explains the client-side codes as made by the SDK, never sent by the server, with no status", () => {
    for (const code of CLIENT_CODES) {
      const [entry, ...others] = sdk.filter((candidate) => candidate.code === code);
      expect(others).toEqual([]);
      expect(entry?.area).toBe("client");
      expect(entry?.http_status).toBeNull();
      expect(entry?.meaning).toContain("produced by the SDK, never sent by the server");
    }
  });

  it("gives no status only to sdk entries", () => {
    const statusless = entries.filter((entry) => entry.http_status === null);
    expect(statusless.map((entry) => entry.code).sort()).toEqual(
      SDK_CODES.filter(([, status]) => status === null)
        .map(([code]) => code)
        .sort(),
    );
    expect(statusless.every((entry) => entry.source === "sdk")).toBe(true);
  });

  it("validates against the schema, whose enums are the code's own lists", () => {
    expect(checkCatalogDocument(data, "reference").ok).toBe(true);
    const properties = schema.definitions.entry.properties;
    expect(properties.area.enum).toEqual([...AREAS]);
    expect(properties.fault.enum).toEqual([...FAULTS]);
    expect(properties.retry.enum).toEqual([...RETRY_POLICIES]);
    expect(properties.source.enum).toEqual([...SOURCES]);
  });
});

describe("the schema's rule for a missing status", () => {
  const base = { code: "X_CODE", area: "common", meaning: "m", action: "a", retry: "never", fault: "request" };
  it.each([
    ["sdk", null, true],
    ["sdk", 409, true],
    ["user", null, false],
    ["reference", null, false],
    [undefined, null, false],
  ] as const)("source %s with http_status %s: valid %s", (source, status, valid) => {
    const check = checkCatalogDocument({ entries: [{ ...base, http_status: status, ...(source ? { source } : {}) }] }, "user");
    expect(check.ok).toBe(valid);
    if (!check.ok) {
      expect(check.problems).toEqual([
        {
          entry: 0,
          code: "X_CODE",
          field: "http_status",
          message: "must be an HTTP status from 100 to 599 (null, for no status given, is only for sdk entries)",
        },
      ]);
    }
  });

  it("reports one problem for a status that is neither a number nor null", () => {
    const check = checkCatalogDocument({ entries: [{ ...base, http_status: "409", source: "sdk" }] }, "user");
    expect(check).toEqual({
      ok: false,
      problems: [
        { entry: 0, code: "X_CODE", field: "http_status", message: "must be an HTTP status from 100 to 599, or null (no status given) on an sdk entry" },
      ],
    });
  });
});

describe("reference entries keep priority", () => {
  const catalog = builtinCatalog();

  it("explains UNAUTHORIZED with the reference entry first, the sdk one after", () => {
    const { matches } = explainCode(catalog, "UNAUTHORIZED");
    expect(matches.map((entry) => [entry.area, entry.source])).toEqual([
      ["templates", "reference"],
      ["common", "sdk"],
    ]);
  });

  it("explains computer_not_running with the reference COMPUTER_NOT_RUNNING first", () => {
    const { matches } = explainCode(catalog, "computer_not_running");
    expect(matches.map((entry) => [entry.code, entry.source])).toEqual([
      ["COMPUTER_NOT_RUNNING", "reference"],
      ["computer_not_running", "sdk"],
    ]);
  });

  it("orders by source even when an sdk entry comes first in the catalog", () => {
    const reference = catalog.entries.find((entry) => entry.code === "UNAUTHORIZED" && entry.source === "reference")!;
    const fromSdk = catalog.entries.find((entry) => entry.code === "UNAUTHORIZED" && entry.source === "sdk")!;
    const reversed = createCatalog([fromSdk, reference]);
    expect(explainCode(reversed, "unauthorized").matches).toEqual([reference, fromSdk]);
    expect(bySourcePriority([fromSdk, { ...reference, source: "user" }, reference]).map((entry) => entry.source)).toEqual(["reference", "user", "sdk"]);
  });

  it("puts reference entries first when explaining a bare status", () => {
    const { matches } = explainCode(catalog, "401");
    const firstSdk = matches.findIndex((entry) => entry.source === "sdk");
    expect(firstSdk).toBeGreaterThan(0);
    expect(matches.slice(firstSdk).every((entry) => entry.source === "sdk")).toBe(true);
    expect(matches.map((entry) => entry.code)).toContain("wrong_password");
  });

  it("bestEntry: the hinted area decides before the source; within it the reference entry wins", () => {
    const match = bestEntry(catalog, "UNAUTHORIZED", { area: "common", status: 401 });
    expect(match.best).toMatchObject({ area: "common", source: "sdk" });
    expect(match.alternatives).toEqual([expect.objectContaining({ area: "templates", source: "reference" })]);
    expect(bestEntry(catalog, "UNAUTHORIZED", { area: "templates" }).best).toMatchObject({ area: "templates", source: "reference" });
    expect(bestEntry(catalog, "COMPUTER_NOT_RUNNING", { area: "computers" }).best).toMatchObject({ code: "COMPUTER_NOT_RUNNING", source: "reference" });
  });

  it("bestEntry: hints choose among entries of the same source", () => {
    expect(bestEntry(catalog, "SANDBOX_NOT_RUNNING", { area: "deployments" }).best?.meaning).toBe("Publishing requires a running sandbox");
    expect(bestEntry(catalog, "COMPUTER_STARTING", { status: 503 }).best?.http_status).toBe(503);
    expect(bestEntry(catalog, "COMPUTER_STARTING").best?.http_status).toBe(409);
    expect(bestEntry(catalog, "rate_limited", { status: 429 }).best).toMatchObject({ code: "RATE_LIMITED", source: "sdk" });
    expect(bestEntry(catalog, "NO_SUCH_CODE")).toEqual({ best: null, alternatives: [] });
  });
});

describe("entries with no status given", () => {
  const catalog = builtinCatalog();

  it("never match a status filter or a bare-status query", () => {
    expect(filterEntries(catalog.entries, { status: 408 })).toEqual([]);
    expect(explainCode(catalog, "TIMEOUT", { status: 504 }).matches).toEqual([]);
    expect(explainCode(catalog, "TIMEOUT").matches).toHaveLength(1);
  });

  it("sort after the same code's entries that have a status", () => {
    const statusless = { ...catalog.entries.find((entry) => entry.code === "TIMEOUT")!, code: "COMPUTER_STARTING", area: "computers" as const };
    const sorted = sortEntries([statusless, ...catalog.entries.filter((entry) => entry.code === "COMPUTER_STARTING")]);
    expect(sorted.map((entry) => entry.http_status)).toEqual([409, 503, null]);
  });

  it("can be filtered by source", () => {
    const sdkOnly = filterEntries(catalog.entries, { source: "sdk", area: "client" });
    expect(sdkOnly.map((entry) => entry.code).sort()).toEqual([...CLIENT_CODES].sort());
  });
});
