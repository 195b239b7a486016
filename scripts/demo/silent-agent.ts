/**
 * Scene 4, the silent agent swept: dave claims a task early and is never heard of again. Once a few tasks have
 * landed, a scheduler calls the app's sweep (`POST /switchyard/sweep`, as the workflow in docs/sweep.md does) with
 * the sweep's clock moved ahead: at +21 minutes the bot warns the holder, at +31 it releases the claim (counting a
 * failure), and another agent claims the task and finishes it.
 *
 * Moving the sweep's clock makes every claim look half an hour old, not only the silent one; so while it sweeps,
 * the scheduler holds the desk (no new claims) and the reviewer, and waits until the silent agent's claim is the only
 * one and the merge queue is empty (the sweep's tick also moves the queue, whose check timeout would fire at +31 min).
 */
import { event, paint } from "../support/printer.js";
import { describeOutcome } from "../support/replies.js";
import { appIdle, sleep, waitUntil } from "../support/sandbox.js";
import { describeSweep, readRelease, readSweepView, readWarning, shortDuration } from "../support/sweep-cron.js";
import type { Task } from "./backlog.js";
import { RELEASE_AT_MINUTES, REVIEWER, SILENT, SILENT_TASK, SWEEP_AFTER_LANDED, WARN_AT_MINUTES } from "./cast.js";
import { progress, say, type SayResult, type SilentStory, type Stage } from "./stage.js";

/** Right after the race, dave claims a task of his own, and is never heard of again. */
export function silentClaim(stage: Stage): Promise<SayResult> {
  const task = stage.tasks[SILENT_TASK]!;
  stage.shared.silent.task = task;
  return stage.desk.run(() => say(stage, SILENT, task, "/claim"));
}

/** The scheduler: once a few tasks have landed, it sweeps with its clock at +21 and +31 minutes. */
export async function scheduler(stage: Stage, claimed: Promise<SayResult>): Promise<void> {
  const { shared, tasks } = stage;
  const silentTask = tasks[SILENT_TASK]!;
  const claim = await claimed;
  if (claim.outcome.kind !== "claimed") throw new Error(`${SILENT} could not claim #${silentTask.number}: ${describeOutcome(claim.outcome)}`);
  event(SILENT, paint(`goes silent: never pushes to ${claim.outcome.branch}, never comments again`, "dim"));
  const othersLanded = () => tasks.every((t) => t === silentTask || shared.landed.has(t.number));
  while (shared.landed.size < SWEEP_AFTER_LANDED && !othersLanded()) await sleep(50);
  await stage.desk.run(async () => {
    shared.reviewPaused = true;
    try {
      await untilOnlySilentClaim(stage, silentTask);
      await sweepToWarn(stage, silentTask);
      await sweepToRelease(stage, silentTask);
    } finally {
      shared.reviewPaused = false;
      shared.sweepPending = false;
      // The released claim frees a track slot.
      shared.freedAt.set(silentTask.number, ++shared.generation);
      progress(shared);
    }
  });
}

/** Only the silent claim may be claimed: every other agent is done with its task or has not started one. */
async function untilOnlySilentClaim(stage: Stage, silentTask: Task): Promise<void> {
  const { sandbox, shared } = stage;
  const claimedNow = async () => {
    const { data } = await sandbox.gh.as(REVIEWER).rest.issues.listForRepo({ ...sandbox.repo, state: "open", labels: "agent:claimed", per_page: 100 });
    return data.filter((i) => !i.pull_request).map((i) => i.number);
  };
  await waitUntil(
    "the other agents' claims to reach review and the merge queue to empty",
    async () =>
      shared.holding === 0 && !shared.reviewing && shared.queued.size === 0 && (await claimedNow()).join() === `${silentTask.number}` ? true : undefined,
    { timeoutMs: 25_000, everyMs: 25 },
  );
  event("cron", paint(`only @${SILENT}'s claim is open now and the merge queue is empty; the scheduler sweeps, its clock moved ahead instead of waiting half an hour`, "dim"));
}

