// The secret patterns: what looks like a credential by its name (a header, a
// cookie, a query parameter, a JSON field) or by its shape (an msk_ key, a
// JWT, a Basic or Bearer value, a URL's userinfo), and redactSecrets, which
// masks each as mask.ts shows it.
import { INLINE_SPLIT, maskIfKey, maskSecret, SPLIT } from "./mask.js";

// A secret's characters, allowing the splits of mask.ts between them. A line
// break splits a value only when the next line does not start a header (`Name:`).
const KEY_CHAR = "[A-Za-z0-9_-]";
const SPLIT_BEFORE_KEY_CHAR = `${SPLIT}(?=${KEY_CHAR}+(?:[^:A-Za-z0-9_-]|$))`;
const KEY_BODY = `(?:${KEY_CHAR}|${SPLIT_BEFORE_KEY_CHAR})+`;
/** A value of `char`s, an ESC or an invisible character allowed between two of them. */
const spread = (char: string) => `(?:${char}|${INLINE_SPLIT}(?=${char}))+`;

// msk_ keys (msk_u_…, msk_live_…, msk_test_…); maskSecret leaves the catalog's `msk_...` as written.
const API_KEY = new RegExp(`msk_${KEY_BODY}`, "g");
// A JWT: three base64url parts, the first a JSON header (`{"` is `eyJ`).
// Not inside a longer word, though it may follow a URL-encoded space (`Bearer%20eyJ…`).
const JWT = new RegExp(`(?<![A-Za-z1-9_-]|(?<!%2)0)eyJ${KEY_BODY}\\.${KEY_BODY}\\.${KEY_BODY}`, "g");
// The value of an Authorization header or field, whatever the scheme.
const AUTHORIZATION = new RegExp(
  `((?:proxy-)?authorization["']?\\s*[:=]\\s*["']?)((?:bearer|basic|token|digest|negotiate)\\s+)?(${spread(`[^\\s"',;:]`)})`,
  "gi",
);
// A Bearer or Basic value wherever it stands, labelled or not, URL-encoded too (`%20Bearer%20…` in a redirect).
const BEARER = new RegExp(`((?<![A-Za-z])bearer(?:\\s+|%20|\\+))(${spread("[A-Za-z0-9._~+/=-]")})`, "gi");
const BASIC = new RegExp(`((?<![A-Za-z])basic(?:\\s+|%20|\\+))(${spread("[A-Za-z0-9+/=]")})`, "gi");
// base64 of `user:password` mixes case or holds a digit or padding; a word after "Basic" does not.
const BASE64_LOOK = /.[A-Z]|\d|[+/=]/;
// Fewer characters after an unlabelled Bearer or Basic are a word ("a Bearer token"), not a credential.
const MIN_UNLABELLED = 8;
// A Cookie header masks every value in it, a Set-Cookie header the cookie's (not its attributes).
// Its value ends at the line's end, a quote, or another cookie header run into it.
const COOKIE = /((?<![A-Za-z-])(set-)?cookie["']?\s*[:=]\s*["']?)((?:(?!(?:set-)?cookie["']?\s*[:=])[^\r\n"'])*)/gi;
const COOKIE_PAIR = /([^=;\s]+)=([^;]*)/g;
const BARE_TOKEN = /^\S{8,}$/;

/** Names that say their value is a credential: as a query parameter, a JSON field, a header. */
const SECRET_PARAMETERS =
  "access_token|refresh_token|id_token|auth_token|token|api_key|apikey|api-key|client_secret|secret|password|passwd|session|session_id|sessionid";
const SECRET_HEADERS = "x-api-key|api-key|x-auth-token|x-access-token|x-session-token|x-csrf-token";
/** Header names whose whole value is a credential (redactHeaders masks them whatever the value looks like). */
export const SECRET_HEADER_NAMES = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", ...SECRET_HEADERS.split("|")]);

const PARAMETER = new RegExp(`((?<![A-Za-z0-9_-])(?:${SECRET_PARAMETERS})=)(${spread(`[^\\s&#;,"'<>]`)})`, "gi");
// Quoted as JSON, or as JSON inside a JSON string (`\\"password\\": \\"…\\"`, as details are shown).
const JSON_FIELD = new RegExp(`(\\\\?"(?:${SECRET_PARAMETERS}|${SECRET_HEADERS})\\\\?"\\s*:\\s*\\\\?")((?:[^"\\\\]|\\\\[^"])*)`, "gi");
// A scheme may come first, as in Authorization (`x-auth-token: Bearer …`).
const HEADER = new RegExp(`((?<![A-Za-z0-9_-])(?:${SECRET_HEADERS})\\s*:\\s*(?:(?:bearer|basic|token)\\s+)?)(${spread(`[^\\s"',;]`)})`, "gi");
// `scheme://user:password@host`: the password.
const USERINFO = new RegExp(`(\\b[a-z][a-z0-9+.-]*://[^\\s/?#@:]*:)(${spread("[^\\s/?#@]")})(?=@)`, "gi");

// Every pattern above needs one of these: text without them (nearly all) skips the patterns.
const SECRET_WORDS = ["msk_", "auth", "bearer", "basic", "eyJ", "cookie", "session", "token", "api.?key", "secret", "passw", "@"];
// Each letter as [xX] rather than the i flag: the same matches (without the u flag, i folds ASCII
// letters only), and V8 runs it about twice as fast over text that holds none of the words.
const MAY_HOLD_SECRET = new RegExp(SECRET_WORDS.map((word) => word.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`)).join("|"));

/** A cheap test before the redaction patterns run. */
export function mayHoldSecret(text: string): boolean {
  return MAY_HOLD_SECRET.test(text);
}

const labelled = (_all: string, label: string, secret: string) => `${label}${maskSecret(secret)}`;

function maskCookies(all: string, label: string, set: string | undefined, pairs: string): string {
  // A cookie header with no name=value (a bare token, or one cut short) is one secret when it looks like one.
  if (!pairs.includes("=")) return BARE_TOKEN.test(pairs.trim()) && BASE64_LOOK.test(pairs) ? `${label}${maskSecret(pairs.trim())}` : all;
  let first = true;
  return `${label}${pairs.replace(COOKIE_PAIR, (pair: string, name: string, value: string) => {
    if (set !== undefined && !first) return pair;
    first = false;
    return `${name}=${maskSecret(value.trim())}`;
  })}`;
}

// A run of percent escapes, as a URL carries a credential it was given as text (`%22password%22:%22…`).
const PERCENT_ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;

function percentDecoded(text: string): string {
  return text.replace(PERCENT_ESCAPES, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run; // not UTF-8: left as written
    }
  });
}

/**
 * Masks every credential in the text (see sanitize.ts for the rule). A text
 * with percent escapes that hides a credential only in its decoded form (a
 * redirect to `/%7B%22password%22:%22…`) is shown decoded, and masked.
 */
export function redactSecrets(text: string): string {
  if (!mayHoldSecret(text)) return text;
  const masked = maskPatterns(text);
  if (!masked.includes("%")) return masked;
  const decoded = percentDecoded(masked);
  if (decoded === masked) return masked;
  const maskedDecoded = maskPatterns(decoded);
  return maskedDecoded === decoded ? masked : maskedDecoded;
}

function maskPatterns(text: string): string {
  // Shapes first: a key or a JWT split by a line break is whole only before a name's pattern takes part of it.
  return text
    .replace(JWT, (jwt) => `eyJ${maskSecret(jwt)}`)
    .replace(API_KEY, maskIfKey)
    .replace(USERINFO, labelled)
    .replace(AUTHORIZATION, (all: string, label: string, scheme: string | undefined, secret: string) =>
      scheme === undefined && secret.length < MIN_UNLABELLED ? all : `${label}${scheme ?? ""}${maskSecret(secret)}`,
    )
    .replace(COOKIE, maskCookies)
    .replace(HEADER, labelled)
    .replace(JSON_FIELD, labelled)
    .replace(PARAMETER, labelled)
    .replace(BEARER, (all: string, label: string, secret: string) => (secret.length < MIN_UNLABELLED ? all : `${label}${maskSecret(secret)}`))
    .replace(BASIC, (all: string, label: string, secret: string) =>
      secret.length < MIN_UNLABELLED || !BASE64_LOOK.test(secret) ? all : `${label}${maskSecret(secret)}`,
    );
}
