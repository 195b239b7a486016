import type { SwitchyardConfig } from "../../config/schema.js";
import type { LeaseSnapshot } from "../../core/queue/index.js";
import { listLeases, loadQueue, type ListReader, type QueuedTrack } from "../../github/load/load-queue.js";
import type { GitHub, Repo } from "../../github/octokit.js";

/** The track `/queue` just put at the head of an idle queue, as its own writes left it (see `queueStarted`). */
export interface StartedTrack {
  /** With its issue and lock as the command's writes left them (`read`). */
  readonly track: QueuedTrack;
  readonly lease: LeaseSnapshot;
}

/** The repository's queued tracks and leases, listed (conditionally when `lists` says so). */
export async function listQueue(github: GitHub, repo: Repo, config: SwitchyardConfig, lists: ListReader | undefined) {
  const listing = listLeases(github, repo, lists);
  const [queue, leases] = await Promise.all([loadQueue(github, repo, config, { ...(lists ? { list: lists } : {}), leased: listing }), listing]);
  return { queue, leases };
}

/** A run that starts from `/queue`'s track: its base and lease, and nothing else queued (there was nothing). */
export function fromStarted({ track, lease }: StartedTrack) {
  return { queue: [track], leases: [{ base: track.base, lease }] };
}
