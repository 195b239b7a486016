import { permissionFrom, type Permission } from "../core/permission.js";
import type { GitHub, Repo } from "./octokit.js";

/**
 * How long one client trusts a permission it read. A client serves one delivery (Probot makes one per webhook) or
 * one run of the queue or the sweep, which is over in seconds; the bound keeps a long-lived client from trusting an
 * old answer.
 */
export const PERMISSION_TTL_MS = 60_000;

type Known = Map<string, { readonly at: number; readonly permission: Promise<Permission | null> }>;
/** Per client: what it already asked about whom. Forgotten with the client. */
const known = new WeakMap<GitHub, Known>();

/**
 * The user's permission on the repository from GitHub's collaborator permission API (never from the
 * payload's `author_association`). Any failure of the lookup answers `null`, which every check treats as no.
 * One client asks once per repository and login (concurrent asks share the request), so a `/queue` and the queue
 * run it starts read the maintainer's permission once, however many reviews they judge; a failed lookup is not
 * kept, so the next ask reads again.
 */
export function readPermission(github: GitHub, repo: Repo, login: string): Promise<Permission | null> {
  const memo = known.get(github) ?? new Map();
  known.set(github, memo);
  const key = `${repo.owner}/${repo.repo}:${login}`.toLowerCase();
  const hit = memo.get(key);
  if (hit && Date.now() - hit.at < PERMISSION_TTL_MS) return hit.permission;
  const permission = lookUp(github, repo, login);
  memo.set(key, { at: Date.now(), permission });
  void permission.then((found) => {
    if (found === null && memo.get(key)?.permission === permission) memo.delete(key);
  });
  return permission;
}

async function lookUp(github: GitHub, repo: Repo, login: string): Promise<Permission | null> {
  try {
    const { data } = await github.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
    return permissionFrom(data.permission, (data as { role_name?: string }).role_name);
  } catch {
    return null;
  }
}
