import { queueWorld } from "../support/queue-tracks.js";
import { ROOMY_LIMITS, type Said } from "./app-under-test.js";
import { describeFaultMatrix, lockStatus, type Scenario } from "./fault-matrix-support.js";
import { orphans } from "./fault-orphans.js";

const done: Scenario<{ n: number; said?: Said }> = {
  name: "/done",
  config: ROOMY_LIMITS,
  async prepare(run) {
    const n = await run.w.task("Fault in /done");
    await run.say("alice", n, "/claim");
    const q = queueWorld(run);
    const pr = (await run.gh.as("maya").rest.pulls.list({ owner: run.gh.owner, repo: run.gh.repo, state: "open" })).data.find((p) => p.head.ref.includes(`/${n}-`))!;
    await q.commitFile("alice", pr.head.ref, "src/done.ts", () => "export const done = true;\n");
    return { n };
  },
  async act(run, context) {
    context.said = await run.say("alice", context.n, "/done");
  },
  async retry(run, context) {
    await run.redeliver(context.said!);
  },
  mustCover: [/switchyard\/tasks/, /markPullRequestReadyForReview/, /contents\/TASKS.md/, /addComment/],
  sweepAt: 1,
  async problems(run, { n }) {
    const problems = await orphans(run.gh, [n], run.said);
    const status = await lockStatus(run.gh, n);
    if (status !== "review" && status !== "claimed") problems.push(`#${n}: /done left the lock ${status}`);
    return problems;
  },
};


describeFaultMatrix(done);
