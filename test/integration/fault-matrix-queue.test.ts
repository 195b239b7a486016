import { queueWorld } from "../support/queue-tracks.js";
import { ROOMY_LIMITS, type Said } from "./app-under-test.js";
import { describeFaultMatrix, drainQueue, lockStatus, type Scenario } from "./fault-matrix-support.js";
import { orphans } from "./fault-orphans.js";

const queue: Scenario<{ n: number; said?: Said }> = {
  name: "the merge queue",
  config: ROOMY_LIMITS,
  async prepare(run) {
    const n = await run.w.task("Fault in the queue");
    const q = queueWorld(run);
    await q.track("alice", n, "src/queued.ts", "export const queued = true;\n");
    // The base moves on after the track was made: the queue brings the branch up to date before it merges.
    await q.commitFile("adam", run.gh.defaultBranch, "CHANGELOG.md", () => "Something else landed.\n");
    return { n };
  },
  async act(run, context) {
    context.said = await run.say("maya", context.n, "/queue");
    await drainQueue(run);
  },
  async retry(run, context) {
    await run.redeliver(context.said!);
    await drainQueue(run);
  },
  mustCover: [/update-branch/, /\/merge #1/, /closeIssue/, /addComment/, /switchyard\/queue/],
  sweepAt: 1,
  async problems(run, { n }) {
    await queueWorld(run).ci();
    const problems = await orphans(run.gh, [n], run.said);
    const { data: issue } = await run.gh.as("maya").rest.issues.get({ owner: run.gh.owner, repo: run.gh.repo, issue_number: n });
    const status = await lockStatus(run.gh, n);
    // Neither merged nor queued is fine only when the last reply says the `/queue` changed nothing (say it again).
    const last = (await run.w.repliesOn(n)).at(-1) ?? "";
    if (issue.state !== "closed" && status !== "queued" && !/Nothing was changed; please try again/.test(last)) {
      problems.push(`#${n} is neither merged nor queued (lock ${status}); last reply: ${JSON.stringify(last.slice(0, 160))}`);
    }
    return problems;
  },
};


describeFaultMatrix(queue);
