// What a command's run function gets: I/O, colour, and the catalog (built-in
// plus the user's, loaded on first use).
import type { ChalkInstance } from "chalk";
import type { Catalog } from "../core/catalog.js";
import type { IO } from "./io.js";
import { loadCatalog } from "./catalog-source.js";

export interface Context {
  io: IO;
  /** Colours for stdout; level 0 when colour is off. */
  chalk: ChalkInstance;
  catalog(): Promise<Catalog>;
}

export interface GlobalOptions {
  catalog?: string;
  color?: boolean;
}

/**
 * Colour, as most CLIs settle it: --no-color turns it off whatever the rest
 * says; then NO_COLOR (off); FORCE_COLOR (0 or false off, 2 and 3 those
 * levels, else on); CLICOLOR_FORCE (on, even piped, unless 0); TERM=dumb
 * (off); CLICOLOR=0 (off); else on for a terminal, off when piped.
 */
export function colorLevel(io: IO, colorFlag: boolean): 0 | 1 | 2 | 3 {
  if (!colorFlag) return 0;
  const { env } = io;
  const force = env.FORCE_COLOR;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  if (force !== undefined) {
    if (force === "0" || force === "false") return 0;
    if (force === "2" || force === "3") return Number(force) as 2 | 3;
    return 1;
  }
  if (env.CLICOLOR_FORCE !== undefined && env.CLICOLOR_FORCE !== "" && env.CLICOLOR_FORCE !== "0") return 1;
  if (env.TERM === "dumb") return 0;
  if (env.CLICOLOR === "0") return 0;
  return io.stdout.isTTY ? 1 : 0;
}

/** The terminal's width for wrapping; 80 when it reports none (a pseudo-terminal without a size). */
export function terminalWidth(io: IO): number {
  return io.stdout.columns > 0 ? io.stdout.columns : 80;
}

/** Whether the terminal shows Unicode block characters: a UTF-8 locale, and not TERM=dumb. */
export function unicodeOutput(io: IO): boolean {
  if (io.env.TERM === "dumb") return false;
  const locale = io.env.LC_ALL || io.env.LC_CTYPE || io.env.LANG || "";
  return /utf-?8/i.test(locale);
}

/**
 * Colour off is the common case in pipes and scripts: it gets a painter that
 * returns text unchanged, whatever style is chained, and chalk is not loaded.
 */
const plainPainter: ChalkInstance = new Proxy(
  Object.assign((...text: unknown[]) => text.join(" "), { level: 0 }),
  {
    get: (target, property) => {
      if (property === "level") return 0;
      // Not a thenable: `await` must not take the painter for a promise.
      if (property === "then") return undefined;
      return property in Function.prototype ? Reflect.get(target, property) : plainPainter;
    },
  },
) as unknown as ChalkInstance;

export async function painterFor(level: 0 | 1 | 2 | 3): Promise<ChalkInstance> {
  if (level === 0) return plainPainter;
  const { Chalk } = await import("chalk");
  return new Chalk({ level });
}

export async function createContext(io: IO, options: GlobalOptions): Promise<Context> {
  let catalog: Promise<Catalog> | undefined;
  const file = options.catalog ?? (io.env.MIOSA_ERR_CATALOG || undefined);
  return {
    io,
    chalk: await painterFor(colorLevel(io, options.color !== false)),
    catalog: () => (catalog ??= loadCatalog(io, file)),
  };
}
