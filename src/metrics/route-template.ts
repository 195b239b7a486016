/**
 * A request's route as a metric label: the template Octokit was called with
 * (`/repos/{owner}/{repo}/issues/{issue_number}/comments`), so one label stands for every repository and issue.
 *
 * The app calls GitHub only with templates; the one exception is the next page of a list, which Octokit requests by
 * the URL of GitHub's `Link` header. Such a path gets its owner, repository, numbers and anything that is not a
 * plain word replaced by placeholders, so no name, number or user text ever becomes a label.
 */
export function routeTemplate(url: string, baseUrl = ""): string {
  let path = url.split("?")[0]!;
  if (baseUrl && path.startsWith(baseUrl)) path = path.slice(baseUrl.length);
  else if (/^https?:\/\//i.test(path)) path = pathWithoutApiPrefix(path, baseUrl);
  if (path.includes("{")) return path;
  return templated(path.split("/").filter((segment) => segment !== ""));
}

function pathWithoutApiPrefix(url: string, baseUrl: string): string {
  const path = new URL(url).pathname;
  const prefix = baseUrl ? new URL(baseUrl).pathname.replace(/\/$/, "") : "";
  return prefix && path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

const WORD = /^[a-z][a-z_-]{0,39}$/;

function templated(segments: readonly string[]): string {
  const out: string[] = [];
  let rest = segments;
  if (segments[0] === "repos" && segments.length >= 3) {
    out.push("repos", "{owner}", "{repo}");
    rest = segments.slice(3);
  } else if (segments[0] === "repositories" && segments.length >= 2) {
    out.push("repositories", "{repository_id}");
    rest = segments.slice(2);
  }
  for (const segment of rest) out.push(/^\d+$/.test(segment) ? "{number}" : WORD.test(segment) ? segment : "{param}");
  return `/${out.join("/")}`;
}
