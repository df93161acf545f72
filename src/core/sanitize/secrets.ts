// The secret patterns: what looks like a credential by its name (a header, a
// cookie, a query parameter, a JSON field) or by its shape (an msk_ key, a
// JWT, a Basic or Bearer value, a URL's userinfo), and redactSecrets, which
// masks each as mask.ts shows it.
import { maskIfKey, maskSecret, SPLIT } from "./mask.js";

// A secret's characters, allowing the splits of mask.ts between them. A line
// break splits a value only when the next line does not start a header (`Name:`).
const KEY_CHAR = "[A-Za-z0-9_-]";
const SPLIT_BEFORE_KEY_CHAR = `${SPLIT}(?=${KEY_CHAR}+(?:[^:A-Za-z0-9_-]|$))`;
const KEY_BODY = `(?:${KEY_CHAR}|${SPLIT_BEFORE_KEY_CHAR})+`;

// msk_ keys (msk_u_…, msk_live_…, msk_test_…); maskSecret leaves the catalog's `msk_...` as written.
const API_KEY = new RegExp(`msk_${KEY_BODY}`, "g");
// A JWT: three base64url parts, the first a JSON header (`{"` is `eyJ`).
const JWT = new RegExp(`(?<![A-Za-z0-9_-])eyJ${KEY_BODY}\\.${KEY_BODY}\\.${KEY_BODY}`, "g");
// The value of an Authorization header or field, whatever the scheme.
const AUTHORIZATION = /((?:proxy-)?authorization["']?\s*[:=]\s*["']?)((?:bearer|basic|token|digest|negotiate)\s+)?([^\s"',;:]+)/gi;
// A Bearer or Basic value wherever it stands, labelled or not, URL-encoded too (`%20Bearer%20…` in a redirect).
const BEARER = /((?<![A-Za-z])bearer(?:\s+|%20|\+))([A-Za-z0-9._~+/=-]{8,})/gi;
const BASIC = /((?<![A-Za-z])basic(?:\s+|%20|\+))([A-Za-z0-9+/]{8,}={0,2})/gi;
// base64 of `user:password` mixes case or holds a digit or padding; a word after "Basic" does not.
const BASE64_LOOK = /.[A-Z]|\d|[+/=]/;
// A Cookie header masks every value in it, a Set-Cookie header the cookie's (not its attributes).
const COOKIE = /((?<![A-Za-z-])(set-)?cookie["']?\s*[:=]\s*["']?)([^\r\n"']*)/gi;
const COOKIE_PAIR = /([^=;\s]+)=([^;]*)/g;

/** Names that say their value is a credential: as a query parameter, a JSON field, a header. */
const SECRET_PARAMETERS =
  "access_token|refresh_token|id_token|auth_token|token|api_key|apikey|api-key|client_secret|secret|password|passwd|session|session_id|sessionid";
const SECRET_HEADERS = "x-api-key|api-key|x-auth-token|x-access-token|x-session-token|x-csrf-token";
/** Header names whose whole value is a credential (redactHeaders masks them whatever the value looks like). */
export const SECRET_HEADER_NAMES = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", ...SECRET_HEADERS.split("|")]);

const PARAMETER = new RegExp(`((?<![A-Za-z0-9_-])(?:${SECRET_PARAMETERS})=)([^\\s&#;,"'<>]+)`, "gi");
const JSON_FIELD = new RegExp(`("(?:${SECRET_PARAMETERS}|${SECRET_HEADERS})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)(?=")`, "gi");
const HEADER = new RegExp(`((?<![A-Za-z0-9_-])(?:${SECRET_HEADERS})\\s*:\\s*)([^\\s"',;]+)`, "gi");
// `scheme://user:password@host`: the password.
const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)([^\s/?#@]+)(?=@)/gi;

// Every pattern above needs one of these: text without them (nearly all) skips the patterns.
const MAY_HOLD_SECRET = /msk_|auth|bearer|basic|eyJ|cookie|session|token|api.?key|secret|passw|@/i;

/** A cheap test before the redaction patterns run. */
export function mayHoldSecret(text: string): boolean {
  return MAY_HOLD_SECRET.test(text);
}

const labelled = (_all: string, label: string, secret: string) => `${label}${maskSecret(secret)}`;

function maskCookies(_all: string, label: string, set: string | undefined, pairs: string): string {
  let first = true;
  return `${label}${pairs.replace(COOKIE_PAIR, (pair: string, name: string, value: string) => {
    if (set !== undefined && !first) return pair;
    first = false;
    return `${name}=${maskSecret(value.trim())}`;
  })}`;
}

/** Masks every credential in the text (see sanitize.ts for the rule). */
export function redactSecrets(text: string): string {
  if (!mayHoldSecret(text)) return text;
  return text
    .replace(USERINFO, labelled)
    .replace(AUTHORIZATION, (all: string, label: string, scheme: string | undefined, secret: string) =>
      scheme === undefined && secret.length < 8 ? all : `${label}${scheme ?? ""}${maskSecret(secret)}`,
    )
    .replace(COOKIE, maskCookies)
    .replace(HEADER, labelled)
    .replace(JSON_FIELD, labelled)
    .replace(PARAMETER, labelled)
    .replace(BEARER, labelled)
    .replace(BASIC, (all: string, label: string, secret: string) => (BASE64_LOOK.test(secret) ? `${label}${maskSecret(secret)}` : all))
    .replace(JWT, (jwt) => `eyJ${maskSecret(jwt)}`)
    .replace(API_KEY, maskIfKey);
}
