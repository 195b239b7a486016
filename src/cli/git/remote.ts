/**
 * The GitHub repository a clone belongs to, from its `origin` URL: the last two path segments, whatever the scheme
 * (`https://github.com/acme/widgets.git`, `git@github.com:acme/widgets.git`, `ssh://…`, or a local mirror such as
 * `http://127.0.0.1:8080/acme/widgets.git` in tests). Pure.
 */

export interface Repository {
  readonly owner: string;
  readonly repo: string;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

export function repositoryOf(url: string): Repository | null {
  const path = pathOf(url.trim());
  if (path === null) return null;
  const parts = path.split("/").filter((part) => part.length > 0);
  const owner = parts.at(-2);
  const repo = parts.at(-1)?.replace(/\.git$/, "");
  if (!owner || !repo || !OWNER.test(owner) || !NAME.test(repo) || repo === "." || repo === "..") return null;
  return { owner, repo };
}

function pathOf(url: string): string | null {
  if (url.length === 0 || url.length > 2_000) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    try {
      return decodeURIComponent(new URL(url).pathname);
    } catch {
      return null;
    }
  }
  // scp-like `git@github.com:acme/widgets.git` (a colon before any slash); otherwise a local path.
  const scp = /^(?:[^@/\s]+@)?[^:/\s]+:(.+)$/.exec(url);
  return scp ? (scp[1] ?? null) : url;
}
