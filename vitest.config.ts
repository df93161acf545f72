import { defineConfig } from "vitest/config";
import { watVitePlugin } from "./scripts/wat.mjs";

export default defineConfig({
  plugins: [watVitePlugin],
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: process.env.FUZZ_RUNS ? 0 : 20_000,
    hookTimeout: 20_000,
  },
});
