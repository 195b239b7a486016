/**
 * Reads Switchyard's replies the way an agent would: what happened, in a few words, taken from the reply's
 * text (the sentences are in `src/messages.ts`), never from what the caller expected to happen.
 */

export type Outcome =
  | { readonly kind: "claimed"; readonly branch: string; readonly pullRequest: number | null; readonly again: boolean }
  | { readonly kind: "done"; readonly pullRequest: number }
  | { readonly kind: "released" }
  | { readonly kind: "failed"; readonly failures: number; readonly maxFailures: number; readonly blocked: boolean }
  | { readonly kind: "refused"; readonly reason: string; readonly heldBy: string | null };

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
  return { kind: "refused", reason: shortReason(text), heldBy: /already claimed by @([A-Za-z0-9-]+)/.exec(text)?.[1] ?? null };
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
