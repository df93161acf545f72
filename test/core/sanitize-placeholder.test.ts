import { expect, test } from "vitest";
import { safeText } from "../../src/core/sanitize.js";

test.each([
  // The catalog's advice names the header with a placeholder: it stays as written.
  ["Verify the header is Authorization: Bearer msk_...", "Verify the header is Authorization: Bearer msk_..."],
  // A real key after Authorization is still masked.
  ["Authorization: Bearer msk_u_0123456789abcdWXYZ", "Authorization: Bearer msk_…WXYZ"],
  ["authorization=Bearer sometoken123456", "authorization=Bearer …3456"],
  // A JSON field that holds no credential.
  ['{"authorization": null}', '{"authorization": null}'],
])("%s", (input, output) => expect(safeText(input)).toBe(output));
