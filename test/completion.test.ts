// Shell completion: the bash script runs in a real bash and completes
// commands, flags, areas and codes; zsh and fish scripts carry the same words.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/core/builtin.js";
import { AREAS } from "../src/core/catalog.js";
import { EXIT } from "../src/cli/exit.js";
import { main, testIO } from "../src/cli/main.js";
import type { TestIOOptions } from "../src/cli/io.js";

const dir = mkdtempSync(join(tmpdir(), "miosa-err-completion-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function script(shell: string, options: TestIOOptions = {}, globals: string[] = []): Promise<string> {
  const io = testIO(options);
  expect(await main([...globals, "completion", shell], io)).toBe(EXIT.OK);
  expect(io.errors()).toBe("");
  return io.output();
}

/** Sources the script in bash and completes the words given; the last word is the one being completed. */
function completeInBash(scriptPath: string, words: string[]): string[] {
  const driver = `
source "$1"; shift
COMP_WORDS=("$@")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$*"; COMP_POINT=\${#COMP_LINE}
COMPREPLY=()
$(complete -p miosa-err | sed -E 's/.*-F ([^ ]+).*/\\1/') miosa-err "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\\n' "\${COMPREPLY[@]}"
`;
  const output = execFileSync("bash", ["--norc", "--noprofile", "-c", driver, "driver", scriptPath, ...words], {
    encoding: "utf8",
    cwd: dir,
  });
  return output.split("\n").filter(Boolean).sort();
}

describe("completion bash", () => {
  let scriptPath = "";
  const bash = async () => {
    if (!scriptPath) {
      scriptPath = join(dir, "miosa-err.bash");
      writeFileSync(scriptPath, await script("bash"));
    }
    return scriptPath;
  };

  it("completes explain SANDBOX_ to the sandbox codes", async () => {
    const replies = completeInBash(await bash(), ["miosa-err", "explain", "SANDBOX_"]);
    expect(replies).toEqual([
      "SANDBOX_DESTROYED",
      "SANDBOX_LIMIT_REACHED",
      "SANDBOX_NOT_COMMAND_READY",
      "SANDBOX_NOT_RUNNING",
      "SANDBOX_RUNTIME_UNAVAILABLE",
      "SANDBOX_STARTING",
    ]);
    const fromCatalog = [
      ...new Set(
        builtinCatalog()
          .entries.map((entry) => entry.code)
          .filter((code) => code.startsWith("SANDBOX_")),
      ),
    ];
    expect(replies).toEqual(fromCatalog.sort());
  });

  it("matches codes case-insensitively, and message-form codes as one word", async () => {
    expect(completeInBash(await bash(), ["miosa-err", "explain", "sandbox_not"])).toEqual(["SANDBOX_NOT_COMMAND_READY", "SANDBOX_NOT_RUNNING"]);
    expect(completeInBash(await bash(), ["miosa-err", "explain", "missing_s"])).toEqual(["missing_sse_ticket"]);
    expect(completeInBash(await bash(), ["miosa-err", "--no-color", "explain", "INVALID_PORT", "INVALID_T"])).toEqual([
      "INVALID_TEMPLATE",
      "INVALID_TTL",
      "invalid_token",
    ]);
  });

  it("completes commands, subcommands and shells", async () => {
    expect(completeInBash(await bash(), ["miosa-err", ""])).toEqual([
      "catalog",
      "completion",
      "decode",
      "explain",
      "help",
      "list",
      "page",
      "probe",
      "search",
      "serve",
    ]);
    expect(completeInBash(await bash(), ["miosa-err", "catalog", ""])).toEqual(["diff", "import", "validate"]);
    expect(completeInBash(await bash(), ["miosa-err", "completion", ""])).toEqual(["bash", "fish", "zsh"]);
    expect(completeInBash(await bash(), ["miosa-err", "help", "e"])).toEqual(["exit-codes", "explain"]);
  });

  it("completes each command's flags, and areas after --area", async () => {
    expect(completeInBash(await bash(), ["miosa-err", "list", "--s"])).toEqual(["--source", "--status"]);
    expect(completeInBash(await bash(), ["miosa-err", "catalog", "diff", "--"])).toEqual(["--areas", "--catalog", "--help", "--json", "--no-color"]);
    expect(completeInBash(await bash(), ["miosa-err", "list", "--area", ""])).toEqual([...AREAS].sort());
    expect(completeInBash(await bash(), ["miosa-err", "explain", "--area", "=", "co"])).toEqual(["common", "computers", "connectors"]);
    expect(completeInBash(await bash(), ["miosa-err", "list", "--source", ""])).toEqual(["reference", "sdk", "user"]);
  });

  it("does not take an option's value for a command", async () => {
    // `--catalog explain` names a file called explain; the command is still to come.
    expect(completeInBash(await bash(), ["miosa-err", "--catalog", "explain", "ex"])).toEqual(["explain"]);
  });

  it("completes file names for catalog files", async () => {
    writeFileSync(join(dir, "errors-page.md"), "");
    expect(completeInBash(await bash(), ["miosa-err", "catalog", "import", "errors-p"])).toEqual(["errors-page.md"]);
    expect(completeInBash(await bash(), ["miosa-err", "--catalog", "errors-p"])).toEqual(["errors-page.md"]);
  });

  it("embeds the codes of the user's catalog too", async () => {
    const catalogFile = join(dir, "mine.json");
    writeFileSync(
      catalogFile,
      JSON.stringify({
        entries: [{ code: "SANDBOX_ON_FIRE", area: "sandboxes", http_status: 500, meaning: "m", action: "a", retry: "never", fault: "platform" }],
      }),
    );
    const withUser = join(dir, "mine.bash");
    writeFileSync(withUser, await script("bash", {}, ["--catalog", catalogFile]));
    expect(completeInBash(withUser, ["miosa-err", "explain", "SANDBOX_O"])).toEqual(["SANDBOX_ON_FIRE"]);
  });

  it("is valid bash syntax", async () => {
    expect(() => execFileSync("bash", ["-n", scriptPath || join(dir, "miosa-err.bash")])).not.toThrow();
  });
});

describe("completion zsh and fish", () => {
  const codes = [...new Set(builtinCatalog().entries.map((entry) => entry.code.replace(/\s+/g, "_")))];

  it("zsh: a #compdef function with every code, area and command", async () => {
    const text = await script("zsh");
    expect(text.startsWith("#compdef miosa-err\n")).toBe(true);
    const explainLine = text.split("\n").find((line) => line.includes("compadd") && line.includes("SANDBOX_STARTING"));
    expect(explainLine).toBeDefined();
    for (const code of codes) expect(explainLine!.split(" ")).toContain(code);
    for (const area of AREAS) expect(text).toContain(` ${area} `);
    expect(text).toContain("'import:print a docs page'\\''s error tables as catalog JSON that --catalog accepts'");
    expect(text).toContain("compdef _miosa_err miosa-err");
  });

  it("fish: complete rules for commands, codes for explain, files for catalog files", async () => {
    const text = await script("fish");
    expect(text).toContain("complete -c miosa-err -f\n");
    expect(text).toContain(
      "complete -c miosa-err -n '__miosa_err_at \\'\\'' -f -a 'explain' -d 'explain error codes (or a bare HTTP status) from the catalog'",
    );
    const explainLine = text.split("\n").find((line) => line.startsWith("complete -c miosa-err -n '__miosa_err_at \\'explain\\'' -f -a "));
    const words = /-a '([^']+)'$/.exec(explainLine ?? "")?.[1]?.split(" ");
    for (const code of codes) expect(words).toContain(code);
    expect(text).toContain("complete -c miosa-err -n '__miosa_err_at \\'catalog import\\'' -F");
    expect(text).toContain("-l area -x -a 'auth common sandboxes");
  });

  it("refuses a shell it does not know, exit 2", async () => {
    const io = testIO();
    expect(await main(["completion", "powershell"], io)).toBe(EXIT.USAGE);
    expect(io.errors()).toBe('miosa-err: no completion for shell "powershell"; shells: bash, zsh, fish\n');
  });
});

describe("completion bash leaves the shell as it found it", () => {
  it("restores nocasematch after matching", async () => {
    const io = testIO();
    await main(["completion", "bash"], io);
    const path = join(dir, "restore.bash");
    writeFileSync(path, io.output());
    const driver = `source "${path}"; COMP_WORDS=(miosa-err explain sandbox_); COMP_CWORD=2; _miosa_err; echo "\${#COMPREPLY[@]}"; shopt -q nocasematch && echo on || echo off`;
    expect(execFileSync("bash", ["--norc", "--noprofile", "-c", driver], { encoding: "utf8" })).toBe("6\noff\n");
  });
});
