#!/usr/bin/env node
"use strict";
// Node 22.1+ can keep compiled code between runs; Node 20 has no such cache.
if (Number(process.versions.node.split(".")[0]) >= 22) require("node:module").enableCompileCache?.();
const { main, systemIO } = require("../dist/cli.cjs");
main(process.argv.slice(2), systemIO()).then((code) => {
  process.exitCode = code;
});
