/** Where the apply step logs what it did. */
export interface ApplyLog {
  info(message: string): void;
  warn(message: string): void;
}

/** GitHub's answer to a merge or branch update the operations asked for: the queue decides what it means. */
export interface GitHubAnswer {
  readonly kind: "merge" | "updateBranch";
  readonly status: number;
  readonly message: string;
}

/** What one run of `applyOps` is given, and the facts earlier operations learned for later ones. */
export interface ApplyContext {
  readonly log: ApplyLog;
  /** The app's own login: a marked comment is the app's to find again only if the app wrote it. */
  readonly botLogin?: () => Promise<string>;
  /** The lock commit `writeLock` published, where a first claim's track branch starts (`ensureBranch` `atLockCommit`). */
  lockCommit?: string;
  /** The track branch `writeLock` created with a first lock (`startsBranch`): `ensureBranch` has nothing left to do. */
  branchStarted?: string;
  /** A reply was posted: whatever fails after it is logged, never answered a second time. */
  replied?: boolean;
  /** The PR `ensurePullRequest` opened or found, for the reply that names it. */
  pullRequest?: number;
  /** Whether GitHub kept the assignee `addAssignee` asked for. */
  assigned?: boolean;
  answer?: GitHubAnswer;
  /** `checkTaskLine` checked the task's line on the track branch (the holder should pull before pushing again). */
  checkedTaskLine?: boolean;
}

/** What one operation came to: done, or a lost compare-and-swap. */
export type Outcome = { readonly kind: "done" } | { readonly kind: "conflict"; readonly reason: string };
