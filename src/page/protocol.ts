// The messages between the page and its workers. Everything in them is plain
// data (structured clone): groups are sent as views, never as core objects.
import type { RetryPolicy } from "../core/catalog.js";

/** What the page asks a worker. Files go as File objects: the worker reads them, the page never does. */
export type WorkerRequest = { type: "decode"; inputs: DecodeInput[] } | { type: "explain"; query: string };

export type DecodeInput = { kind: "file"; file: File } | { kind: "text"; name: string; text: string };

export interface EntryView {
  code: string;
  area: string;
  http_status: number | null;
  meaning: string;
  action: string;
  retry: RetryPolicy;
  retryAdvice: string;
  fault: string;
}

export interface CountView {
  value: string;
  count: number;
}

/** One triage group as the page shows it. */
export interface GroupView {
  code: string;
  notEnvelope: boolean;
  entry: EntryView | null;
  /** For a code not in the catalog: the closest known codes. */
  suggestions: string[];
  /** For an answer that is not an envelope: what it means and what to do. */
  advice: { meaning: string; action: string } | null;
  count: number;
  firstMs: number | null;
  lastMs: number | null;
  timeFrom: "record" | "request_id" | null;
  statuses: CountView[];
  methods: CountView[];
  paths: CountView[];
  messages: CountView[];
  fieldErrors: CountView[];
  requestIds: string[];
  /** Request ids past those listed. */
  requestIdsOmitted: number;
}

export interface TimelineView {
  startMs: number;
  endMs: number;
  bucketMs: number;
  rows: { code: string; counts: number[] }[];
}

export interface DecodeReport {
  findings: number;
  bytes: number;
  lines: number;
  groups: GroupView[];
  timeline: TimelineView | null;
  /** Every request id once, in the order first seen (bounded). */
  requestIds: string[];
  /** The Markdown to paste into a ticket reply. */
  markdown: string;
  warnings: string[];
}

export type WorkerReply =
  | { type: "progress"; read: number; total: number; findings: number; input: string }
  | { type: "report"; report: DecodeReport }
  | { type: "explained"; query: string; matches: EntryView[]; suggestions: string[] }
  | { type: "failed"; message: string };
