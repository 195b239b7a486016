import { parseTaskMeta, type ActiveTrack } from "../../core/admission/index.js";
import type { Lock } from "../../core/lock.js";
import type { AdmissionSnapshot } from "../../core/task.js";
import { statusOf, type GitHub, type Repo } from "../octokit.js";
import { heldLocks, type LockRefs } from "./lock-commits.js";

/**
 * What admission control needs for a `/claim` of `task`: the task's `Depends on`/`Touches`, the active tracks, and
 * which dependencies are done. Active means a held lock (never a label: anyone can add or remove one), and each lock
 * carries its task's `Depends on`/`Touches` as claimed: one listing of the lock refs (`refs`, when the caller listed
 * them already) and the lock commits this process has not met yet. Only a lock written before locks carried them has
 * its issue read. Read for every claim: the limits are checked against live state.
 */
export async function loadAdmission(
  github: GitHub,
  repo: Repo,
  task: { number: number; body: string },
  known: { refs?: LockRefs; closed?: ReadonlySet<number> } = {},
): Promise<AdmissionSnapshot> {
  const { refs } = known;
  const where = { owner: repo.owner, name: repo.repo };
  const meta = parseTaskMeta(task.body, where);
  const [held, { done, dependencies }] = await Promise.all([
    heldLocks(github, repo, task.number, refs),
    walkDependencies(github, repo, where, task.number, meta.dependsOn),
  ]);
  // A second look a moment after the first takes the closed tasks the first found: a task claimed since is not closed.
  const closed = known.closed ?? (await closedSince(github, repo, held));
  const tracks = await Promise.all(
    [...held].map(async ([number, lock]): Promise<ActiveTrack | null> => {
      const waiting = lock.status !== "claimed";
      // A held lock of a closed task holds no slot: the sweep finishes it.
      if (closed !== null && closed.has(number)) return null;
      if (lock.meta && closed !== null) return { number, holder: lock.holder, waiting, meta: { dependsOn: [...lock.meta.dependsOn], touches: [...lock.meta.touches] } };
      const body = await openIssueBody(github, repo, number);
      if (body === null) return null;
      const { dependsOn, touches } = lock.meta ?? parseTaskMeta(body, where);
      return { number, holder: lock.holder, waiting, meta: { dependsOn: [...dependsOn], touches: [...touches] } };
    }),
  );
  const active = tracks.filter((t): t is ActiveTrack => t !== null).sort((x, y) => x.number - y.number);
  return { meta, active, done, dependencies, ...(closed !== null ? { closed } : {}) };
}

/** Issues read to follow `Depends on` chains for one claim: enough for any real chain, bounded for a hostile one. */
const MAX_DEPENDENCY_READS = 32;

/**
 * Follows the `Depends on` lines from the task outward, so a cycle through tasks nobody holds is found too.
 * A dependency is done when its issue was closed as completed (the merge queue closes it with the merge).
 */
async function walkDependencies(
  github: GitHub,
  repo: Repo,
  where: { owner: string; name: string },
  task: number,
  first: readonly number[],
): Promise<{ done: Set<number>; dependencies: Map<number, number[]> }> {
  const done = new Set<number>();
  const dependencies = new Map<number, number[]>();
  const seen = new Set<number>([task]);
  let frontier = first.filter((n) => !seen.has(n));
  while (frontier.length > 0 && seen.size <= MAX_DEPENDENCY_READS) {
    const batch = frontier.slice(0, MAX_DEPENDENCY_READS + 1 - seen.size);
    batch.forEach((n) => seen.add(n));
    const read = await Promise.all(batch.map((n) => readIssue(github, repo, n)));
    frontier = [];
    read.forEach((issue, i) => {
      const n = batch[i]!;
      if (issue === null) return; // a missing issue is simply not done
      if (issue.state === "closed" && issue.state_reason !== "not_planned") done.add(n);
      const next = parseTaskMeta(issue.body ?? "", where).dependsOn;
      dependencies.set(n, next);
      frontier.push(...next.filter((m) => !seen.has(m)));
    });
    frontier = [...new Set(frontier)];
  }
  return { done, dependencies };
}

const PAGE = 100;

/**
 * The tasks closed since the oldest of these claims began, in one page: a task closed while held was updated (closed)
 * after its claim. `null` when the page is full (each track's issue is then read on its own); nothing read when
 * nothing is held.
 */
async function closedSince(github: GitHub, repo: Repo, held: ReadonlyMap<number, Lock>): Promise<Set<number> | null> {
  if (held.size === 0) return new Set();
  const since = [...held.values()].map((lock) => lock.since).reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
  const { data } = await github.rest.issues.listForRepo({ ...repo, state: "closed", since, per_page: PAGE });
  return data.length === PAGE ? null : new Set(data.map((issue) => issue.number));
}

async function openIssueBody(github: GitHub, repo: Repo, n: number): Promise<string | null> {
  const issue = await readIssue(github, repo, n);
  return issue && issue.state === "open" ? (issue.body ?? "") : null;
}

async function readIssue(github: GitHub, repo: Repo, n: number) {
  try {
    return (await github.rest.issues.get({ ...repo, issue_number: n })).data;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}
