import { privateKeyFromEnv } from "./private-key.js";
import { StartupError } from "./startup-error.js";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";

/** What `npm start` needs to run the app, read from the environment (`.env` included) and checked. */
export interface AppSettings {
  readonly appId: string;
  readonly privateKey: string;
  readonly webhookSecret: string;
  /** `GITHUB_API_URL`, or GitHub Enterprise Server's API from `GHE_HOST`; unset for github.com. */
  readonly baseUrl?: string;
  readonly port: number;
  readonly host: string;
  readonly webhookProxy?: string;
}

const LOG_LEVELS: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

/** Every mistake found here is a `StartupError`: one line that names the variable and what to put in it. */
export function appSettingsFromEnv(env: NodeJS.ProcessEnv): AppSettings {
  const appId = env.APP_ID?.trim() ?? "";
  if (!/^\d+$/.test(appId)) throw new StartupError(`APP_ID must be the app's numeric ID, shown as "App ID" on its settings page (got "${appId}")`);
  const webhookSecret = env.WEBHOOK_SECRET ?? "";
  if (!webhookSecret.trim()) throw new StartupError("WEBHOOK_SECRET is not set; it must be the webhook secret in the app's settings (the registration page writes it to .env)");
  const baseUrl = env.GITHUB_API_URL || (env.GHE_HOST ? `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3` : undefined);
  return {
    appId,
    privateKey: privateKeyFromEnv(env),
    webhookSecret,
    ...(baseUrl ? { baseUrl } : {}),
    port: portFromEnv(env.PORT),
    host: env.HOST?.trim() || "localhost",
    ...(env.WEBHOOK_PROXY_URL ? { webhookProxy: env.WEBHOOK_PROXY_URL } : {}),
  };
}

export function logLevelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  const level = (env.LOG_LEVEL?.trim().toLowerCase() || "info") as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new StartupError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${env.LOG_LEVEL}")`);
  return level;
}

function portFromEnv(text: string | undefined): number {
  if (!text?.trim()) return 3000;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new StartupError(`PORT must be a port number (got "${text}")`);
  return port;
}
