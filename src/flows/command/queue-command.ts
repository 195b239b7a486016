import type { CommentEvent } from "./handle-comment.js";
import type { SwitchyardConfig } from "../../config/schema.js";
import type { Actor } from "../../core/command-input.js";
import { decideDequeue, decideQueue, type QueueCommandInput } from "../../core/queue/index.js";
import type { TaskSnapshot } from "../../core/task.js";
import { messageOf } from "../../github/octokit.js";
import { applyQueueOps } from "../../github/apply/apply-queue-ops.js";
import { loadQueueEntries, loadReviewVerdict } from "../../github/load/load-queue.js";
import { runQueue } from "../queue/run-queue.js";

/**
 * `/queue` or `/dequeue` on a freshly read task: decide, apply, and let the queue move at once. Returns `false` when
 * the lock moved under the write (the caller reads again and decides again).
 */
export async function queueCommand(
  event: CommentEvent,
  command: "queue" | "dequeue",
  input: { actor: Actor; task: TaskSnapshot; config: SwitchyardConfig; args: string },
): Promise<boolean> {
  const { github, repo } = event;
  const pullRequest = input.task.pullRequest;
  const [queue, review] =
    command === "queue"
      ? await Promise.all([loadQueueEntries(github, repo, input.config), pullRequest ? loadReviewVerdict(github, repo, pullRequest.number) : undefined])
      : [[], undefined];
  const decision: QueueCommandInput = {
    ...input,
    queue,
    ...(review ? { review } : {}),
    now: event.now(),
    commentId: event.comment.id,
    replyTo: event.on.number,
    repoName: repo.repo,
  };
  const ops = command === "queue" ? decideQueue(decision) : decideDequeue(decision);
  const result = await applyQueueOps(github, repo, ops, event.log);
  if (result.kind === "conflict") return false;
  if (ops.some((op) => op.kind === "writeLock")) {
    // The queue's own failures are the queue's: logged, and the next event or tick tries again.
    try {
      await runQueue(github, repo, event.now(), { log: event.log, config: input.config });
    } catch (error) {
      event.log.error(`merge queue of ${repo.owner}/${repo.repo} failed: ${messageOf(error)}`);
    }
  }
  return true;
}
