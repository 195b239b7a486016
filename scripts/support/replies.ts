/**
 * Reads Switchyard's replies the way an agent would: what happened, in a few words, taken from the reply's
 * text (the sentences are in `src/messages.ts`), never from what the caller expected to happen.
 */

export type Outcome =
  | { readonly kind: "claimed"; readonly branch: string; readonly pullRequest: number | null; readonly again: boolean }
  | { readonly kind: "done"; readonly pullRequest: number }
  | { readonly kind: "released" }
  | { readonly kind: "failed"; readonly failures: number; readonly maxFailures: number; readonly blocked: boolean }
  | { readonly kind: "refused"; readonly reason: string; readonly heldBy: string | null; readonly blockers: readonly Blocker[] };

/** One reason admission control gave for refusing a claim ("This task cannot be claimed yet"), read from its line. */
export type Blocker =
  | { readonly kind: "dependency"; readonly tasks: readonly number[]; readonly text: string }
  | { readonly kind: "trackLimit"; readonly tracks: readonly number[]; readonly text: string }
  | { readonly kind: "agentLimit"; readonly tasks: readonly number[]; readonly text: string }
  | { readonly kind: "overlap"; readonly task: number; readonly holder: string; readonly text: string }
  | { readonly kind: "other"; readonly text: string };

