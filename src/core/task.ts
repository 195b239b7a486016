import type { ActiveTrack, TaskMeta } from "./admission/index.js";
import type { LockSnapshot } from "./lock.js";

/** The live state of a task issue, as the decisions need it. */
export interface TaskIssue {
  readonly number: number;
  readonly title: string;
  readonly open: boolean;
  readonly isPullRequest: boolean;
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
  /** The issue body, where `Depends on:` and `Touches:` lines live. */
  readonly body?: string;
  /** GraphQL node ids from the same read, for the issue's mutations (`changeIssue`): the issue's, and by lower-case name/login. */
  readonly nodeId?: string;
  readonly labelIds?: Readonly<Record<string, string>>;
  readonly assigneeIds?: Readonly<Record<string, string>>;
}

/** The pull request of the current claim's track, when one exists. */
export interface TrackPullRequest {
  readonly number: number;
  readonly nodeId: string;
  /** Not ready for review yet: a draft, or a PR marked as work in progress where drafts are refused. */
  readonly draft: boolean;
  /** Marked as work in progress (not a GitHub draft): its title, which `/done` gives back without the prefix. */
  readonly workInProgressTitle?: string;
  readonly open: boolean;
  readonly headRef: string;
  /** The head commit, where approvals must be to count; absent where the loader did not need it. */
  readonly headSha?: string;
  readonly baseRef?: string;
}

/** Everything a decision about one task needs, read fresh from GitHub. */
export interface TaskSnapshot {
  readonly issue: TaskIssue;
  readonly lock: LockSnapshot;
  /** Only loaded while the lock is held: the track's pull request (`null` when none is open). */
  readonly pullRequest?: TrackPullRequest | null;
}

/** The head of the default branch, where a new track starts. */
export interface BaseBranch {
  readonly name: string;
  readonly sha: string;
  readonly tree: string;
}

/** What admission control looks at for a `/claim`: the task's own lines, the active tracks, its dependencies. */
export interface AdmissionSnapshot {
  readonly meta: TaskMeta;
  readonly active: readonly ActiveTrack[];
  /** The task's `Depends on` tasks that are done (their issue closed as completed). */
  readonly done: ReadonlySet<number>;
  /** `Depends on` of the tasks reachable from this one, to find a cycle through tasks nobody holds. */
  readonly dependencies?: ReadonlyMap<number, readonly number[]>;
  /** Held tasks found closed (they hold no slot): a second look a moment later takes them as they were. */
  readonly closed?: ReadonlySet<number>;
}
