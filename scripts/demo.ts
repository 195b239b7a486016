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
 * any request (the app's or the simulated users') would not have been accepted by real GitHub.
 *
 * Agents say `/claim` on *different* tasks one at a time (`desk`): admission control checks live state, so two
 * claims of different tasks at the same instant could both pass it (README, "Admission control"). The scripted
 * race on one task is concurrent: the per-task lock is what is atomic.
 *
 * Moving the sweep's clock makes every claim look half an hour old, not only the silent one; so while it sweeps,
 * the demo holds the desk (no new claims) and the reviewer, and waits until the silent agent's claim is the only
 * one: the others are in review, merged or not started. Only the sweep reads the moved clock; since the sweep's tick
 * also moves the merge queue (whose check timeout would fire at +31 min), it waits for the queue to be empty too.
 */
import { touchesOverlap } from "../src/core/admission/index.js";
import { CiBot, CI_LOGIN, CI_USERS } from "./support/ci-bot.js";
import { Conversation, type Said } from "./support/conversation.js";
import { ParallelismWatch } from "./support/parallelism.js";
import { event, heading, lines, paint } from "./support/printer.js";
import {
  describeOutcome,
  describeQueueOutcome,
  readMergedByQueue,
  readOutcome,
  readQueueReply,
  readRemovedFromQueue,
  type Blocker,
  type Outcome,
} from "./support/replies.js";
import { appIdle, sleep, startSandbox, TimeoutError, waitUntil, withTimeout, type Sandbox } from "./support/sandbox.js";
import { renderReply } from "./support/status.js";
import { describeSweep, readRelease, readSweepView, readWarning, shortDuration, SweepCron } from "./support/sweep-cron.js";

const AGENTS = ["alice", "bob", "carol"] as const;
const REVIEWER = "maya";
const MAINTAINER = "adam";
const READ_ONLY = "rita";
/** Claims `SILENT_TASK` early, then never pushes or comments again. */
const SILENT = "dave";
/** The index in BACKLOG of the task the silent agent claims (no dependency, no overlap with the others). */
const SILENT_TASK = 8;
/** The scheduler sweeps once this many tasks have landed (or all but the silent one). */
const SWEEP_AFTER_LANDED = 3;
/** The sweep's clock for the warning and for the release: past `stale.warnAfter` (20m), then `stale.releaseAfter` (30m). */
const WARN_AT_MINUTES = 21;
const RELEASE_AT_MINUTES = 31;
/** The whole demo must finish well within this; every single wait has its own, shorter timeout too. */
const DEADLINE_MS = 75_000;
/** How long the reviewer takes to read a PR that became ready for review. */
const REVIEW_READING_MS = 550;
/** How long an agent works on a task before pushing (a little longer for each task down the list). */
const WORK_MS = (task: Task) => 500 + 150 * (task.number % 4);
/** With nobody holding a claim, nothing to review and no change for this long, the agents stop waiting. */
const STALL_MS = 4_000;
/** The app's defaults (`limits.maxActiveTracks`, `limits.maxClaimsPerAgent`): the demo runs without a config file. */
const MAX_ACTIVE_TRACKS = 4;
/** A queued track must be merged (and finished: issue closed, line checked, branch deleted) within this. */
const QUEUE_WAIT_MS = 20_000;
/** The hidden marker on every Switchyard reply (`src/messages/index.ts`). */
const REPLY_MARKER = "<!-- switchyard:reply -->";

interface TaskSpec {
  readonly title: string;
  /** The file the agent's commit adds; inside `touches`. */
  readonly file: string;
  /** The `Touches:` globs of the issue body. */
  readonly touches: readonly string[];
  /** `Depends on:` these tasks (indexes into BACKLOG, earlier ones). */
  readonly dependsOn?: readonly number[];
  /** The first agent to claim it gives up once (`/fail`), so someone else picks it up. */
  readonly failsOnce?: string;
}

const BACKLOG: readonly TaskSpec[] = [
  { title: "Add the CLI", file: "src/cli/main.ts", touches: ["src/cli/**"] },
  { title: "Add a --json output flag", file: "src/output/json.ts", touches: ["src/output/**"], dependsOn: [0] },
  { title: "Document the CLI", file: "docs/cli.md", touches: ["docs/cli.md"], dependsOn: [1] },
  { title: "Write the getting-started guide", file: "docs/getting-started.md", touches: ["docs/*.md"] },
  { title: "Load settings from widgets.config.json", file: "src/config/load.ts", touches: ["src/config/**"] },
  { title: "Make the cache size configurable", file: "src/config/cache.ts", touches: ["src/config/cache.ts", "src/cache.ts"] },
  { title: "Validate widget names", file: "src/validate.ts", touches: ["src/validate.ts"] },
  { title: "Fix the flaky upload test", file: "test/upload.test.ts", touches: ["test/upload.test.ts"], failsOnce: "the upload test still times out on CI" },
  { title: "Log requests with their duration", file: "src/log.ts", touches: ["src/log.ts"] },
  { title: "Start a CHANGELOG", file: "CHANGELOG.md", touches: ["CHANGELOG.md"] },
];

interface Task {
  readonly number: number;
  readonly spec: TaskSpec;
  readonly dependsOn: readonly number[];
}

