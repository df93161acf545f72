// The types of scripts/schema-validator.mjs, for vitest.config.ts.
import type { Plugin as EsbuildPlugin } from "esbuild";
import type { Plugin as VitePlugin } from "vite";

export const SCHEMA_VALIDATOR_MODULE: RegExp;
export function schemaValidatorSource(root: string): string;
export function schemaValidatorPlugin(root: string): EsbuildPlugin;
export function schemaValidatorVitePlugin(root: string): VitePlugin;
