// The triage view, as decode shows it: one card per group with its
// explanation, count, first and last seen, calls, messages and request ids.
// Every string from the input is set as text (dom.ts).
import { el, timeText } from "./dom.js";
import type { CountView, EntryView, GroupView } from "./protocol.js";

/** Request ids shown with a copy button per group; all of them are in "copy all". */
const SHOWN_IDS = 50;

export type CopyRequest = (text: string, what: string) => void;

function counted(values: CountView[], monospace: boolean): HTMLElement {
  return el(
    "ul",
    { class: "values" },
    ...values.map((item) => el("li", {}, el(monospace ? "code" : "span", {}, item.value), item.count > 1 ? ` (${item.count}×)` : "")),
  );
}

function statusText(group: GroupView): string {
  return group.statuses.map((status) => status.value).join(", ");
}

export function entryFacts(entry: EntryView): [string, Node | string][] {
  return [
    ["Meaning", entry.meaning],
    ["What to do", entry.action],
    ["Retry", entry.retryAdvice],
    ["Whose move", entry.fault],
  ];
}

export function factList(facts: [string, Node | string][]): HTMLElement {
  return el("dl", {}, ...facts.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
}

function explanationFacts(group: GroupView): [string, Node | string][] {
  if (group.entry) return entryFacts(group.entry);
  if (group.advice)
    return [
      ["Meaning", group.advice.meaning],
      ["What to do", group.advice.action],
    ];
  const closest = group.suggestions.length > 0 ? ` Closest known codes: ${group.suggestions.join(", ")}.` : "";
  return [["Meaning", el("span", { class: "unknown" }, `Not in the MIOSA error catalog.${closest}`)]];
}

function requestIdList(group: GroupView, copy: CopyRequest): HTMLElement {
  const list = el("ul", { class: "ids" });
  for (const id of group.requestIds.slice(0, SHOWN_IDS)) {
    const button = el("button", { type: "button", "aria-label": `Copy request id ${id}` }, "Copy");
    button.addEventListener("click", () => copy(id, "the request id"));
    list.append(el("li", {}, el("code", {}, id), button));
  }
  const more = group.requestIds.length - SHOWN_IDS + group.requestIdsOmitted;
  if (more > 0) list.append(el("li", { class: "muted" }, `…and ${more} more (in "Copy all request ids")`));
  return list;
}

export function groupCard(group: GroupView, copy: CopyRequest): HTMLElement {
  const title = group.notEnvelope ? "Not a MIOSA error envelope" : group.code;
  const status = statusText(group);
  const heading = el(
    "h3",
    {},
    el("code", {}, title),
    status ? ` · ${status}` : "",
    group.entry ? ` · ${group.entry.area}` : "",
    el("span", { class: "count" }, ` · ${group.count} time${group.count === 1 ? "" : "s"}`),
  );
  const facts = explanationFacts(group);
  if (group.firstMs !== null && group.lastMs !== null) {
    const from = group.timeFrom === "request_id" ? " (from the request ids)" : "";
    facts.push(["First seen", `${timeText(group.firstMs)}${from}`], ["Last seen", `${timeText(group.lastMs)}${from}`]);
  }
  if (group.methods.length > 0) facts.push(["Methods", group.methods.map((method) => method.value).join(", ")]);
  if (group.paths.length > 0) facts.push(["Paths", counted(group.paths, true)]);
  if (group.messages.length > 0) facts.push(["Messages", counted(group.messages, false)]);
  if (group.fieldErrors.length > 0) facts.push(["Fields", counted(group.fieldErrors, true)]);
  facts.push(["Request ids", group.requestIds.length > 0 ? requestIdList(group, copy) : "none in the input: ask for the X-Request-ID response header"]);
  return el("li", { class: "group", "data-code": group.code }, heading, factList(facts));
}
