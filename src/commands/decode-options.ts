// decode's flags, checked and typed: what to print (format and view), which
// findings (filters, --limit), and whether a terminal's output may be paged.
import { safeText } from "../core/sanitize.js";
import type { TriageFilter } from "../core/triage/filter.js";
import { parseTimeBound } from "../core/triage/seen.js";
import { UsageError } from "../cli/exit.js";

export interface DecodeFlags {
  text?: string[];
  json?: boolean;
  format?: string;
  logUrl?: string;
  each?: boolean;
  ids?: boolean;
  code?: string[];
  status?: string;
  since?: string;
  until?: string;
  limit?: string;
  /** commander's --no-pager: false when given. */
  pager?: boolean;
}

export type DecodeFormat = "human" | "markdown" | "json" | "ndjson";
/** auto: the triage view when findings share groups, else a card each; each: a card each; ids: request ids only. */
export type DecodeView = "auto" | "each" | "ids";

export interface DecodeOptions {
  files: string[];
  /** -e texts, decoded before the files. */
  texts: string[];
  format: DecodeFormat;
  view: DecodeView;
  filter: TriageFilter;
  /** Stop after this many findings (after the filters); null for no limit. */
  limit: number | null;
  /** False with --no-pager. */
  pager: boolean;
  /** --log-url as given; MIOSA_ERR_LOG_URL stands in when absent. */
  logUrl: string | undefined;
}

const one = (text: string) => safeText(text, { singleLine: true });

export function parseDecodeOptions(files: string[], flags: DecodeFlags): DecodeOptions {
  const format = decodeFormat(flags);
  if (flags.each && flags.ids) throw new UsageError("--each and --ids cannot be used together");
  if (flags.each && (format === "json" || format === "ndjson")) throw new UsageError(`--each shapes human and markdown output, not ${format}`);
  if (flags.ids && flags.format !== undefined) throw new UsageError("--ids prints request ids only: it takes no --format");
  if (flags.ids && flags.json) throw new UsageError("--ids and --json cannot be used together");
  return {
    files,
    texts: flags.text ?? [],
    format,
    view: flags.ids ? "ids" : flags.each ? "each" : "auto",
    filter: {
      codes: (flags.code ?? [])
        .flatMap((code) => code.split(","))
        .map((code) => code.trim().toUpperCase())
        .filter(Boolean),
      status: flags.status === undefined ? null : statusFlag(flags.status),
      sinceMs: flags.since === undefined ? null : timeFlag("--since", flags.since, false),
      untilMs: flags.until === undefined ? null : timeFlag("--until", flags.until, true),
    },
    limit: flags.limit === undefined ? null : limitFlag(flags.limit),
    pager: flags.pager !== false,
    logUrl: flags.logUrl,
  };
}

function decodeFormat(options: DecodeFlags): DecodeFormat {
  const format = options.format?.trim().toLowerCase();
  if (format !== undefined && !["human", "markdown", "md", "json", "ndjson"].includes(format)) {
    throw new UsageError(`--format takes human, markdown, json or ndjson, not "${one(options.format ?? "")}"`);
  }
  if (options.json && format !== undefined && format !== "json") throw new UsageError(`--json and --format ${format} cannot be used together`);
  if (options.json || format === "json") return "json";
  if (format === "ndjson") return "ndjson";
  return format === "markdown" || format === "md" ? "markdown" : "human";
}

function statusFlag(text: string): number {
  const status = Number(text.trim());
  if (!/^\d{3}$/.test(text.trim()) || status < 100 || status > 599) throw new UsageError(`--status takes an HTTP status from 100 to 599, not "${one(text)}"`);
  return status;
}

function timeFlag(flag: string, text: string, end: boolean): number {
  const ms = parseTimeBound(text, end);
  if (ms === null) throw new UsageError(`${flag} takes an ISO 8601 time such as 2026-11-28T09:14:00Z or 2026-11-28, not "${one(text)}"`);
  return ms;
}

function limitFlag(text: string): number {
  if (!/^\d{1,9}$/.test(text.trim()) || Number(text) < 1) throw new UsageError(`--limit takes a whole number of findings from 1, not "${one(text)}"`);
  return Number(text);
}
