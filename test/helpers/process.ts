// The built CLI as a live process a test can talk to: feed stdin, wait for a
// line of output, send a signal, and collect how it ended. Every wait is
// bounded, and a child left over is killed by stopAll().
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { BIN } from "../helpers.js";

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface LiveCli {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout (or stderr) matches; rejects if the process ends first or `ms` pass. */
  waitFor(pattern: RegExp, stream?: "stdout" | "stderr", ms?: number): Promise<void>;
  ended: Promise<Ended>;
}

const live = new Set<ChildProcessWithoutNullStreams>();

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", ...extra };
}

/** Spawns `command args` (the CLI when command is omitted) with a clean environment. */
export function startCli(args: string[], options: { env?: Record<string, string>; command?: string; killAfterMs?: number } = {}): LiveCli {
  const [command, argv] = options.command ? [options.command, args] : [process.execPath, [BIN, ...args]];
  const child = spawn(command, argv, { env: cleanEnv(options.env), stdio: ["pipe", "pipe", "pipe"] });
  live.add(child);
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    changed();
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    changed();
  });
  child.stdin.on("error", () => undefined);
  // A hang must fail the test, not the suite: the process is killed after a generous bound.
  const guard = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 15_000);
  const ended = new Promise<Ended>((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(guard);
      live.delete(child);
      changed();
      resolve({ code, signal, stdout, stderr });
    });
  });
  const waitFor = (pattern: RegExp, stream: "stdout" | "stderr" = "stdout", ms = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(stream === "stdout" ? stdout : stderr)) return done(null);
        if (child.exitCode !== null || child.signalCode !== null)
          done(new Error(`the process ended before ${stream} matched ${pattern}:\n${stdout}\n${stderr}`));
      };
      const timer = setTimeout(() => done(new Error(`${stream} did not match ${pattern} within ${ms} ms:\n${stdout}\n${stderr}`)), ms);
      const done = (error: Error | null) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (error) reject(error);
        else resolve();
      };
      listeners.add(check);
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, waitFor, ended };
}

/** Kills whatever a failed test left running. */
export function stopAll(): void {
  for (const child of live) child.kill("SIGKILL");
  live.clear();
}

/** util-linux `script`, which runs a command on a pseudo-terminal (for what only happens on a TTY). */
export const HAS_SCRIPT = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

/** Runs the CLI on a pseudo-terminal: stdin, stdout and stderr are all the terminal; write "\x03" for Ctrl-C. */
export function startCliOnTerminal(args: string[], env: Record<string, string> = {}): LiveCli {
  const quoted = [process.execPath, BIN, ...args].map((part) => `'${part.replace(/'/g, "'\\''")}'`).join(" ");
  return startCli(["-qefc", quoted, "/dev/null"], { command: "script", env: { TERM: "xterm", ...env } });
}

/** The process of the CLI itself under `script` (its shell may or may not have exec'd it): found through /proc. */
export function cliPidUnder(rootPid: number): number | null {
  const parents = new Map<number, number>();
  const commands = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      commands.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, "utf8"));
    } catch {
      // The process ended while we looked.
    }
  }
  // The node process itself, not the shell whose command line also names the script.
  const isCli = (pid: number) => {
    const [program, script] = (commands.get(pid) ?? "").split("\0");
    return program === process.execPath && script === BIN;
  };
  const below = (pid: number): number | null => {
    for (const [child, parent] of parents) {
      if (parent !== pid) continue;
      if (isCli(child)) return child;
      const deeper = below(child);
      if (deeper !== null) return deeper;
    }
    return null;
  };
  return below(rootPid);
}
