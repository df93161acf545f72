import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { main } from "../src/cli/main.js";
import { testIO, type TestIOOptions } from "../src/cli/io.js";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BIN = fileURLToPath(new URL("../bin/miosa-err.js", import.meta.url));

/** The reference text: ../shared/seed when present (a checkout beside shared/), else the checked-in copy. */
export function referenceText(): string {
  const seed = fileURLToPath(new URL("../../shared/seed/000_1a3df0e4d431075d.txt", import.meta.url));
  return readFileSync(existsSync(seed) ? seed : fileURLToPath(new URL("../catalog/reference.md", import.meta.url)), "utf8");
}

/** Runs the CLI in-process with an in-memory IO. */
export async function runInProcess(argv: string[], options: TestIOOptions = {}) {
  const io = testIO(options);
  const code = await main(argv, io);
  return { code, stdout: io.output(), stderr: io.errors() };
}

export interface SpawnResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would. */
export function runCli(
  args: string[],
  options: { input?: string | Buffer; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      NO_COLOR: undefined,
      FORCE_COLOR: undefined,
      MIOSA_ERR_CATALOG: undefined,
      MIOSA_ERR_DEBUG: undefined,
      ...options.env,
    };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 15_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}
