// A value as a language printed it, read as JSON: Node's util.inspect
// (`{ name: [ "can't be blank" ], port: [ 'must be > 0' ] }`), Elixir's
// inspect (`%{"name" => ["can't be blank"]}`, `%{name: "x"}`) and Python's
// repr (`{'name': ["can't be blank"]}`). The SDKs'
// prints show a body's details and errors so; decode reads field errors from
// them. One pass over the text, bounded; anything it cannot read gives null.
import { parseJson } from "../finding/values.js";
import { unquote } from "./print-parts.js";

const MAX_LITERAL = 64 * 1024;
const IDENTIFIER = /[A-Za-z_$][\w$?!]*/y;
// Each language's words for JSON's null, true and false.
const LITERAL_WORDS: Record<string, string> = { nil: "null", undefined: "null", None: "null", True: "true", False: "false" };

/** The value printed at text[start] (a `{`, `[` or `%{`), as JSON, or undefined when it is not one. */
export function readPrintedLiteral(text: string, start: number): unknown {
  const out: string[] = [];
  const end = Math.min(text.length, start + MAX_LITERAL);
  let depth = 0;
  let i = start;
  while (i < end) {
    const c = text[i]!;
    if (c === "%" && text[i + 1] === "{") {
      i++;
      continue;
    }
    // Node writes a string that holds both ' and " in backticks.
    if (c === '"' || c === "'" || c === "`") {
      const close = closingQuote(text, i, end);
      if (close === -1) return undefined;
      out.push(JSON.stringify(unquote(text.slice(i + 1, close))));
      i = close + 1;
      // Node's and Elixir's keyword keys are written `name:`; a quoted key of Elixir's map `"name" =>`.
      continue;
    }
    if (c === "=" && text[i + 1] === ">") {
      out.push(":");
      i += 2;
      continue;
    }
    // What Node leaves out below its depth (`[Array]`, `[Object]`): nothing to read there.
    if (c === "[" && /^\[(?:Array|Object)\]/.test(text.slice(i, i + 8))) {
      out.push("null");
      i += text[i + 1] === "A" ? 7 : 8;
      continue;
    }
    if (c === "{" || c === "[") depth++;
    if (c === "}" || c === "]") {
      depth--;
      out.push(c);
      i++;
      if (depth === 0) return parseJson(out.join(""));
      continue;
    }
    IDENTIFIER.lastIndex = i;
    const word = IDENTIFIER.exec(text);
    if (word) {
      const name = word[0];
      i += name.length;
      if (text[i] === ":" && text[i + 1] !== ":") {
        out.push(JSON.stringify(name), ":");
        i++;
      } else out.push(LITERAL_WORDS[name] ?? name);
      continue;
    }
    // An Elixir atom as a value (`:ok`): its name as text.
    if (c === ":" && /[A-Za-z_]/.test(text[i + 1] ?? "")) {
      IDENTIFIER.lastIndex = i + 1;
      const atom = IDENTIFIER.exec(text)![0];
      out.push(JSON.stringify(atom));
      i += atom.length + 1;
      continue;
    }
    out.push(c);
    i++;
  }
  return undefined;
}

function closingQuote(text: string, open: number, end: number): number {
  const quote = text[open];
  for (let i = open + 1; i < end; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}
