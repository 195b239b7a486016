/** The agent's own GitHub token: `GH_TOKEN`, `GITHUB_TOKEN`, or the GitHub CLI's (`gh auth token`) when it is logged in. */
import { execFile } from "node:child_process";

export interface FoundToken {
  readonly token: string;
  readonly source: "GH_TOKEN" | "GITHUB_TOKEN" | "gh auth token";
}

export async function findToken(env: Readonly<Record<string, string | undefined>>, apiUrl: string): Promise<FoundToken | null> {
  for (const name of ["GH_TOKEN", "GITHUB_TOKEN"] as const) {
    const value = env[name]?.trim();
    if (value) return { token: value, source: name };
  }
  const token = await ghToken(env, apiUrl);
  return token ? { token, source: "gh auth token" } : null;
}

/** `gh auth token` (for the API's host when it is not github.com); `null` when gh is missing or logged out. */
function ghToken(env: Readonly<Record<string, string | undefined>>, apiUrl: string): Promise<string | null> {
  const host = new URL(apiUrl).hostname;
  const args = host === "api.github.com" ? ["auth", "token"] : ["auth", "token", "--hostname", host];
  return new Promise((resolve) => {
    execFile("gh", args, { env: env as NodeJS.ProcessEnv, timeout: 10_000, encoding: "utf8" }, (error, stdout) => {
      const token = stdout?.trim() ?? "";
      resolve(error || token.length === 0 || /\s/.test(token) ? null : token);
    });
  });
}
