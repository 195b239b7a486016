/**
 * `npm start`: runs Switchyard as a GitHub App server, configured by the environment and `.env`.
 *
 * Without `APP_ID` it serves Probot's registration page instead (outside production), which creates the app from
 * `app.yml` and writes `.env`. With it, the settings are checked and GitHub must accept the app's credentials
 * before the server listens: a wrong key or id, a missing secret or an unreachable GitHub stops the start with one
 * line on stderr and exit code 1.
 *
 * Probot's own runner only knows github.com and `GHE_HOST`; this entry also honours `GITHUB_API_URL`
 * (GitHub Enterprise Server's `https://host/api/v3`, or a local emulator) so one image serves all three.
 * Logs are pino JSON on stdout; every line about a webhook carries its delivery id.
 */
import pino from "pino";
import type { Server } from "probot";
import { startSwitchyardServer } from "./server.js";
import { appSettingsFromEnv, logLevelFromEnv } from "./startup/app-settings.js";
import { loadEnvFile } from "./startup/env-file.js";
import { serveRegistration } from "./startup/registration.js";
import { firstLineOf } from "./startup/startup-error.js";
import { sweepSettingsFromEnv } from "./triggers/sweep-settings.js";

export async function start(env: NodeJS.ProcessEnv = process.env): Promise<Server> {
  // The request log shows headers: the sweep route's bearer secret must not end up in it.
  const log = pino({ level: logLevelFromEnv(env), redact: { paths: ["req.headers.authorization", "req.headers.cookie"], censor: "[redacted]" } });
  if (!env.APP_ID?.trim()) return serveRegistration(env, log);
  return startSwitchyardServer({
    ...appSettingsFromEnv(env),
    log,
    sweep: sweepSettingsFromEnv(env),
    requireCredentials: true,
  });
}

try {
  loadEnvFile();
  const server = await start();
  // `docker stop` sends SIGTERM, and Node running as PID 1 would otherwise ignore it until the SIGKILL.
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void server.stop().finally(() => process.exit(0)));
} catch (error) {
  console.error(`Switchyard cannot start: ${firstLineOf(error instanceof Error ? error.message : String(error))}`);
  process.exit(1);
}
