import { describe, expect, it } from "vitest";
import { BUILTIN_ENTRIES, builtinCatalog } from "../../src/core/builtin.js";
import { createCatalog } from "../../src/core/catalog.js";
import { chooseEntry } from "../../src/core/match.js";
import { apiPath, areaForPath } from "../../src/core/paths.js";

const catalog = builtinCatalog();
const choose = (code: string | null, status: number | null, path: string | null, message: string | null = null) =>
  chooseEntry(catalog, { code, status, path, message });

describe("areaForPath", () => {
  it.each([
    ["/api/v1/computers/c1/snapshots/s1", "snapshots"],
    ["https://api.miosa.ai/api/v1/sandboxes/sb_1/snapshots?x=1", "snapshots"],
    ["/api/v1/snapshots", "snapshots"],
    ["/api/v1/computers/c1/desktop", "computers"],
    ["/api/v1/computers/c1/domains", "domains"],
    ["/api/v1/custom-domains/d1", "domains"],
    ["/api/v1/domains", "domains"],
    ["/api/v1/deployments/d1/builds", "deployments"],
    ["/api/v1/deployments/d1/domains", "domains"],
    ["/api/v1/sandboxes/sb_1/expose", "sandboxes"],
    ["/api/v1/sandbox-templates/t1/builds", "templates"],
    ["/api/v1/sandbox-template-builds/b1", "templates"],
    ["/api/v1/auth/sse-ticket", "templates"],
    ["/api/v1/workspaces", "workspaces"],
    ["/api/v1/credits/balance", "billing"],
    ["/v1/Sandboxes", "sandboxes"],
    ["/api/v1/platform/tenants/current", null],
    ["not a path", null],
    [null, null],
  ])("%s → %s", (path, area) => {
    expect(areaForPath(path)).toBe(area);
  });

  it("strips origin, query and the api prefix", () => {
    expect(apiPath("https://api.miosa.ai/api/v1/sandboxes/sb_1/exec?wait=1#x")).toBe("/sandboxes/sb_1/exec");
  });
});

