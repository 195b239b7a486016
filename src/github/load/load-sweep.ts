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
  type AuthoredEvent,
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
        options.cache.conditional(`${where} open ${stateLabel(prefix, s)}`, (headers) =>
          github.rest.issues.listForRepo({ ...repo, labels: stateLabel(prefix, s), state: "open", per_page: PAGE, headers }),
        ),
      ),
    ),
  ]);
  const shown = new Map<number, TaskIssue>();
  for (const data of lists) for (const issue of data) if (!issue.pull_request) shown.set(issue.number, taskIssue(issue));
  const lockShas = new Map<number, string>();
  for (const ref of refs) {
    const task = Number(ref.ref.slice(`refs/${LOCK_REFS}`.length));
    if (Number.isSafeInteger(task) && task > 0) lockShas.set(task, ref.object.sha);
  }
  const reader = new SweepReader(github, repo, options, shown);
  const tasks = [...new Set([...lockShas.keys(), ...shown.keys()])].sort((a, b) => a - b);
  const loaded = await mapLimit(tasks, CONCURRENCY, (task) => reader.candidate(task, lockShas.get(task) ?? null));
  return loaded.filter((c): c is SweepCandidate => c !== null);
}

class SweepReader {
  private base: Promise<BaseBranch> | undefined;

  constructor(
    private readonly github: GitHub,
    private readonly repo: Repo,
    private readonly options: LoadSweepOptions,
    private readonly shown: ReadonlyMap<number, TaskIssue>,
  ) {}

  async candidate(number: number, sha: string | null): Promise<SweepCandidate | null> {
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
    const previousHolder = interrupted && issue.assignees.length > 0 && parent ? (await this.options.cache.lockCommit(this.github, this.repo, number, parent)).lock.holder : undefined;
    return { task: { issue, lock, ...(previousHolder ? { previousHolder } : {}) }, signals: {}, warning: null };
  }

  private async held(number: number, snapshot: LockSnapshot, lock: Lock & { holder: string }): Promise<SweepCandidate | null> {
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
    const [activity, base] = await Promise.all([
      this.activity(issue, lock, branch, pullRequest),
      pullRequest === null ? this.defaultBranch() : Promise.resolve(undefined),
    ]);
    return { task, ...activity, ...(base ? { base } : {}) };
  }

  /**
   * The activity signals of a claim, read one kind at a time while the claim still looks silent enough to warn:
   * every signal only moves the last activity later, so once one says "active" the rest cannot change the decision.
   */
  private async activity(
    issue: TaskIssue,
    lock: Lock & { holder: string },
    branch: string,
    pullRequest: TrackPullRequest | null,
  ): Promise<{ signals: ActivitySignals; warning: SweepWarning | null }> {
    const { now, config } = this.options;
    const signals: { -readonly [K in keyof ActivitySignals]: ActivitySignals[K] } = {};
    let warning: SweepWarning | null = null;
    const silent = () => now.getTime() - lastActivity(signals, lock, now).at.getTime() >= config.stale.warnAfter;
    const steps: (() => Promise<void>)[] = [
      async () => {
        const head = await this.branchHead(branch);
        signals.branchHeadAt = head?.date ?? null;
        if (head) steps.push(async () => void (signals.checkRuns = await this.checkRuns(head.sha)));
      },
      async () => {
        const comments = await this.comments(issue.number, lock.since);
        signals.issueComments = comments.map(authored);
        warning = this.warning(issue.number, comments);
      },
      ...(pullRequest
        ? [
            async () => void (signals.pullRequestComments = (await this.comments(pullRequest.number, lock.since)).map(authored)),
            async () => void (signals.reviews = await this.reviews(pullRequest.number)),
          ]
        : []),
    ];
    for (let step = 0; step < steps.length && silent(); step++) await steps[step]!();
    return { signals, warning };
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
    const { data } = await this.github.rest.pulls.list({ ...this.repo, head: `${this.repo.owner}:${branch}`, state: "all", per_page: 10 });
    const open = data.find((p) => p.state === "open");
    const merged = data.filter((p) => p.merged_at).sort((a, b) => Date.parse(b.merged_at!) - Date.parse(a.merged_at!))[0];
    return {
      pullRequest: open
        ? { number: open.number, nodeId: open.node_id, draft: isDraftLike(open), open: true, headRef: open.head.ref, ...(isWorkInProgress(open) ? { workInProgressTitle: open.title } : {}) }
        : null,
      merged: merged ? { number: merged.number, mergedAt: merged.merged_at! } : null,
    };
  }

  /** The branch head: its sha, and its committer date as the time of the last push. `null` when the branch is gone. */
  private async branchHead(branch: string): Promise<{ sha: string; date: string | null } | null> {
    try {
      const { data } = await this.github.rest.repos.getBranch({ ...this.repo, branch });
      const commit = data.commit.commit;
      return { sha: data.commit.sha, date: commit.committer?.date ?? commit.author?.date ?? null };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  private async comments(number: number, since: string) {
    return this.github.paginate(this.github.rest.issues.listComments, { ...this.repo, issue_number: number, since, per_page: PAGE });
  }

  private async reviews(pullNumber: number): Promise<AuthoredEvent[]> {
    const reviews = await this.github.paginate(this.github.rest.pulls.listReviews, { ...this.repo, pull_number: pullNumber, per_page: PAGE });
    return reviews.flatMap((r) => (r.user && r.submitted_at ? [{ author: r.user.login, bot: r.user.type === "Bot", at: r.submitted_at }] : []));
  }

  private async checkRuns(sha: string): Promise<ActivitySignals["checkRuns"]> {
    try {
      const { data } = await this.github.rest.checks.listForRef({ ...this.repo, ref: sha, per_page: PAGE });
      return data.check_runs.map((run) => ({ startedAt: run.started_at, completedAt: run.completed_at }));
    } catch (error) {
      // An installation that has not accepted the `checks: read` permission yet: the other signals still count.
      if (statusOf(error) === 403) return undefined;
      throw error;
    }
  }

  /** The newest sweep warning on the task, among the app's own comments (anyone can paste a marker). */
  private warning(task: number, comments: readonly IssueComment[]): SweepWarning | null {
    let found: SweepWarning | null = null;
    for (const c of comments) {
      if (c.user?.login.toLowerCase() !== this.options.botLogin.toLowerCase()) continue;
      const marker = parseSweepWarningMarker(c.body ?? "");
      if (marker?.task !== task) continue;
      if (!found || Date.parse(c.updated_at) >= Date.parse(String(found.postedAt))) {
        found = { commentId: c.id, generation: marker.generation, postedAt: c.updated_at };
      }
    }
    return found;
  }

  private defaultBranch(): Promise<BaseBranch> {
    this.base ??= loadBaseBranch(this.github, this.repo, this.options.defaultBranch);
    return this.base;
  }
}

interface IssueComment {
  readonly id: number;
  readonly body?: string | undefined;
  readonly created_at: string;
  readonly updated_at: string;
  readonly user: { readonly login: string; readonly type?: string } | null;
}

function authored(c: IssueComment): AuthoredEvent {
  return { author: c.user?.login ?? "", bot: c.user?.type === "Bot", at: c.created_at };
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
