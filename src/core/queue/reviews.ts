/**
 * Which reviews count toward merging a track (DESIGN.md section 4): the latest review of each user with the
 * maintainer permission, on the PR's current head, never by the task's holder, never by a bot. The bot authors every
 * track PR, so without these rules the holder could approve their own track, and so could anyone who can comment.
 * A maintainer's "changes requested" blocks until that maintainer approves or the review is dismissed.
 *
 * "On the current head" allows for what Switchyard itself adds after the approval: the queue merging the base in, and
 * `/done` checking the task's line. An approval of an earlier commit still stands when every commit since that is the
 * track's own (not the base's) was made by the app through GitHub's API (`stillStands`, read by the loader from the
 * commits' authors and GitHub's signatures); a push by anyone else means the reviewers have not seen the head.
 */

/** One review as GitHub lists them (oldest first). */
export interface ReviewRecord {
  readonly reviewer: string;
  readonly isBot: boolean;
  /** APPROVED, CHANGES_REQUESTED, DISMISSED, COMMENTED, PENDING. */
  readonly state: string;
  /** The head commit the review was made on. */
  readonly commitId: string | null;
}

export interface ReviewVerdict {
  readonly approvals: number;
  readonly changesRequested: boolean;
  /** Maintainers whose approval on the current head counts. */
  readonly approvedBy: readonly string[];
  readonly changesRequestedBy: readonly string[];
}

/** A commit as the comparison lists it: whether it is the app's own, signed by GitHub, and whether it is the base's. */
export interface CommitSince {
  readonly sha: string;
  readonly byApp: boolean;
}

/**
 * Whether an approval survives the commits made since it: each of the track's own commits since (the ones not from the
 * base: `ownCommits`) must be the app's.
 */
export function approvalStands(since: readonly CommitSince[], ownCommits: ReadonlySet<string>): boolean {
  return since.every((commit) => !ownCommits.has(commit.sha) || commit.byApp);
}

/** The reviewers whose latest verdict could count, before their permission is known: not bots, not the holder. */
export function latestVerdicts(reviews: readonly ReviewRecord[], holder: string | undefined): Map<string, ReviewRecord> {
  const latest = new Map<string, ReviewRecord>();
  for (const review of reviews) {
    if (review.isBot || !["APPROVED", "CHANGES_REQUESTED", "DISMISSED"].includes(review.state)) continue;
    const login = review.reviewer.toLowerCase();
    if (holder !== undefined && login === holder.toLowerCase()) continue;
    latest.set(login, review);
  }
  return latest;
}

/** The verdict from each reviewer's latest review, counting maintainers only (`isMaintainer`, read from GitHub). */
export function reviewVerdict(
  reviews: readonly ReviewRecord[],
  context: {
    readonly holder: string | undefined;
    readonly headSha: string;
    readonly isMaintainer: (login: string) => boolean;
    /** Whether an approval of this earlier commit still stands for the head; never, when omitted. */
    readonly stillStands?: (commitId: string) => boolean;
  },
): ReviewVerdict {
  const approvedBy: string[] = [];
  const changesRequestedBy: string[] = [];
  for (const review of latestVerdicts(reviews, context.holder).values()) {
    if (!context.isMaintainer(review.reviewer)) continue;
    const onHead = review.commitId === context.headSha || (review.commitId !== null && (context.stillStands?.(review.commitId) ?? false));
    if (review.state === "APPROVED" && onHead) approvedBy.push(review.reviewer);
    if (review.state === "CHANGES_REQUESTED") changesRequestedBy.push(review.reviewer);
  }
  return { approvals: approvedBy.length, changesRequested: changesRequestedBy.length > 0, approvedBy, changesRequestedBy };
}
