// Every command is documented: a description, examples in --help, a README section.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { testIO } from "../../src/cli/io.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const program = buildProgram(testIO(), async () => undefined);

describe("documentation", () => {
  it.each(program.commands.map((command) => [command.name(), command] as const))("%s has a description, examples and a README section", (name, command) => {
    expect(command.description().length).toBeGreaterThan(10);
    let help = "";
    command.configureOutput({ writeOut: (text) => (help += text) });
    command.outputHelp();
    const examples = help.split("\nExamples:\n")[1] ?? "";
    expect(examples).toMatch(new RegExp(`^  .*miosa-err ${name}\\b`, "m"));
    if (name !== "help") expect(readme).toMatch(new RegExp(`^## ${name}\\b`, "m"));
  });

  it("README documents every exit code", async () => {
    const { EXIT_CODE_TABLE } = await import("../../src/cli/exit.js");
    for (const { code } of EXIT_CODE_TABLE) expect(readme).toMatch(new RegExp(`^\\| ${code} \\|`, "m"));
  });
});
