// Test certificates, made at test time with the openssl CLI in a temporary
// directory: a CA, a server certificate it signed for 127.0.0.1 and
// localhost, an expired one, one for another host, and a self-signed one.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCertificates {
  dir: string;
  /** Path of the CA certificate (PEM), for --ca. */
  caFile: string;
  ca: string;
  key: string;
  /** Signed by the CA, for IP 127.0.0.1 and localhost, valid for ten years. */
  valid: string;
  /** Signed by the CA, already expired. */
  expired: string;
  /** Signed by the CA, for other.example only. */
  otherHost: string;
  /** Self-signed, for 127.0.0.1. */
  selfSigned: string;
  selfSignedKey: string;
  cleanup(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "miosa-err-certs-"));
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl(dir, [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "3650",
    "-subj",
    "/CN=miosa-err test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  openssl(dir, ["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]);
  writeFileSync(join(dir, "local.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n");
  writeFileSync(join(dir, "other.cnf"), "subjectAltName=DNS:other.example\nbasicConstraints=CA:FALSE\n");
  const sign = (out: string, days: string, ext: string) =>
    openssl(dir, ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", out, "-days", days, "-extfile", ext]);
  sign("valid.pem", "3650", "local.cnf");
  // -days -1 puts notAfter before notBefore: expired from the moment it is made.
  sign("expired.pem", "-1", "local.cnf");
  sign("other.pem", "3650", "other.cnf");
  openssl(dir, [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "self.key",
    "-out",
    "self.pem",
    "-days",
    "3650",
    "-subj",
    "/CN=127.0.0.1",
    "-addext",
    "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ]);
  const read = (name: string) => readFileSync(join(dir, name), "utf8");
  return {
    dir,
    caFile: join(dir, "ca.pem"),
    ca: read("ca.pem"),
    key: read("server.key"),
    valid: read("valid.pem"),
    expired: read("expired.pem"),
    otherHost: read("other.pem"),
    selfSigned: read("self.pem"),
    selfSignedKey: read("self.key"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
