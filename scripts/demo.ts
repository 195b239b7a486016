/**
 * `npm run demo`: Switchyard end to end on this machine, offline, with no GitHub account.
 *
 * Starts the emulated GitHub and the app (a real Probot server receiving signed webhooks), seeds a backlog of
 * task issues (with a `Depends on` chain and some overlapping `Touches`) and a TASKS.md, then lets three
 * simulated agents work through it in parallel: each picks a ready task, says `/claim`, reads the bot's reply
 * (another agent may have won the race; admission control may refuse, and the agent then waits for what the
 * reply names), pushes a real commit to its track branch and says `/done`. A simulated CI (`support/ci-bot.ts`)
 * reports a passing commit status on the head of every PR ready for review, and again on every new head; the
 * reviewer waits for it, approves the PR and says `/queue` on it; the app's merge queue brings the branch up to date
 * when main moved, waits for CI on the new head, merges, closes the task, checks its TASKS.md line on main, clears
 * the labels and the lock and deletes the branch. The demo only watches GitHub for that (`queueWatcher`); each merge
 * unblocks dependents and frees a track slot. A read-only user tries to claim and is refused, and later tries to
 * `/queue` and is refused; one task fails once and is picked up again. A fourth agent claims a task early and goes silent (no push, no comment): a scheduler calls
 * the app's sweep (`POST /switchyard/sweep`, as the workflow in docs/sweep.md does) with the sweep's clock moved
 * ahead, first 21 minutes (the bot warns the holder), then 31 (the bot releases the claim, counting a failure), and
 * another agent claims that task and finishes it. Every "→ …" is read from the bot's reply or from GitHub. Ends with the bot's own `/status` reply, what
 * the demo observed about parallel tracks (from GitHub state, sampled at every event), the merge order (from the
 * PRs' `merged_at` on GitHub) and TASKS.md as it ends on main, the GitHub requests the app spent, and exits 1 if two
 * overlapping tracks were ever active together, a track did not end merged, a box in TASKS.md is left unchecked, or
 * any request (the app's or the simulated users') would not have been accepted by real GitHub. Last, the dashboard
 * issue's body and URL.
 *
 * The scenes, one module each under `demo/`: the backlog (`backlog.ts`); the agents' claims, the race on the first
 * task and the refusals (`claims.ts`); the work on a claimed track, `/done` or `/fail` (`tracks.ts`); the silent
 * agent swept (`silent-agent.ts`); review and `/queue` (`review.ts`); the merge queue, watched on GitHub
 * (`merge-queue.ts`); `/status` mid-run and at the end (`status.ts`); and the summary with its verdict
 * (`summary.ts`), then the dashboard issue the app kept meanwhile (`dashboard.ts`); and erin, who works through the `switchyard` CLI in her own clone of a real git remote
 * (`cli-agent.ts`). Scenes 2 to 7 play at the same time, on one stage (`stage.ts`), with one cast (`cast.ts`).
 */
import { CiBot, CI_LOGIN, CI_USERS } from "./support/ci-bot.js";
import { Conversation } from "./support/conversation.js";
import { ParallelismWatch } from "./support/parallelism.js";
import { event, heading, paint } from "./support/printer.js";
import { appIdle, startSandbox, TimeoutError, withTimeout, type Sandbox } from "./support/sandbox.js";
import { SweepCron } from "./support/sweep-cron.js";
import { seedBacklog } from "./demo/backlog.js";
import { AGENTS, CLI_AGENT, DEADLINE_MS, MAX_ACTIVE_TRACKS, REVIEWER, SILENT, SILENT_TASK } from "./demo/cast.js";
import { agent, claimRace, readOnlyUser } from "./demo/claims.js";
import { cliAgent } from "./demo/cli-agent.js";
import { DashboardClock, printDashboard } from "./demo/dashboard.js";
import { queueWatcher } from "./demo/merge-queue.js";
import { reviewer } from "./demo/review.js";
import { scheduler, silentClaim } from "./demo/silent-agent.js";
import { Desk, newShared, type Stage } from "./demo/stage.js";
import { midRunStatus } from "./demo/status.js";
import { finalReport } from "./demo/summary.js";

async function main(): Promise<number> {
  const started = Date.now();
  const cron = new SweepCron();
  const dashboard = new DashboardClock();
  const sandbox = await startSandbox({ sweep: cron.settings, dashboard: dashboard.settings, seed: { users: { ...CI_USERS } } });
  const { gh } = sandbox;
  const watch = new ParallelismWatch(gh, { reader: REVIEWER, everyMs: 150 });
  const updates = { branches: 0 };
  const ci = simulatedCi(sandbox, updates);
  try {
    console.log(`Switchyard demo: an emulated GitHub at ${gh.url} (${gh.owner}/${gh.repo}), the app at ${sandbox.app.webhookUrl}`);
    heading("Backlog");
    const { tasks, statusIssue } = await seedBacklog(sandbox);
    heading(
      `Agents ${AGENTS.join(", ")} at work, ${CLI_AGENT} through the switchyard CLI in her own clone, and ${SILENT}, who claims #${tasks[SILENT_TASK]!.number} and goes silent (reviewer: ${REVIEWER}; at most ${MAX_ACTIVE_TRACKS} active tracks, 1 claim per agent)`,
    );
    const conversation = new Conversation(gh, { timeoutMs: 15_000, reader: REVIEWER, pollMs: 50 });
    const byNumber = new Map(tasks.map((t) => [t.number, t]));
    const stage: Stage = { sandbox, conversation, watch, ci, cron, tasks, byNumber, statusIssue, shared: newShared(), desk: new Desk() };
    watch.start();
    ci.start();
    await withTimeout(atWork(stage), DEADLINE_MS - (Date.now() - started), "the agents finishing the backlog");
    stage.shared.branchUpdates = updates.branches;
    await ci.stop();
    await appIdle(gh);
    await watch.stop();
    const code = await finalReport(stage, started);
    await printDashboard(stage, dashboard);
    return code;
  } finally {
    await ci.stop().catch(() => undefined);
    await watch.stop().catch(() => undefined);
    await sandbox.stop();
  }
}

/** CI passes every head; a new head on a PR it ran on before is printed (a branch update by the queue is counted). */
function simulatedCi({ gh }: Sandbox, updates: { branches: number }): CiBot {
  return new CiBot(gh, {
    context: "ci/demo",
    onRun: (run) => {
      if (!run.rerun) return; // the first run on a PR shows in the reviewer's line
      const updated = /^Merge branch '[^']+' into /.test(run.title);
      if (updated) updates.branches++;
      event(
        CI_LOGIN,
        `PR #${run.pullRequest} has a new head ${run.sha.slice(0, 7)}${updated ? ` (the queue merged ${gh.defaultBranch} into ${run.branch})` : ""}  → ${paint("ci/demo passed", "green")}`,
      );
    },
  });
}

/** Scenes 2 to 6 at once: the race, the silent claim right after it, then everyone at work until the backlog landed. */
async function atWork(stage: Stage): Promise<void> {
  const openings = claimRace(stage);
  const silent = silentClaim(stage);
  await Promise.all([
    scheduler(stage, silent),
    ...AGENTS.map((login, i) => agent(stage, login, i, openings[i])),
    cliAgent(stage),
    readOnlyUser(stage),
    reviewer(stage),
    queueWatcher(stage),
    midRunStatus(stage),
  ]);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("");
    console.error(paint(`demo failed: ${error instanceof Error ? error.message : String(error)}`, "red"));
    if (error instanceof Error && !(error instanceof TimeoutError) && error.stack) console.error(error.stack);
    process.exit(1);
  },
);