/** What the simulated people share: who waits for what, and what has landed. */
interface Shared {
  /** Task numbers merged by the queue and finished (closed, checked in TASKS.md). */
  readonly landed: Set<number>;
  /** Tracks maya queued that the demo has not yet seen merged, by PR number. */
  readonly queued: Map<number, { task: Task; at: number }>;
  /** Every track maya queued, in order: task and PR. */
  readonly queueOrder: { task: number; pullRequest: number }[];
  /** Heads CI reported on again because the queue brought the branch up to date with main. */
  branchUpdates: number;
  /** The reviewer has nothing left to do. */
  reviewerDone: boolean;
  /** What went wrong in the merge queue scene (a removal, a merge that never came). */
  readonly queueProblems: string[];
  /** Bumped whenever a track slot frees up (a landing, a `/fail`): refusals for limits and overlaps may clear. */
  generation: number;
  /** The generation at which each task last stopped being active (landed or given up). */
  readonly freedAt: Map<number, number>;
  /** PRs ready for review, in the order the bot announced them. */
  readonly inbox: { task: Task; pullRequest: number }[];
  /** Agents between a successful claim and their `/done` or `/fail`. */
  holding: number;
  reviewing: boolean;
  lastProgress: number;
  readonly failedOnce: Set<number>;
  /** The last refusal each task got, to explain anything left over. */
  readonly lastRefusal: Map<number, string>;
  readonly refusals: Map<Blocker["kind"] | "race" | "permission", number>;
  agentsLeft: number;
  /** The scheduler has not swept the silent agent's claim yet: the agents must not give up meanwhile. */
  sweepPending: boolean;
  /** The reviewer takes no new PR while the scheduler sweeps. */
  reviewPaused: boolean;
  /** What happened to the silent agent's task, for the summary. */
  readonly silent: SilentStory;
}

interface SilentStory {
  task?: Task;
  warned?: string;
  released?: string;
  /** Who claimed the task after the release. */
  rescuer?: string;
  /** The sweeps: GitHub requests (the app's, while nothing else ran), writes among them. */
  sweeps: { requests: number; writes: number }[];
  /** Set when the sweep did not do what the scene expects. */
  problem?: string;
}

