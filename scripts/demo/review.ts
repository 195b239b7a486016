/**
 * Scene 5, review: the reviewer works from notifications (the bot's "ready for review" replies): checks each PR on
 * GitHub, waits for the simulated CI to pass on its head, approves it and says `/queue` on it. The read-only user
 * would like the first approved PR merged too and says `/queue` first; only a maintainer can queue, so the bot
 * refuses. The merge queue does the rest (`merge-queue.ts`).
 */
import { event, paint } from "../support/printer.js";
import { describeQueueOutcome, readQueueReply } from "../support/replies.js";
import { sleep, waitUntil } from "../support/sandbox.js";
import type { Task } from "./backlog.js";
import { READ_ONLY, REVIEW_READING_MS, REVIEWER } from "./cast.js";
import { progress, type Stage } from "./stage.js";

export async function reviewer(stage: Stage): Promise<void> {
  const { shared } = stage;
  const readOnly = { tried: false };
  try {
    for (;;) {
      if (shared.reviewPaused) {
        await sleep(50);
        continue;
      }
      const next = shared.inbox.shift();
      if (next === undefined) {
        if (shared.agentsLeft === 0) return;
        await sleep(50);
        continue;
      }
      shared.reviewing = true;
      try {
        await review(stage, next, readOnly);
      } finally {
        shared.reviewing = false;
        progress(shared);
      }
    }
  } finally {
    shared.reviewerDone = true;
  }
}

/** Reads, checks and approves one PR, then queues it (the read-only user tries first, once). */
async function review(stage: Stage, next: { task: Task; pullRequest: number }, readOnly: { tried: boolean }): Promise<void> {
  const { sandbox, ci } = stage;
  const client = sandbox.gh.as(REVIEWER).rest;
  await sleep(REVIEW_READING_MS);
  const { data: pr } = await client.pulls.get({ ...sandbox.repo, pull_number: next.pullRequest });
  if (pr.draft || pr.state !== "open") {
    event(REVIEWER, paint(`PR #${pr.number} "${pr.title}" is ${pr.draft ? "still a draft" : pr.state}: not reviewing it`, "red"));
    return;
  }
  const head = pr.head.sha;
  await waitUntil(`CI (${ci.context}) to pass on PR #${pr.number}'s head ${head.slice(0, 7)}`, async () => ((await ci.passed(head, REVIEWER)) ? true : undefined), {
    timeoutMs: 10_000,
    everyMs: 50,
  });
  const { data: approval } = await client.pulls.createReview({ ...sandbox.repo, pull_number: pr.number, event: "APPROVE", body: "Looks good to me." });
  event(
    REVIEWER,
    `reviewed PR #${pr.number} "${pr.title}" (${ci.context} passed on ${head.slice(0, 7)})  → ${paint(approval.state === "APPROVED" ? "approved" : approval.state.toLowerCase(), "green")}`,
  );
  if (approval.state !== "APPROVED") return;
  if (!readOnly.tried) {
    readOnly.tried = true;
    await readOnlyQueues(stage, pr.number);
  }
  await queue(stage, next.task, pr.number);
}

/** The read-only user would like it merged too; only a maintainer can queue. */
async function readOnlyQueues(stage: Stage, pullRequest: number): Promise<void> {
  const tried = await stage.conversation.say(READ_ONLY, pullRequest, "/queue");
  const outcome = readQueueReply(tried.reply.text);
  event(READ_ONLY, `/queue PR #${pullRequest}  → ${paint(describeQueueOutcome(outcome), outcome.kind === "refused" ? "yellow" : "red")} ${paint(`(${tried.reply.ms} ms)`, "dim")}`);
  if (outcome.kind !== "refused") stage.shared.queueProblems.push(`@${READ_ONLY} (read-only) could queue PR #${pullRequest}`);
}

/** The reviewer's `/queue`: the track joins the queue the demo watches. */
async function queue(stage: Stage, task: Task, pullRequest: number): Promise<void> {
  const { shared } = stage;
  const queued = await stage.conversation.say(REVIEWER, pullRequest, "/queue");
  const outcome = readQueueReply(queued.reply.text);
  event(REVIEWER, `/queue PR #${pullRequest}  → ${paint(describeQueueOutcome(outcome), outcome.kind === "queued" ? "green" : "red")} ${paint(`(${queued.reply.ms} ms)`, "dim")}`);
  stage.watch.poke();
  if (outcome.kind === "refused") {
    shared.queueProblems.push(`${REVIEWER}'s /queue on PR #${pullRequest} was refused: ${outcome.reason}`);
    return;
  }
  shared.queueOrder.push({ task: task.number, pullRequest });
  shared.queued.set(pullRequest, { task, at: Date.now() });
}
