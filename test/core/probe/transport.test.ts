import { describe, expect, test } from "vitest";
import { explainTransportFailure, type TransportFailure } from "../../../src/core/probe/transport.js";

const failure = (code: string, phase: TransportFailure["phase"]): TransportFailure => ({ code, message: "m", phase, host: "api.miosa.ai", port: 443 });
const context = { hostSource: "MIOSA_API_URL" as const, timeoutMs: 2500, extraCa: false };

describe("explainTransportFailure", () => {
  test.each([
    ["ENOTFOUND", "dns", /DNS lookup failed: api.miosa.ai does not resolve/],
    ["ECONNREFUSED", "connect", /Connection refused by api.miosa.ai:443/],
    ["ECONNRESET", "response", /reset or closed while waiting for the response headers/],
    ["UND_ERR_SOCKET", "body", /reset or closed while reading the response body/],
    ["TIMEOUT", "response", /No answer from api.miosa.ai:443 within 2500 ms \(timed out while waiting for the response headers\)/],
    ["TIMEOUT", "connect", /timed out while opening the TCP connection/],
    ["CERT_HAS_EXPIRED", "tls", /certificate of api.miosa.ai has expired/],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "tls", /is self-signed/],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "tls", /signed by a CA this machine does not trust/],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "tls", /is not for api.miosa.ai \(wrong host\)/],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "tls", /did not answer TLS/],
    ["EWEIRD", "connect", /EWEIRD while opening the TCP connection/],
  ] as const)("%s in %s", (code, phase, summary) => {
    const explained = explainTransportFailure(failure(code, phase), context);
    expect(explained.summary).toMatch(summary);
    expect(explained.checks.length).toBeGreaterThan(0);
  });

  test("names the address a host resolved to", () => {
    const explained = explainTransportFailure({ ...failure("ECONNREFUSED", "connect"), address: "10.1.2.3" }, context);
    expect(explained.summary).toBe("Connection refused by api.miosa.ai:443 (10.1.2.3): nothing is listening there.");
  });

  test("says which setting supplied the host", () => {
    const explained = explainTransportFailure(failure("ENOTFOUND", "dns"), context);
    expect(explained.checks).toContain("The host api.miosa.ai came from env MIOSA_API_URL.");
  });

  test("an untrusted certificate suggests --ca, or doubts the one given", () => {
    expect(explainTransportFailure(failure("DEPTH_ZERO_SELF_SIGNED_CERT", "tls"), context).checks.join(" ")).toMatch(/--ca FILE/);
    expect(explainTransportFailure(failure("DEPTH_ZERO_SELF_SIGNED_CERT", "tls"), { ...context, extraCa: true }).checks.join(" ")).toMatch(
      /CA given with --ca does not vouch/,
    );
  });
});
