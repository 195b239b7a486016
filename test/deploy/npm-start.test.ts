/**
 * The README's way to run the app, followed literally: copy `.env.example` to `.env`, fill it in, `npm start`
 * (which builds `lib/` first). The values in `.env` are the only configuration: the test's environment is not
 * passed on. The app reaches the emulated GitHub as the app `.env` names, with the key and secret it holds.
 */
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { freePort } from "../support/free-port.js";
import { npmStart, projectCopy, ROOT, type MainProcess } from "../support/main-process.js";

const SWEEP_SECRET = "sweep-secret-from-dot-env-0123456789";
const project = projectCopy();
let gh: EmulatedGitHub;
let main: MainProcess;
let url: string;

/** `.env.example` with each named variable set: its line (commented out or not) becomes `NAME=value`. */
function fillIn(example: string, values: Record<string, string>): string {
  let text = example;
  for (const [name, value] of Object.entries(values)) {
    const line = new RegExp(`^(# )?${name}=.*$`, "m");
    expect(text, `.env.example mentions ${name}`).toMatch(line);
    text = text.replace(line, () => `${name}=${value}`);
  }
  return text;
}

beforeAll(async () => {
  gh = await startEmulatedGitHub();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const env = fillIn(readFileSync(join(ROOT, ".env.example"), "utf8"), {
    APP_ID: String(gh.appId),
    // As the registration page writes it: in double quotes, newlines as \n.
    PRIVATE_KEY: `"${gh.privateKey.replace(/\n/g, "\\n")}"`,
    WEBHOOK_SECRET: gh.webhookSecret,
    GITHUB_API_URL: gh.url,
    HOST: "127.0.0.1",
    PORT: String(port),
    SWEEP_INTERVAL: "off",
    SWEEP_SECRET: SWEEP_SECRET,
  });
  writeFileSync(join(project.path, ".env"), env);
  main = npmStart(project.path, {});
  await main.waitFor("Listening on", 110_000);
}, 120_000);
afterAll(async () => {
  await main?.stop();
  await gh?.close();
  project.remove();
});

function signed(body: string, secret: string, delivery: string): RequestInit {
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  return {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": delivery, "x-hub-signature-256": signature },
  };
}

describe("npm start with .env filled in from .env.example", () => {
  it("listens where .env says and authenticates as the app .env names: /readyz 200", async () => {
    const ready = await fetch(`${url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready", app: gh.appSlug }]);
  });

  it("accepts webhooks signed with .env's WEBHOOK_SECRET and refuses others", async () => {
    const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    expect((await fetch(`${url}/api/github/webhooks`, signed(body, gh.webhookSecret, randomUUID()))).status).toBe(200);
    expect((await fetch(`${url}/api/github/webhooks`, signed(body, "not-the-secret", randomUUID()))).status).toBe(400);
  });

  it("logs pino JSON, and the line about a webhook carries its delivery id", async () => {
    const delivery = randomUUID();
    await fetch(`${url}/api/github/webhooks`, signed(JSON.stringify({ zen: "Approachable is better than simple." }), gh.webhookSecret, delivery));
    await main.waitFor(delivery);
    const logs = main.stdout().split("\n").filter((line) => line.startsWith("{"));
    const about = logs.map((line) => JSON.parse(line) as { req?: { id?: string } }).filter((entry) => JSON.stringify(entry).includes(delivery));
    expect(about).not.toHaveLength(0);
    for (const entry of about) expect(entry.req?.id).toBe(delivery);
  });
});

describe("secrets in the log", () => {
  it("the request log never shows an Authorization header's value", async () => {
    const wrong = "a-wrong-bearer-secret-9876543210";
    const answer = await fetch(`${url}/switchyard/sweep`, { method: "POST", headers: { authorization: `Bearer ${wrong}` } });
    // 401, not 404: .env's SWEEP_SECRET enabled the route.
    expect(answer.status).toBe(401);
    await main.waitFor("POST /switchyard/sweep 401");
    expect(main.output()).toContain('"authorization":"[redacted]"');
    expect(main.output()).not.toContain(wrong);
  });
});
