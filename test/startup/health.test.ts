/**
 * `/healthz` and `/readyz` on the app's real server, against the emulated GitHub: the process answers
 * `/healthz` whatever GitHub thinks of it; `/readyz` says whether GitHub accepts the app's credentials now.
 */
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import pino from "pino";
import type { Server } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSwitchyardServer } from "../../src/server.js";
import type { AppAuth } from "../../src/startup/app-auth.js";
import { healthRoutes, READY_CACHE_MS } from "../../src/startup/health-routes.js";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { freePort } from "../support/free-port.js";

let gh: EmulatedGitHub;
const servers: Server[] = [];

beforeAll(async () => {
  gh = await startEmulatedGitHub();
});
afterEach(() => {
  expect(gh.recorder.violations).toEqual([]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await gh?.close();
});

/** A server with the given private key (the app's own by default); answers its base URL. */
async function serve(privateKey = gh.privateKey): Promise<string> {
  const port = await freePort();
  const server = await startSwitchyardServer({
    appId: gh.appId,
    privateKey,
    webhookSecret: gh.webhookSecret,
    baseUrl: gh.url,
    port,
    host: "127.0.0.1",
    fetch: gh.fetch,
    throttle: false,
    log: pino({ level: "silent" }),
    sweep: { intervalMs: 0 },
  });
  servers.push(server);
  return `http://127.0.0.1:${port}`;
}

function otherRsaKey(): string {
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
}

describe("health routes", () => {
  it("with the app's key: /healthz 200 and /readyz 200 naming the app", async () => {
    const url = await serve();
    const health = await fetch(`${url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: "ok" }]);
    const ready = await fetch(`${url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready", app: gh.appSlug }]);
    expect(ready.headers.get("cache-control")).toBe("no-store");
  });

  it("with a key GitHub refuses: /healthz still 200, /readyz 503 with the reason", async () => {
    const url = await serve(otherRsaKey());
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { status: string; problem: string };
    expect(body.status).toBe("not ready");
    expect(body.problem).toMatch(/^GitHub refused the app's credentials \(401 /);
  });

  it("answers only GET and HEAD", async () => {
    const url = await serve();
    const post = await fetch(`${url}/readyz`, { method: "POST" });
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
    expect((await fetch(`${url}/healthz`, { method: "HEAD" })).status).toBe(200);
  });

  it("asks GitHub once for probes in a row and for probes at the same moment, while the success is fresh", async () => {
    const url = await serve();
    const mark = gh.recorder.mark();
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const together = await Promise.all([1, 2, 3].map(() => fetch(`${url}/readyz`)));
    expect(together.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(gh.recorder.since(mark).filter((r) => r.path === "/app").map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["GET /app 200"]);
  });
});

describe("/readyz's memory of a success", () => {
  /** The health routes on a plain HTTP server, with a scripted GitHub and clock; answers the URL and the asks. */
  async function probe(answers: AppAuth[], clock: { now: number }) {
    let asked = 0;
    const routes = healthRoutes(async () => answers[Math.min(asked++, answers.length - 1)]!, READY_CACHE_MS, () => clock.now);
    const http = createServer((req, res) => void routes(req, res));
    const port = await freePort();
    await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
    const status = async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
    return { status, asked: () => asked, close: () => new Promise((resolve) => http.close(resolve)) };
  }

  it("asks again once the success is 30 seconds old", async () => {
    const clock = { now: 0 };
    const p = await probe([{ ok: true, slug: "switchyard" }], clock);
    expect([await p.status(), await p.status()]).toEqual([200, 200]);
    clock.now = READY_CACHE_MS - 1;
    expect([await p.status(), p.asked()]).toEqual([200, 1]);
    clock.now = READY_CACHE_MS;
    expect([await p.status(), p.asked()]).toEqual([200, 2]);
    await p.close();
  });

  it("never keeps a failure: the next probe asks again and sees GitHub accept the app", async () => {
    const clock = { now: 0 };
    const p = await probe([{ ok: false, problem: "GitHub at http://github.test could not be asked (fetch failed)" }, { ok: true, slug: "switchyard" }], clock);
    expect(await p.status()).toBe(503);
    expect(await p.status()).toBe(200);
    expect(await p.status()).toBe(200);
    expect(p.asked()).toBe(2);
    await p.close();
  });
});
