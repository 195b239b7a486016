import { taskFromBranch } from "../../core/branch-name.js";
import { loadConfigAtHead } from "../config-at-head.js";
import { isHeld } from "../../core/lock.js";
import { decideTaskCommand } from "../../commands/command.js";
import { queue } from "../../commands/queue.js";
import type { SwitchyardConfig } from "../../config/schema.js";
import { loadTask } from "../../github/load/load-task.js";
import { messageOf } from "../../github/octokit.js";
import { readPermission } from "../../github/permission.js";
import { applyOps } from "../../github/apply/apply-ops.js";
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
  let config: SwitchyardConfig | undefined;
  try {
    const loaded = await loadConfigAtHead(context.octokit, context.repo(), context);
    config = loaded.ok ? loaded.config : undefined;
    if (config?.queue.autoEnqueueOnApproval && approval.approved) await enqueue(context, approval, config, now);
  } catch (error) {
    context.log.error(`queueing on approval failed: ${messageOf(error)}`);
  }
  // The configuration read above serves the queue too (an invalid one: the queue reads it again and stops there).
  await moveQueue(context, now, config);
}

/** `/queue`'s own decision, for the approving maintainer, applied only when it queues the track. */
async function enqueue(context: QueueTrigger, approval: Approval, config: SwitchyardConfig, now: Date): Promise<void> {
  const github = context.octokit;
  const repo = context.repo();
  const task = taskFromBranch(config.branchPrefix, approval.headRef);
  const snapshot = task === null ? null : await loadTask(github, repo, task);
  const lock = snapshot?.lock.lock;
  if (!snapshot || !lock || !isHeld(lock) || lock.status !== "review" || lock.branch !== approval.headRef) return;
  const ops = decideTaskCommand(queue, {
    actor: { login: approval.reviewer, permission: await readPermission(github, repo, approval.reviewer) },
    task: snapshot,
    config,
    now,
    commentId: approval.reviewId,
    replyTo: approval.pullRequest,
    args: "",
    repoName: repo.repo,
    repoOwner: repo.owner,
    queue: await loadQueueEntries(github, repo, config),
  });
  if (ops.some((op) => op.kind === "writeLock")) await applyOps(github, repo, ops, { log: context.log });
}
