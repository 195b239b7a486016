import { taskIssue } from "./load-task.js";
import { isDraftLike, isWorkInProgress } from "../../core/work-in-progress.js";
import { HOUR } from "../../config/duration.js";
import type { SwitchyardConfig } from "../../config/schema.js";
import { stateLabel, stateLabelsOn, type StateName } from "../../core/labels.js";
import { FREE_LOCK, isHeld, type Lock, type LockSnapshot } from "../../core/lock.js";
import {
  lastActivity,
  toDate,
  type ActivitySignals,
  type MergedPullRequest,
  type SweepWarning,
  type SweepTask,
} from "../../core/sweep/index.js";
import { parseSweepWarningMarker } from "../../core/messages/sweep.js";
import { trackBranch } from "../../core/track.js";
import type { BaseBranch, TaskIssue, TrackPullRequest } from "../../core/task.js";
import { loadBaseBranch } from "./load-task.js";
import { statusOf, type GitHub, type Repo } from "../octokit.js";
import type { SweepCache } from "./sweep-cache.js";
import { loadActivity, type ActivityTarget, type ClaimActivity, type TaskComment } from "./sweep-activity.js";
import { listedRefs } from "./lock-commits.js";

/** One task as `decideSweep` takes it. */
export interface SweepCandidate {
  readonly task: SweepTask;
  readonly signals: ActivitySignals;
  readonly warning: SweepWarning | null;
  readonly base?: BaseBranch;
}

export interface LoadSweepOptions {
  readonly config: SwitchyardConfig;
  readonly now: Date;
  /** The app's own login (`<slug>[bot]`): only its comments can be the sweep's warning. */
  readonly botLogin: string;
  readonly defaultBranch: string;
  readonly cache: SweepCache;
}

const LOCK_REFS = "switchyard/tasks/";
/** Labels that say "someone holds this": on an issue whose lock is free they are drift to repair. */
const HELD_LABELS: readonly StateName[] = ["claimed", "review", "queued"];
const PAGE = 100;
/**
 * A free or blocked lock that changed this recently may belong to a release that stopped half-way: its issue is
 * read once at that lock state (then the task is settled), unless it shows a held label, which is always read.
 */
const RECENT = HOUR;
/** Reads in flight at once: well under GitHub's 100 concurrent requests, and kind to the secondary limits. */
const CONCURRENCY = 4;

/**
 * Reads what the sweep decides on, at a cost that grows with the claimed tasks and not with the open issues:
 * one list of the lock refs, one page of open issues per held-state label (drift where the lock is free), the
 * lock commits (cached by sha), and per held lock of an open task its PR and, only once the claim is old enough to be stale, the
 * activity signals, cheapest first, stopping as soon as one shows the claim is alive.
 */
export async function loadSweep(github: GitHub, repo: Repo, options: LoadSweepOptions): Promise<SweepCandidate[]> {
  const prefix = options.config.labels.prefix;
  const where = `${repo.owner}/${repo.repo}`.toLowerCase();
  const [refs, lists] = await Promise.all([
    options.cache.conditional(`${where} lock refs`, (headers) => github.rest.git.listMatchingRefs({ ...repo, ref: LOCK_REFS, headers })),
    Promise.all(
      HELD_LABELS.map((s) =>
        options.cache.conditionalPages(`${where} open ${stateLabel(prefix, s)}`, PAGE, (page, headers) =>
          github.rest.issues.listForRepo({ ...repo, labels: stateLabel(prefix, s), state: "open", per_page: PAGE, page, headers }),
        ),
      ),
    ),
  ]);
  const shown = new Map<number, TaskIssue>();
  for (const data of lists) for (const issue of data) if (!issue.pull_request) shown.set(issue.number, taskIssue(issue));
  const listed = listedRefs(refs);
  await options.cache.fillLockCommits(github, repo, listed);
  const lockShas = new Map(listed.map((r) => [r.task, r.sha]));
  const reader = new SweepReader(github, repo, options, shown);
  const tasks = [...new Set([...lockShas.keys(), ...shown.keys()])].sort((a, b) => a - b);
  const loaded = (await mapLimit(tasks, CONCURRENCY, (task) => reader.candidate(task, lockShas.get(task) ?? null))).filter((c) => c !== null);
  return withActivity(github, repo, options, loaded);
}

/**
 * The activity of the claims old enough to be stale, read together (`loadActivity`: one GraphQL query per 20
 * claims); younger claims are alive by their claim alone and cost nothing more.
 */
async function withActivity(github: GitHub, repo: Repo, options: LoadSweepOptions, loaded: readonly Loaded[]): Promise<SweepCandidate[]> {
  const targets = loaded.flatMap((c) => (c.activityOf ? [c.activityOf] : []));
  const activity = targets.length > 0 ? await loadActivity(github, repo, targets) : new Map<number, ClaimActivity>();
  return loaded.map(({ activityOf, ...candidate }) => {
    const found = activityOf ? activity.get(activityOf.task) : undefined;
    if (!found) return candidate;
    return { ...candidate, signals: found.signals, warning: sweepWarning(activityOf!.task, found.issueComments, options.botLogin) };
  });
}

/** A candidate, and the claim whose activity is still to read. */
type Loaded = SweepCandidate & { readonly activityOf?: ActivityTarget };

class SweepReader {
  private base: Promise<BaseBranch> | undefined;

  constructor(
    private readonly github: GitHub,
    private readonly repo: Repo,
    private readonly options: LoadSweepOptions,
    private readonly shown: ReadonlyMap<number, TaskIssue>,
  ) {}

