import type { SwitchyardConfig } from "../../config/schema.js";
import { parseTaskMeta, type ActiveTrack } from "../../core/admission/index.js";
import type { AdmissionSnapshot } from "../../core/task.js";
import { stateLabel, type StateName } from "../../core/labels.js";
import { statusOf, type GitHub, type Repo } from "../octokit.js";

/** Tracks count as active from claim until merge: claimed, in review, queued. */
const ACTIVE: readonly StateName[] = ["claimed", "review", "queued"];
const PAGE = 100;

/**
 * What admission control needs for a `/claim` of `task`: the task's `Depends on`/`Touches`, the active tracks
 * (from their state labels: one list per state, so the cost does not grow with the repository), and which
 * dependencies are done. Read for every claim: the limits are checked against live state, not a cache.
 */
export async function loadAdmission(
  github: GitHub,
  repo: Repo,
  config: SwitchyardConfig,
  task: { number: number; body: string },
): Promise<AdmissionSnapshot> {
  const where = { owner: repo.owner, name: repo.repo };
  const meta = parseTaskMeta(task.body, where);
  const [lists, { done, dependencies }] = await Promise.all([
    Promise.all(ACTIVE.map((s) => github.rest.issues.listForRepo({ ...repo, labels: stateLabel(config.labels.prefix, s), state: "open", per_page: PAGE }))),
    walkDependencies(github, repo, where, task.number, meta.dependsOn),
  ]);
  const active = new Map<number, ActiveTrack>();
  lists.forEach(({ data }, i) => {
    for (const issue of data) {
      // A claim in flight (or an agent GitHub cannot assign) shows the label before an assignee: still active.
      const holder = issue.assignees?.[0]?.login ?? issue.assignee?.login ?? "";
      if (issue.pull_request || active.has(issue.number)) continue;
      const { dependsOn, touches } = parseTaskMeta(issue.body ?? "", where);
      active.set(issue.number, { number: issue.number, holder, waiting: ACTIVE[i] !== "claimed", meta: { dependsOn, touches } });
    }
  });
  return { meta, active: [...active.values()], done, dependencies };
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

async function readIssue(github: GitHub, repo: Repo, n: number) {
  try {
    return (await github.rest.issues.get({ ...repo, issue_number: n })).data;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}
