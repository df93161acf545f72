import { defineConfig } from "vitest/config";
import { schemaValidatorVitePlugin } from "./scripts/schema-validator.mjs";

export default defineConfig({
  // src/core/validate.ts imports the catalog schema's validator compiled from the schema, as the build does.
  plugins: [schemaValidatorVitePlugin(import.meta.dirname)],
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/browser/global-setup.ts"],
    testTimeout: process.env.FUZZ_RUNS ? 0 : 20_000,
    hookTimeout: 20_000,
  },
});