describe("chooseEntry", () => {
  it.each([
    // code, status, path, message → area of the best entry, and a distinguishing word of its meaning
    ["NOT_FOUND", 404, "/api/v1/computers/c1/snapshots/s1", null, "snapshots", "Snapshot"],
    ["NOT_FOUND", 404, "/api/v1/sandboxes/sb_1", null, "common", "Resource"],
    ["NOT_FOUND", 404, null, "snapshot not found", "snapshots", "Snapshot"],
    ["not_found", 404, null, null, "common", "Resource"],
    ["SANDBOX_NOT_RUNNING", 409, "/api/v1/sandboxes/sb_1/deploy", null, "sandboxes", "/deploy"],
    ["SANDBOX_NOT_RUNNING", 409, "/api/v1/sandboxes/sb_1/exec", null, "sandboxes", "running state"],
    ["SANDBOX_NOT_RUNNING", 409, "/api/v1/deployments/d1/builds", null, "deployments", "Publishing"],
    ["MISSING_PARAM", 400, "/api/v1/sandboxes/sb_1/expose", null, "sandboxes", "/expose"],
    ["MISSING_PARAM", 400, "/api/v1/sandboxes/sb_1/files", null, "common", "body field"],
    ["INSUFFICIENT_CREDITS", 402, "/api/v1/computers/c1/start", null, "computers", "computer"],
    ["INSUFFICIENT_CREDITS", 402, "/api/v1/sandboxes", null, "sandboxes", "sandbox"],
    ["INSUFFICIENT_CREDITS", 402, null, null, "billing", "depleted"],
    ["FORBIDDEN", 403, "/api/v1/custom-domains/d1", null, "domains", "Domain"],
    ["VALIDATION_FAILED", 422, "/api/v1/workspaces", null, "workspaces", "Workspace"],
    ["VALIDATION_ERROR", 422, "/api/v1/deployments", null, "deployments", "Deployment"],
    ["COMPUTER_NOT_FOUND", 404, "/api/v1/computers/c1/domains", null, "domains", "domain"],
    ["AGENT_UNAVAILABLE", 502, "/api/v1/computers/c1/exec", null, "computers", "unreachable"],
    ["invalid_token", 401, null, "refresh token used on a non-auth endpoint", "auth", "Refresh"],
    ["INVALID_TOKEN", 401, null, "bad key", "auth", "malformed"],
  ])("%s %s %s %s → %s", (code, status, path, message, area, word) => {
    const choice = choose(code, status, path, message);
    expect(choice.entry?.area).toBe(area);
    expect(choice.entry?.meaning).toContain(word);
    expect(choice.alternatives.length).toBeGreaterThan(0);
    expect(choice.alternatives).not.toContain(choice.entry);
  });

  it("matches the message-form entries by message", () => {
    const choice = choose(null, 409, "/api/v1/computers/c1/snapshots/s1/restore", "snapshot is not in ready state");
    expect(choice.entry?.code).toBe("snapshot is not in ready state");
    expect(choice.reasons).toContain("message");
    expect(choose("CONFLICT", 401, null, "Missing SSE ticket").entry?.code).toBe("missing sse ticket");
  });

  it("reads a code-less message as a code when it names one", () => {
    expect(choose(null, 402, null, "Insufficient credits").entry?.code).toBe("INSUFFICIENT_CREDITS");
  });

  it("does not let a message override a known code", () => {
    expect(choose("FORBIDDEN", 403, null, "Not found").entry?.code).toBe("FORBIDDEN");
  });

  it("prefers the error reference's entry to an sdk entry of the same code and area", () => {
    const computer = choose("COMPUTER_NOT_RUNNING", 409, "/api/v1/computers/c1/exec");
    expect(computer.entry).toMatchObject({ code: "COMPUTER_NOT_RUNNING", source: "reference" });
    expect(computer.alternatives.map((entry) => entry.code)).toContain("computer_not_running");
  });

  it.each([
    // The path's area decides first; without an entry of its own, the cross-cutting entry beats another area's.
    ["UNAUTHORIZED", 401, "/api/v1/sandboxes", null, "common", "sdk"],
    ["UNAUTHORIZED", 401, "/api/v1/auth/sse-ticket", null, "templates", "reference"],
    ["UNAUTHORIZED", 401, null, "invalid key", "common", "sdk"],
    ["VALIDATION_FAILED", 422, "/api/v1/sandbox-templates", "sandbox template is invalid", "common", "reference"],
    ["VALIDATION_FAILED", 422, null, "sandbox template is invalid", "common", "reference"],
    ["VALIDATION_FAILED", 422, "/api/v1/custom-domains", "fqdn missing", "domains", "reference"],
    ["VALIDATION_FAILED", null, null, null, "common", "reference"],
  ])("%s %s %s %s → %s (%s)", (code, status, path, message, area, source) => {
    expect(choose(code, status, path, message).entry).toMatchObject({ area, source });
  });

  it("chooses among a status's entries by the message when no code was given", () => {
    const choice = choose(null, 404, null, "sandbox template not found");
    expect(choice.entry).toMatchObject({ code: "TEMPLATE_NOT_FOUND" });
    expect(choice.reasons).toContain("no code given: an entry of status 404");
    expect(choose(null, 404, null, "resource not found").entry).toMatchObject({ code: "NOT_FOUND", area: "common" });
    expect(choose(null, 418, null, "teapot").entry).toBeNull();
  });

  it("explains a code only the SDKs know from its sdk entry", () => {
    expect(choose("SANDBOX_STARTING", 409, "/api/v1/sandboxes/sb_1/exec").entry).toMatchObject({ code: "SANDBOX_STARTING", source: "sdk" });
  });

  it("suggests close codes for an unknown one", () => {
    const choice = choose("SANDBOX_LIMIT_REACHD", 409, null);
    expect(choice.entry).toBeNull();
    expect(choice.codeKnown).toBe(false);
    expect(choice.suggestions[0]).toBe("SANDBOX_LIMIT_REACHED");
  });

  it("gives a remembered choice as a first one, as copies, past the memory's limit too", () => {
    // Every mix of these (so each part decides some choices), then distinct messages past the limit.
    const codes = [null, "NOT_FOUND", "not_found", "SANDBOX_NOT_RUNNING", "NO_SUCH_CODE"];
    const statuses = [null, 404, 409];
    const paths = [null, "/api/v1/computers/c1", "/api/v1/snapshots/s1"];
    const messages = [null, "insufficient credits", "sandbox limit reached", "stopped"];
    const observations = Array.from({ length: 5000 }, (_, i) => ({
      code: codes[i % 5]!,
      status: statuses[Math.floor(i / 5) % 3]!,
      path: paths[Math.floor(i / 15) % 3]!,
      message: i < 4500 ? messages[Math.floor(i / 45) % 4]! : `gone ${i}`,
    }));
    const first = observations.map((observed) => chooseEntry(createCatalog(BUILTIN_ENTRIES), observed));
    const memory = createCatalog(BUILTIN_ENTRIES);
    for (const pass of [0, 1]) {
      observations.forEach((observed, i) => {
        const choice = chooseEntry(memory, observed);
        expect(choice, `pass ${pass}, observation ${i}`).toEqual(first[i]);
        choice.reasons.push("changed by its finding");
        choice.alternatives.length = 0;
      });
    }
  });
});
