import type { Probot } from "probot";
import { firstLineOf, StartupError } from "./startup-error.js";

export type AppAuth = { readonly ok: true; readonly slug: string } | { readonly ok: false; readonly problem: string };

/** How long a check waits for GitHub: a health check must answer before its own timeout. */
const TIMEOUT_MS = 4000;

/**
 * Can the app authenticate as itself? `GET /app` with a JWT signed by the private key: GitHub answers only when
 * the key belongs to the app `APP_ID` names. Asked once at start (a refusal stops the start) and on every
 * `/readyz`. Never retried: the caller decides what a failure means.
 */
export async function authenticateAsApp(app: Probot): Promise<AppAuth> {
  const github = await app.auth();
  try {
    const { data } = await github.request("GET /app", { request: { retries: 0, signal: AbortSignal.timeout(TIMEOUT_MS) } });
    return { ok: true, slug: data?.slug ?? "" };
  } catch (error) {
    return { ok: false, problem: describe(error, github.request.endpoint.DEFAULTS.baseUrl) };
  }
}

/** The check at start: a refusal is a `StartupError` saying what GitHub answered. */
export async function requireAppAuth(app: Probot): Promise<void> {
  const auth = await authenticateAsApp(app);
  if (!auth.ok) throw new StartupError(auth.problem);
}

function describe(error: unknown, baseUrl: string): string {
  const { status, message } = error as { status?: number; message?: string };
  const said = firstLineOf(message ?? String(error));
  if (status === 401 || status === 403 || status === 404) {
    return `GitHub refused the app's credentials (${status} ${said}): APP_ID and the private key must be the same app's; generate a new key on the app's settings page if in doubt`;
  }
  if (typeof status === "number" && status !== 500) return `GitHub answered ${status} to GET /app: ${said}`;
  return `GitHub at ${baseUrl} could not be asked (${said})`;
}
