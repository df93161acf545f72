// The pieces of the triage view: wrapping, the timeline's columns, and the colour rules.
import { describe, expect, it } from "vitest";
import { colorLevel, painterFor, unicodeOutput } from "../../src/cli/context.js";
import { testIO } from "../../src/cli/io.js";
import { Triage } from "../../src/core/triage/groups.js";
import { columnLevels, renderTimeline } from "../../src/render/timeline.js";
import { truncate, visibleLength, wrapLine } from "../../src/render/wrap.js";
import { decodeText } from "../core/triage/helpers.js";

const plain = await painterFor(0);

describe("wrap", () => {
  it.each([
    ["short", 10, ["short"]],
    ["one two three four", 9, ["one two", "three", "four"]],
    ["a-very-long-word x", 6, ["a-very", "-long-", "word x"]],
    ["\u001b[1mbold\u001b[22m text", 9, ["\u001b[1mbold\u001b[22m text"]],
  ])("wrapLine(%j, %i)", (text, width, lines) => expect(wrapLine(text, width)).toEqual(lines));

  it("counts what shows, not escapes", () => {
    expect(visibleLength("\u001b]8;;https://x\u001b\\link\u001b]8;;\u001b\\ \u001b[2mdim\u001b[22m")).toBe(8);
    expect(truncate("/api/v1/sandboxes/sb_1/exec", 10)).toBe("/api/v1/s…");
  });
});

describe("timeline", () => {
  it("makes the column of a known burst the tall one, on a scale shared by every row", () => {
    const base = Date.UTC(2026, 10, 28, 9, 0);
    const lines: string[] = [];
    for (let minute = 0; minute < 60; minute++)
      lines.push(`${new Date(base + minute * 60_000).toISOString()} ERROR {"error":{"code":"AGENT_UNAVAILABLE","message":"agent down"}}`);
    // The burst: 40 rate limits in the last minute.
    for (let i = 0; i < 40; i++)
      lines.push(`${new Date(base + 59 * 60_000 + i * 1000).toISOString()} ERROR {"error":{"code":"RATE_LIMITED","message":"slow"}}`);
    const triage = new Triage();
    for (const finding of decodeText(lines.join("\n"))) triage.add(finding);
    const text = renderTimeline(plain, triage.ordered(), { width: 2 + 17 + 2 + 12 + 2 + 2, unicode: true })!;
    const rows = text.split("\n");
    const burst = rows.find((row) => row.includes("RATE_LIMITED"))!;
    const steady = rows.find((row) => row.includes("AGENT_UNAVAILABLE"))!;
    const chart = (row: string) => row.slice(2 + 17 + 2, 2 + 17 + 2 + 12);
    expect(chart(burst)).toBe("           █");
    // Five a column, against forty at the top of the scale: the lowest marks, never blank.
    expect(chart(steady)).toBe("▁".repeat(12));
    expect(rows.at(-2)).toMatch(/^ {21}2026-11-28 09:00:00\s*$/);
  });

  it("scales counts to eight levels, any error at least one", () => {
    expect(columnLevels([0, 1, 20, 40], 40)).toEqual([0, 1, 4, 8]);
  });
});

describe("colour and Unicode follow the environment", () => {
  const level = (env: Record<string, string>, tty = true) => colorLevel(testIO({ env, tty }), true);
  it.each([
    [{}, true, 1],
    [{}, false, 0],
    [{ TERM: "dumb" }, true, 0],
    [{ CLICOLOR: "0" }, true, 0],
    [{ CLICOLOR_FORCE: "1" }, false, 1],
    [{ CLICOLOR_FORCE: "0" }, false, 0],
    [{ CLICOLOR_FORCE: "1", NO_COLOR: "1" }, true, 0],
    [{ TERM: "dumb", FORCE_COLOR: "1" }, true, 1],
    [{ NO_COLOR: "1" }, true, 0],
  ])("%j on a terminal: %s gives level %i", (env, tty, expected) => expect(level(env, tty)).toBe(expected));

  it.each([
    [{ LANG: "en_US.UTF-8" }, true],
    [{ LC_ALL: "C", LANG: "en_US.UTF-8" }, false],
    [{ LC_CTYPE: "de_DE.utf8" }, true],
    [{ LANG: "en_US.UTF-8", TERM: "dumb" }, false],
    [{}, false],
  ])("%j: Unicode %s", (env, expected) => expect(unicodeOutput(testIO({ env }))).toBe(expected));
});

describe("tables fit the terminal", () => {
  it.each([60, 80, 120])("list at %i columns: nothing spills, the meaning is cut with an ellipsis, never the code", async (columns) => {
    const { runInProcess } = await import("../helpers.js");
    const { stdout } = await runInProcess(["list", "--area", "sandboxes"], { tty: true, columns, env: { NO_COLOR: "1" } });
    const lines = stdout.trimEnd().split("\n");
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(columns);
    expect(stdout).toContain(" SANDBOX_RUNTIME_UNAVAILABLE ");
    if (columns < 120) expect(stdout).toContain("…");
  });
});

describe("progress", () => {
  it("waits a second, redraws in place at most every 100 ms, erases, and draws nothing once ended", async () => {
    const { Progress } = await import("../../src/cli/progress.js");
    let now = 0;
    const io = { ...testIO({ tty: true, columns: 80 }), now: () => now };
    const progress = Progress.start(io, "app.log", 4 * 1024 * 1024)!;
    progress.update(1024 * 1024, 10);
    expect(io.errors()).toBe("");
    now = 1000;
    progress.update(1024 * 1024, 10);
    now = 1050;
    progress.update(2 * 1024 * 1024, 20);
    expect(io.errors()).toBe("\r\u001b[Kmiosa-err: reading app.log: 1.0 MB of 4.0 MB (25%), 10 errors so far");
    progress.end();
    now = 5000;
    progress.update(3 * 1024 * 1024, 30);
    expect(io.errors()).toBe("\r\u001b[Kmiosa-err: reading app.log: 1.0 MB of 4.0 MB (25%), 10 errors so far\r\u001b[K");
    expect(Progress.start(testIO({ tty: false }), "app.log", null)).toBeNull();
  });
});
