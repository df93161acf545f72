// The layout's rules (.dependency-cruiser.cjs) hold for src, and each rule
// fires on a tree that breaks it: a rule that never fires checks nothing.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cruise } from "dependency-cruiser";
import { afterAll, describe, expect, test } from "vitest";
import { ROOT } from "../helpers.js";

const config = createRequire(import.meta.url)(join(ROOT, ".dependency-cruiser.cjs"));

async function violations(root: string): Promise<string[]> {
  const previous = process.cwd();
  process.chdir(root);
  try {
    const result = await cruise(["src"], { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true });
    const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
    return output.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} -> ${violation.to}`);
  } finally {
    process.chdir(previous);
  }
}

const scratch = mkdtempSync(join(tmpdir(), "miosa-err-layout-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(root: string, file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

describe("layout rules", () => {
  test("src keeps every rule", async () => {
    expect(await violations(ROOT)).toEqual([]);
  }, 60_000);

  test("a core module importing render, chalk or node:fs is caught, and so is a cycle", async () => {
    cpSync(join(ROOT, "tsconfig.json"), join(scratch, "tsconfig.json"));
    symlinkSync(join(ROOT, "node_modules"), join(scratch, "node_modules"));
    write(scratch, "src/render/view.ts", "export const view = 1;\n");
    write(
      scratch,
      "src/core/bad.ts",
      'import chalk from "chalk";\nimport { readFileSync } from "node:fs";\nimport { view } from "../render/view.js";\nexport const bad = [view, chalk, readFileSync];\n',
    );
    write(scratch, "src/cli/a.ts", 'import { b } from "./b.js";\nexport const a = () => b;\n');
    write(scratch, "src/cli/b.ts", 'import { a } from "./a.js";\nexport const b = () => a;\n');
    const found = await violations(scratch);
    expect(found).toContain("core-is-pure: src/core/bad.ts -> src/render/view.ts");
    expect(found).toContain("core-has-no-node-builtins: src/core/bad.ts -> fs");
    expect(found.some((line) => /^core-has-no-io-libraries: src\/core\/bad\.ts -> .*node_modules\/chalk\//.test(line))).toBe(true);
    expect(found.some((line) => /^no-cycles: src\/cli\/[ab]\.ts -> src\/cli\/[ab]\.ts$/.test(line))).toBe(true);
  }, 60_000);
});
