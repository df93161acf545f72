// What shell completion offers, read off the commander program itself (so a
// new command or flag is completed without touching the scripts) plus the
// catalog's codes, areas and statuses, which the scripts embed: completing a
// code never starts node.
import type { Command } from "commander";
import { AREAS, SOURCES, type Catalog } from "../../core/catalog.js";

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** What a value slot completes to: fixed words, or file names. */
export type Completion = { words: readonly string[] } | "files";

export interface CompletionOption {
  /** `--area`, `-h`: every spelling. */
  names: string[];
  description: string;
  /** Whether the next word is this option's value. */
  takesValue: boolean;
  /** What its value completes to; null when nothing useful (or no value). */
  value: Completion | null;
}

export interface CompletionCommand {
  /** `["catalog", "import"]`. */
  path: string[];
  description: string;
  subcommands: CompletionCommand[];
  /** Its own options and the program's, which commander accepts anywhere. */
  options: CompletionOption[];
  /** What its positional arguments complete to; null when nothing useful. */
  args: Completion | null;
}

export interface CompletionSpec {
  program: string;
  version: string;
  root: CompletionCommand;
}

/**
 * A catalog code as one shell word: message-form codes (`missing sse ticket`)
 * become `missing_sse_ticket`, which explain takes as the same code. Codes
 * that would need quoting in a shell are left out rather than risked.
 */
export function completionWord(code: string): string | null {
  const word = code.trim().replace(/\s+/g, "_");
  return /^[A-Za-z0-9_.-]{1,200}$/.test(word) ? word : null;
}

export function catalogWords(catalog: Catalog): { codes: string[]; statuses: string[] } {
  const codes = new Set<string>();
  const statuses = new Set<number>();
  for (const entry of catalog.entries) {
    const word = completionWord(entry.code);
    if (word) codes.add(word);
    if (entry.http_status !== null) statuses.add(entry.http_status);
  }
  return {
    codes: [...codes].sort((a, b) => a.localeCompare(b, "en")),
    statuses: [...statuses].sort((a, b) => a - b).map(String),
  };
}

function describeOptions(command: Command): CompletionOption[] {
  return command.options
    .filter((option) => !option.hidden)
    .map((option) => ({
      names: [option.long, option.short].filter((name): name is string => typeof name === "string"),
      description: option.description,
      takesValue: option.required || option.optional,
      value: null,
    }));
}

export function buildCompletionSpec(program: Command, version: string, catalog: Catalog): CompletionSpec {
  const { codes, statuses } = catalogWords(catalog);
  const commandNames = program.commands.map((command) => command.name());
  // Values by option and by argument name: the one place completion knows what a slot holds.
  const optionValues: Record<string, Completion> = {
    "--catalog": "files",
    "--area": { words: AREAS },
    "--areas": { words: [...AREAS, "reference"] },
    "--status": { words: statuses },
    "--source": { words: SOURCES },
  };
  const argumentValues: Record<string, Completion> = {
    code: { words: codes },
    file: "files",
    shell: { words: SHELLS },
    topic: { words: [...commandNames.filter((name) => name !== "help"), "exit-codes"] },
  };
  const help: CompletionOption = { names: ["--help", "-h"], description: "show help", takesValue: false, value: null };
  const withValues = (options: CompletionOption[]) =>
    options.map((option) => ({ ...option, value: option.takesValue ? (optionValues[option.names[0] ?? ""] ?? null) : null }));
  const globals = withValues(describeOptions(program));
  const globalForSubcommands = globals.filter((option) => option.names[0] !== "--version");

  const walk = (command: Command, path: string[]): CompletionCommand => {
    const argument = command.registeredArguments[0];
    const own = path.length === 0 ? globals : [...withValues(describeOptions(command)), ...globalForSubcommands];
    return {
      path,
      description: command.description(),
      subcommands: command.commands.map((sub) => walk(sub, [...path, sub.name()])),
      options: [...own, help],
      args: argument ? (argumentValues[argument.name()] ?? null) : null,
    };
  };
  return { program: program.name(), version, root: walk(program, []) };
}

/** Every command in the tree, root first. */
export function allCommands(root: CompletionCommand): CompletionCommand[] {
  return [root, ...root.subcommands.flatMap(allCommands)];
}

/** Options that take a value, across the whole tree: a word after one is its value, not a command. */
export function valueOptionNames(root: CompletionCommand): string[] {
  const names = new Set<string>();
  for (const command of allCommands(root)) {
    for (const option of command.options) if (option.takesValue) for (const name of option.names) names.add(name);
  }
  return [...names].sort();
}
