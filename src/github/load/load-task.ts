import { isHeld, type Lock } from "../../core/lock.js";
import { isDraftLike, isWorkInProgress } from "../../core/work-in-progress.js";
import type { BaseBranch, TaskIssue, TaskSnapshot, TrackPullRequest } from "../../core/task.js";
import { lockAt } from "../state/lock-store.js";
import type { GitHub, Repo } from "../octokit.js";
import { ConditionalLists, pullRequestReads } from "./conditional-lists.js";
import { readLockCached, type LockRefs } from "./lock-commits.js";

/**
 * A fresh snapshot of one task: the issue, its lock and, while the lock is held, the track's open PR (unless
 * `wantsTrack` says the decision has no use for it). `lockRefs`: a listing of every lock ref under way (a claim needs
 * it for admission anyway), which then gives this lock too. `saidOn`: the PR the command was said on, read a moment
 * ago; when it is open and comes from the held branch it is the track's PR, and the list of PRs by branch is not read.
 */
export async function loadTask(
  github: GitHub,
  repo: Repo,
  number: number,
  options: { lockRefs?: Promise<LockRefs>; wantsTrack?: (lock: Lock & { holder: string }) => boolean; saidOn?: TrackPullRequest } = {},
): Promise<TaskSnapshot> {
  const { lockRefs, wantsTrack = () => true, saidOn } = options;
  const [{ data: issue }, lock] = await Promise.all([
    github.rest.issues.get({ ...repo, issue_number: number }),
    lockRefs ? lockRefs.then((refs) => lockAt(github, repo, number, refs.get(number))) : readLockCached(github, repo, number),
  ]);
  const held = isHeld(lock.lock) && lock.lock.branch && wantsTrack(lock.lock) ? lock.lock.branch : null;
  return {
    issue: taskIssue({ ...issue, number }),
    lock,
    ...(held ? { pullRequest: saidOn?.open && saidOn.headRef === held ? saidOn : await findOpenPullRequest(github, repo, held) } : {}),
  };
}

export async function findOpenPullRequest(github: GitHub, repo: Repo, branch: string): Promise<TrackPullRequest | null> {
  const { data } = await github.rest.pulls.list({ ...repo, head: `${repo.owner}:${branch}`, state: "open", per_page: 1 });
  const pr = data[0];
  return pr ? trackPullRequest(pr) : null;
}

type RestPullRequest = Parameters<typeof isWorkInProgress>[0] & {
  number: number;
  node_id: string;
  state: string;
  head: { ref: string; sha: string };
  base: { ref: string };
};

function trackPullRequest(pr: RestPullRequest): TrackPullRequest {
  return {
    number: pr.number,
    nodeId: pr.node_id,
    draft: isDraftLike(pr),
    ...(isWorkInProgress(pr) ? { workInProgressTitle: pr.title } : {}),
    open: pr.state === "open",
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    baseRef: pr.base.ref,
  };
}

/** A pull request as a track's (its head is the track branch, if it is one). */
export async function loadPullRequest(github: GitHub, repo: Repo, pullRequest: number): Promise<TrackPullRequest> {
  return trackPullRequest(await readPullRequest(github, repo, pullRequest));
}

/** `GET pulls/{n}`, asked with the ETag of this process's last read of it (a 304 is that same answer). */
export function readPullRequest(github: GitHub, repo: Repo, pullRequest: number) {
  const key = `${repo.owner}/${repo.repo} pull ${pullRequest}`.toLowerCase();
  return pullRequestReads.read(key, (headers) => github.rest.pulls.get({ ...repo, pull_number: pullRequest, headers }));
}

export async function loadBaseBranch(github: GitHub, repo: Repo, name: string): Promise<BaseBranch> {
  const key = `${repo.owner}/${repo.repo} branch ${name}`.toLowerCase();
  const data = await branchHeads.read(key, (headers) => github.rest.repos.getBranch({ ...repo, branch: name, headers }));
  return { name, sha: data.commit.sha, tree: data.commit.commit.tree.sha };
}

/** The default branch as last read: asked again with its ETag, it answers 304 (not counted) until it moves. */
const branchHeads = new ConditionalLists();

/** The fields of a REST issue that a task needs. */
export interface IssueData {
  readonly number: number;
  readonly title: string;
  readonly state: string;
  readonly body?: string | null;
  readonly pull_request?: unknown;
  readonly node_id?: string;
  readonly labels: readonly (string | { readonly name?: string; readonly node_id?: string })[];
  readonly assignees?: readonly { readonly login: string; readonly node_id?: string }[] | null;
}

export function taskIssue(issue: IssueData): TaskIssue {
  return {
    number: issue.number,
    title: issue.title,
    open: issue.state === "open",
    isPullRequest: Boolean(issue.pull_request),
    labels: issue.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter((l) => l.length > 0),
    assignees: (issue.assignees ?? []).map((a) => a.login),
    body: issue.body ?? "",
    ...(issue.node_id ? { nodeId: issue.node_id } : {}),
    labelIds: idsBy(issue.labels.flatMap((l) => (typeof l === "string" || !l.name || !l.node_id ? [] : [[l.name, l.node_id] as const]))),
    assigneeIds: idsBy((issue.assignees ?? []).flatMap((a) => (a.node_id ? [[a.login, a.node_id] as const] : []))),
  };
}

function idsBy(pairs: readonly (readonly [string, string])[]): Record<string, string> {
  return Object.fromEntries(pairs.map(([key, id]) => [key.toLowerCase(), id]));
}
