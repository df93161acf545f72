// When no HTTP answer came: what failed (DNS, connection, TLS, timeout), in
// words, with what to check and which setting supplied the host.
import { redactSecrets } from "../sanitize.js";
import { describeSource, type UrlSource } from "./target.js";

/** Where in the exchange a failure happened. */
export type TransportPhase = "dns" | "connect" | "tls" | "request" | "response" | "body";

export interface TransportFailure {
  /** A stable code: Node's (ECONNREFUSED, CERT_HAS_EXPIRED, ...) or TIMEOUT. */
  code: string;
  /** The message the failure came with, as is (callers sanitise it). */
  message: string;
  phase: TransportPhase;
  host: string;
  port: number;
  /** The address a name resolved to, when it was looked up. */
  address?: string | null;
  /** The first bytes the server sent on a connection opened for this exchange (as UTF-8), when any. */
  received?: string | null;
}

/** The most response-header bytes probe reads (Node's own default). */
export const MAX_RESPONSE_HEADER_BYTES = 16 * 1024;

export interface TransportExplanation {
  summary: string;
  checks: string[];
}

export interface TransportContext {
  hostSource: UrlSource;
  timeoutMs: number;
  /** Whether --ca supplied an extra trusted CA. */
  extraCa: boolean;
}

const PHASE_WORDS: Record<TransportPhase, string> = {
  dns: "looking up the host",
  connect: "opening the TCP connection",
  tls: "the TLS handshake",
  request: "sending the request",
  response: "waiting for the response headers",
  body: "reading the response body",
};

const CERT_NOT_TRUSTED = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_UNTRUSTED",
]);

