// A pager for long output on a terminal, the way git and gh do it:
// MIOSA_ERR_PAGER, else PAGER, else `less -FRX` (which quits at once when the
// text fits one screen, keeps colours, and leaves the text on the screen).
// An empty value or `cat` means no pager.
import type { ChildProcess } from "node:child_process";

/** Where paged text goes: an output like io.ts's OutputStream, and its end. */
export interface PagerStream {
  write(text: string): void;
  readonly isTTY: boolean;
  readonly columns: number;
  /** Ends the pager's input and waits for the reader to quit it. */
  close(): Promise<void>;
}

/** The pager command the environment asks for; null for none. */
export function pagerCommand(env: Readonly<Record<string, string | undefined>>): string | null {
  const command = (env.MIOSA_ERR_PAGER ?? env.PAGER ?? "less -FRX").trim();
  return command === "" || command === "cat" ? null : command;
}

/** Starts the pager with the terminal as its output; null when it cannot be started. */
export function openSystemPager(command: string, columns: number): PagerStream | null {
  const { spawn } = process.getBuiltinModule("node:child_process");
  let child: ChildProcess;
  try {
    // less reads LESS when run bare (PAGER=less); git sets the same defaults.
    const env = { ...process.env, LESS: process.env.LESS ?? "FRX", LV: process.env.LV ?? "-c" };
    child = spawn(command, { shell: true, stdio: ["pipe", "inherit", "inherit"], env });
  } catch {
    return null;
  }
  let open = true;
  // The reader quit the pager before the end (EPIPE), or it failed to start: the rest is not wanted.
  child.stdin?.on("error", () => {
    open = false;
  });
  const exited = new Promise<void>((resolve) => {
    child.on("close", () => resolve());
    child.on("error", () => resolve());
  });
  return {
    write: (text) => {
      if (open) child.stdin?.write(text);
    },
    isTTY: true,
    columns,
    close: async () => {
      if (open) child.stdin?.end();
      await exited;
    },
  };
}