async function main(): Promise<number> {
  const started = Date.now();
  const cron = new SweepCron();
  const sandbox = await startSandbox({ sweep: cron.settings, seed: { users: { ...CI_USERS } } });
  const { gh } = sandbox;
  const watch = new ParallelismWatch(gh, { reader: REVIEWER, everyMs: 150 });
  let branchUpdates = 0;
  const ci = new CiBot(gh, {
    context: "ci/demo",
    onRun: (run) => {
      if (!run.rerun) return; // the first run on a PR shows in the reviewer's line
      const updated = /^Merge branch '[^']+' into /.test(run.title);
      if (updated) branchUpdates++;
      event(
        CI_LOGIN,
        `PR #${run.pullRequest} has a new head ${run.sha.slice(0, 7)}${updated ? ` (the queue merged ${gh.defaultBranch} into ${run.branch})` : ""}  → ${paint("ci/demo passed", "green")}`,
      );
    },
  });
  try {
    console.log(`Switchyard demo: an emulated GitHub at ${gh.url} (${gh.owner}/${gh.repo}), the app at ${sandbox.app.webhookUrl}`);
    heading("Backlog");
    const { tasks, statusIssue } = await seedBacklog(sandbox);
    heading(
      `Agents ${AGENTS.join(", ")} at work, and ${SILENT}, who claims #${tasks[SILENT_TASK]!.number} and goes silent (reviewer: ${REVIEWER}; at most ${MAX_ACTIVE_TRACKS} active tracks, 1 claim per agent)`,
    );
    const conversation = new Conversation(gh, { timeoutMs: 15_000, reader: REVIEWER, pollMs: 50 });
    watch.start();
    ci.start();
    const shared = await withTimeout(work(sandbox, conversation, watch, ci, tasks, statusIssue, cron), DEADLINE_MS - (Date.now() - started), "the agents finishing the backlog");
    shared.branchUpdates = branchUpdates;
    await ci.stop();
    await appIdle(gh);
    await watch.stop();

    heading("Status");
    const status = await withTimeout(conversation.say(MAINTAINER, statusIssue, "/status"), 20_000, "the reply to /status");
    event(MAINTAINER, `/status on #${statusIssue}  → ${paint(`the bot replied (${status.reply.ms} ms):`, "green")}`);
    lines(renderReply(status.reply.text), "    ");

    heading("Parallel tracks (observed on GitHub at every event)");
    const widest = watch.widest;
    const parallel = `${widest.tasks.length} tracks ran in parallel at most (${widest.tasks.map((n) => `#${n}`).join(", ") || "none"}, at ${widest.at}; limits.maxActiveTracks is ${MAX_ACTIVE_TRACKS})`;
    const refusals = [...shared.refusals].map(([kind, n]) => `${n} ${REFUSAL_NAMES[kind]}`);
    const summary = [
      watch.violations.length === 0 ? `${parallel}; no two overlapping tracks were ever active together` : parallel,
      `${watch.snapshots} snapshots of the active tracks; refused claims: ${refusals.join(", ") || "none"}`,
    ];
    const remaining = tasks.filter((t) => !shared.landed.has(t.number));
    summary.push(
      remaining.length === 0
        ? `all ${tasks.length} tasks landed: approved by ${REVIEWER}, merged by the merge queue and closed as completed`
        : `${tasks.length - remaining.length} of ${tasks.length} tasks landed; not landed: ${remaining.map((t) => `#${t.number} (${shared.lastRefusal.get(t.number) ?? "never claimed"})`).join(", ")}`,
    );
    summary.push(silentSummary(shared.silent, shared.landed));
    lines(summary);
    let failed = remaining.length > 0;

    heading("The merge queue (read from GitHub)");
    const merged = await mergeReport(sandbox, tasks, shared);
    lines(merged.lines);
    lines(merged.tasksFile, "    ");
    if (!merged.ok) failed = true;
    if (shared.queueProblems.length > 0) {
      lines(shared.queueProblems.map((p) => paint(p, "red")));
      failed = true;
    }
    if (shared.silent.problem) {
      lines([paint(`the sweep scene went wrong: ${shared.silent.problem}`, "red")]);
      failed = true;
    }
    if (watch.violations.length > 0) {
      lines(watch.violations.map((v) => paint(`overlapping tracks #${v.tasks[0]} and #${v.tasks[1]} were active together at ${v.at} (${v.pairs.map(([a, b]) => `${a} and ${b}`).join(", ")})`, "red")));
      failed = true;
    }

    heading("What the app spent");
    const requests = gh.recorder.since();
    const writes = gh.recorder.writes();
    const mints = requests.filter((r) => r.method === "POST" && /^\/app\/installations\/[^/]+\/access_tokens$/.test(r.path)).length;
    const commands = conversation.count;
    const swept = shared.silent.sweeps;
    const sweepRequests = swept.reduce((n, s) => n + s.requests, 0);
    const sweepWrites = swept.reduce((n, s) => n + s.writes, 0);
    lines([
      `${requests.length} GitHub requests for ${commands} commands, ${shared.landed.size} merges, ${ci.runs} CI reports and ${swept.length} sweeps: ${writes.length} writes, ${requests.length - writes.length - mints} reads, ${mints} installation token mint(s)`,
      `the ${swept.length} sweeps: ${swept.map((s) => `${s.requests} requests (${s.writes} writes)`).join(" and ") || "none"}`,
      `${((requests.length - sweepRequests) / Math.max(commands, 1)).toFixed(1)} requests and ${((writes.length - sweepWrites) / Math.max(commands, 1)).toFixed(1)} writes per command on average, sweeps aside, the queue's merges and CI's webhooks included (see \`npm run bench\` for each alone)`,
      `finished in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ]);

    const violations = gh.recorder.violations;
    if (violations.length > 0) {
      heading(paint(`${violations.length} request(s) real GitHub would not accept:`, "red"));
      lines(violations.map((v) => `${v.kind}: ${v.request}: ${v.problems.join("; ")}`));
      return 1;
    }
    console.log("");
    console.log("Every request the app and the simulated users made would have been accepted by GitHub.");
    return failed ? 1 : 0;
  } finally {
    await ci.stop().catch(() => undefined);
    await watch.stop().catch(() => undefined);
    await sandbox.stop();
  }
}

const REFUSAL_NAMES: Record<Blocker["kind"] | "race" | "permission", string> = {
  race: "lost a race",
  permission: "without permission",
  dependency: "for an unfinished dependency",
  trackLimit: "at the track limit",
  agentLimit: "at the per-agent limit",
  overlap: "for overlapping Touches",
  other: "for another reason",
};

/**
 * The task issues (labelled ready by a maintainer, with `Depends on:` and `Touches:` lines), a TASKS.md on the
 * default branch listing them, and one more issue (not a task) where progress reports are asked for.
 */
async function seedBacklog(sandbox: Sandbox): Promise<{ tasks: Task[]; statusIssue: number }> {
  const { gh, repo } = sandbox;
  const maintainer = gh.as(MAINTAINER).rest;
  const tasks: Task[] = [];
  for (const spec of BACKLOG) {
    const dependsOn = (spec.dependsOn ?? []).map((i) => tasks[i]!.number);
    const body = [`${spec.title}.`, "", ...(dependsOn.length > 0 ? [`Depends on: ${dependsOn.map((n) => `#${n}`).join(", ")}`] : []), `Touches: ${spec.touches.join(", ")}`].join("\n");
    const { data } = await maintainer.issues.create({ ...repo, title: spec.title, body, labels: ["agent:ready"] });
    tasks.push({ number: data.number, spec, dependsOn });
  }
  const content = ["# Tasks", "", ...tasks.map((t) => `- [ ] #${t.number} ${t.spec.title}`), ""].join("\n");
  const sha = await fileSha(sandbox, "TASKS.md", gh.defaultBranch);
  await maintainer.repos.createOrUpdateFileContents({
    ...repo,
    path: "TASKS.md",
    branch: gh.defaultBranch,
    message: "List the backlog in TASKS.md",
    content: Buffer.from(content).toString("base64"),
    ...(sha ? { sha } : {}),
  });
  const { data: progress } = await maintainer.issues.create({ ...repo, title: "Progress", body: "Say `/status` here for a progress report." });
  event(MAINTAINER, `opened ${tasks.length} tasks labelled agent:ready (#${tasks[0]!.number}-#${tasks.at(-1)!.number}), listed them in TASKS.md on ${gh.defaultBranch}, and #${progress.number} for progress reports`);
  const rows = tasks.map((t) => [
    `#${t.number} ${t.spec.title}`,
    t.dependsOn.length > 0 ? `depends on ${t.dependsOn.map((n) => `#${n}`).join(", ")}` : "",
    `touches ${t.spec.touches.join(", ")}`,
  ]);
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  lines(rows.map((r) => `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]}`.trimEnd()), "          ");
  return { tasks, statusIssue: progress.number };
}

/** One claim at a time for different tasks (see the header); `run` waits its turn. */
class Desk {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(work, work);
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}

/** A refusal the agent remembers: it retries the task only once what blocked it may have changed. */
interface Waiting {
  /** These tasks must have landed first (dependencies). */
  readonly forTasks: readonly number[];
  /** These tracks must have stopped being active since the refusal (overlaps). */
  readonly forFreed: readonly number[];
  /** Any slot must have freed up since the refusal (the track limit, anything else). */
  readonly anySlot: boolean;
  readonly generation: number;
}

async function work(sandbox: Sandbox, conversation: Conversation, watch: ParallelismWatch, ci: CiBot, tasks: readonly Task[], statusIssue: number, cron: SweepCron): Promise<Shared> {
  const byNumber = new Map(tasks.map((t) => [t.number, t]));
  const shared: Shared = {
    landed: new Set(),
    queued: new Map(),
    queueOrder: [],
    branchUpdates: 0,
    reviewerDone: false,
    queueProblems: [],
    generation: 0,
    freedAt: new Map(),
    inbox: [],
    holding: 0,
    reviewing: false,
    lastProgress: Date.now(),
    failedOnce: new Set(),
    lastRefusal: new Map(),
    refusals: new Map(),
    agentsLeft: AGENTS.length,
    sweepPending: true,
    reviewPaused: false,
    silent: { sweeps: [] },
  };
  const desk = new Desk();
  const progress = () => {
    shared.lastProgress = Date.now();
  };
  const allLanded = () => tasks.every((t) => shared.landed.has(t.number));

  const say = async (login: string, task: Task, command: string): Promise<{ said: Said; outcome: Outcome }> => {
    const said = await conversation.say(login, task.number, command);
    const outcome = readOutcome(said.reply.text);
    // Replies to a race arrive together; let the winner's line come first.
    if (outcome.kind === "refused" && outcome.heldBy) await sleep(10);
    const color = outcome.kind === "refused" ? "yellow" : outcome.kind === "failed" ? "magenta" : "green";
    const [name, ...rest] = command.split(" ");
    const reason = rest.length > 0 ? ` (${rest.join(" ")})` : "";
    event(login, `${name} #${task.number} "${task.spec.title}"${reason}  → ${paint(describeOutcome(outcome), color)} ${paint(`(${said.reply.ms} ms)`, "dim")}`);
    watch.poke();
    if (outcome.kind === "claimed" && task === shared.silent.task && login !== SILENT) shared.silent.rescuer = login;
    if (outcome.kind === "refused") {
      shared.lastRefusal.set(task.number, outcome.reason);
      const kinds = outcome.heldBy ? ["race" as const] : outcome.blockers.length > 0
            ? outcome.blockers.map((b) => b.kind)
            : [/cannot \/claim here/.test(outcome.reason) ? ("permission" as const) : ("other" as const)];
      for (const kind of new Set(kinds)) shared.refusals.set(kind, (shared.refusals.get(kind) ?? 0) + 1);
    }
    return { said, outcome };
  };

  const agent = async (login: string, index: number, opening?: Promise<{ task: Task; claim: { outcome: Outcome } }>): Promise<void> => {
    const waiting = new Map<number, Waiting>();
    /** This agent's own tracks waiting in review: it does not pick work that overlaps them. */
    const inReview = new Set<Task>();
    /** Refused at the track limit at this generation: no task can start until a slot frees up. */
    let atLimit: number | null = null;
    const mayTry = (task: Task): boolean => {
      if (atLimit !== null && shared.generation <= atLimit) return false;
      for (const mine of inReview) {
        if (shared.landed.has(mine.number)) inReview.delete(mine);
        else if (touchesOverlap([...task.spec.touches], [...mine.spec.touches]).length > 0) return false;
      }
      const wait = waiting.get(task.number);
      if (!wait) return true;
      if (!wait.forTasks.every((n) => shared.landed.has(n))) return false;
      if (!wait.forFreed.every((n) => (shared.freedAt.get(n) ?? -1) > wait.generation)) return false;
      return !wait.anySlot || shared.generation > wait.generation;
    };
    let attempts = 0;
    try {
      for (;;) {
        if (allLanded()) return;
        // Pick and claim in one turn at the desk, so the pick is still ready when the claim is said.
        const turn =
          opening ??
          desk.run(async () => {
            const task = await pickReady(sandbox, login, byNumber, index, mayTry);
            return task ? { task, claim: await say(login, task, "/claim") } : null;
          });
        opening = undefined;
        const result = await turn;
        if (!result) {
          // Nothing this agent may try now: wait for a landing or a freed slot, or give up once nothing moves.
          if (stalled()) return;
          await sleep(100);
          continue;
        }
        if (++attempts > 40) throw new Error(`${login} tried to claim 40 times`);
        const { task, claim } = result;
        if (claim.outcome.kind === "claimed") {
          waiting.delete(task.number);
          if (await track(login, task, claim.outcome.branch)) inReview.add(task);
        } else if (claim.outcome.kind === "refused") {
          const blockers = claim.outcome.blockers;
          if (blockers.some((b) => b.kind === "trackLimit")) atLimit = shared.generation;
          // Lost a race: the task is no longer ready and drops out of the listing. Admission: wait for what it named.
          waiting.set(task.number, {
            forTasks: blockers.flatMap((b) => (b.kind === "dependency" ? b.tasks : [])),
            forFreed: blockers.flatMap((b) => (b.kind === "overlap" ? [b.task] : [])),
            anySlot: blockers.length === 0 || blockers.some((b) => b.kind !== "dependency" && b.kind !== "overlap"),
            generation: shared.generation,
          });
        } else {
          waiting.set(task.number, { forTasks: [], forFreed: [], anySlot: true, generation: shared.generation });
        }
      }
    } finally {
      shared.agentsLeft--;
    }
  };

  /** No one holds a claim or reviews, nothing is waiting for review or in the queue, and nothing changed for a while. */
  const stalled = () =>
    shared.holding === 0 &&
    !shared.reviewing &&
    !shared.sweepPending &&
    shared.inbox.length === 0 &&
    shared.queued.size === 0 &&
    Date.now() - shared.lastProgress > STALL_MS;

  /** Work on a claimed task: push a commit, then `/done` (or `/fail`, once, for the flaky task); true once in review. */
  const track = async (login: string, task: Task, branch: string): Promise<boolean> => {
    shared.holding++;
    progress();
    try {
      await sleep(WORK_MS(task));
      await pushCommit(sandbox, login, task, branch);
      if (task.spec.failsOnce && !shared.failedOnce.has(task.number)) {
        shared.failedOnce.add(task.number);
        await say(login, task, `/fail ${task.spec.failsOnce}`);
        shared.freedAt.set(task.number, ++shared.generation);
        return false;
      }
      const done = await say(login, task, "/done");
      if (done.outcome.kind !== "done") return false;
      shared.inbox.push({ task, pullRequest: done.outcome.pullRequest });
      return true;
    } finally {
      shared.holding--;
      progress();
    }
  };

  const readOnlyUser = async () => {
    await sleep(50);
    const task = tasks.at(-1)!;
    await say(READ_ONLY, task, "/claim");
  };

  // The reviewer works from notifications (the bot's "ready for review" replies): checks each PR on GitHub, waits
  // for CI on its head, approves it and says `/queue` on it. The merge queue does the rest (see `queueWatcher`).
  let ritaTried = false;
  const reviewer = async () => {
    const client = sandbox.gh.as(REVIEWER).rest;
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
          await sleep(REVIEW_READING_MS);
          const { data: pr } = await client.pulls.get({ ...sandbox.repo, pull_number: next.pullRequest });
          if (pr.draft || pr.state !== "open") {
            event(REVIEWER, paint(`PR #${pr.number} "${pr.title}" is ${pr.draft ? "still a draft" : pr.state}: not reviewing it`, "red"));
            continue;
          }
          const head = pr.head.sha;
          await waitUntil(`CI (${ci.context}) to pass on PR #${pr.number}'s head ${head.slice(0, 7)}`, async () => ((await ci.passed(head, REVIEWER)) ? true : undefined), {
            timeoutMs: 10_000,
            everyMs: 50,
          });
          const { data: review } = await client.pulls.createReview({ ...sandbox.repo, pull_number: pr.number, event: "APPROVE", body: "Looks good to me." });
          event(
            REVIEWER,
            `reviewed PR #${pr.number} "${pr.title}" (${ci.context} passed on ${head.slice(0, 7)})  → ${paint(review.state === "APPROVED" ? "approved" : review.state.toLowerCase(), "green")}`,
          );
          if (review.state !== "APPROVED") continue;
          if (!ritaTried) {
            // The read-only user would like it merged too; only a maintainer can queue.
            ritaTried = true;
            const tried = await conversation.say(READ_ONLY, pr.number, "/queue");
            const outcome = readQueueReply(tried.reply.text);
            event(READ_ONLY, `/queue PR #${pr.number}  → ${paint(describeQueueOutcome(outcome), outcome.kind === "refused" ? "yellow" : "red")} ${paint(`(${tried.reply.ms} ms)`, "dim")}`);
            if (outcome.kind !== "refused") shared.queueProblems.push(`@${READ_ONLY} (read-only) could queue PR #${pr.number}`);
          }
          const queued = await conversation.say(REVIEWER, pr.number, "/queue");
          const outcome = readQueueReply(queued.reply.text);
          event(REVIEWER, `/queue PR #${pr.number}  → ${paint(describeQueueOutcome(outcome), outcome.kind === "queued" ? "green" : "red")} ${paint(`(${queued.reply.ms} ms)`, "dim")}`);
          watch.poke();
          if (outcome.kind === "refused") {
            shared.queueProblems.push(`${REVIEWER}'s /queue on PR #${pr.number} was refused: ${outcome.reason}`);
            continue;
          }
          shared.queueOrder.push({ task: next.task.number, pullRequest: pr.number });
          shared.queued.set(pr.number, { task: next.task, at: Date.now() });
        } finally {
          shared.reviewing = false;
          progress();
        }
      }
    } finally {
      shared.reviewerDone = true;
    }
  };

  // Watches the tracks maya queued until GitHub shows each merged and finished: the PR merged, the task issue closed
  // as completed, its line checked in TASKS.md on main, the branch deleted and the bot's note on the task.
  const queueWatcher = async () => {
    const client = sandbox.gh.as(REVIEWER).rest;
    for (;;) {
      if (shared.queued.size === 0) {
        if (shared.agentsLeft === 0 && shared.reviewerDone) return;
        await sleep(50);
        continue;
      }
      for (const [number, entry] of [...shared.queued]) {
        const { data: pr } = await client.pulls.get({ ...sandbox.repo, pull_number: number });
        let problem: string | null = null;
        if (pr.merged) {
          const finished = await readFinished(sandbox, entry.task, pr.number, pr.head.ref);
          event(
            "queue",
            `merged PR #${pr.number} (closes #${entry.task.number})  → ${paint(finished.what, finished.ok ? "green" : "red")} ${paint(`(${((Date.now() - entry.at) / 1000).toFixed(1)} s after /queue)`, "dim")}`,
          );
          if (finished.ok) {
            shared.landed.add(entry.task.number);
            shared.freedAt.set(entry.task.number, ++shared.generation);
          } else {
            problem = `PR #${pr.number} was merged but not finished: ${finished.what}`;
          }
        } else if (pr.state !== "open") {
          problem = `PR #${pr.number} was closed without being merged`;
        } else if (Date.now() - entry.at > 1_500) {
          // Taken out of the queue? Its label says so; the PR is read again in case it merged meanwhile.
          const { data: issue } = await client.issues.get({ ...sandbox.repo, issue_number: entry.task.number });
          const labels = issue.labels.map((l) => (typeof l === "string" ? l : l.name));
          if (!labels.includes("agent:queued") && !(await client.pulls.get({ ...sandbox.repo, pull_number: number })).data.merged) {
            const removal = (await botComments(sandbox, entry.task.number, pr.number)).map(readRemovedFromQueue).find((r) => r !== null);
            problem = `PR #${number} left the queue unmerged: ${removal ?? `labels ${labels.join(", ") || "none"}`}`;
          } else if (!labels.includes("agent:queued")) {
            continue; // merged just now: the next round finishes it
          } else if (Date.now() - entry.at > QUEUE_WAIT_MS) {
            problem = `PR #${number} was not merged within ${QUEUE_WAIT_MS / 1000} s of /queue`;
          }
          if (problem) event("queue", paint(problem, "red"));
        }
        if (pr.merged || problem) {
          if (problem) shared.queueProblems.push(problem);
          shared.queued.delete(number);
          watch.poke();
          progress();
        }
      }
      await sleep(100);
    }
  };

  // Once three tracks are active together, the maintainer asks the bot where things stand.
  const midRunStatus = async () => {
    while (watch.widest.tasks.length < 3) {
      if (shared.agentsLeft === 0) return;
      await sleep(50);
    }
    const status = await conversation.say(MAINTAINER, statusIssue, "/status");
    event(MAINTAINER, `/status on #${statusIssue}  → ${paint(`the bot replied (${status.reply.ms} ms):`, "green")}`);
    lines(renderReply(status.reply.text), "            ");
  };

  // alice and bob go for the first task at the same moment: one wins, the other is refused and moves on.
  const first = tasks[0]!;
  const race = desk.run(() => Promise.all([say(AGENTS[0], first, "/claim"), say(AGENTS[1], first, "/claim")]));
  // Right after, dave claims a task of his own, and is never heard of again.
  const silentTask = tasks[SILENT_TASK]!;
  shared.silent.task = silentTask;
  const silentClaim = desk.run(() => say(SILENT, silentTask, "/claim"));

  /** One sweep by the scheduler with the sweep's clock `minutes` ahead, and what it did to the silent task. */
  const sweepAt = async (minutes: number) => {
    const { gh } = sandbox;
    await appIdle(gh);
    const mark = gh.recorder.mark();
    const [result] = await cron.fire(sandbox.appUrl, minutes);
    await appIdle(gh);
    shared.silent.sweeps.push({ requests: gh.recorder.count(mark), writes: gh.recorder.writes(mark).length });
    event("cron", `POST /switchyard/sweep, the sweep's clock at +${minutes} min  → ${paint(describeSweep(result), "cyan")}`);
    watch.poke();
    if (!result?.ran) throw new Error(`the sweep did not run: ${describeSweep(result)}`);
    return { report: result.report, view: await readSweepView(gh, REVIEWER, silentTask.number) };
  };

  // The scheduler: once a few tasks have landed, it sweeps with its clock at +21 and +31 minutes.
  const scheduler = async () => {
    const claim = await silentClaim;
    if (claim.outcome.kind !== "claimed") throw new Error(`${SILENT} could not claim #${silentTask.number}: ${describeOutcome(claim.outcome)}`);
    event(SILENT, paint(`goes silent: never pushes to ${claim.outcome.branch}, never comments again`, "dim"));
    const othersLanded = () => tasks.every((t) => t === silentTask || shared.landed.has(t.number));
    while (shared.landed.size < SWEEP_AFTER_LANDED && !othersLanded()) await sleep(50);
    await desk.run(async () => {
      shared.reviewPaused = true;
      try {
        // Only the silent claim may be claimed: every other agent is done with its task or has not started one.
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

        const warn = await sweepAt(WARN_AT_MINUTES);
        const warning = warn.view.warning ? readWarning(warn.view.warning) : null;
        if (warning && warn.report.warned === 1 && warn.report.released === 0 && warn.view.assignees.join() === SILENT) {
          shared.silent.warned = `+${WARN_AT_MINUTES} min`;
          event(
            "sweep",
            `#${silentTask.number} "${silentTask.spec.title}" silent ${shortDuration(warning.silent)}  → ${paint(`warned @${warning.holder}: released in about ${warning.releaseIn} unless something happens`, "yellow")}`,
          );
        } else {
          shared.silent.problem = `at +${WARN_AT_MINUTES} min: ${describeSweep({ repository: "", ran: true, report: warn.report })}; warning: ${warn.view.warning ?? "none"}`;
          event("sweep", paint(`#${silentTask.number}: no warning as expected (${shared.silent.problem})`, "red"));
        }

        const drop = await sweepAt(RELEASE_AT_MINUTES);
        const release = drop.view.release ? readRelease(drop.view.release) : null;
        const ready = drop.view.labels.includes("agent:ready") && !drop.view.labels.includes("agent:claimed") && drop.view.assignees.length === 0;
        if (release && drop.report.released === 1 && drop.report.warned === 0 && ready) {
          shared.silent.released = `+${RELEASE_AT_MINUTES} min (failure ${release.failures} of ${release.maxFailures})`;
          event(
            "sweep",
            `#${silentTask.number}  → ${paint(`released @${release.holder}'s claim after ${release.silent} without activity (failure ${release.failures} of ${release.maxFailures}); agent:ready again, unassigned, branch and draft PR kept`, "magenta")}`,
          );
        } else {
          shared.silent.problem = `at +${RELEASE_AT_MINUTES} min: ${describeSweep({ repository: "", ran: true, report: drop.report })}; labels ${drop.view.labels.join(", ")}; assignees ${drop.view.assignees.join(", ") || "none"}`;
          event("sweep", paint(`#${silentTask.number}: not released as expected (${shared.silent.problem})`, "red"));
        }
      } finally {
        shared.reviewPaused = false;
        shared.sweepPending = false;
        // The released claim frees a track slot.
        shared.freedAt.set(silentTask.number, ++shared.generation);
        progress();
      }
    });
  };

  await Promise.all([
    scheduler(),
    ...AGENTS.map((login, i) => agent(login, i, i < 2 ? race.then((claims) => ({ task: first, claim: claims[i]! })) : undefined)),
    readOnlyUser(),
    reviewer(),
    queueWatcher(),
    midRunStatus(),
  ]);
  return shared;
}

