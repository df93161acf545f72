// probe against a 127.0.0.1 server that hands credentials back: in a second
// Location header, in a redirect's userinfo, in a response header named as a
// token; and the request's own X-Api-Key under -v. None is printed in full.
import { afterAll, describe, expect, it } from "vitest";
import { runInProcess } from "../helpers.js";
import { rawAnswer, startFaultServer, type FaultServer } from "../helpers/faults.js";

const JWT = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.SECRETsignatureWXYZ";
const servers: FaultServer[] = [];
afterAll(async () => Promise.all(servers.map((server) => server.close())));

async function answering(head: string): Promise<string> {
  const server = await startFaultServer(rawAnswer(`${head}Content-Length: 0\r\n\r\n`));
  servers.push(server);
  return `${server.origin}/api/v1/sandboxes`;
}

const FORMATS: [string, string[]][] = [
  ["human", []],
  ["json", ["--json"]],
];

describe("probe masks credentials a server sends back", () => {
  it.each(FORMATS)("a second Location holding a Bearer JWT, followed (%s)", async (_name, format) => {
    const url = await answering(`HTTP/1.1 301 Moved\r\nLocation: /api/v1/other\r\nLocation: Bearer ${JWT}\r\n`);
    const result = await runInProcess(["probe", url, "--follow", "-v", "--timeout", "5000", ...format]);
    expect(result.stdout + result.stderr).not.toContain("SECRETsignature");
    expect(result.stdout + result.stderr).not.toContain("c2VjcmV0LXBheWxvYWQ");
  });

  it.each(FORMATS)("a redirect to a URL with user:password@ (%s)", async (_name, format) => {
    const url = await answering("HTTP/1.1 302 Found\r\nLocation: http://deploy:pa55SECRETword@127.0.0.1:9/next\r\n");
    const result = await runInProcess(["probe", url, "-v", "--timeout", "5000", ...format]);
    expect(result.stdout + result.stderr).not.toContain("pa55SECRET");
    expect(result.stdout).toContain("deploy:…word@");
  });

  it.each(FORMATS)("the request's X-Api-Key and a response x-auth-token under -v (%s)", async (_name, format) => {
    const url = await answering("HTTP/1.1 401 Unauthorized\r\nx-auth-token: respSECRETtoken99\r\n");
    const result = await runInProcess(["probe", url, "-v", "-H", "X-Api-Key: xapiSECRETkey5150", "--timeout", "5000", ...format]);
    const printed = result.stdout + result.stderr;
    expect(printed).not.toContain("xapiSECRET");
    expect(printed).not.toContain("respSECRET");
    expect(printed).toContain("…5150");
    expect(printed).toContain("…en99");
  });

  it.each(FORMATS)("a redirect to a path that holds a JSON password, percent-encoded once resolved, followed (%s)", async (_name, format) => {
    const url = await answering('HTTP/1.1 302 Found\r\nLocation: /next/{"password":"pa55SECRETword99"}\r\n');
    const result = await runInProcess(["probe", url, "--follow", "--timeout", "5000", ...format]);
    expect(result.stdout + result.stderr).not.toContain("pa55SECRET");
  });

  it("a token header whose value is itself a `Name: secret` is masked whole", async () => {
    const url = await answering("HTTP/1.1 200 OK\r\nx-auth-token: X-Api-Key: nestedSECRETvalue42\r\n");
    const result = await runInProcess(["probe", url, "-v", "--timeout", "5000"]);
    expect(result.stdout).not.toContain("nestedSECRET");
    expect(result.stdout).toContain("x-auth-token: …ue42");
  });
});
