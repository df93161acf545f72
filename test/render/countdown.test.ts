import { expect, test } from "vitest";
import { waitWithCountdown } from "../../src/render/countdown.js";
import { testIO } from "../../src/cli/io.js";

test("on a terminal: one line redrawn each second, erased at the end, whole wait slept", async () => {
  const io = testIO({ tty: true });
  const slept: number[] = [];
  await waitWithCountdown(io, 2500, "attempt 2 of 3", async (ms) => void slept.push(ms));
  expect(slept).toEqual([500, 1000, 1000]);
  expect(io.errors()).toBe("\r\x1b[Kattempt 2 of 3 in 3 s…\r\x1b[Kattempt 2 of 3 in 2 s…\r\x1b[Kattempt 2 of 3 in 1 s…\r\x1b[K");
});

test("not a terminal: the same wait, nothing written", async () => {
  const io = testIO({ tty: false });
  const slept: number[] = [];
  await waitWithCountdown(io, 2500, "attempt 2 of 3", async (ms) => void slept.push(ms));
  expect(slept).toEqual([2500]);
  expect(io.errors()).toBe("");
});
