/**
 * What admission control says on its own, outside a `/claim`: tasks a finished dependency made claimable, and
 * pairs of active tracks whose pull requests change the same files. Pure; the caller finds the bot's earlier
 * notices by their hidden markers so each is said once, or updated in place.
 */

/** An open task as these decisions need it. */
export interface WaitingTask {
  readonly number: number;
  readonly dependsOn: readonly number[];
}

/**
 * The tasks that `finished` was the last unmet dependency of: every one of their dependencies is now done.
 * A task still waiting on something else is not named yet; the last dependency to finish names it.
 */
export function newlyClaimable(finished: number, open: readonly WaitingTask[], isDone: (task: number) => boolean): number[] {
  return open
    .filter((task) => task.dependsOn.includes(finished) && task.dependsOn.every((n) => n === finished || isDone(n)))
    .map((task) => task.number)
    .sort((a, b) => a - b);
}

/** An active track's pull request and the files it changes. */
export interface TrackFiles {
  readonly task: number;
  readonly pullRequest: number;
  readonly files: readonly string[];
}

export interface FileOverlap {
  readonly pullRequest: number;
  /** The other tracks this PR shares files with, by PR number, with the shared files, sorted. */
  readonly others: readonly { readonly pullRequest: number; readonly task: number; readonly files: readonly string[] }[];
}

/** For each track PR, the other track PRs that change a file it changes too; PRs that share nothing are left out. */
export function fileOverlaps(tracks: readonly TrackFiles[]): FileOverlap[] {
  const result: FileOverlap[] = [];
  for (const track of tracks) {
    const mine = new Set(track.files);
    const others = tracks
      .filter((other) => other.pullRequest !== track.pullRequest)
      .map((other) => ({ pullRequest: other.pullRequest, task: other.task, files: other.files.filter((f) => mine.has(f)).sort() }))
      .filter((other) => other.files.length > 0)
      .sort((a, b) => a.pullRequest - b.pullRequest);
    if (others.length > 0) result.push({ pullRequest: track.pullRequest, others });
  }
  return result;
}
