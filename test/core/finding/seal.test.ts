// sealFinding is where decode masks, once: every string of a finding that came from outside.
import { describe, expect, it } from "vitest";
import { blankFinding, sealFinding } from "../../../src/core/finding/finding.js";

const TOKEN = "Bearer abcdefgh12345678";

describe("sealFinding", () => {
  it.each(["code", "message", "request_id", "path", "method", "details", "hint", "content_type", "page_title", "served_by", "retry_at"] as const)(
    "masks %s",
    (field) => {
      const finding = blankFinding("envelope", { line: 1, form: "envelope" });
      finding[field] = `x ${TOKEN} y`;
      expect(sealFinding(finding)[field]).toBe("x Bearer …5678 y");
    },
  );
});
