import type { SwitchyardConfig } from "../config/schema.js";
import { parseTaskMeta, type ActiveTrack } from "../core/admission/index.js";
import type { AdmissionSnapshot } from "../core/decide/input.js";
import { stateLabel, type StateName } from "../core/labels.js";
import { statusOf, type GitHub, type Repo } from "./octokit.js";

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
  const [lists, done] = await Promise.all([
    Promise.all(ACTIVE.map((s) => github.rest.issues.listForRepo({ ...repo, labels: stateLabel(config.labels.prefix, s), state: "open", per_page: PAGE }))),
    doneDependencies(github, repo, meta.dependsOn),
  ]);
  const active = new Map<number, ActiveTrack>();
  lists.forEach(({ data }, i) => {
    for (const issue of data) {
      const holder = issue.assignees?.[0]?.login ?? issue.assignee?.login;
      if (issue.pull_request || !holder || active.has(issue.number)) continue;
      const { dependsOn, touches } = parseTaskMeta(issue.body ?? "", where);
      active.set(issue.number, { number: issue.number, holder, waiting: ACTIVE[i] !== "claimed", meta: { dependsOn, touches } });
    }
  });
  return { meta, active: [...active.values()], done };
}

/** A dependency is done when its issue was closed as completed (the merge queue closes it with the merge). */
async function doneDependencies(github: GitHub, repo: Repo, tasks: readonly number[]): Promise<Set<number>> {
  const done = new Set<number>();
  await Promise.all(
    tasks.map(async (n) => {
      try {
        const { data } = await github.rest.issues.get({ ...repo, issue_number: n });
        if (data.state === "closed" && data.state_reason !== "not_planned") done.add(n);
      } catch (error) {
        if (statusOf(error) !== 404) throw error; // a missing issue is simply not done
      }
    }),
  );
  return done;
}
