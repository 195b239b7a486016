/**
 * `npm start`: runs Switchyard as a GitHub App server.
 *
 * Probot's own runner only knows github.com and `GHE_HOST`; this entry also honours `GITHUB_API_URL`
 * (GitHub Enterprise Server's `https://host/api/v3`, or a local emulator) so one image serves all three.
 */
import { readFileSync } from "node:fs";
import type { Server } from "probot";
import { startSwitchyardServer, type SwitchyardServerOptions } from "./server.js";
import { sweepSettingsFromEnv } from "./triggers/sweep-settings.js";

function required(name: string, value: string | undefined): string {
  if (!value) throw new Error(`${name} is not set; see .env.example`);
  return value;
}

function privateKey(env: NodeJS.ProcessEnv): string {
  if (env.PRIVATE_KEY) return env.PRIVATE_KEY.replace(/\\n/g, "\n");
  return readFileSync(required("PRIVATE_KEY or PRIVATE_KEY_PATH", env.PRIVATE_KEY_PATH), "utf8");
}

export async function start(env: NodeJS.ProcessEnv = process.env): Promise<Server> {
  const baseUrl = env.GITHUB_API_URL ?? (env.GHE_HOST ? `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3` : undefined);
  return startSwitchyardServer({
    appId: required("APP_ID", env.APP_ID),
    privateKey: privateKey(env),
    webhookSecret: required("WEBHOOK_SECRET", env.WEBHOOK_SECRET),
    ...(baseUrl ? { baseUrl } : {}),
    logLevel: (env.LOG_LEVEL as SwitchyardServerOptions["logLevel"]) ?? "info",
    port: Number(env.PORT) || 3000,
    host: env.HOST ?? "localhost",
    ...(env.WEBHOOK_PROXY_URL ? { webhookProxy: env.WEBHOOK_PROXY_URL } : {}),
    sweep: sweepSettingsFromEnv(env),
  });
}

start().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
