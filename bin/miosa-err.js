#!/usr/bin/env node
// Node 22.1+ can keep compiled code between runs; Node 20 has no such cache.
// It is turned on first: the CLI is imported after, so its modules use it.
if (Number(process.versions.node.split(".")[0]) >= 22) (await import("node:module")).enableCompileCache?.();
const { main, systemIO } = await import("../dist/cli.js");
const io = systemIO();
main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
  // A stopped run may leave a read or a socket open: end now, with the status main chose.
  if (io.signal.aborted) process.exit(code);
});
