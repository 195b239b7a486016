import type { CommandInput } from "../../commands/command-input.js";
import type { Need } from "../../commands/command.js";
import type { SwitchyardConfig } from "../../config/schema.js";
import { isHeld } from "../../core/lock.js";
import type { TaskSnapshot } from "../../core/task.js";
import type { GitHub, Repo } from "../octokit.js";
import { loadAdmission } from "./load-admission.js";
import type { LockRefs } from "./lock-commits.js";
import { loadQueueEntries } from "./load-queue.js";
import { loadReviewVerdict } from "./load-reviews.js";
import { ConditionalLists } from "./conditional-lists.js";
import { readLease } from "../state/queue-lease.js";

/** The queued tasks as this process last listed them for a command (a 304 when unchanged; not counted by GitHub). */
const queuedLists = new ConditionalLists();

type Loaded = Pick<CommandInput, "admission" | "queue" | "review" | "lease">;

/**
 * What a command needs read beyond its task (`base` is read with the task). Each is read only when the decision can
 * use it: admission only for a free, open task (a holder claiming again only completes the track), the review only
 * when the track has a PR.
 */
export async function loadNeeds(
  github: GitHub,
  repo: Repo,
  config: SwitchyardConfig,
  needs: readonly Need[],
  task: TaskSnapshot,
  /** The lock refs as listed with the task, when they were; the second look lists them again. */
  known: { refs?: LockRefs; closed?: ReadonlySet<number> } = {},
): Promise<Loaded> {
  const wants = (need: Need) => needs.includes(need);
  const pullRequest = task.pullRequest;
  const [admission, queue, review, lease] = await Promise.all([
    wants("admission") && !isHeld(task.lock.lock) && task.issue.open
      ? loadAdmission(github, repo, { number: task.issue.number, body: task.issue.body ?? "" }, known)
      : undefined,
    wants("queue") ? loadQueueEntries(github, repo, config, queuedLists.read) : undefined,
    wants("review") && pullRequest?.headSha && pullRequest.baseRef
      ? loadReviewVerdict(github, repo, pullRequest.number, {
          holder: task.lock.lock.holder,
          headSha: pullRequest.headSha,
          baseRef: pullRequest.baseRef,
          maintainerPermission: config.maintainers.permission,
        })
      : undefined,
    wants("lease") && pullRequest?.open && pullRequest.baseRef ? readLease(github, repo, pullRequest.baseRef) : undefined,
  ]);
  return { ...(admission ? { admission } : {}), ...(queue ? { queue } : {}), ...(review ? { review } : {}), ...(lease ? { lease } : {}) };
}