export function explainTransportFailure(failure: TransportFailure, context: TransportContext): TransportExplanation {
  const resolved = failure.address && failure.address !== failure.host ? ` (${failure.address})` : "";
  const where = `${failure.host}:${failure.port}${resolved}`;
  const hostFrom = `The host ${failure.host} came from ${describeSource(context.hostSource)}.`;
  const caHint = context.extraCa
    ? "The CA given with --ca does not vouch for this certificate: check it is the CA that signed the server's certificate."
    : "If a corporate proxy or a test server uses its own CA, trust it with --ca FILE (PEM).";
  switch (failure.code) {
    case "ENOTFOUND":
      return {
        summary: `DNS lookup failed: ${failure.host} does not resolve.`,
        checks: [hostFrom, "Check the host name for typos.", `Check this machine's DNS (resolv.conf, VPN, corporate DNS) with \`nslookup ${failure.host}\`.`],
      };
    case "EAI_AGAIN":
      return {
        summary: `DNS lookup of ${failure.host} failed temporarily: the resolver did not answer.`,
        checks: ["Check the network connection and DNS servers of this machine.", hostFrom],
      };
    case "ECONNREFUSED":
      return {
        summary: `Connection refused by ${where}: nothing is listening there.`,
        checks: [
          hostFrom,
          `Check the port (${failure.port}) and that the service is running.`,
          "A firewall that rejects (rather than drops) also shows as refused.",
        ],
      };
    case "ECONNRESET":
    case "EPIPE":
    case "UND_ERR_SOCKET":
    case "UND_ERR_CLOSED":
      return {
        summary: `The connection to ${where} was reset or closed while ${PHASE_WORDS[failure.phase]}, before a complete HTTP answer.`,
        checks: [
          "A proxy, load balancer or firewall may be cutting connections; try again (it is often transient).",
          "If it happens every time, check whether the port speaks HTTP (an https:// URL to an http port, or the reverse, looks like this).",
          hostFrom,
        ],
      };
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "EADDRNOTAVAIL":
      return {
        summary: `No route to ${where}: the network cannot reach that address.`,
        checks: ["Check the network connection, VPN and routes of this machine.", hostFrom],
      };
    case "INVALID_HTTP":
      return explainInvalidHttp(failure, where, hostFrom);
    case "UND_ERR_HEADERS_OVERFLOW":
      return {
        summary: `The response headers from ${where} are larger than ${MAX_RESPONSE_HEADER_BYTES / 1024} KiB, the most probe reads: the answer cannot be read.`,
        checks: ["The server or a proxy sent oversized headers (a huge cookie, a header repeated in a loop); the request may have been carried out.", hostFrom],
      };
    case "TIMEOUT":
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      if (failure.phase === "body") {
        return {
          summary: `The answer from ${where} did not finish within ${context.timeoutMs} ms: the status and headers came, the body was still arriving.`,
          checks: [
            "The server sends its body slowly or without end: raise --timeout, or lower --max-body to keep only its start.",
            "Check MIOSA's status page if it persists.",
          ],
        };
      }
      if (failure.phase === "response" && failure.received) {
        return {
          summary: `No complete answer from ${where} within ${context.timeoutMs} ms: the response headers began to arrive but never ended (a server sending them very slowly).`,
          checks: ["A proxy or server that trickles its headers is stuck or hostile: try again, and raise --timeout only if it is known to be slow.", hostFrom],
        };
      }
      return {
        summary: `No answer from ${where} within ${context.timeoutMs} ms (timed out while ${PHASE_WORDS[failure.phase]}).`,
        checks:
          failure.phase === "connect" || failure.phase === "dns"
            ? ["A firewall that drops packets looks like this: check the host and port are reachable from here.", hostFrom]
            : [
                "The server accepted the connection but was slow to answer: it may be overloaded; retry later or raise --timeout.",
                "Check MIOSA's status page if it persists.",
              ],
      };
    case "CERT_HAS_EXPIRED":
      return {
        summary: `TLS failed: the certificate of ${failure.host} has expired.`,
        checks: [
          "Check this machine's clock (a clock far off makes valid certificates look expired).",
          "If the clock is right, the server's certificate must be renewed.",
          hostFrom,
        ],
      };
    case "CERT_NOT_YET_VALID":
      return {
        summary: `TLS failed: the certificate of ${failure.host} is not valid yet.`,
        checks: ["Check this machine's clock: it is probably behind.", hostFrom],
      };
    case "ERR_TLS_CERT_ALTNAME_INVALID":
    case "HOSTNAME_MISMATCH":
      return {
        summary: `TLS failed: the certificate presented at ${where} is not for ${failure.host} (wrong host).`,
        checks: [hostFrom, "Check the host name: the server answering there serves a different name (a proxy, or a DNS entry pointing elsewhere)."],
      };
    case "EPROTO":
    case "ERR_SSL_WRONG_VERSION_NUMBER":
      return {
        summary: `TLS failed at ${where}: the server did not answer TLS.`,
        checks: ["The port may speak plain HTTP: try http:// (for a local server) or check the port.", hostFrom],
      };
  }
  if (CERT_NOT_TRUSTED.has(failure.code)) {
    const selfSigned = failure.code === "DEPTH_ZERO_SELF_SIGNED_CERT" || failure.code === "SELF_SIGNED_CERT_IN_CHAIN";
    return {
      summary: `TLS failed: the certificate of ${failure.host} is ${selfSigned ? "self-signed" : "signed by a CA this machine does not trust"} (${failure.code}).`,
      checks: [caHint, hostFrom],
    };
  }
  if (failure.phase === "tls") {
    return { summary: `TLS failed with ${where} (${failure.code}).`, checks: [caHint, hostFrom] };
  }
  return {
    summary: `No HTTP answer from ${where}: ${failure.code} while ${PHASE_WORDS[failure.phase]}.`,
    checks: [hostFrom, "Check the network path to the host."],
  };
}

/** The first line of what the server sent, cut short for a report. */
function firstLine(received: string): string {
  // Masked before it is cut: a token cut short no longer looks like one.
  const line = redactSecrets(received.split(/\r?\n/, 1)[0] ?? "");
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}

function explainInvalidHttp(failure: TransportFailure, where: string, hostFrom: string): TransportExplanation {
  const received = failure.received ?? "";
  if (/^HTTP\/\d(\.\d)? 1\d\d\b/.test(received)) {
    return {
      summary: `${where} sent an interim answer probe did not ask for ("${firstLine(received)}") and no final answer.`,
      checks: [
        "A server or proxy that sends 100 Continue unasked, then nothing, is misbehaving: the request was never answered.",
        "Try again; if it happens every time, report it with this output.",
        hostFrom,
      ],
    };
  }
  const began = received ? `: it began "${firstLine(received)}"` : "";
  return {
    summary: `The answer from ${where} is not valid HTTP/1.1${began}.`,
    checks: [
      "Something other than an HTTP server answered on this port (a TLS-only port, another protocol, a broken proxy): check the scheme and port of the URL.",
      hostFrom,
    ],
  };
}
