// Who made a report: pasted reports say which miosa-err and Node produced them.
import pkg from "../../package.json" with { type: "json" };

export const VERSION_TEXT = `miosa-err ${pkg.version}, node ${process.versions.node} ${process.platform}-${process.arch}`;
