/**
 * `npm start` before the app exists (no `APP_ID`): instead of exiting, it serves Probot's registration page,
 * whose "Register GitHub App" button sends GitHub the manifest built from `app.yml`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { freePort } from "../support/free-port.js";
import { ROOT, scratchDir, startMainFromSource, type MainProcess } from "../support/main-process.js";

const dir = scratchDir({ "app.yml": "app.yml", "package.json": "package.json" });
let main: MainProcess;
let url: string;

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // As a fresh copy of .env.example leaves it: APP_ID empty. No smee.io channel: the test is offline.
  main = startMainFromSource(dir.path, { APP_ID: "", HOST: "127.0.0.1", PORT: String(port), NO_SMEE_SETUP: "true" });
  await main.waitFor("Listening on");
});
afterAll(async () => {
  await main?.stop();
  dir.remove();
});

describe("npm start without APP_ID", () => {
  it("sends the browser from / to the registration page", async () => {
    const root = await fetch(`${url}/`, { redirect: "manual" });
    expect([root.status, root.headers.get("location")]).toEqual([302, "/probot"]);
  });

  it("offers a form that registers the app on GitHub with app.yml's name, events and permissions", async () => {
    const page = await fetch(`${url}/probot`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('action="https://github.com/settings/apps/new"');
    const manifest = JSON.parse(/name="manifest"[^>]*value='([^']*)'/.exec(html)?.[1] ?? "null") as Record<string, unknown>;
    const appYml = parse(readFileSync(join(ROOT, "app.yml"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      name: appYml.name,
      description: appYml.description,
      public: false,
      default_events: appYml.default_events,
      default_permissions: appYml.default_permissions,
      redirect_url: `${url}/probot/setup`,
    });
    // app.yml leaves the webhook URL to the page: the smee.io channel during development, else where it was opened.
    expect(manifest.hook_attributes).toEqual({ url: `${url}/` });
  });

  it("keeps serving: the process has not exited and says how to go on", async () => {
    expect(main.output()).toContain("Please follow the instructions at");
    expect((await fetch(`${url}/probot/static/primer.css`)).status).toBe(200);
  });
});
