/**
 * `npm start`'s entry as a process against the emulated GitHub: with the app's credentials it listens and is
 * ready; with anything GitHub would refuse it never listens, and says why in one line with exit code 1.
 */
import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { freePort } from "../support/free-port.js";
import { scratchDir, startMainFromSource, type MainProcess } from "../support/main-process.js";

let gh: EmulatedGitHub;
const dir = scratchDir();
const running: MainProcess[] = [];

beforeAll(async () => {
  gh = await startEmulatedGitHub();
});
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await gh?.close();
  dir.remove();
});

function appEnv(port: number, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    APP_ID: String(gh.appId),
    PRIVATE_KEY: gh.privateKey,
    WEBHOOK_SECRET: gh.webhookSecret,
    GITHUB_API_URL: gh.url,
    HOST: "127.0.0.1",
    PORT: String(port),
    SWEEP_INTERVAL: "off",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function start(env: Record<string, string>): MainProcess {
  const main = startMainFromSource(dir.path, env);
  running.push(main);
  return main;
}

/** Starts main with `overrides` and expects the one-line refusal: exit code 1, nothing else printed, never listening. */
async function refusal(overrides: Record<string, string | undefined>): Promise<string> {
  const main = start(appEnv(await freePort(), overrides));
  expect(await main.exited).toBe(1);
  const lines = main.output().split("\n").filter((line) => line.trim() !== "");
  expect(lines).toHaveLength(1);
  expect(main.output()).not.toMatch(/Listening/);
  expect(lines[0]).toMatch(/^Switchyard cannot start: /);
  return lines[0]!;
}

function otherRsaKey(): string {
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
}

describe("npm start against GitHub (emulated)", () => {
  it("with the app's credentials: listens, /healthz and /readyz answer 200, and every log line is JSON", async () => {
    const port = await freePort();
    const main = start(appEnv(port));
    await main.waitFor("Listening on");
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", app: gh.appSlug });
    const lines = main.stdout().split("\n").filter((line) => line.trim() !== "");
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(main.stderr()).toBe("");
  });

  it("with another app's private key: exit 1 and one line saying GitHub refused the credentials", async () => {
    const line = await refusal({ PRIVATE_KEY: otherRsaKey() });
    expect(line).toContain("GitHub refused the app's credentials (401");
  });

  it("with the key of the wrong APP_ID: the same refusal", async () => {
    expect(await refusal({ APP_ID: String(gh.appId + 1) })).toContain("GitHub refused the app's credentials");
  });

  it("with a PRIVATE_KEY that is not a key: one line naming PRIVATE_KEY, before asking GitHub", async () => {
    expect(await refusal({ PRIVATE_KEY: "paste the key here" })).toContain("PRIVATE_KEY is not a PEM private key");
  });

  it("with PRIVATE_KEY_PATH naming a file that is not there: one line saying so and how to mount it", async () => {
    const line = await refusal({ PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: "./switchyard.private-key.pem" });
    expect(line).toContain("PRIVATE_KEY_PATH is ./switchyard.private-key.pem, and there is no such file");
  });

  it("with the key in a file at PRIVATE_KEY_PATH: ready", async () => {
    const path = join(dir.path, "mounted.pem");
    writeFileSync(path, gh.privateKey);
    const port = await freePort();
    const main = start(appEnv(port, { PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: path }));
    await main.waitFor("Listening on");
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  });

  it("without WEBHOOK_SECRET: one line naming WEBHOOK_SECRET", async () => {
    expect(await refusal({ WEBHOOK_SECRET: "" })).toContain("WEBHOOK_SECRET is not set");
  });

  it("when GitHub cannot be reached: one line naming the API URL", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    expect(await refusal({ GITHUB_API_URL: closed })).toContain(`GitHub at ${closed} could not be asked`);
  });

  it("in production without APP_ID: one line saying to register the app first", async () => {
    expect(await refusal({ APP_ID: undefined, NODE_ENV: "production" })).toContain("APP_ID is not set: register the app first");
  });
});
