/**
 * The Dockerfile, read (there is no Docker engine on every machine that runs the tests; CI's `docker` job builds
 * and runs the image): two stages on one supported Node LTS line, a runtime stage that runs as an unprivileged user,
 * listens on 0.0.0.0, and whose HEALTHCHECK command — run here with Node, as the image runs it — passes when the
 * app can authenticate and fails when it cannot. With the files around it that decide what a container gets.
 */
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import type { Server } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSwitchyardServer } from "../../src/server.js";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { freePort } from "../support/free-port.js";
import { ROOT } from "../support/main-process.js";

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** The Dockerfile's instructions per stage: comments dropped, `\` continuations joined. */
function stages(text: string): Instruction[][] {
  const lines = text.replace(/\\\n/g, " ").split("\n").map((line) => line.trim());
  const result: Instruction[][] = [];
  for (const line of lines.filter((l) => l !== "" && !l.startsWith("#"))) {
    const [keyword = "", ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    if (instruction.keyword === "FROM") result.push([]);
    result.at(-1)?.push(instruction);
  }
  return result;
}

/** Node release lines still supported, with their end of life (https://github.com/nodejs/release#release-schedule). */
const NODE_LTS_END_OF_LIFE: Record<number, string> = { 22: "2027-04-30", 24: "2028-04-30" };

const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const [build = [], runtime = [], ...extra] = stages(dockerfile);
const args = (stage: Instruction[], keyword: string) => stage.filter((i) => i.keyword === keyword).map((i) => i.args);
const nodeMajor = (from: string) => Number(/^node:(\d+)[-.@\s]/.exec(`${from} `)?.[1]);

describe("Dockerfile", () => {
  it("has two stages, build and runtime, on the same Node image", () => {
    expect(extra).toHaveLength(0);
    const [buildFrom = "", runtimeFrom = ""] = [args(build, "FROM")[0], args(runtime, "FROM")[0]];
    expect(buildFrom).toMatch(/ AS build$/i);
    expect(runtimeFrom.split(/\s+/)[0]).toBe(buildFrom.split(/\s+/)[0]);
  });

  it("runs a Node LTS line that has not reached its end of life", () => {
    const major = nodeMajor(args(runtime, "FROM")[0] ?? "");
    expect(Object.keys(NODE_LTS_END_OF_LIFE).map(Number)).toContain(major);
    expect(new Date() < new Date(NODE_LTS_END_OF_LIFE[major]!), `Node ${major} reached its end of life`).toBe(true);
  });

  it("builds with the dev dependencies and ships only the production ones and the compiled app", () => {
    expect(args(build, "RUN").join("\n")).toMatch(/npm ci[\s\S]*npm run build[\s\S]*npm prune --omit=dev/);
    const copies = args(runtime, "COPY");
    expect(copies.every((c) => c.startsWith("--from=build "))).toBe(true);
    expect(copies.map((c) => c.split(/\s+/).at(-2))).toEqual(["/app/package.json", "/app/node_modules", "/app/lib"]);
  });

  it("runs as the unprivileged node user, in production mode, on 0.0.0.0:3000", () => {
    expect(args(runtime, "USER")).toEqual(["node"]);
    const env = args(runtime, "ENV").join(" ");
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    expect(env).toMatch(/\bHOST=0\.0\.0\.0\b/);
    expect(env).toMatch(/\bPORT=3000\b/);
    expect(args(runtime, "EXPOSE")).toEqual(["3000"]);
    expect(args(runtime, "CMD")).toEqual(['["node", "lib/main.js"]']);
  });

  it("has a HEALTHCHECK that asks /readyz with Node (the slim image has no curl)", () => {
    const [healthcheck = ""] = args(runtime, "HEALTHCHECK");
    expect(healthcheck).toMatch(/--timeout=\d+s/);
    const command = healthCheckCommand();
    expect(command[0]).toBe("node");
    expect(command.join(" ")).toContain("/readyz");
  });
});

describe("what a container gets", () => {
  it(".dockerignore keeps .env and key files out of the build context", () => {
    const ignored = readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n").map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining([".env", "*.pem", "node_modules"]));
  });

  it(".env.example sets no HOST or PORT (they would override the image's 0.0.0.0:3000) and no key path the image lacks", () => {
    const set = readFileSync(join(ROOT, ".env.example"), "utf8")
      .split("\n")
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split("=")[0]);
    expect(set).not.toContain("HOST");
    expect(set).not.toContain("PORT");
    expect(set).not.toContain("PRIVATE_KEY_PATH");
    expect(set).toEqual(expect.arrayContaining(["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET"]));
  });
});

/** The HEALTHCHECK's exec-form command, as Docker runs it. */
function healthCheckCommand(): string[] {
  const [healthcheck = ""] = args(runtime, "HEALTHCHECK");
  const json = /\bCMD\s+(\[.*\])\s*$/.exec(healthcheck)?.[1];
  if (!json) throw new Error(`HEALTHCHECK is not in exec form: ${healthcheck}`);
  return JSON.parse(json) as string[];
}

describe("the HEALTHCHECK command, run against the app", () => {
  let gh: EmulatedGitHub;
  const servers: Server[] = [];

  beforeAll(async () => {
    gh = await startEmulatedGitHub();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await gh?.close();
  });

  async function serve(privateKey: string): Promise<number> {
    const port = await freePort();
    const options = { appId: gh.appId, privateKey, webhookSecret: gh.webhookSecret, baseUrl: gh.url, port, host: "127.0.0.1" };
    servers.push(await startSwitchyardServer({ ...options, fetch: gh.fetch, log: pino({ level: "silent" }), sweep: { intervalMs: 0 } }));
    return port;
  }

  function healthCheck(port: number): Promise<number | null> {
    const [command = "", ...rest] = healthCheckCommand();
    const child = spawn(command === "node" ? process.execPath : command, rest, { env: { PATH: process.env.PATH ?? "", PORT: String(port) }, stdio: "ignore" });
    return new Promise((resolve) => child.on("close", resolve));
  }

  it("passes (exit 0) when the app can authenticate", async () => {
    expect(await healthCheck(await serve(gh.privateKey))).toBe(0);
  });

  it("fails (exit 1) when GitHub refuses the app's key, and when nothing listens", async () => {
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    expect(await healthCheck(await serve(otherKey))).toBe(1);
    expect(await healthCheck(await freePort())).toBe(1);
  });
});
