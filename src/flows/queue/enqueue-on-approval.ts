import { taskFromBranch } from "../../core/branch-name.js";
import { loadConfig } from "../../config/load-config.js";
import { isHeld } from "../../core/lock.js";
import { decideQueue } from "../../core/queue/index.js";
import { loadTask } from "../../github/load/load-task.js";
import { messageOf } from "../../github/octokit.js";
import { readPermission } from "../../github/permission.js";
import { applyQueueOps } from "../../github/apply/apply-queue-ops.js";
import { loadQueueEntries } from "../../github/load/load-queue.js";
import { moveQueue, type QueueTrigger } from "./move-queue.js";

/** The part of a `pull_request_review.submitted` payload that matters here. */
export interface Approval {
  readonly reviewId: number;
  readonly reviewer: string;
  readonly approved: boolean;
  readonly pullRequest: number;
  readonly headRef: string;
}

/**
 * With `queue.autoEnqueueOnApproval`, a maintainer's approval of a track in review queues it, as if that maintainer
 * had said `/queue` on the PR. Nothing is said when the approval does not enqueue (not a maintainer, not in review):
 * nobody asked. Then the queue moves, since a review can unblock its head either way.
 */
export async function enqueueOnApproval(context: QueueTrigger, approval: Approval, now: Date = new Date()): Promise<void> {
  try {
    const config = await loadConfig(context);
    if (config.ok && config.config.queue.autoEnqueueOnApproval && approval.approved) {
      const github = context.octokit;
      const repo = context.repo();
      const task = taskFromBranch(config.config.branchPrefix, approval.headRef);
      const snapshot = task === null ? null : await loadTask(github, repo, task);
      const lock = snapshot?.lock.lock;
      if (snapshot && lock && isHeld(lock) && lock.status === "review" && lock.branch === approval.headRef) {
        const ops = decideQueue({
          actor: { login: approval.reviewer, permission: await readPermission(github, repo, approval.reviewer) },
          task: snapshot,
          config: config.config,
          now,
          commentId: approval.reviewId,
          replyTo: approval.pullRequest,
          args: "",
          repoName: repo.repo,
          queue: await loadQueueEntries(github, repo, config.config),
        });
        if (ops.some((op) => op.kind === "writeLock")) await applyQueueOps(github, repo, ops, context.log);
      }
    }
  } catch (error) {
    context.log.error(`queueing on approval failed: ${messageOf(error)}`);
  }
  await moveQueue(context, now);
}
