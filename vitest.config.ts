import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/browser/global-setup.ts"],
    testTimeout: process.env.FUZZ_RUNS ? 0 : 20_000,
    hookTimeout: 20_000,
  },
});
