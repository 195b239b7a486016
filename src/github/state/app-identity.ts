import type { GitHub } from "../octokit.js";

/** The app's bot login per GitHub host, asked once per process: it never changes while the app runs. */
const logins = new Map<string, Promise<string>>();

/**
 * The login (`<slug>[bot]`) the app's own commits are authored by. Asked with the app's JWT (`GET /app`), which the
 * installation client can mint (`auth({ type: "app" })`), so every reader of state can check authorship without
 * being handed the login.
 */
export function appBotLogin(github: GitHub): Promise<string> {
  const host = String(github.request.endpoint.DEFAULTS.baseUrl);
  let login = logins.get(host);
  if (!login) {
    login = ask(github).catch((error: unknown) => {
      logins.delete(host); // ask again next time
      throw error;
    });
    logins.set(host, login);
  }
  return login;
}

async function ask(github: GitHub): Promise<string> {
  const { token } = (await github.auth({ type: "app" })) as { token: string };
  const { data } = await github.request("GET /app", { headers: { authorization: `bearer ${token}` } });
  if (!data?.slug) throw new Error("GitHub did not say which app this is (GET /app has no slug)");
  return `${data.slug}[bot]`;
}
