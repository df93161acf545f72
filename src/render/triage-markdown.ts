// decode's triage view as Markdown, for a ticket reply: the same groups, in
// the same order, each explained once with what was seen of it.
import { describeStatus } from "../core/advice.js";
import { safeText } from "../core/sanitize.js";
import type { Triage, TriageGroup } from "../core/triage/groups.js";
import { countedList, explanationOf, headlineParts, seenText, VALUES_SHOWN } from "./triage-facts.js";

/** Request ids listed per group in a reply before "… and N more". */
const IDS_IN_REPLY = 20;

/** Text for Markdown: one line, with the characters Markdown would act on escaped. */
function md(text: string): string {
  return safeText(text, { singleLine: true }).replace(/[\\`*_[\]<>#|]/g, (char) => `\\${char}`);
}

/** Inline code that cannot be broken out of: backticks inside become quotes. */
function mdCode(text: string): string {
  return `\`${safeText(text, { singleLine: true }).replace(/`/g, "'")}\``;
}

function groupMarkdown(group: TriageGroup, number: number): string {
  const title = group.kind === "non_envelope" ? "Not a MIOSA error envelope" : mdCode(group.code);
  const status = group.entry ? ` (${describeStatus(group.entry.http_status)})` : "";
  const lines = [`### ${number}. ${title}${status} ×${group.count}`, ""];
  const item = (label: string, value: string) => lines.push(`- **${label}:** ${value}`);
  const explanation = explanationOf(group);
  item("What it means", md(explanation.meaning));
  if (explanation.action) item("What to do", md(explanation.action));
  if (explanation.retry) item("Retry", md(explanation.retry));
  item("Seen", md(seenText(group)));
  const list = (label: string, values: string[]) => values.length > 0 && item(label, values.join("; "));
  list(
    "Status",
    countedList(group.statuses.sorted(), group.statuses.others, VALUES_SHOWN, (status) => md(String(status))),
  );
  list("Paths", countedList(group.paths.sorted(), group.paths.others, VALUES_SHOWN, mdCode));
  list("Messages", countedList(group.messages.sorted(), group.messages.others, VALUES_SHOWN, md));
  list("Fields", countedList(group.fieldErrors.sorted(), group.fieldErrors.others, VALUES_SHOWN, md));
  if (group.requestIds.size > 0) {
    const total = group.requestIds.size;
    const more = total > IDS_IN_REPLY ? `\n… and ${total - IDS_IN_REPLY} more\n` : "";
    const shown = group.requestIds.first(IDS_IN_REPLY).map((id) => safeText(id, { singleLine: true }).replace(/`/g, "'"));
    lines.push("", "Request IDs:", "", "```", ...shown, "```", more);
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

export function renderTriageMarkdown(triage: Triage, inputs: readonly string[]): string {
  const head = headlineParts(triage, inputs);
  let text = `**${head.counts}**${head.span ? `, ${md(head.span)}` : ""}\n`;
  triage.ordered().forEach((group, index) => {
    text += `\n${groupMarkdown(group, index + 1)}`;
  });
  return text;
}
