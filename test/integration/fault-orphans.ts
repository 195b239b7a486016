/**
 * What a user would call broken after a fault, a retry and a sweep, read from GitHub as they would see it: a track
 * (branch or PR) with no claim behind it, a claim without its track, labels or an assignee that disagree with the
 * lock, a queue lease stuck at "merging", a closed task whose track was not merged, a command nobody answered, the
 * same comment twice.
 */
import { decodeLock, isHeld, lockRef, type Lock } from "../../src/core/lock.js";
import { decodeLease } from "../../src/core/queue/index.js";
import { isDraftLike } from "../../src/core/work-in-progress.js";
import { REPLY_MARKER } from "../../src/messages/reply-marker.js";
import type { EmulatedGitHub, GitHubClient } from "../support/emulated-github.js";
import type { Said } from "./app-under-test.js";

const STATES = ["ready", "claimed", "review", "queued", "blocked"] as const;

export interface OrphanOptions {
  /** `/release` and the sweep's release keep the branch and PR on purpose: a kept track is not an orphan then. */
  readonly tracksOutliveClaims?: boolean;
}

export async function orphans(gh: EmulatedGitHub, tasks: readonly number[], said: readonly { issue: number; said: Said }[], options: OrphanOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const { data: pulls } = await gh.as("maya").rest.pulls.list({ owner: gh.owner, repo: gh.repo, state: "all", per_page: 100 });
  for (const n of tasks) problems.push(...(await taskProblems(gh, n, pulls, options)));
  problems.push(...(await leaseProblems(gh)));
  for (const issue of new Set([...tasks, ...said.map((s) => s.issue)])) problems.push(...(await answerProblems(gh, issue, said.filter((s) => s.issue === issue))));
  return problems;
}

type Pulls = Awaited<ReturnType<GitHubClient["rest"]["pulls"]["list"]>>["data"];

async function lockOf(gh: EmulatedGitHub, n: number): Promise<Lock | null> {
  const maya = gh.as("maya").rest;
  try {
    const { data: ref } = await maya.git.getRef({ owner: gh.owner, repo: gh.repo, ref: lockRef(n) });
    const { data: commit } = await maya.git.getCommit({ owner: gh.owner, repo: gh.repo, commit_sha: ref.object.sha });
    return decodeLock(commit.message);
  } catch {
    return null;
  }
}

async function taskProblems(gh: EmulatedGitHub, n: number, pulls: Pulls, options: OrphanOptions): Promise<string[]> {
  const problems: string[] = [];
  const { data: issue } = await gh.as("maya").rest.issues.get({ owner: gh.owner, repo: gh.repo, issue_number: n });
  const lock = await lockOf(gh, n);
  const shown = issue.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter((l) => STATES.some((s) => l === `agent:${s}`));
  const tracks = pulls.filter((p) => new RegExp(`^agent/[^/]+/${n}-`).test(p.head.ref));
  const held = lock && isHeld(lock) ? lock : null;
  if (issue.state === "closed") {
    if (held) problems.push(`#${n} is closed but its lock is still ${held.status}`);
    if (!tracks.some((p) => p.merged_at)) problems.push(`#${n} is closed but no track of it was merged`);
    return problems;
  }
  const want = !lock || lock.status === "free" ? ["agent:ready"] : lock.status === "review" ? ["agent:review", "agent:queued"] : [`agent:${lock.status}`];
  if (shown.length !== 1 || !want.includes(shown[0]!)) problems.push(`#${n} shows ${JSON.stringify(shown)} but its lock is ${lock?.status ?? "absent"}`);
  const assignees = (issue.assignees ?? []).map((a) => a.login);
  if (held && !assignees.includes(held.holder)) problems.push(`#${n} is held by ${held.holder} but assigned to ${JSON.stringify(assignees)}`);
  if (!held && assignees.length > 0) problems.push(`#${n} is not held but assigned to ${JSON.stringify(assignees)}`);
  const open = tracks.filter((p) => p.state === "open");
  if (held) {
    const own = open.filter((p) => p.head.ref === held.branch);
    if (own.length !== 1) problems.push(`#${n} is ${held.status} by ${held.holder} with ${own.length} open PRs on ${held.branch}`);
    if (held.status !== "claimed" && own.some((p) => isDraftLike(p))) problems.push(`#${n} is in ${held.status} but its PR is still a draft`);
  }
  const strays = open.filter((p) => p.head.ref !== held?.branch);
  if (strays.length > 0 && !options.tracksOutliveClaims) problems.push(`#${n} has open PRs without a claim: ${strays.map((p) => `#${p.number}`).join(", ")}`);
  const { data: branches } = await gh.as("maya").rest.git.listMatchingRefs({ owner: gh.owner, repo: gh.repo, ref: "heads/agent/" });
  const mine = branches.map((b) => b.ref.slice("refs/heads/".length)).filter((b) => new RegExp(`^agent/[^/]+/${n}-`).test(b));
  if (mine.length > 1 && !options.tracksOutliveClaims) problems.push(`#${n} has ${mine.length} track branches: ${mine.join(", ")}`);
  return problems;
}

async function leaseProblems(gh: EmulatedGitHub): Promise<string[]> {
  const maya = gh.as("maya").rest;
  const { data: refs } = await maya.git.listMatchingRefs({ owner: gh.owner, repo: gh.repo, ref: "switchyard/queue/" });
  const problems: string[] = [];
  for (const ref of refs) {
    const { data: commit } = await maya.git.getCommit({ owner: gh.owner, repo: gh.repo, commit_sha: ref.object.sha });
    const lease = decodeLease(commit.message);
    if (lease?.phase === "merging") problems.push(`${ref.ref} is stuck at merging #${lease.pullRequest}`);
  }
  return problems;
}

/** Every command has an answer before the next command on that issue, and no bot comment is posted twice. */
async function answerProblems(gh: EmulatedGitHub, issue: number, said: readonly { said: Said }[]): Promise<string[]> {
  const { data: comments } = await gh.as("maya").rest.issues.listComments({ owner: gh.owner, repo: gh.repo, issue_number: issue, per_page: 100 });
  const problems: string[] = [];
  const bodies = comments.filter((c) => c.user?.type === "Bot").map((c) => c.body ?? "");
  const twice = bodies.filter((b, i) => bodies.indexOf(b) !== i);
  if (twice.length > 0) problems.push(`#${issue} has the same bot comment twice: ${JSON.stringify(twice[0]!.slice(0, 120))}`);
  const ids = said.map((s) => s.said.commentId).sort((a, b) => a - b);
  ids.forEach((id, i) => {
    const next = ids[i + 1] ?? Infinity;
    const answered = comments.some((c) => c.id > id && c.id < next && c.user?.type === "Bot" && (c.body ?? "").includes(REPLY_MARKER));
    if (!answered) problems.push(`#${issue}: command comment ${id} (${JSON.stringify(said.find((s) => s.said.commentId === id)!.said.payload.comment.body)}) got no answer`);
  });
  return problems;
}
