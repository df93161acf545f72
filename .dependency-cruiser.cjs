// The layout's rules (README, "How the code is laid out"), checked by npm test.
/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-cycles", severity: "error", comment: "A cycle makes every module in it load, and change, together.", from: {}, to: { circular: true } },
    {
      name: "core-is-pure",
      severity: "error",
      comment: "core is the model and the logic: no command, output, process or network code, so it runs in a browser too.",
      from: { path: "^src/core/" },
      to: { path: "^src/(commands|render|cli|net)/" },
    },
    {
      name: "core-has-no-io-libraries",
      severity: "error",
      comment: "core takes no terminal, argument or HTTP library.",
      from: { path: "^src/core/" },
      to: { path: "node_modules/(chalk|commander|undici|cli-table3)/" },
    },
    {
      name: "core-has-no-node-builtins",
      severity: "error",
      comment: "core works on Uint8Array and TextDecoder, in Node and in a browser.",
      from: { path: "^src/core/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "render-runs-nothing",
      severity: "error",
      comment: "render formats what it is given; it does not call commands or the network.",
      from: { path: "^src/render/" },
      to: { path: "^src/(commands|net)/" },
    },
    {
      name: "net-is-transport-only",
      severity: "error",
      comment: "net sends and receives; what it means is core's business, how it looks render's.",
      from: { path: "^src/net/" },
      to: { path: "^src/(commands|render|cli)/" },
    },
    {
      name: "page-runs-in-a-browser",
      severity: "error",
      comment: "src/page is bundled for the browser: core and Node-free render code only, no Node built-in.",
      from: { path: "^src/page/" },
      to: { path: "^src/(commands|cli|net)/|node_modules/(chalk|commander|undici|cli-table3)/" },
    },
    {
      name: "page-has-no-node-builtins",
      severity: "error",
      from: { path: "^src/page/" },
      to: { dependencyTypes: ["core"] },
    },
    { name: "no-unresolvable", severity: "error", from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
  },
};