  async candidate(number: number, sha: string | null): Promise<Loaded | null> {
    const commit = sha ? await this.options.cache.lockCommit(this.github, this.repo, number, sha) : null;
    const lock = commit?.lock ?? FREE_LOCK;
    const snapshot: LockSnapshot = { lock, sha, tree: commit?.tree ?? null, ...(commit?.forged ? { forged: commit.forged } : {}) };
    if (!isHeld(lock)) return this.unheld(number, snapshot, commit?.parent ?? null);
    return this.held(number, snapshot, lock);
  }

  /** A free or blocked lock: only an issue that still shows a held label, or a lock that moved lately, can need repair. */
  private async unheld(number: number, lock: LockSnapshot, parent: string | null): Promise<SweepCandidate | null> {
    let issue = this.shown.get(number) ?? null;
    if (!issue) {
      const since = toDate(lock.lock.since);
      // A forged lock is always looked at: the sweep reports and repairs it, however old the state it restores.
      const quiet = !since || this.options.now.getTime() - since.getTime() > RECENT || this.settled(number, lock);
      if (!lock.sha || (quiet && !lock.forged)) return null;
      issue = await this.issue(number);
      if (!issue) return null;
    }
    const interrupted = stateLabelsOn(this.options.config.labels.prefix, issue.labels).some((s) => HELD_LABELS.includes(s));
    // The holder the release was meant to unassign is in the lock state before this one.
    const previousHolder = interrupted && issue.assignees.length > 0 && parent ? (await this.options.cache.lockCommit(this.github, this.repo, number, parent, 0)).lock.holder : undefined;
    return { task: { issue, lock, ...(previousHolder ? { previousHolder } : {}) }, signals: {}, warning: null };
  }

  private async held(number: number, snapshot: LockSnapshot, lock: Lock & { holder: string }): Promise<Loaded | null> {
    let issue = this.shown.get(number) ?? null;
    if (!issue) {
      // A task closed while held (by hand, or by a merge outside the queue) costs one read, not one per sweep.
      if (this.settled(number, snapshot)) return null;
      issue = await this.issue(number);
      if (!issue) return null;
    }
    if (!issue.open || issue.isPullRequest) return { task: { issue, lock: snapshot }, signals: {}, warning: null };
    const branch = trackBranch(issue, lock, this.options.config);
    const { pullRequest, merged } = await this.pullRequests(branch);
    const task: SweepTask = { issue, lock: snapshot, pullRequest, mergedPullRequest: merged };
    if (lock.status !== "claimed") return { task, signals: {}, warning: null };
    const { now, config } = this.options;
    const base = pullRequest === null ? await this.defaultBranch() : undefined;
    // Every signal only moves the last activity later: a claim younger than `warnAfter` is alive by the claim alone.
    const silentSinceClaim = now.getTime() - lastActivity({}, lock, now).at.getTime() >= config.stale.warnAfter;
    const activityOf = silentSinceClaim ? { task: number, pullRequest: pullRequest?.number ?? null, branch } : undefined;
    return { task, signals: {}, warning: null, ...(base ? { base } : {}), ...(activityOf ? { activityOf } : {}) };
  }

  /** Found in order at this lock state by an earlier sweep of this process (see `SweepCache`). */
  private settled(number: number, lock: LockSnapshot): boolean {
    return lock.sha !== null && this.options.cache.isSettled(this.repo, number, lock.sha);
  }

  private async issue(number: number): Promise<TaskIssue | null> {
    try {
      const { data } = await this.github.rest.issues.get({ ...this.repo, issue_number: number });
      return taskIssue(data);
    } catch (error) {
      if (statusOf(error) === 404 || statusOf(error) === 410) return null;
      throw error;
    }
  }

  /** The open PR of the track, and its latest merged one: one request, since `state: "all"` lists both. */
  private async pullRequests(branch: string): Promise<{ pullRequest: TrackPullRequest | null; merged: MergedPullRequest | null }> {
    // Conditional: while the track's PRs do not change GitHub answers 304, which costs no rate limit.
    const data = await this.options.cache.conditional(`${this.repo.owner}/${this.repo.repo} pulls of ${branch}`.toLowerCase(), (headers) =>
      this.github.rest.pulls.list({ ...this.repo, head: `${this.repo.owner}:${branch}`, state: "all", per_page: 10, headers }),
    );
    const open = data.find((p) => p.state === "open");
    const merged = data.filter((p) => p.merged_at).sort((a, b) => Date.parse(b.merged_at!) - Date.parse(a.merged_at!))[0];
    return {
      pullRequest: open
        ? { number: open.number, nodeId: open.node_id, draft: isDraftLike(open), open: true, headRef: open.head.ref, ...(isWorkInProgress(open) ? { workInProgressTitle: open.title } : {}) }
        : null,
      merged: merged ? { number: merged.number, mergedAt: merged.merged_at!, headSha: merged.head.sha } : null,
    };
  }

  private defaultBranch(): Promise<BaseBranch> {
    this.base ??= loadBaseBranch(this.github, this.repo, this.options.defaultBranch);
    return this.base;
  }
}

/** The newest sweep warning on the task, among the app's own comments (anyone can paste a marker). */
function sweepWarning(task: number, comments: readonly TaskComment[], botLogin: string): SweepWarning | null {
  let found: SweepWarning | null = null;
  for (const c of comments) {
    if (c.author.toLowerCase() !== botLogin.toLowerCase()) continue;
    const marker = parseSweepWarningMarker(c.body);
    if (marker?.task !== task) continue;
    if (!found || Date.parse(c.updatedAt) >= Date.parse(String(found.postedAt))) found = { commentId: c.id, generation: marker.generation, postedAt: c.updatedAt };
  }
  return found;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
