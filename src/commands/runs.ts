// The commands' runs, loaded when a command other than explain or help runs
// (command.ts). One module, not one per command: the build splits the code at
// each module loaded on use, and every file a run loads costs Node's ES module
// loader about a millisecond at start-up (docs/performance.md).
export { runCatalogDiff } from "./catalog-diff-run.js";
export { runCatalogImport } from "./catalog-import-run.js";
export { runCatalogValidate } from "./catalog-validate-run.js";
export { runCompletion } from "./completion-run.js";
export { runDecode } from "./decode-run.js";
export { runList } from "./list-run.js";
export { runSearch } from "./search-run.js";
