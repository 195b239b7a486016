import type { SwitchyardConfig } from "../../config/schema.js";
import { parseTaskMeta, type ActiveTrack } from "../../core/admission/index.js";
import type { AdmissionSnapshot } from "../../core/task.js";
import { stateLabel, type StateName } from "../../core/labels.js";
import { statusOf, type GitHub, type Repo } from "../octokit.js";
import { heldLocks } from "./lock-commits.js";

/** Tracks count as active from claim until merge: claimed, in review, queued. */
const ACTIVE: readonly StateName[] = ["claimed", "review", "queued"];
const PAGE = 100;

/**
 * What admission control needs for a `/claim` of `task`: the task's `Depends on`/`Touches`, the active tracks, and
 * which dependencies are done. Active means a held lock (never a label: anyone can add or remove one); the state
 * label lists give the tracks' issue bodies in one page per state, and a held lock whose issue they miss (its label
 * was removed by hand) is read on its own. Read for every claim: the limits are checked against live state.
 */
export async function loadAdmission(
  github: GitHub,
  repo: Repo,
  config: SwitchyardConfig,
  task: { number: number; body: string },
): Promise<AdmissionSnapshot> {
  const where = { owner: repo.owner, name: repo.repo };
  const meta = parseTaskMeta(task.body, where);
  const [lists, held, { done, dependencies }] = await Promise.all([
    Promise.all(ACTIVE.map((s) => github.rest.issues.listForRepo({ ...repo, labels: stateLabel(config.labels.prefix, s), state: "open", per_page: PAGE }))),
    heldLocks(github, repo, task.number),
    walkDependencies(github, repo, where, task.number, meta.dependsOn),
  ]);
  const bodies = new Map<number, string>();
  for (const { data } of lists) for (const issue of data) if (!issue.pull_request) bodies.set(issue.number, issue.body ?? "");
  const tracks = await Promise.all(
    [...held].map(async ([number, lock]): Promise<ActiveTrack | null> => {
      const body = bodies.has(number) ? bodies.get(number)! : await openIssueBody(github, repo, number);
      if (body === null) return null; // a held lock of a closed task: the sweep finishes it; it holds no slot
      const { dependsOn, touches } = parseTaskMeta(body, where);
      return { number, holder: lock.holder, waiting: lock.status !== "claimed", meta: { dependsOn, touches } };
    }),
  );
  const active = tracks.filter((t): t is ActiveTrack => t !== null).sort((x, y) => x.number - y.number);
  return { meta, active, done, dependencies };
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
