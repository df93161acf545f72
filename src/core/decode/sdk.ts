// Findings from what MIOSA's SDKs and CLIs print: the Go SDK's
// `(status=, request_id=)` line, the Elixir SDK's `[404] CODE: message`,
// the Go CLI's `API error status= body=`, the TypeScript CLI's text block.
import type { Catalog } from "../catalog.js";
import { emptyFacts } from "./envelope.js";
import type { Finding, FindingSource } from "./finding.js";
import { envelopeFinding, nonEnvelopeFinding, readBody, type ErrorContext } from "./response.js";
import type { SdkPrint } from "./text-forms.js";
import { clip } from "./values.js";

export function sdkFinding(print: SdkPrint, around: ErrorContext, catalog: Catalog, source: FindingSource): Finding {
  const context: ErrorContext = {
    ...around,
    status: print.status ?? around.status,
    outerRequestId: print.requestId
      ? { value: print.requestId, label: "the request_id the SDK printed (its X-Request-ID header)", source: "header" }
      : (around.outerRequestId ?? null),
  };
  if (print.body !== null) {
    const facts = readBody(print.body, context.status);
    if (facts) return envelopeFinding(facts, context, catalog, source);
    return nonEnvelopeFinding(print.body, context, source);
  }
  const facts = emptyFacts(context.status);
  facts.code = print.code ? clip(print.code, 200) : null;
  facts.message = print.message ? clip(print.message) : null;
  return envelopeFinding(facts, context, catalog, source);
}

export interface CliBlock {
  message: string;
  fields: Record<string, string>;
}

/** The TypeScript CLI's text block, once its indented fields are read. Null when it named no code or request id. */
export function cliBlockFinding(block: CliBlock, catalog: Catalog, source: FindingSource): Finding | null {
  const code = block.fields.code ?? null;
  const requestId = block.fields["request id"] ?? null;
  if (!code && !requestId) return null;
  const status = Number(block.fields.status);
  const facts = emptyFacts(Number.isInteger(status) && status >= 100 && status <= 599 ? status : null);
  facts.code = code ? clip(code, 200) : null;
  facts.message = clip(block.message);
  facts.hint = block.fields.hint ? clip(block.fields.hint) : null;
  facts.details = block.fields.details ? clip(block.fields.details, 300) : null;
  const retryable = block.fields.retryable?.toLowerCase();
  facts.retryable = retryable === "true" || retryable === "yes" ? true : retryable === "false" || retryable === "no" ? false : null;
  const context: ErrorContext = {
    status: facts.status,
    method: null,
    path: null,
    headers: {},
    outerRequestId: requestId ? { value: requestId, label: "the Request ID the CLI printed", source: "header" } : null,
  };
  return envelopeFinding(facts, context, catalog, source);
}
