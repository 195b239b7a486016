/**
 * Scene 6, the merge queue: the app's queue brings each queued branch up to date when main moved, waits for CI on
 * the new head, merges, closes the task, checks its TASKS.md line on main, clears the labels and the lock and deletes
 * the branch. The demo only watches GitHub for that, until each track the reviewer queued shows merged and finished
 * (or something went wrong: a removal from the queue, a merge that never came).
 */
import { event, paint } from "../support/printer.js";
import { readMergedByQueue, readRemovedFromQueue } from "../support/replies.js";
import { sleep, type Sandbox } from "../support/sandbox.js";
import type { Task } from "./backlog.js";
import { QUEUE_WAIT_MS, REPLY_MARKER, REVIEWER } from "./cast.js";
import { progress, type Stage } from "./stage.js";

type Queued = { task: Task; at: number };

/** Watches the queued tracks until GitHub shows each merged and finished, or a problem. */
export async function queueWatcher(stage: Stage): Promise<void> {
  const { shared } = stage;
  for (;;) {
    if (shared.queued.size === 0) {
      if (shared.agentsLeft === 0 && shared.reviewerDone) return;
      await sleep(50);
      continue;
    }
    for (const [number, entry] of [...shared.queued]) await follow(stage, number, entry);
    await sleep(100);
  }
}

/** One look at one queued PR: landed and finished, closed unmerged, out of the queue, or too slow. */
async function follow(stage: Stage, number: number, entry: Queued): Promise<void> {
  const { sandbox, shared } = stage;
  const { data: pr } = await sandbox.gh.as(REVIEWER).rest.pulls.get({ ...sandbox.repo, pull_number: number });
  let problem: string | null = null;
  if (pr.merged) {
    problem = await landed(stage, entry, pr.number, pr.head.ref);
  } else if (pr.state !== "open") {
    problem = `PR #${pr.number} was closed without being merged`;
  } else if (Date.now() - entry.at > 1_500) {
    const seen = await stillQueued(sandbox, number, entry);
    if (seen.mergedJustNow) return; // the next round finishes it
    problem = seen.problem;
    if (problem) event("queue", paint(problem, "red"));
  }
  if (pr.merged || problem) {
    if (problem) shared.queueProblems.push(problem);
    shared.queued.delete(number);
    stage.watch.poke();
    progress(shared);
  }
}

/** The queue merged the PR: prints what else GitHub shows done; the problem if the track is not finished. */
async function landed(stage: Stage, entry: Queued, pullRequest: number, branch: string): Promise<string | null> {
  const { shared } = stage;
  const finished = await readFinished(stage.sandbox, entry.task, pullRequest, branch);
  event(
    "queue",
    `merged PR #${pullRequest} (closes #${entry.task.number})  → ${paint(finished.what, finished.ok ? "green" : "red")} ${paint(`(${((Date.now() - entry.at) / 1000).toFixed(1)} s after /queue)`, "dim")}`,
  );
  if (!finished.ok) return `PR #${pullRequest} was merged but not finished: ${finished.what}`;
  shared.landed.add(entry.task.number);
  shared.freedAt.set(entry.task.number, ++shared.generation);
  return null;
}

/** Taken out of the queue? Its label says so; the PR is read again in case it merged meanwhile. */
async function stillQueued(sandbox: Sandbox, number: number, entry: Queued): Promise<{ mergedJustNow: boolean; problem: string | null }> {
  const client = sandbox.gh.as(REVIEWER).rest;
  const { data: issue } = await client.issues.get({ ...sandbox.repo, issue_number: entry.task.number });
  const labels = issue.labels.map((l) => (typeof l === "string" ? l : l.name));
  if (!labels.includes("agent:queued") && !(await client.pulls.get({ ...sandbox.repo, pull_number: number })).data.merged) {
    const removal = (await botComments(sandbox, entry.task.number, number)).map(readRemovedFromQueue).find((r) => r !== null);
    return { mergedJustNow: false, problem: `PR #${number} left the queue unmerged: ${removal ?? `labels ${labels.join(", ") || "none"}`}` };
  }
  if (!labels.includes("agent:queued")) return { mergedJustNow: true, problem: null };
  if (Date.now() - entry.at > QUEUE_WAIT_MS) return { mergedJustNow: false, problem: `PR #${number} was not merged within ${QUEUE_WAIT_MS / 1000} s of /queue` };
  return { mergedJustNow: false, problem: null };
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
export function lineChecked(tasksFile: string, task: number): boolean | null {
  const line = tasksFile.split(/\r?\n/).find((l) => new RegExp(`^\\s*[-*+] \\[[ xX]\\] #${task}\\b`).test(l));
  return line === undefined ? null : /\[[xX]\]/.test(line);
}

export async function readTasksFile(sandbox: Sandbox): Promise<string> {
  const { data } = await sandbox.gh.as(REVIEWER).rest.repos.getContent({ ...sandbox.repo, path: "TASKS.md", ref: sandbox.gh.defaultBranch });
  if (Array.isArray(data) || data.type !== "file") throw new Error("TASKS.md is not a file");
  return Buffer.from(data.content, "base64").toString("utf8");
}

/** What GitHub shows of a track after its merge: the issue, its TASKS.md line, its labels, the branch, the bot's note. */
async function lookFinished(sandbox: Sandbox, task: Task, pullRequest: number, branch: string) {
  const client = sandbox.gh.as(REVIEWER).rest;
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
}

/**
 * After the queue merged `pullRequest`: waits (a few seconds at most) until GitHub shows the rest of the queue's
 * work, the task issue closed as completed, its TASKS.md line checked on main, the branch gone and the bot's
 * "merged" note on the task; says what it saw.
 */
async function readFinished(sandbox: Sandbox, task: Task, pullRequest: number, branch: string): Promise<{ ok: boolean; what: string }> {
  let seen = await lookFinished(sandbox, task, pullRequest, branch);
  const deadline = Date.now() + 8_000;
  while (!seen.ok && Date.now() < deadline) {
    await sleep(100);
    seen = await lookFinished(sandbox, task, pullRequest, branch);
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
