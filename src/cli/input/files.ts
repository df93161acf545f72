// How every reader names a file and words a failure to read it, so a missing
// catalog, -d file or log reads the same: "cannot read <what> <name>: no such file".
import { safeText } from "../../core/sanitize.js";
import { InputError } from "../exit.js";

/** How a file is named in messages: `-` is stdin. */
export function inputName(file: string): string {
  return file === "-" ? "stdin" : safeText(file, { singleLine: true });
}

/** A file system error in words; the errno code itself where there are no better ones. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  if (code === "ENOTDIR") return "a part of the path is not a directory";
  return code ?? "read failed";
}

/** `what` names the role, "catalog" or "--ca", or is "" for a plain input. */
export function cannotRead(what: string, file: string, why: string): InputError {
  return new InputError(`cannot read ${what ? `${what} ` : ""}${inputName(file)}: ${why}`);
}
