// Output written straight to a descriptor: every byte arrives, in order,
// whatever the kernel accepts per call.
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fdOutput, writeAll, writeAllBytes } from "../../src/cli/fd-output.js";

describe("writeAll", () => {
  it("goes on after partial writes and EAGAIN until every byte is written", () => {
    const written: Buffer[] = [];
    let calls = 0;
    const stingy = (_fd: number, bytes: Buffer, offset: number, length: number) => {
      calls++;
      if (calls % 2 === 0) throw Object.assign(new Error("try again"), { code: "EAGAIN" });
      const piece = bytes.subarray(offset, offset + Math.min(3, length));
      written.push(Buffer.from(piece));
      return piece.length;
    };
    const text = "SANDBOX_LIMIT_REACHED · 409 — ünïcode ✓\n";
    writeAll(1, text, stingy);
    expect(Buffer.concat(written).toString("utf8")).toBe(text);
    expect(calls).toBeGreaterThan(10);
  });

  it("writes text too long for its reused buffer, and short text after it, whole", () => {
    const chunks: string[] = [];
    const collect = (_fd: number, bytes: Buffer, offset: number, length: number) => {
      chunks.push(bytes.toString("utf8", offset, offset + length));
      return length;
    };
    const long = "é✓x".repeat(200_000);
    writeAll(1, long, collect);
    writeAll(1, "short\n", collect);
    expect(chunks).toEqual([long, "short\n"]);
  });

  it("throws any other error (EPIPE, ENOSPC) for the caller to handle", () => {
    const broken = () => {
      throw Object.assign(new Error("broken pipe"), { code: "EPIPE" });
    };
    expect(() => writeAll(1, "x", broken)).toThrow(expect.objectContaining({ code: "EPIPE" }));
  });

  it("writes bytes whole too, after partial writes and EAGAIN", () => {
    const written: Buffer[] = [];
    let calls = 0;
    const stingy = (_fd: number, bytes: Buffer, offset: number, length: number) => {
      if (++calls % 3 === 0) throw Object.assign(new Error("try again"), { code: "EAGAIN" });
      const piece = bytes.subarray(offset, offset + Math.min(5, length));
      written.push(Buffer.from(piece));
      return piece.length;
    };
    const bytes = Buffer.from("ünïcode ✓ ".repeat(50));
    writeAllBytes(1, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), stingy);
    expect(Buffer.concat(written).equals(bytes)).toBe(true);
  });

  it("writes nothing for empty text", () => {
    let calls = 0;
    writeAll(1, "", () => ++calls);
    expect(calls).toBe(0);
  });
});

describe("fdOutput", () => {
  it("writes a regular file directly and reports no terminal, 80 columns", () => {
    const dir = mkdtempSync(join(tmpdir(), "miosa-err-fd-"));
    const path = join(dir, "out.txt");
    const fd = openSync(path, "w");
    try {
      const output = fdOutput(fd as 1, () => undefined);
      expect(output).not.toBeNull();
      expect(output!.isTTY).toBe(false);
      expect(output!.columns).toBe(80);
      output!.write("first\n");
      output!.write("second\n");
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path, "utf8")).toBe("first\nsecond\n");
  });

  it("writes /dev/null directly", () => {
    const fd = openSync("/dev/null", "w");
    try {
      expect(fdOutput(fd as 1, () => undefined)?.isTTY).toBe(false);
    } finally {
      closeSync(fd);
    }
  });

  it("leaves a descriptor it cannot identify (closed) to Node's own stream", () => {
    const fd = openSync("/dev/null", "r");
    closeSync(fd);
    expect(fdOutput(fd as 1, () => undefined)).toBeNull();
  });

  it("hands a failed write to onError instead of throwing", () => {
    const dir = mkdtempSync(join(tmpdir(), "miosa-err-fd-"));
    const path = join(dir, "read-only.txt");
    writeFileSync(path, "");
    // A file opened for reading: fstat says regular file, every write fails with EBADF.
    const fd = openSync(path, "r");
    const errors: string[] = [];
    try {
      const output = fdOutput(fd as 1, (error) => void errors.push(error.code ?? "?"));
      expect(output).not.toBeNull();
      output!.write("no way\n");
    } finally {
      closeSync(fd);
    }
    expect(errors).toEqual(["EBADF"]);
  });
});
