// page --out and serve, run as a user runs them: the built page written to a
// file; the page served on 127.0.0.1 to that Host only, until Ctrl-C (130).
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT } from "../helpers.js";
import { fetchLocal } from "../helpers/servers.js";
import { runCli } from "./run-cli.js";

const BUILT = readFileSync(join(ROOT, "dist/page/decoder.html"));
const work = mkdtempSync(join(tmpdir(), "miosa-err-page-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const get = (url: string, host?: string) => fetchLocal(Number(new URL(url).port), host !== undefined ? { hostHeader: host } : {});

describe("page --out", () => {
  it("writes the built page, byte for byte, and says where", () => {
    const out = join(work, "decoder.html");
    const result = runCli(["page", "--out", out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^wrote ${out} \\(\\d+ KB\\): open it in a browser`));
    expect(readFileSync(out).equals(BUILT)).toBe(true);
  });
  it("the page it writes forbids every connection and runs only its own hashed script", () => {
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(BUILT.toString())?.[1] ?? "";
    expect(policy).toContain("connect-src 'none'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(BUILT.toString()).not.toMatch(/\son[a-z]+=/i);
    expect(BUILT.toString()).not.toMatch(/<script[^>]+src=|<link /i);
  });
  it("a file it cannot write is exit 2 with one line", () => {
    const result = runCli(["page", "--out", join(work, "no-such-dir", "x.html")]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`miosa-err: cannot write ${join(work, "no-such-dir", "x.html")}: no such file\n`);
  });
});

describe("serve", () => {
  it("prints its 127.0.0.1 URL, serves the page there, refuses another Host, and stops on Ctrl-C with 130", async () => {
    const child = spawn(process.execPath, [BIN, "serve"], { env: { PATH: process.env.PATH ?? "" } });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const url = await new Promise<string>((resolve) => child.stdout.setEncoding("utf8").once("data", (chunk: string) => resolve(chunk.trim())));
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await get(url);
      expect(page.status).toBe(200);
      expect(page.body).toBe(BUILT.toString());
      expect(page.headers["content-security-policy"]).toContain("connect-src 'none'");
      const rebound = await get(url, `attacker.example:${new URL(url).port}`);
      expect(rebound.status).toBe(403);
      expect(stderr).toContain("press Ctrl-C to stop");
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(130);
  });
  it("--open hands the URL to the platform's opener (xdg-open here)", async () => {
    const bin = join(work, "bin");
    const said = join(work, "opened.txt");
    rmSync(bin, { recursive: true, force: true });
    mkdirSync(bin);
    writeFileSync(join(bin, "xdg-open"), `#!/bin/sh\necho "$@" > ${said}\n`);
    chmodSync(join(bin, "xdg-open"), 0o755);
    const child = spawn(process.execPath, [BIN, "serve", "--open"], { env: { PATH: `${bin}:${process.env.PATH ?? ""}` } });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const url = await new Promise<string>((resolve) => child.stdout.setEncoding("utf8").once("data", (chunk: string) => resolve(chunk.trim())));
    try {
      await expect.poll(() => existsSync(said) && readFileSync(said, "utf8").trim()).toBe(url);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(130);
  });
  it("a port in use is exit 2", async () => {
    const first = spawn(process.execPath, [BIN, "serve"], { env: { PATH: process.env.PATH ?? "" } });
    const url = await new Promise<string>((resolve) => first.stdout.setEncoding("utf8").once("data", (chunk: string) => resolve(chunk.trim())));
    try {
      const second = runCli(["serve", "--port", new URL(url).port]);
      expect(second.status).toBe(2);
      expect(second.stderr).toMatch(/is in use/);
    } finally {
      first.kill("SIGINT");
    }
  });
});
