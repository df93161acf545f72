// Reading the files the catalog subcommands take (a docs page, a catalog
// JSON), and turning a docs page into entries or a list of problems.
import { readFile, stat } from "node:fs/promises";
import type { Area, CatalogEntry } from "../core/catalog.js";
import { importReference, parseAreaList, type ImportResult } from "../core/reference-import.js";
import { safeText } from "../core/sanitize.js";
import { MAX_CATALOG_BYTES } from "../cli/catalog-source.js";
import { InputError, UsageError } from "../cli/exit.js";
import type { IO } from "../cli/io.js";

/** How a file is named in messages: `-` is stdin. */
export function displayName(file: string): string {
  return file === "-" ? "stdin" : safeText(file, { singleLine: true });
}

async function readStdin(io: IO, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) throw new InputError(`stdin: more than ${limit} bytes; refusing to read further`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The whole file as text (`-` reads stdin), or an InputError naming why not. */
export async function readTextInput(io: IO, file: string, limit = MAX_CATALOG_BYTES): Promise<string> {
  if (file === "-") {
    if (io.stdin.isTTY) throw new UsageError("reading from stdin, but stdin is a terminal; pipe a file in or name one");
    return readStdin(io, limit);
  }
  const name = displayName(file);
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new InputError(`${name}: not a file`);
    if (info.size > limit) throw new InputError(`${name}: ${info.size} bytes is over the ${limit}-byte limit`);
    return await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? "read failed"}`);
  }
}

export interface PageOptions {
  areas?: string;
}

/**
 * A docs page as catalog entries. Every problem in the page goes to stderr
 * with its line, then one InputError fails the run: a half-imported page
 * would look complete.
 */
export async function readDocsPage(
  io: IO,
  file: string,
  options: PageOptions,
  known: readonly CatalogEntry[],
): Promise<ImportResult> {
  let areas: Area[] | undefined;
  if (options.areas !== undefined) {
    const parsed = parseAreaList(options.areas);
    if ("error" in parsed) throw new UsageError(safeText(parsed.error, { singleLine: true }));
    areas = parsed.areas;
  }
  const text = await readTextInput(io, file);
  const result = importReference(text, { areas, known });
  if (result.problems.length > 0) {
    const name = displayName(file);
    for (const problem of result.problems) {
      io.stderr.write(`miosa-err: ${name}:${problem.line}: ${safeText(problem.message, { singleLine: true })}\n`);
    }
    const count = result.problems.length;
    throw new InputError(`${name}: ${count} problem${count === 1 ? "" : "s"} in the page; nothing was done`);
  }
  return result;
}
