// Infers an imported row's retry policy and fault from its status and the
// page's own wording, for rows the catalog has not judged before. The rules
// are the ones a careful reader applies to the reference; test/core/infer.test.ts
// pins that they reproduce the built-in judgement on every reference row.
import type { CatalogEntry, Fault, RetryPolicy } from "./catalog.js";

type Row = Pick<CatalogEntry, "code" | "http_status" | "meaning" | "action">;

const SAYS_RETRY = /\bretry\b/i;
const NOTHING_TO_DO = /\bno action\b|\bterminal\b|\balready\b/i;
const CONTACT_SUPPORT = /\bcontact support\b/i;

export function inferRetry(row: Row): RetryPolicy {
  const status = row.http_status;
  const text = `${row.meaning} ${row.action}`;
  if (status === 429) return "after_retry_after";
  if (status === null) return SAYS_RETRY.test(row.action) ? "backoff" : "never";
  if (status >= 500) {
    // A missing piece of MIOSA's own setup does not heal by retrying.
    if (CONTACT_SUPPORT.test(row.action) && !SAYS_RETRY.test(row.action)) return "never";
    return "backoff";
  }
  if (status === 402) return "after_state_change";
  if (status === 409) {
    if (NOTHING_TO_DO.test(text)) return "never";
    if (SAYS_RETRY.test(row.action)) return "backoff";
    return "after_state_change";
  }
  return "never";
}

const ACCOUNT_WORDS = /\b(cap|limit|quota|tenant|credits?|plan)\b/i;
const RESOURCE_WORDS = /\b(sandbox|computer|vm|agent|runtime)\b/i;
const NAME_CLASH = /\balready exists\b|\btaken\b/i;
const LEFT_OUT = /\bwithout\b/i;

export function inferFault(row: Row): Fault {
  const status = row.http_status;
  if (status === null) return "request";
  if (status === 429) return "request";
  if (status === 402) return "account";
  if (status >= 500) return RESOURCE_WORDS.test(`${row.meaning} ${row.action}`) ? "resource_state" : "platform";
  // A 401 for a credential the call simply left out is the request's to fix.
  if (status === 401 || status === 403) return status === 401 && LEFT_OUT.test(row.meaning) ? "request" : "credentials";
  if (status === 404) return "request";
  if (ACCOUNT_WORDS.test(row.meaning)) return "account";
  if (status === 409) return NAME_CLASH.test(row.meaning) ? "request" : "resource_state";
  return "request";
}
