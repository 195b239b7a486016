/** What the bot says on its own, not in answer to a command: posted once, or rewritten in place. */
export type Notice =
  | { kind: "nowClaimable"; finished: number }
  | { kind: "dependencyCycle"; cycle: readonly number[] }
  | { kind: "filesOverlap"; others: readonly { pullRequest: number; task: number; files: readonly string[] }[] };
