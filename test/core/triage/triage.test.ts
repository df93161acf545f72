// Triage groups, orders and counts findings; filters and the timeline's buckets.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OTHER_CODES } from "../../../src/core/decode/summary.js";
import type { Finding } from "../../../src/core/finding/finding.js";
import { BoundedCounter } from "../../../src/core/triage/counter.js";
import { matchesFilter, NO_FILTER } from "../../../src/core/triage/filter.js";
import { Triage } from "../../../src/core/triage/groups.js";
import { isoMs, parseTimeBound, seenTime } from "../../../src/core/triage/seen.js";
import { bucketTimeline } from "../../../src/core/triage/timeline.js";
import { decodeText, triageFixture } from "./helpers.js";

const at = (iso: string) => Date.parse(iso);

function triageOf(findings: Finding[]): Triage {
  const triage = new Triage();
  for (const finding of findings) triage.add(finding);
  return triage;
}

describe("Triage of a log with known times", () => {
  const findings = triageFixture();
  const triage = triageOf(findings);
  const groups = triage.ordered();

  it("groups by code and entry, most frequent first, ties by first seen", () => {
    expect(findings).toHaveLength(9);
    expect(groups.map((group) => [group.code, group.count])).toEqual([
      ["SANDBOX_NOT_RUNNING", 4],
      ["RATE_LIMITED", 4],
      ["VALIDATION_ERROR", 1],
    ]);
  });

  it("takes first and last seen from each record's own time, also from a log line's leading time", () => {
    const [notRunning, limited] = groups;
    expect(notRunning!.firstMs).toBe(at("2026-11-28T09:14:01Z"));
    expect(notRunning!.lastMs).toBe(at("2026-11-28T09:30:00Z"));
    expect(notRunning!.timeFrom).toBe("record");
    // 09:14:11 and 09:14:13 are on lines that start with their time, not JSON records.
    expect(limited!.firstMs).toBe(at("2026-11-28T09:14:10Z"));
    expect(limited!.lastMs).toBe(at("2026-11-28T09:14:13Z"));
    expect(triage.span()).toEqual({ firstMs: at("2026-11-28T09:14:01Z"), lastMs: at("2026-11-28T09:30:00Z") });
  });

  it("counts statuses, methods, paths, messages and field errors, most frequent first; keeps every request id in order", () => {
    const [notRunning, limited, validation] = groups;
    expect(notRunning!.paths.sorted()).toEqual([
      { value: "/api/v1/sandboxes/sb_1/exec", count: 3 },
      { value: "/api/v1/sandboxes/sb_2/exec", count: 1 },
    ]);
    expect(notRunning!.statuses.sorted()).toEqual([{ value: 409, count: 4 }]);
    expect(limited!.methods.sorted()).toEqual([{ value: "GET", count: 4 }]);
    expect(limited!.messages.sorted()).toEqual([
      { value: "slow down", count: 3 },
      { value: "too many requests", count: 1 },
    ]);
    expect(validation!.fieldErrors.sorted()).toEqual([{ value: "name: can't be blank", count: 1 }]);
    expect([...notRunning!.requestIds]).toEqual([
      "req_01KB0000000000000000000001",
      "req_01KB0000000000000000000002",
      "req_01KB0000000000000000000007",
      "req_01KB0000000000000000000009",
    ]);
  });

  it("falls back to the ULID request id's time, then to the input position", () => {
    const [withId, without] = decodeText(
      ['{"error":{"code":"NOT_FOUND","message":"x","request_id":"req_01KATNJ7E9SS6YS3C4DWA7N360"}}', '{"error":{"code":"INVALID_ID","message":"y"}}'].join(
        "\n",
      ),
    );
    expect(seenTime(withId!)).toEqual({ ms: at(withId!.request_time!), from: "request_id" });
    expect(seenTime(without!)).toBeNull();
    const ordered = triageOf([without!, withId!, withId!, without!, without!]).ordered();
    expect(ordered.map((group) => [group.code, group.firstIndex, group.lastIndex, group.firstMs])).toEqual([
      ["INVALID_ID", 1, 5, null],
      ["NOT_FOUND", 2, 3, at(withId!.request_time!)],
    ]);
  });

  it("puts findings past its group limit into one group of other codes", () => {
    const [one, two] = decodeText('{"error":{"code":"NOT_FOUND","message":"x"}}\n{"error":{"code":"INVALID_ID","message":"y"}}');
    const small = new Triage(1);
    small.add(one!);
    small.add(two!);
    small.add(two!);
    expect(small.ordered().map((group) => [group.code, group.count, group.entry])).toEqual([
      [OTHER_CODES, 2, null],
      ["NOT_FOUND", 1, one!.entry],
    ]);
  });
});

