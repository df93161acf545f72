// decode --json's output buffer: the same text, in order, whatever the
// sizes of the pieces and whether the sink takes bytes or text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OutputBuffer } from "../../src/render/json-writer/output-buffer.js";

describe("OutputBuffer", () => {
  it("hands on the same text, in order, to a sink of bytes and to a sink of text, whatever the sizes", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: "grapheme", maxLength: 300 }),
            fc.constantFrom("é✓’…".repeat(30_000), "x".repeat(70_000)),
            fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes).toString("utf8")),
          ),
          { maxLength: 40 },
        ),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        (texts, asBytes) => {
          const chunks: Buffer[] = [];
          // A sink that keeps what it gets only by copying, as a descriptor's write does: the buffer is reused.
          const byBytes = new OutputBuffer({
            write: (text: string) => void chunks.push(Buffer.from(text)),
            writeBytes: (bytes: Uint8Array) => void chunks.push(Buffer.from(bytes)),
          });
          let text = "";
          const byText = new OutputBuffer({ write: (piece: string) => void (text += piece) });
          texts.forEach((piece, i) => {
            for (const out of [byBytes, byText]) {
              if (asBytes[i]) out.writeBytes(Buffer.from(piece, "utf8"));
              else out.write(piece);
            }
          });
          byBytes.flush();
          byText.flush();
          const expected = texts.join("");
          expect(Buffer.concat(chunks).toString("utf8")).toBe(Buffer.from(expected).toString("utf8"));
          expect(text).toBe(Buffer.from(expected).toString("utf8"));
        },
      ),
      { numRuns: 60 },
    );
  });
});
