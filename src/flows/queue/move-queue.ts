import { loadConfig, type ConfigReader } from "../../config/load-config.js";
import type { ApplyLog } from "../../github/apply/apply-ops.js";
import { messageOf, type GitHub, type Repo } from "../../github/octokit.js";
import { runQueue } from "./run-queue.js";

/** What a webhook handler gives the queue: Probot's context has all of it. */
export interface QueueTrigger extends ConfigReader {
  readonly octokit: GitHub;
  readonly log: ApplyLog & { error(message: string): void };
  repo(): Repo;
}

/**
 * An event that can unblock the head of a merge queue (a review, a finished check, a push, a closed PR): re-evaluate
 * the repository's queues from live state. The payload is not trusted for anything but which repository; failures
 * are logged, and the next event or tick tries again.
 */
export async function moveQueue(context: QueueTrigger, now: Date = new Date()): Promise<void> {
  try {
    const config = await loadConfig(context);
    if (!config.ok) return;
    await runQueue(context.octokit, context.repo(), now, { log: context.log, config: config.config });
  } catch (error) {
    context.log.error(`merge queue of ${context.repo().owner}/${context.repo().repo} failed: ${messageOf(error)}`);
  }
}
