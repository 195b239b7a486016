import type { Probot } from "probot";

/** The app's own login (`<slug>[bot]`), asked once per process: it never changes while the app runs. */
export function botLoginOf(app: Probot): () => Promise<string> {
  let login: Promise<string> | undefined;
  return () => {
    login ??= app
      .auth()
      .then((client) => client.rest.apps.getAuthenticated())
      .then(({ data }) => `${data?.slug ?? "switchyard"}[bot]`)
      .catch((error: unknown) => {
        login = undefined; // ask again next time
        throw error;
      });
    return login;
  };
}
