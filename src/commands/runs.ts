// The commands' runs that load on use: every command but explain, help, list
// and search (command.ts). One module, not one per command: each module
// loaded on use is a split point for the build, and more split points cut the
// code into more, smaller files for every command to load (decode of a short
// file loaded 22 files with a module per run, and loads 13 with this one).
// What a run needs of Node's network and stream modules it loads when it
// starts: decode shares this module with probe and serve.
export { runCatalogDiff } from "./catalog-diff-run.js";
export { runCatalogImport } from "./catalog-import-run.js";
export { runCatalogValidate } from "./catalog-validate-run.js";
export { runCompletion } from "./completion-run.js";
export { runDecode } from "./decode-run.js";
export { runPage } from "./page-run.js";
export { runProbe } from "./probe-run.js";
export { runServe } from "./serve-run.js";
