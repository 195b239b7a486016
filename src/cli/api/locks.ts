/** Task locks as the app writes them: `refs/switchyard/tasks/<N>`, whose commit message records the state. */
import { decodeLock, lockRef, type Lock } from "../../core/lock.js";
import type { Session } from "../session.js";
import { statusOf } from "./http.js";

/** The lock of `task`, or `null` when it was never claimed. */
export async function readLock(session: Session, task: number): Promise<Lock | null> {
  let sha: string;
  try {
    sha = (await session.github.rest.git.getRef({ ...session.repo, ref: lockRef(task) })).data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
  return lockAt(session, sha);
}

/** The lock recorded in one lock commit (immutable: read by sha). */
export async function lockAt(session: Session, sha: string): Promise<Lock | null> {
  const { data } = await session.github.rest.git.getCommit({ ...session.repo, commit_sha: sha });
  return decodeLock(data.message);
}

/** Every task's lock commit: one request for all lock refs. */
export async function lockCommits(session: Session): Promise<Map<number, string>> {
  const { data } = await session.github.rest.git.listMatchingRefs({ ...session.repo, ref: "switchyard/tasks/" });
  const shas = new Map<number, string>();
  for (const ref of data) {
    const task = Number(ref.ref.slice("refs/switchyard/tasks/".length));
    if (Number.isSafeInteger(task) && task > 0) shas.set(task, ref.object.sha);
  }
  return shas;
}