describe("filters", () => {
  const findings = triageFixture();
  const kept = (filter: Partial<typeof NO_FILTER>) => findings.filter((finding) => matchesFilter(finding, { ...NO_FILTER, ...filter })).length;
  it.each([
    [{ codes: ["RATE_LIMITED"] }, 4],
    [{ codes: ["RATE_LIMITED", "VALIDATION_ERROR"] }, 5],
    [{ status: 409 }, 4],
    [{ sinceMs: at("2026-11-28T09:14:11Z") }, 6],
    [{ untilMs: at("2026-11-28T09:14:11Z") }, 4],
    [{ sinceMs: at("2026-11-28T09:14:11Z"), untilMs: at("2026-11-28T09:20:00Z"), codes: ["SANDBOX_NOT_RUNNING"] }, 1],
  ])("%j keeps %i", (filter, count) => expect(kept(filter)).toBe(count));

  it.each([
    ["2026-11-28", false, at("2026-11-28T00:00:00Z")],
    ["2026-11-28", true, at("2026-11-28T23:59:59.999Z")],
    ["2026-11-28T09:14", false, at("2026-11-28T09:14:00Z")],
    ["2026-11-28 09:14:11", false, at("2026-11-28T09:14:11Z")],
    ["2026-11-28T10:14:11+01:00", false, at("2026-11-28T09:14:11Z")],
    ["yesterday", false, null],
    ["2026-13-45", false, null],
  ])("parseTimeBound(%s, end=%s)", (text, end, ms) => expect(parseTimeBound(text, end)).toBe(ms));

  it("reads ISO times fast and right", () => {
    expect(isoMs("2026-11-28T09:14:01.5Z")).toBe(at("2026-11-28T09:14:01.500Z"));
    expect(isoMs("2026-11-29T00:00:00Z")).toBe(at("2026-11-29T00:00:00Z"));
    expect(isoMs("not a time")).toBeNull();
  });
});

describe("timeline buckets", () => {
  it("puts a known burst in the right column, on one axis shared by every group", () => {
    const base = at("2026-11-28T09:00:00Z");
    const lines: string[] = [];
    // AGENT_UNAVAILABLE: one an hour-minute from 09:00 to 09:59; RATE_LIMITED: 30 at 09:50.
    for (let minute = 0; minute < 60; minute++)
      lines.push(`${new Date(base + minute * 60_000).toISOString()} ERROR {"error":{"code":"AGENT_UNAVAILABLE","message":"agent down"}}`);
    for (let i = 0; i < 30; i++)
      lines.push(`${new Date(base + 50 * 60_000 + i * 1000).toISOString()} ERROR {"error":{"code":"RATE_LIMITED","message":"slow"}}`);
    const triage = triageOf(decodeText(lines.join("\n")));
    const timeline = bucketTimeline(triage.ordered(), 6)!;
    expect(timeline.startMs).toBe(base);
    expect(timeline.endMs).toBe(base + 59 * 60_000);
    const rows = Object.fromEntries(timeline.rows.map((row) => [row.group.code, row.counts]));
    expect(rows.AGENT_UNAVAILABLE).toEqual([10, 10, 10, 10, 10, 10]);
    expect(rows.RATE_LIMITED).toEqual([0, 0, 0, 0, 0, 30]);
  });

  it("is null without a time span", () => {
    expect(bucketTimeline(triageOf(decodeText('{"error":{"code":"NOT_FOUND","message":"x"}}')).ordered(), 10)).toBeNull();
  });
});

describe("BoundedCounter", () => {
  it("counts its first distinct values each and the rest together", () => {
    const counter = new BoundedCounter<string>(2);
    for (const value of ["a", "b", "c", "b", "a", "d", "b"]) counter.add(value);
    expect(counter.sorted()).toEqual([
      { value: "b", count: 3 },
      { value: "a", count: 2 },
    ]);
    expect(counter.others).toBe(2);
  });

  it("counts as a plain map would, runs of one value and values past the cap alike", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "c", "d", "e"), { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), (values, cap) => {
        const counter = new BoundedCounter<string>(cap);
        const counts = new Map<string, number>();
        let others = 0;
        for (const value of values) {
          counter.add(value);
          if (counts.has(value)) counts.set(value, counts.get(value)! + 1);
          else if (counts.size < cap) counts.set(value, 1);
          else others++;
        }
        expect(counter.sorted()).toEqual([...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count));
        expect(counter.others).toBe(others);
        expect(counter.distinct).toBe(counts.size);
      }),
    );
  });
});

describe("a text log line's leading time", () => {
  it.each([
    ["2026-11-28T09:14:01Z ERROR miosa: sandbox is not running (status=409, request_id=req_x1)", "2026-11-28T09:14:01.000Z"],
    ["2026-11-28 09:15:02 ERROR request failed code=RATE_LIMITED status=429 request_id=req_x2", "2026-11-28T09:15:02.000Z"],
    ["[2026-11-28T10:15:02+01:00] ERROR request failed code=RATE_LIMITED status=429", "2026-11-28T09:15:02.000Z"],
    ['2026-11-28T09:16:00.250Z WARN POST /api/v1/sandboxes {"error":{"code":"RATE_LIMITED","message":"slow"}}', "2026-11-28T09:16:00.250Z"],
    ["ERROR request failed code=RATE_LIMITED status=429 at 2026-11-28T09:15:02Z", null],
  ])("%s", (line, time) => {
    const [finding] = decodeText(line);
    expect(finding?.time).toBe(time);
  });
});
