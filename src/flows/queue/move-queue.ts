import type { SwitchyardConfig } from "../../config/schema.js";
import { messageOf } from "../../github/octokit.js";
import type { RepositoryTrigger } from "../repository-trigger.js";
import { runQueue, type StartedTrack } from "./run-queue.js";
import { ConditionalLists } from "../../github/load/conditional-lists.js";

/**
 * The queue's lists (queued tasks, lease refs) as this process last read them: most webhooks find them unchanged, and
 * GitHub's 304 for an unchanged list does not count against the installation's rate limit.
 */
const queueLists = new ConditionalLists();

/** What a webhook handler gives the queue. */
export type QueueTrigger = RepositoryTrigger;

/**
 * Something that can unblock the head of a merge queue happened (a review, a finished check, a push, a closed PR, a
 * command that changed a queued lock): re-evaluate the repository's queues from live state. The payload is not
 * trusted for anything but which repository; failures are logged, and the next event or tick tries again.
 * `config`: the validated configuration when the caller already read it; otherwise the run reads it when it starts,
 * so webhooks that join a waiting run (see `runQueue`) read nothing. `started`: what `/queue` just wrote, when it
 * took an idle queue's lease (see `queueStarted`).
 */
export async function moveQueue(trigger: QueueTrigger, now: Date = new Date(), config?: SwitchyardConfig, started?: StartedTrack): Promise<void> {
  const repo = trigger.repo();
  try {
    await runQueue(trigger.octokit, repo, now, { log: trigger.log, lists: queueLists.read, ...(config ? { config } : {}), ...(started ? { started } : {}) });
  } catch (error) {
    trigger.log.error(`merge queue of ${repo.owner}/${repo.repo} failed: ${messageOf(error)}`);
  }
}
