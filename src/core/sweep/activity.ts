import { sameLogin } from "../same-login.js";
import type { Lock } from "../lock.js";

/** A timestamp as GitHub's REST API gives it (ISO text) or already parsed. */
export type Instant = string | Date;

/** Something a person or an agent did on the task, with who did it. */
export interface AuthoredEvent {
  readonly author: string;
  /** GitHub's `user.type === "Bot"`; logins ending in `[bot]` count as bots even without it. */
  readonly bot?: boolean;
  readonly at: Instant;
}

export interface CheckRunTimes {
  readonly startedAt?: Instant | null;
  readonly completedAt?: Instant | null;
}

/**
 * The raw facts a loader reads for one held claim, each one optional (absent = not loaded, counts as nothing).
 * The loader does not filter by author: which comments count is decided here. Events from before the claim may be
 * included; the claim itself is a lower bound, so they never matter.
 */
export interface ActivitySignals {
  /** Comments on the task issue. Only the holder's count. */
  readonly issueComments?: readonly AuthoredEvent[];
  /** Comments in the conversation of the track's PR. The holder's count, and anyone's who is not a bot. */
  readonly pullRequestComments?: readonly AuthoredEvent[];
  /** Reviews and review (diff) comments on the track's PR; same rule as PR comments. */
  readonly reviews?: readonly AuthoredEvent[];
  /** Committer date of the track branch's head commit: the cheap stand-in for "the last push". */
  readonly branchHeadAt?: Instant | null;
  /** Check runs on the track's head commit. */
  readonly checkRuns?: readonly CheckRunTimes[];
}

export type ActivitySource = "claim" | "holderComment" | "pullRequestComment" | "review" | "push" | "checkRun";

export interface Activity {
  readonly at: Date;
  readonly source: ActivitySource;
}

/**
 * GitHub assigns every timestamp here except a commit's date, which the committer sets. A date this far past the
 * sweep's clock is not believed: otherwise one commit dated next year would keep a claim alive for a year.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** How long after the claim the track branch's first (bot) commit may be dated. */
export const CLAIM_SETUP_MS = 60 * 1000;

/**
 * When the holder (or anyone working on the track) last showed signs of life: the latest of the claim, the
 * holder's comments on the issue or PR, other people's comments and reviews on the PR, the branch head's commit
 * date and the check runs on the head. Bots other than the holder never count: Switchyard's own warnings must not
 * reset the clock, and a bot that comments on a schedule would otherwise keep a dead claim alive forever.
 */
export function lastActivity(signals: ActivitySignals, claim: Pick<Lock, "since"> & { readonly holder: string }, now: Date): Activity {
  let best: Activity = { at: toDate(claim.since) ?? new Date(0), source: "claim" };
  const latest = now.getTime() + MAX_CLOCK_SKEW_MS;
  const consider = (instant: Instant | null | undefined, source: ActivitySource): void => {
    const at = toDate(instant);
    if (at && at.getTime() <= latest && at.getTime() > best.at.getTime()) best = { at, source };
  };
  const byHolder = (e: AuthoredEvent) => sameLogin(e.author, claim.holder);
  const byPerson = (e: AuthoredEvent) => byHolder(e) || !isBot(e);

  for (const e of signals.issueComments ?? []) if (byHolder(e)) consider(e.at, "holderComment");
  for (const e of signals.pullRequestComments ?? []) if (byPerson(e)) consider(e.at, byHolder(e) ? "holderComment" : "pullRequestComment");
  for (const e of signals.reviews ?? []) if (byPerson(e)) consider(e.at, "review");
  // The claim itself starts the branch with the bot's empty commit a moment later: that is not a push.
  const pushed = toDate(signals.branchHeadAt);
  if (pushed && pushed.getTime() - (toDate(claim.since)?.getTime() ?? 0) > CLAIM_SETUP_MS) consider(pushed, "push");
  for (const run of signals.checkRuns ?? []) {
    consider(run.startedAt, "checkRun");
    consider(run.completedAt, "checkRun");
  }
  return best;
}

/** A valid date, or `null` for absent and unparseable values (a malformed timestamp is no activity). */
export function toDate(instant: Instant | null | undefined): Date | null {
  if (instant === null || instant === undefined) return null;
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

function isBot(e: AuthoredEvent): boolean {
  return e.bot === true || e.author.toLowerCase().endsWith("[bot]");
}
