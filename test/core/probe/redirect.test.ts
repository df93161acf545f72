import { describe, expect, test } from "vitest";
import { nextRedirect, type RedirectableRequest } from "../../../src/core/probe/redirect.js";

const request = (method: string, body: string | null = null): RedirectableRequest => ({
  method,
  url: new URL("https://api.miosa.ai/api/v1/a"),
  headers: [
    ["Accept", "application/json"],
    ["Authorization", "Bearer msk_u_secretsecret"],
    ["Content-Type", "application/json"],
  ],
  body: body === null ? null : Buffer.from(body),
});

describe("nextRedirect", () => {
  test("same origin keeps Authorization, method and body on 307", () => {
    const step = nextRedirect(request("POST", "{}"), 307, "/api/v1/b");
    if (!step.ok) throw new Error(step.problem);
    expect(step.request.url.href).toBe("https://api.miosa.ai/api/v1/b");
    expect(step.request.method).toBe("POST");
    expect(step.request.body).not.toBeNull();
    expect(step.crossOrigin).toBe(false);
    expect(step.request.headers.map(([name]) => name)).toContain("Authorization");
  });
  test.each([
    ["https://other.example/x", true],
    ["http://api.miosa.ai/x", true],
    ["https://api.miosa.ai:8443/x", true],
  ])("to %s drops Authorization (another origin: %s)", (location, cross) => {
    const step = nextRedirect(request("GET"), 302, location);
    if (!step.ok) throw new Error(step.problem);
    expect(step.crossOrigin).toBe(cross);
    expect(step.droppedHeaders).toEqual(["Authorization"]);
    expect(step.request.headers.map(([name]) => name)).toEqual(["Accept", "Content-Type"]);
  });
  test.each([
    [303, "PUT", "GET"],
    [302, "POST", "GET"],
    [301, "POST", "GET"],
    [302, "DELETE", "DELETE"],
    [308, "POST", "POST"],
  ])("%s after %s → %s", (status, method, next) => {
    const step = nextRedirect(request(method, "{}"), status, "/b");
    if (!step.ok) throw new Error(step.problem);
    expect(step.request.method).toBe(next);
    expect(step.request.body === null).toBe(next === "GET");
  });
  test.each([
    [undefined, /without a Location/],
    ["ftp://x/y", /not an http\(s\) URL/],
    ["http://[bad", /not a valid URL/],
  ])("Location %s is not followed", (location, problem) => {
    const step = nextRedirect(request("GET"), 302, location);
    expect(step.ok).toBe(false);
    if (!step.ok) expect(step.problem).toMatch(problem);
  });
});
