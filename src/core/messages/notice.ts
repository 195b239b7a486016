import type { LockStatus } from "../lock.js";

/** What the bot says on its own, not in answer to a command: posted once, or rewritten in place. */
export type Notice =
  | { kind: "nowClaimable"; finished: number }
  | { kind: "dependencyCycle"; cycle: readonly number[] }
  /** A state ref moved to a commit the app did not write (`by`: the author it claims, user text). */
  | { kind: "forgedLock"; ref: string; sha: string; by: string; status: LockStatus; holder: string | null }
  | { kind: "filesOverlap"; others: readonly { pullRequest: number; task: number; files: readonly string[] }[] };
