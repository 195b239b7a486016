import { permissionFrom, type Permission } from "../core/permission.js";
import type { GitHub, Repo } from "./octokit.js";

/**
 * The user's permission on the repository from GitHub's collaborator permission API (never from the
 * payload's `author_association`). Any failure of the lookup answers `null`, which every check treats as no.
 */
export async function readPermission(github: GitHub, repo: Repo, login: string): Promise<Permission | null> {
  try {
    const { data } = await github.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
    return permissionFrom(data.permission, (data as { role_name?: string }).role_name);
  } catch {
    return null;
  }
}
