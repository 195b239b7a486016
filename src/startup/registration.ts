import type { Logger } from "pino";
import { run, type Server } from "probot";
import { StartupError } from "./startup-error.js";

/**
 * Without `APP_ID` there is no app yet: serve Probot's own registration flow (its setup app, as in every
 * create-probot-app project). `http://HOST:PORT/` leads to a "Register GitHub App" button that sends the
 * manifest built from `app.yml` to GitHub; GitHub redirects back with a code, and Probot writes `APP_ID`,
 * `PRIVATE_KEY` and `WEBHOOK_SECRET` to `.env` and asks for a restart. Outside production Probot also opens a
 * smee.io channel for the webhooks unless `WEBHOOK_PROXY_URL` or `NO_SMEE_SETUP=true` is set.
 *
 * Never in production (`NODE_ENV=production`, the Docker image): there, anyone who reached the page could
 * register an app of their own into this server.
 */
export async function serveRegistration(env: NodeJS.ProcessEnv, log: Logger): Promise<Server> {
  if (env.NODE_ENV === "production") {
    throw new StartupError("APP_ID is not set: register the app first (`npm start` without APP_ID, outside production, serves the registration page), then pass APP_ID, PRIVATE_KEY and WEBHOOK_SECRET");
  }
  const only = (names: readonly string[]) => Object.fromEntries(names.filter((name) => env[name]).map((name) => [name, env[name]]));
  // Only what the page uses: a key variable here would be read (and complained about) for nothing.
  return run(() => undefined, { env: only(["HOST", "PORT", "WEBHOOK_PROXY_URL", "GHE_HOST", "GHE_PROTOCOL"]), log });
}
