import type { CommandInput } from "../../commands/command-input.js";
import { lockRef } from "../../core/lock.js";
import type { Op } from "../../core/ops.js";
import { labelIds } from "../../github/apply/label-ids.js";
import { lockSnapshot, stateCommits } from "../../github/load/lock-commits.js";
import type { GitHub, Repo } from "../../github/octokit.js";
import type { StartedTrack } from "../queue/run-queue.js";

/**
 * What `/queue` leaves when it took the idle queue's lease: the track, its lock and the lease as the command's own
 * commit published them, and the issue as its label change left it. The queue run it starts begins there instead of
 * listing the queue, the leases and the lock again: nothing else was queued when the command looked, and anything
 * that moves those refs meanwhile makes the run's next compare-and-swap lose and read them afresh. Every read here is
 * of what this process just wrote (the commit and the label ids are cached): no request.
 */
export async function queueStarted(github: GitHub, repo: Repo, input: CommandInput, ops: readonly Op[], lockCommit: string | undefined): Promise<StartedTrack | undefined> {
  const write = ops.find((op) => op.kind === "writeLock");
  const change = ops.find((op) => op.kind === "changeIssue");
  if (write?.kind !== "writeLock" || !write.takeLease || !write.lock.queuedAt || change?.kind !== "changeIssue" || !lockCommit) return undefined;
  const issue = input.task.issue;
  const removed = new Set(change.removeLabels.map((label) => label.name.toLowerCase()));
  const added = await labelIds(github, repo, change.addLabels);
  const labels = [...issue.labels.filter((label) => !removed.has(label.toLowerCase())), ...change.addLabels];
  const ids = { ...issue.labelIds, ...Object.fromEntries([...added].map(([name, id]) => [name.toLowerCase(), id])) };
  const lock = lockSnapshot(await stateCommits.trusted(github, repo, lockRef(write.task), lockCommit));
  const { base, lease } = write.takeLease;
  return {
    track: { task: write.task, queuedAt: write.lock.queuedAt, dependsOn: [], pullRequest: lease.pullRequest, base, read: { issue: { ...issue, labels, labelIds: ids }, lock } },
    lease: { lease, sha: lockCommit, tree: write.tree },
  };
}