export function readOutcome(reply: string): Outcome {
  const text = reply.trim();
  if (/^@\S+ (claimed this task|you already hold this task)/.test(text)) {
    const branch = /Branch: `([^`]+)`/.exec(text)?.[1] ?? "(no branch named)";
    const pr = /Draft PR: #(\d+)/.exec(text)?.[1];
    return { kind: "claimed", branch, pullRequest: pr ? Number(pr) : null, again: /you already hold/.test(text) };
  }
  const done = /^@\S+ marked #(\d+) ready for review/.exec(text);
  if (done) return { kind: "done", pullRequest: Number(done[1]) };
  if (/^@\S+ released /.test(text)) return { kind: "released" };
  if (/^@\S+ gave this task up/.test(text)) {
    const blocked = /failed (\d+) of (\d+) allowed times and is \*\*blocked\*\*/.exec(text);
    if (blocked) return { kind: "failed", failures: Number(blocked[1]), maxFailures: Number(blocked[2]), blocked: true };
    const counted = /Failure (\d+) of (\d+)/.exec(text);
    return { kind: "failed", failures: Number(counted?.[1] ?? 0), maxFailures: Number(counted?.[2] ?? 0), blocked: false };
  }
  if (/^This task cannot be claimed yet/.test(text)) {
    const blockers = text
      .split("\n")
      .filter((line) => line.startsWith("- "))
      .map((line) => readBlocker(line.slice(2)));
    return { kind: "refused", reason: blockers.map((b) => b.text).join("; ") || shortReason(text), heldBy: null, blockers };
  }
  return { kind: "refused", reason: shortReason(text), heldBy: /already claimed by @([A-Za-z0-9-]+)/.exec(text)?.[1] ?? null, blockers: [] };
}

/** One line of an admission refusal (`admissionReason` in `src/messages.ts`), in a few words. */
export function readBlocker(line: string): Blocker {
  const plain = line.replace(/`/g, "").trim();
  const numbers = (list: string) => [...list.matchAll(/#(\d+)/g)].map((m) => Number(m[1]));
  const dependency = /^it depends on ((?:#\d+(?:, )?)+), not done yet/.exec(plain);
  if (dependency) return { kind: "dependency", tasks: numbers(dependency[1]!), text: `depends on ${dependency[1]}, not done yet` };
  const tracks = /^(\d+) tracks? (?:is|are) already active \(([^)]*)\), the limit set by limits\.maxActiveTracks \((\d+)\)/.exec(plain);
  if (tracks) return { kind: "trackLimit", tracks: numbers(tracks[2]!), text: `${tracks[1]} tracks already active (${tracks[2]}; maxActiveTracks is ${tracks[3]})` };
  const holds = /^you already hold ((?:#\d+(?:, )?)+), the limit set by limits\.maxClaimsPerAgent \((\d+)\)/.exec(plain);
  if (holds) return { kind: "agentLimit", tasks: numbers(holds[1]!), text: `already holds ${holds[1]} (maxClaimsPerAgent is ${holds[2]})` };
  const overlap = /^what it touches overlaps #(\d+), held by @([A-Za-z0-9-]+) \((.*)\)\. It can start/.exec(plain);
  if (overlap) return { kind: "overlap", task: Number(overlap[1]), holder: overlap[2]!, text: `touches overlap #${overlap[1]}, held by @${overlap[2]} (${overlap[3]})` };
  return { kind: "other", text: shortReason(plain) };
}

/** The first sentence of a refusal, without markdown, the "since …" time or the leading "This task is". */
export function shortReason(text: string): string {
  const plain = text.replace(/`/g, "").replace(/\*\*/g, "").replace(/\s+/g, " ").trim();
  const sentence = /^(.*?[.!?])(\s|$)/.exec(plain)?.[1] ?? plain;
  const short = sentence
    .replace(/ \(since [^)]*\)/, "")
    .replace(/^This task is /, "")
    .replace(/^@[A-Za-z0-9-]+ /, "")
    .replace(/\.$/, "");
  return short.length > 100 ? `${short.slice(0, short.lastIndexOf(" ", 97))} ...` : short;
}

/** One line for a reply: `claimed: branch agent/alice/3-add-the-cli, draft PR #11`, `refused: already claimed by @alice`. */
export function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case "claimed":
      return `${outcome.again ? "claimed (again)" : "claimed"}: branch ${outcome.branch}, draft PR ${outcome.pullRequest ? `#${outcome.pullRequest}` : "not opened"}`;
    case "done":
      return `PR #${outcome.pullRequest} ready for review`;
    case "released":
      return "released: ready to be claimed again";
    case "failed":
      return outcome.blocked
        ? `failed ${outcome.failures}/${outcome.maxFailures}: blocked until a maintainer says /unblock`
        : `failed (${outcome.failures} of ${outcome.maxFailures} allowed): back to ready`;
    case "refused":
      return `refused: ${outcome.reason}`;
  }
}

/** What the bot answered to `/queue` (the sentences are in `src/messages/queue.ts`). */
export type QueueOutcome =
  | { readonly kind: "queued"; readonly pullRequest: number; readonly position: number; readonly length: number }
  | { readonly kind: "alreadyQueued"; readonly position: number; readonly length: number }
  | { readonly kind: "refused"; readonly reason: string };

export function readQueueReply(reply: string): QueueOutcome {
  const text = reply.trim();
  const queued = /^@\S+ queued #(\d+) for merging: it is number (\d+) of (\d+) in the queue/.exec(text);
  if (queued) return { kind: "queued", pullRequest: Number(queued[1]), position: Number(queued[2]), length: Number(queued[3]) };
  const already = /already in the merge queue \(number (\d+) of (\d+)\)/.exec(text);
  if (already) return { kind: "alreadyQueued", position: Number(already[1]), length: Number(already[2]) };
  const maintainer = /needs a maintainer \(([^)]*)\)/.exec(text);
  if (maintainer) return { kind: "refused", reason: `needs a maintainer (${maintainer[1]})` };
  return { kind: "refused", reason: shortReason(text) };
}

export function describeQueueOutcome(outcome: QueueOutcome): string {
  switch (outcome.kind) {
    case "queued":
      return `queued, position ${outcome.position}${outcome.length > 1 ? ` of ${outcome.length}` : ""}`;
    case "alreadyQueued":
      return `already queued, position ${outcome.position} of ${outcome.length}`;
    case "refused":
      return `refused: ${outcome.reason}`;
  }
}

/** The merge queue's note on a task it merged: `The merge queue merged #12 (abc1234), …`; `null` for anything else. */
export function readMergedByQueue(reply: string): { pullRequest: number; sha: string; branchDeleted: boolean } | null {
  // The note may carry hidden markers (the reply marker, the merged note's own).
  const merged = /^The merge queue merged #(\d+) \(([0-9a-f]{7,40})\)/.exec(reply.replace(/<!--[\s\S]*?-->/g, "").trim());
  return merged ? { pullRequest: Number(merged[1]), sha: merged[2]!, branchDeleted: /Its branch was deleted/.test(reply) } : null;
}

/** The merge queue's removal of a track: `@bob I took #14 out of the merge queue: …`; the reason, or `null`. */
export function readRemovedFromQueue(reply: string): string | null {
  const removed = /^@\S+ I took #\d+ out of the merge queue: (.*)$/m.exec(reply.trim());
  return removed ? removed[1]!.replace(/`/g, "").replace(/\*\*/g, "") : null;
}