/** One line on the silent agent's task for the summary. */
function silentSummary(story: SilentStory, landed: ReadonlySet<number>): string {
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

/** The bot's replies on `issues` (without the hidden marker), oldest first. */
async function botComments(sandbox: Sandbox, ...issues: number[]): Promise<string[]> {
  const client = sandbox.gh.as(REVIEWER);
  const texts: string[] = [];
  for (const issue of issues) {
    const comments = await client.paginate(client.rest.issues.listComments, { ...sandbox.repo, issue_number: issue, per_page: 100 });
    for (const c of comments) if (c.user?.type === "Bot" && (c.body ?? "").includes(REPLY_MARKER)) texts.push((c.body ?? "").replace(REPLY_MARKER, "").trim());
  }
  return texts;
}

/** The task's line in TASKS.md on the default branch: `true` checked, `false` unchecked, `null` missing. */
function lineChecked(tasksFile: string, task: number): boolean | null {
  const line = tasksFile.split(/\r?\n/).find((l) => new RegExp(`^\\s*[-*+] \\[[ xX]\\] #${task}\\b`).test(l));
  return line === undefined ? null : /\[[xX]\]/.test(line);
}

async function readTasksFile(sandbox: Sandbox): Promise<string> {
  const { data } = await sandbox.gh.as(REVIEWER).rest.repos.getContent({ ...sandbox.repo, path: "TASKS.md", ref: sandbox.gh.defaultBranch });
  if (Array.isArray(data) || data.type !== "file") throw new Error("TASKS.md is not a file");
  return Buffer.from(data.content, "base64").toString("utf8");
}

/**
 * After the queue merged `pullRequest`: waits (a few seconds at most) until GitHub shows the rest of the queue's
 * work, the task issue closed as completed, its TASKS.md line checked on main, the branch gone and the bot's
 * "merged" note on the task; says what it saw.
 */
async function readFinished(sandbox: Sandbox, task: Task, pullRequest: number, branch: string): Promise<{ ok: boolean; what: string }> {
  const client = sandbox.gh.as(REVIEWER).rest;
  const look = async () => {
    const { data: issue } = await client.issues.get({ ...sandbox.repo, issue_number: task.number });
    const checked = lineChecked(await readTasksFile(sandbox), task.number);
    const branchGone = await client.repos.getBranch({ ...sandbox.repo, branch }).then(
      () => false,
      (error: { status?: number }) => (error.status === 404 ? true : Promise.reject(error)),
    );
    const note = (await botComments(sandbox, task.number)).map(readMergedByQueue).find((m) => m?.pullRequest === pullRequest) ?? null;
    const labels = issue.labels.map((l) => (typeof l === "string" ? l : l.name)).filter((l) => l?.startsWith("agent:"));
    const closed = issue.state === "closed" && issue.state_reason === "completed";
    return { closed, checked, branchGone, note, labels, ok: closed && checked === true && branchGone && note !== null && labels.length === 0 };
  };
  let seen = await look();
  const deadline = Date.now() + 8_000;
  while (!seen.ok && Date.now() < deadline) {
    await sleep(100);
    seen = await look();
  }
  const parts = [
    seen.closed ? `#${task.number} closed as completed` : `#${task.number} not closed as completed`,
    seen.checked === true ? "checked in TASKS.md" : seen.checked === false ? "left unchecked in TASKS.md" : "missing from TASKS.md",
    seen.labels.length === 0 ? "labels cleared" : `still labelled ${seen.labels.join(", ")}`,
    seen.branchGone ? "branch deleted" : "branch kept",
  ];
  if (!seen.note) parts.push("no note from the bot");
  return { ok: seen.ok, what: parts.join(", ") };
}

/**
 * The merge order from GitHub (the PRs' `merged_at`, ties broken by main's history), against the order maya
 * queued them; and TASKS.md as it ends on main, every box of which the app checked (the demo writes it only once,
 * unchecked, before the agents start).
 */
async function mergeReport(sandbox: Sandbox, tasks: readonly Task[], shared: Shared): Promise<{ lines: string[]; tasksFile: string[]; ok: boolean }> {
  const { gh, repo } = sandbox;
  const client = gh.as(REVIEWER);
  const taskOf = new Map(shared.queueOrder.map((q) => [q.pullRequest, q.task]));
  const closed = await client.paginate(client.rest.pulls.list, { ...repo, state: "closed", per_page: 100 });
  const history = await client.paginate(client.rest.repos.listCommits, { ...repo, sha: gh.defaultBranch, per_page: 100 });
  const age = (pr: number) => {
    const index = history.findIndex((c) => c.commit.message.includes(`(#${pr})`));
    return index < 0 ? -1 : history.length - index;
  };
  const merged = closed
    .filter((p) => p.merged_at && taskOf.has(p.number))
    .sort((a, b) => Date.parse(a.merged_at!) - Date.parse(b.merged_at!) || age(a.number) - age(b.number));
  const order = merged.map((p) => `#${taskOf.get(p.number)} (PR #${p.number})`);
  const queuedOrder = shared.queueOrder.map((q) => `#${q.task} (PR #${q.pullRequest})`);
  const sameOrder = order.join() === queuedOrder.join();
  const tasksFile = await readTasksFile(sandbox);
  const checked = tasks.filter((t) => lineChecked(tasksFile, t.number) === true);
  const unchecked = tasks.filter((t) => lineChecked(tasksFile, t.number) !== true);
  const spanMs = merged.length > 1 ? Date.parse(merged.at(-1)!.merged_at!) - Date.parse(merged[0]!.merged_at!) : 0;
  const out = [
    `merge order: ${merged.map((p) => `#${taskOf.get(p.number)}`).join(", ") || "nothing merged"}`,
    `  by PR: ${order.join(", ") || "none"} (merged_at on GitHub, from ${merged[0]?.merged_at ?? "-"} to ${merged.at(-1)?.merged_at ?? "-"}, ${Math.round(spanMs / 1000)} s)`,
    sameOrder ? `the queue merged them in the order ${REVIEWER} queued them (first in, first out)` : `queued in this order: ${queuedOrder.join(", ")}`,
    `${shared.queueOrder.length} tracks queued, ${merged.length} merged by the queue; ${shared.branchUpdates} branch(es) brought up to date with ${gh.defaultBranch} by the queue first (CI ran again on the new head)`,
    unchecked.length === 0
      ? `TASKS.md on ${gh.defaultBranch}: all ${checked.length} boxes checked, each by the app after its merge:`
      : paint(`TASKS.md on ${gh.defaultBranch}: ${checked.length} of ${tasks.length} boxes checked; unchecked: ${unchecked.map((t) => `#${t.number}`).join(", ")}`, "red"),
  ];
  const ok = unchecked.length === 0 && merged.length === tasks.length;
  if (merged.length !== tasks.length) out.push(paint(`${tasks.length - merged.length} task(s) did not end merged`, "red"));
  return { lines: out, tasksFile: tasksFile.trimEnd().split(/\r?\n/), ok };
}

/** The first ready task this agent may try; agents start at different places in the list so they do not all race. */
async function pickReady(sandbox: Sandbox, login: string, tasks: ReadonlyMap<number, Task>, index: number, mayTry: (task: Task) => boolean): Promise<Task | undefined> {
  const client = sandbox.gh.as(login).rest;
  const { data } = await client.issues.listForRepo({ ...sandbox.repo, state: "open", labels: "agent:ready", per_page: 100, sort: "created", direction: "asc" });
  const ready = data.filter((i) => !i.pull_request && tasks.has(i.number)).map((i) => tasks.get(i.number)!);
  const start = ready.length === 0 ? 0 : index % ready.length;
  return [...ready.slice(start), ...ready.slice(0, start)].find(mayTry);
}

/** The agent's work: one real commit on its track branch, through the contents API. */
async function pushCommit(sandbox: Sandbox, login: string, task: Task, branch: string): Promise<void> {
  const { gh, repo } = sandbox;
  const sha = await fileSha(sandbox, task.spec.file, branch);
  const { data } = await gh.as(login).rest.repos.createOrUpdateFileContents({
    ...repo,
    path: task.spec.file,
    branch,
    message: `${task.spec.title} (#${task.number})`,
    content: Buffer.from(contentFor(task, login)).toString("base64"),
    ...(sha ? { sha } : {}),
  });
  // Read back from GitHub: the branch head is the commit just made.
  const { data: head } = await gh.as(login).rest.repos.getBranch({ ...repo, branch });
  const ok = head.commit.sha === data.commit.sha;
  event(login, `pushed 1 commit to ${branch} (${task.spec.file}, ${data.commit.sha?.slice(0, 7)})${ok ? "" : paint(" but the branch head is elsewhere", "red")}`);
}

function contentFor(task: Task, login: string): string {
  const note = `${task.spec.title} (#${task.number}), by ${login}.`;
  if (task.spec.file.endsWith(".md")) return `# ${task.spec.title}\n\n${note}\n`;
  return `// ${note}\nexport const done = true;\n`;
}

async function fileSha(sandbox: Sandbox, path: string, ref: string): Promise<string | undefined> {
  try {
    const { data } = await sandbox.gh.as(MAINTAINER).rest.repos.getContent({ ...sandbox.repo, path, ref });
    return Array.isArray(data) ? undefined : data.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
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
