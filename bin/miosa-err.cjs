#!/usr/bin/env node
"use strict";
// Node 22.1+ can keep compiled code between runs; Node 20 has no such cache.
if (Number(process.versions.node.split(".")[0]) >= 22) require("node:module").enableCompileCache?.();
const { main, systemIO } = require("../dist/cli.cjs");
const io = systemIO();
main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
  // A stopped run may leave a read or a socket open: end now, with the status main chose.
  if (io.signal.aborted) process.exit(code);
});
