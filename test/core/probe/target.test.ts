import { describe, expect, test } from "vitest";
import { isIpHost, isLoopbackHost, plainHttpRefusal, resolveBaseUrl, resolveTarget, TargetProblem } from "../../../src/core/probe/target.js";

describe("resolveBaseUrl", () => {
  test.each([
    // flag, env, root, source
    [undefined, undefined, "https://api.miosa.ai/", "default"],
    [undefined, "", "https://api.miosa.ai/", "default"],
    [undefined, "https://staging.miosa.ai/api/v1", "https://staging.miosa.ai/", "MIOSA_API_URL"],
    ["http://127.0.0.1:8080", "https://ignored.example", "http://127.0.0.1:8080/", "--base-url"],
    ["https://api.miosa.ai/api/v1/", undefined, "https://api.miosa.ai/", "--base-url"],
    ["https://proxy.corp/miosa/api/v1", undefined, "https://proxy.corp/miosa", "--base-url"],
  ])("flag %s env %s → %s (%s)", (flag, env, root, source) => {
    const base = resolveBaseUrl(flag, env);
    expect(base.root.href).toBe(root);
    expect(base.source).toBe(source);
  });

  test.each([
    ["not a url", undefined, /malformed URL "not a url" from the --base-url flag/],
    [undefined, "https//api.miosa.ai", /malformed URL "https\/\/api.miosa.ai" from env MIOSA_API_URL/],
    ["ftp://api.miosa.ai", undefined, /must start with https:\/\/ or http:\/\//],
    ["https://user:pw@api.miosa.ai", undefined, /carries credentials/],
    ["https://api.miosa.ai?x=1", undefined, /must not have a query/],
  ])("%s / %s is refused naming its source", (flag, env, message) => {
    expect(() => resolveBaseUrl(flag, env)).toThrow(TargetProblem);
    expect(() => resolveBaseUrl(flag, env)).toThrow(message);
  });
});

describe("resolveTarget", () => {
  const origin = resolveBaseUrl("https://api.miosa.ai", undefined);
  const sdk = resolveBaseUrl("https://api.miosa.ai/api/v1", undefined);
  test.each([
    [origin, "/api/v1/sandboxes", "https://api.miosa.ai/api/v1/sandboxes"],
    [origin, "sandboxes", "https://api.miosa.ai/api/v1/sandboxes"],
    [sdk, "sandboxes", "https://api.miosa.ai/api/v1/sandboxes"],
    [sdk, "/api/v1/sandboxes", "https://api.miosa.ai/api/v1/sandboxes"],
    [sdk, "api/v1/sandboxes/sb_1?x=1", "https://api.miosa.ai/api/v1/sandboxes/sb_1?x=1"],
    [origin, "/health", "https://api.miosa.ai/health"],
    [origin, "//evil.example/x", "https://api.miosa.ai/evil.example/x"],
    [origin, "http://127.0.0.1:9/x", "http://127.0.0.1:9/x"],
  ])("%# %s", (base, input, url) => {
    expect(resolveTarget(base, input).url.href).toBe(url);
  });

  test("the host source is the base URL's, or the argument for a full URL", () => {
    expect(resolveTarget(sdk, "sandboxes").hostSource).toBe("--base-url");
    expect(resolveTarget(sdk, "https://x.example/").hostSource).toBe("argument");
  });

  test("a malformed full URL names the argument", () => {
    expect(() => resolveTarget(origin, "https://exa mple.com/")).toThrow(/from the URL given as argument/);
  });
});

describe("loopback and plain http", () => {
  test.each([
    ["localhost", true],
    ["LOCALHOST", true],
    ["app.localhost", true],
    ["127.0.0.1", true],
    ["127.200.3.4", true],
    ["[::1]", true],
    ["::ffff:7f00:1", true],
    ["128.0.0.1", false],
    ["127.0.0.1.nip.io", false],
    ["api.miosa.ai", false],
    ["10.0.0.1", false],
  ])("%s → %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  test("a key may go over http only to loopback", () => {
    expect(plainHttpRefusal(new URL("http://127.0.0.1:8080/x"))).toBeNull();
    expect(plainHttpRefusal(new URL("https://api.miosa.ai/x"))).toBeNull();
    expect(plainHttpRefusal(new URL("http://api.miosa.ai/x"))).toMatch(/refusing to send the key over plain http:\/\/ to api.miosa.ai/);
  });
});

describe("isIpHost", () => {
  test("IPv4 and IPv6 hosts need no lookup; names do", () => {
    expect(isIpHost(new URL("http://127.0.0.1:4000/x"))).toBe(true);
    expect(isIpHost(new URL("http://0x7f.1/"))).toBe(true);
    expect(isIpHost(new URL("https://[::1]/health"))).toBe(true);
    expect(isIpHost(new URL("https://api.miosa.ai/"))).toBe(false);
    expect(isIpHost(new URL("https://1.2.3.4.example/"))).toBe(false);
  });
});
