// The code cache's seal: V8's data is used only when both copies the build
// wrote agree byte for byte and the header fits; otherwise it is never
// handed to V8, which would crash on a corrupt body.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeCacheFiles, openCodeCache, sealCodeCache } from "../../src/cli/code-cache.js";

const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 31) & 0xff));

describe("openCodeCache", () => {
  it("gives back V8's data unchanged from two equal sealed copies", () => {
    const opened = openCodeCache(sealCodeCache(data), sealCodeCache(data));
    expect("data" in opened && opened.data.equals(data)).toBe(true);
  });

  it("calls the cache corrupt when any byte of one copy changed", () => {
    const sealed = sealCodeCache(data);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sealed.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.boolean(), (at, flip, first) => {
        const spoiled = Buffer.from(sealed);
        spoiled[at]! ^= flip;
        expect(first ? openCodeCache(spoiled, sealed) : openCodeCache(sealed, spoiled)).toEqual({ status: "corrupt" });
      }),
      { numRuns: 300 },
    );
  });

  it("calls copies cut short, of another length, not sealed or only one present corrupt; none at all absent", () => {
    const sealed = sealCodeCache(data);
    const cut = sealed.subarray(0, sealed.length - 1);
    expect(openCodeCache(cut, cut)).toEqual({ status: "corrupt" });
    expect(openCodeCache(Buffer.alloc(0), Buffer.alloc(0))).toEqual({ status: "corrupt" });
    expect(openCodeCache(data, data)).toEqual({ status: "corrupt" });
    expect(openCodeCache(sealed, undefined)).toEqual({ status: "corrupt" });
    expect(openCodeCache(undefined, sealed)).toEqual({ status: "corrupt" });
    expect(openCodeCache(undefined, undefined)).toEqual({ status: "absent" });
  });

  it("names the two copies after the script", () => {
    const [cache, copy] = codeCacheFiles(new URL("file:///opt/miosa-err/dist/cli-core-0123456789ab.js"));
    expect(cache.href).toBe("file:///opt/miosa-err/dist/cli-core-0123456789ab.cache");
    expect(copy.href).toBe("file:///opt/miosa-err/dist/cli-core-0123456789ab.cache-copy");
    const [partCache, partCopy] = codeCacheFiles(new URL("file:///opt/miosa-err/dist/chunks/decode-0123456789ab.cjs"));
    expect(partCache.href).toBe("file:///opt/miosa-err/dist/chunks/decode-0123456789ab.cache");
    expect(partCopy.href).toBe("file:///opt/miosa-err/dist/chunks/decode-0123456789ab.cache-copy");
    expect(() => codeCacheFiles(new URL("file:///opt/miosa-err/dist/chunks/decode.wasm"))).toThrow("not a script");
  });
});
