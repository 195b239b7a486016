import type { SwitchyardConfig } from "../../config/schema.js";
import type { Repo } from "../../github/octokit.js";

/**
 * The tracks this process's queue merged and then finished (lock freed, issue closed, compare-and-swap won), for a
 * while: the webhooks its own merge and close cause (`pull_request.closed`, `issues.closed`) then need not read again
 * what the run just read. A merge is announced before it is sent, since GitHub may deliver those webhooks before the
 * merge's answer arrives: a webhook about it waits until the finish is known to have succeeded or not.
 */
interface Finish {
  readonly task: number;
  readonly pullRequest: number;
  readonly at: number;
  /** The configuration the finish was decided with when it succeeded; `null` when it did not finish. */
  readonly outcome: Promise<SwitchyardConfig | null>;
}

/** Far longer than webhooks take to arrive; an older finish is not looked up (its webhook then does the full work). */
const KEEP_MS = 10 * 60_000;
const CAPACITY = 1_000;
const finishes = new Map<string, Finish>();

/** Said before the merge is sent; `settle` (the first call counts) with the config once the finish won, else `null`. */
export function expectFinish(repo: Repo, track: { task: number; pullRequest: number }): { settle(config: SwitchyardConfig | null): void } {
  let settle!: (config: SwitchyardConfig | null) => void;
  const outcome = new Promise<SwitchyardConfig | null>((resolve) => (settle = resolve));
  const key = `${repoKey(repo)}#${track.pullRequest}`;
  finishes.delete(key);
  if (finishes.size >= CAPACITY) finishes.delete(finishes.keys().next().value!);
  finishes.set(key, { ...track, at: Date.now(), outcome });
  return { settle };
}

/**
 * The configuration of this process's finish of the track `of` names (its task or its pull request), once that
 * finish succeeded; `null` when this process did not finish it (lately), or tried and did not.
 */
export async function finishedHere(repo: Repo, of: { task: number } | { pullRequest: number }): Promise<SwitchyardConfig | null> {
  const prefix = `${repoKey(repo)}#`;
  const found = [...finishes.entries()]
    .filter(([key, f]) => key.startsWith(prefix) && Date.now() - f.at < KEEP_MS)
    .map(([, f]) => f)
    .find((f) => ("task" in of ? f.task === of.task : f.pullRequest === of.pullRequest));
  return found ? found.outcome : null;
}

function repoKey(repo: Repo): string {
  return `${repo.owner}/${repo.repo}`.toLowerCase();
}
