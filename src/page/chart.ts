// The timeline as an SVG chart: one column per time bucket, stacked by
// group, the five largest groups in colour and the rest together in grey.
import type { TimelineView } from "./protocol.js";
import { el, svg, timeText } from "./dom.js";

const WIDTH = 960;
const HEIGHT = 180;
const AXIS = 2;
const COLOURED = 5;

export function timelineChart(timeline: TimelineView): HTMLElement {
  const rows = timeline.rows.slice(0, COLOURED).map((row, at) => ({ label: row.code, counts: row.counts, colour: `c${at}` }));
  const rest = timeline.rows.slice(COLOURED);
  if (rest.length > 0) {
    const counts = rest[0]!.counts.map((_, bucket) => rest.reduce((sum, row) => sum + row.counts[bucket]!, 0));
    rows.push({ label: `${rest.length} other codes`, counts, colour: `c${COLOURED}` });
  }
  const buckets = timeline.rows[0]?.counts.length ?? 0;
  const totals = Array.from({ length: buckets }, (_, bucket) => rows.reduce((sum, row) => sum + row.counts[bucket]!, 0));
  const peak = Math.max(1, ...totals);
  const columnWidth = WIDTH / Math.max(1, buckets);
  const plot = HEIGHT - AXIS;
  const total = totals.reduce((a, b) => a + b, 0);
  const chart = svg("svg", {
    class: "timeline",
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    preserveAspectRatio: "none",
    role: "img",
    "aria-label": `${total} timed errors from ${timeText(timeline.startMs)} to ${timeText(timeline.endMs)}; at most ${peak} in one bucket of ${describeMs(timeline.bucketMs)}`,
  });
  for (let bucket = 0; bucket < buckets; bucket++) {
    let top = plot;
    for (const row of rows) {
      const count = row.counts[bucket]!;
      if (count === 0) continue;
      const height = Math.max(1, (count / peak) * (plot - 4));
      top -= height;
      const rect = svg("rect", { x: bucket * columnWidth + 1, y: top, width: Math.max(1, columnWidth - 2), height, class: row.colour });
      rect.append(svg("title", {}, `${row.label}: ${count} from ${timeText(timeline.startMs + bucket * timeline.bucketMs)}`));
      chart.append(rect);
    }
  }
  chart.append(svg("line", { x1: 0, y1: plot, x2: WIDTH, y2: plot, class: "axis", "vector-effect": "non-scaling-stroke" }));
  // Under a minute the seconds alone would label both ends alike: milliseconds then.
  const label = (ms: number) => (timeline.endMs - timeline.startMs < 60_000 ? new Date(ms).toISOString().replace("T", " ") : timeText(ms));
  // The ends' times are HTML beside the chart, which stretches to its box: text inside would stretch with it.
  const ends = el("div", { class: "chart-ends" }, el("span", {}, label(timeline.startMs)), el("span", {}, label(timeline.endMs)));
  const legend = el(
    "ul",
    { class: "legend" },
    ...rows.map((row) => el("li", {}, el("span", { class: `swatch ${row.colour}`, "aria-hidden": "true" }), row.label)),
  );
  return el("div", {}, chart as unknown as Node, ends, legend);
}

function describeMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}