/** One sweep by the scheduler with the sweep's clock `minutes` ahead, and what it did to the silent task. */
async function sweepAt(stage: Stage, silentTask: Task, minutes: number) {
  const { sandbox } = stage;
  const { gh } = sandbox;
  await appIdle(gh);
  const mark = gh.recorder.mark();
  const [result] = await stage.cron.fire(sandbox.appUrl, minutes);
  await appIdle(gh);
  stage.shared.silent.sweeps.push({ requests: gh.recorder.count(mark), writes: gh.recorder.writes(mark).length });
  event("cron", `POST /switchyard/sweep, the sweep's clock at +${minutes} min  → ${paint(describeSweep(result), "cyan")}`);
  stage.watch.poke();
  if (!result?.ran) throw new Error(`the sweep did not run: ${describeSweep(result)}`);
  return { report: result.report, view: await readSweepView(gh, REVIEWER, silentTask.number) };
}

/** At +21 minutes the bot must warn the silent holder, and nothing else. */
async function sweepToWarn(stage: Stage, silentTask: Task): Promise<void> {
  const silent = stage.shared.silent;
  const warn = await sweepAt(stage, silentTask, WARN_AT_MINUTES);
  const warning = warn.view.warning ? readWarning(warn.view.warning) : null;
  if (warning && warn.report.warned === 1 && warn.report.released === 0 && warn.view.assignees.join() === SILENT) {
    silent.warned = `+${WARN_AT_MINUTES} min`;
    event(
      "sweep",
      `#${silentTask.number} "${silentTask.spec.title}" silent ${shortDuration(warning.silent)}  → ${paint(`warned @${warning.holder}: released in about ${warning.releaseIn} unless something happens`, "yellow")}`,
    );
  } else {
    silent.problem = `at +${WARN_AT_MINUTES} min: ${describeSweep({ repository: "", ran: true, report: warn.report })}; warning: ${warn.view.warning ?? "none"}`;
    event("sweep", paint(`#${silentTask.number}: no warning as expected (${silent.problem})`, "red"));
  }
}

/** At +31 minutes the bot must release the claim: the task ready again, unassigned. */
async function sweepToRelease(stage: Stage, silentTask: Task): Promise<void> {
  const silent = stage.shared.silent;
  const drop = await sweepAt(stage, silentTask, RELEASE_AT_MINUTES);
  const release = drop.view.release ? readRelease(drop.view.release) : null;
  const ready = drop.view.labels.includes("agent:ready") && !drop.view.labels.includes("agent:claimed") && drop.view.assignees.length === 0;
  if (release && drop.report.released === 1 && drop.report.warned === 0 && ready) {
    silent.released = `+${RELEASE_AT_MINUTES} min (failure ${release.failures} of ${release.maxFailures})`;
    event(
      "sweep",
      `#${silentTask.number}  → ${paint(`released @${release.holder}'s claim after ${release.silent} without activity (failure ${release.failures} of ${release.maxFailures}); agent:ready again, unassigned, branch and draft PR kept`, "magenta")}`,
    );
  } else {
    silent.problem = `at +${RELEASE_AT_MINUTES} min: ${describeSweep({ repository: "", ran: true, report: drop.report })}; labels ${drop.view.labels.join(", ")}; assignees ${drop.view.assignees.join(", ") || "none"}`;
    event("sweep", paint(`#${silentTask.number}: not released as expected (${silent.problem})`, "red"));
  }
}

/** One line on the silent agent's task for the summary. */
export function silentSummary(story: SilentStory, landed: ReadonlySet<number>): string {
  const task = story.task;
  if (!task) return "no agent went silent";
  const steps = [
    `#${task.number} was claimed by @${SILENT}, who went silent`,
    story.warned ? `the sweep warned him at ${story.warned}` : "the sweep never warned him",
    story.released ? `released his claim at ${story.released}` : "never released his claim",
  ];
  const after = story.rescuer ? `@${story.rescuer} claimed it next and it ${landed.has(task.number) ? "landed" : "did not land"}` : "nobody claimed it again";
  return `${steps.join("; ")}; ${after}`;
}
