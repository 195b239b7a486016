import { newlyClaimable, parseTaskMeta, type WaitingTask } from "../../core/admission/index.js";
import { stateLabel } from "../../core/labels.js";
import type { SwitchyardConfig } from "../../config/schema.js";
import { renderNotice } from "../../messages/index.js";
import { sayOnce } from "../../github/apply/marked-comment.js";
import { statusOf, type GitHub, type Repo } from "../../github/octokit.js";

const PAGE = 100;

/**
 * A task was closed as completed: each ready task whose last unmet `Depends on` it was says, once, that it can be
 * claimed now. Reads one page of ready tasks and the state of their other dependencies, never every issue.
 */
export async function announceClaimable(
  github: GitHub,
  repo: Repo,
  config: SwitchyardConfig,
  finished: number,
  botLogin: string,
): Promise<number[]> {
  const where = { owner: repo.owner, name: repo.repo };
  const { data } = await github.rest.issues.listForRepo({ ...repo, labels: stateLabel(config.labels.prefix, "ready"), state: "open", per_page: PAGE });
  const waiting: WaitingTask[] = data
    .filter((issue) => !issue.pull_request)
    .map((issue) => ({ number: issue.number, dependsOn: parseTaskMeta(issue.body ?? "", where).dependsOn }))
    .filter((task) => task.dependsOn.includes(finished));
  const others = [...new Set(waiting.flatMap((t) => t.dependsOn))].filter((n) => n !== finished);
  const done = new Set([finished, ...(await closedAsCompleted(github, repo, others))]);
  const claimable = newlyClaimable(finished, waiting, (n) => done.has(n));
  for (const task of claimable) {
    await sayOnce(github, repo, {
      issue: task,
      marker: `<!-- switchyard:notice claimable task=${task} -->`,
      text: renderNotice({ kind: "nowClaimable", finished }),
      botLogin,
      update: false,
    });
  }
  return claimable;
}

async function closedAsCompleted(github: GitHub, repo: Repo, tasks: readonly number[]): Promise<number[]> {
  const done = await Promise.all(
    tasks.map(async (n) => {
      try {
        const { data } = await github.rest.issues.get({ ...repo, issue_number: n });
        return data.state === "closed" && data.state_reason !== "not_planned" ? [n] : [];
      } catch (error) {
        if (statusOf(error) === 404) return [];
        throw error;
      }
    }),
  );
  return done.flat();
}
