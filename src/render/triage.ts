// decode's triage view for people: a header line (how many errors, in how
// many groups, over what time, from which inputs), the timeline, then each
// group once: its explanation, then what was seen of it. Every string from
// outside goes through safeText; on a terminal lines wrap to its width.
import type { ChalkInstance } from "chalk";
import { safeText } from "../core/sanitize.js";
import type { Triage, TriageGroup } from "../core/triage/groups.js";
import { labelled, paintStatus, sourceNote } from "./entry.js";
import { hyperlink } from "./finding.js";
import { logUrlFor } from "./json.js";
import { renderTimeline } from "./timeline.js";
import { countedList, explanationOf, headlineParts, seenText, VALUES_SHOWN } from "./triage-facts.js";
import { wrapText } from "./wrap.js";

export interface TriageRenderOptions {
  /** The terminal's columns; Infinity when piped (nothing is wrapped). */
  width: number;
  unicode: boolean;
  /** Names of the inputs read, as the header lists them. */
  inputs: readonly string[];
  /** Request ids listed per group before "… and N more". */
  idsShown: number;
  logUrlTemplate?: string | null;
  hyperlinks?: boolean;
}

const one = (text: string) => safeText(text, { singleLine: true });

function groupHeading(chalk: ChalkInstance, group: TriageGroup, number: number): string {
  const name = group.kind === "non_envelope" ? "not a MIOSA error envelope" : one(group.code);
  const entry = group.entry ? `  ${chalk.cyan(group.entry.area)} · ${paintStatus(chalk, group.entry.http_status)}` : "";
  return `${number}. ${chalk.bold(name)}${entry}  ${chalk.bold(`×${group.count}`)}`;
}

function requestIdsText(chalk: ChalkInstance, group: TriageGroup, options: TriageRenderOptions): string {
  const ids = group.requestIds.first(options.idsShown).map((id) => {
    const url = options.hyperlinks ? logUrlFor(options.logUrlTemplate, id) : null;
    return url ? hyperlink(one(url), one(id)) : one(id);
  });
  const more = group.requestIds.size - ids.length;
  if (more > 0) ids.push(chalk.dim(`… and ${more} more (all with --ids or --json)`));
  return ids.join("\n");
}

export function renderTriageGroup(chalk: ChalkInstance, group: TriageGroup, number: number, options: TriageRenderOptions): string {
  const width = options.width;
  let text = `${wrapText(groupHeading(chalk, group, number), width).join("\n   ")}\n`;
  const line = (label: string, value: string) => (text += labelled(chalk, label, value, "   ", width));
  const explanation = explanationOf(group);
  line(explanation.unknown ? "Catalog" : "Meaning", explanation.unknown ? chalk.yellow(explanation.unknown) : explanation.meaning);
  if (explanation.action) line("What to do", explanation.action);
  if (explanation.retry) line("Retry", explanation.retry);
  if (explanation.fault) line("Whose move", explanation.fault);
  const note = group.entry ? sourceNote(group.entry) : null;
  if (note) line("Source", note);
  line("Seen", seenText(group));
  const list = (label: string, lines: string[]) => lines.length > 0 && line(label, lines.join("\n"));
  list("Status", countedList(group.statuses.sorted(), group.statuses.others, VALUES_SHOWN));
  list("Method", countedList(group.methods.sorted(), group.methods.others, VALUES_SHOWN));
  list("Path", countedList(group.paths.sorted(), group.paths.others, VALUES_SHOWN));
  // One message said by all is part of the explanation's context; several are worth listing.
  const messages = group.messages.sorted();
  if (messages.length === 1 && group.messages.others === 0) line("Message", safeText(messages[0]!.value));
  else list("Messages", countedList(messages, group.messages.others, VALUES_SHOWN));
  list("Fields", countedList(group.fieldErrors.sorted(), group.fieldErrors.others, VALUES_SHOWN));
  if (group.requestIds.size > 0) line(group.requestIds.size === 1 ? "Request ID" : "Request IDs", requestIdsText(chalk, group, options));
  else line("Request ID", chalk.yellow("none seen: ask for the X-Request-ID response header, and the time, method and path of the calls"));
  return text;
}

export function renderTriage(chalk: ChalkInstance, triage: Triage, options: TriageRenderOptions): string {
  const groups = triage.ordered();
  const head = headlineParts(triage, options.inputs);
  const headline = [chalk.bold(head.counts), head.span, head.read].filter(Boolean).join(chalk.dim(" · "));
  let text = `${wrapText(headline, options.width).join("\n")}\n`;
  const timeline = renderTimeline(chalk, groups, { width: options.width, unicode: options.unicode });
  if (timeline) text += `\n${timeline}`;
  groups.forEach((group, index) => {
    text += `\n${renderTriageGroup(chalk, group, index + 1, options)}`;
  });
  return text;
}
