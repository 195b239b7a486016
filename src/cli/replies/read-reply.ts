/**
 * What a Switchyard reply says, read back from its text. The app renders every reply in `src/messages/` (which the
 * CLI does not import: it is a client, like any agent); the wording of each kind is fixed, and
 * `test/cli/read-reply.test.ts` renders every kind with the app's own renderer and reads it back here, so the two
 * cannot drift apart unnoticed.
 */

/** The hidden first line of every reply (`src/messages/reply-marker.ts`). */
export const REPLY_MARKER = "<!-- switchyard:reply -->";

export type ReplyKind =
  | "claimed" | "released" | "done" | "failed" | "unblocked" | "status"
  | "heldBy" | "notAdmitted" | "notReady" | "isBlocked" | "issueClosed"
  | "notClaimed" | "notHolder" | "alreadyInReview" | "noPullRequest" | "notBlocked"
  | "usage" | "lookalike" | "badConfig" | "notAllowed" | "notMaintainer" | "useTaskIssue" | "notATrack"
  | "earlierClaim" | "busy" | "internalError" | "halfDone" | "rateLimited"
  | "other";

export interface ReadReply {
  readonly kind: ReplyKind;
  /** The login a reply begins with (`@alice claimed this task`): the one who said the command. */
  readonly addressee?: string;
  /** `heldBy`, `notHolder`: who holds the task. */
  readonly holder?: string;
  /** `claimed`: the track branch, and its pull request when it was opened. */
  readonly branch?: string;
  readonly pullRequest?: number;
  /** The reply without its marker, as posted (user text: neutralise before printing). */
  readonly text: string;
}

const LOGIN = "([A-Za-z0-9][A-Za-z0-9-]{0,38}(?:\\[bot\\])?)";

/** Recognisers, tried in order: the first whose pattern matches the start of the reply names its kind. */
const KINDS: readonly (readonly [ReplyKind, RegExp])[] = [
  ["claimed", new RegExp(`^@${LOGIN} (?:claimed this task\\.|you already hold this task; here is your track again\\.)`)],
  ["released", new RegExp(`^@${LOGIN} released (?:this task;|@${LOGIN}'s claim;)`)],
  ["done", new RegExp(`^@${LOGIN} marked #(\\d+) ready for review\\.`)],
  ["failed", new RegExp(`^@${LOGIN} gave this task up \\(`)],
  ["unblocked", new RegExp(`^@${LOGIN} unblocked this task`)],
  ["alreadyInReview", new RegExp(`^@${LOGIN} this task is already in review`)],
  ["notAllowed", new RegExp(`^@${LOGIN} (?:you cannot \`/\\w+\` here|\`/\\w+\` needs read access)`)],
  ["notMaintainer", new RegExp(`^@${LOGIN} \`/\\w+\` needs a maintainer`)],
  ["status", /^\*\*\d+ completed \/ \d+ total/],
  ["heldBy", new RegExp(`^This task is already claimed by @${LOGIN} \\(since `)],
  ["notAdmitted", /^This task cannot be claimed yet, so nothing changed:/],
  ["notReady", /^This issue is not a task ready to be claimed/],
  ["isBlocked", /^This task is \*\*blocked\*\* after /],
  ["issueClosed", /^This issue is closed, so it cannot be claimed/],
  ["notClaimed", /^Nobody holds this task, so there is nothing to `\//],
  ["notHolder", new RegExp(`^This task is held by @${LOGIN}, not by you`)],
  ["noPullRequest", /^I could not find an open pull request from `/],
  ["notBlocked", /^This task is not blocked; nothing changed\./],
  ["usage", /^`\/\w+` takes no arguments, so I did nothing\./],
  ["lookalike", /^`[^`\n]*` looks like `\/\w+` but is written with lookalike characters/],
  ["badConfig", /^`\.github\/switchyard\.yml` on the default branch is invalid/],
  ["useTaskIssue", /^`\/\w+` works on the task issue, not on a pull request\./],
  ["notATrack", /^This pull request is not a Switchyard track/],
  ["earlierClaim", /^This pull request belongs to an earlier claim of #\d+/],
  ["busy", /^Too many changes to this task arrived at once/],
  ["internalError", /^Something went wrong while handling `\/\w+`/],
  ["halfDone", /^`\/\w+` took effect, but GitHub failed while I was finishing the rest/],
  ["rateLimited", /^GitHub's rate limit for this app stopped `\/\w+`/],
];

/** Kinds whose first login is the actor (`@alice claimed …`), not someone else (`… claimed by @alice`). */
const ADDRESSED: ReadonlySet<ReplyKind> = new Set([
  "claimed", "released", "done", "failed", "unblocked", "alreadyInReview", "notAllowed", "notMaintainer",
]);

/** Reads a comment body that starts with the reply marker; `null` for any other comment. */
export function readReply(body: string): ReadReply | null {
  if (typeof body !== "string" || !body.startsWith(REPLY_MARKER)) return null;
  const text = body.slice(REPLY_MARKER.length).replace(/^\r?\n/, "");
  for (const [kind, pattern] of KINDS) {
    const match = pattern.exec(text);
    if (match === null) continue;
    return { kind, text, ...details(kind, match, text) };
  }
  return { kind: "other", text };
}

function details(kind: ReplyKind, match: RegExpExecArray, text: string): Partial<ReadReply> {
  if (ADDRESSED.has(kind)) {
    const found: { addressee?: string; branch?: string; pullRequest?: number } = { addressee: match[1] };
    if (kind === "claimed") Object.assign(found, claimedTrack(text));
    if (kind === "done") found.pullRequest = Number(match[2]);
    return found;
  }
  if (kind === "heldBy" || kind === "notHolder") return { holder: match[1] };
  return {};
}

/** The branch and pull request lines of a `claimed` reply. */
function claimedTrack(text: string): { branch?: string; pullRequest?: number } {
  const branch = /^- Branch: `([^`\n]+)`$/m.exec(text)?.[1];
  const pr = /^- Draft PR: #(\d+)$/m.exec(text)?.[1];
  return { ...(branch ? { branch } : {}), ...(pr ? { pullRequest: Number(pr) } : {}) };
}

/** The replies that can answer each command, besides those any command can get. */
const ANSWERS: Readonly<Record<string, readonly ReplyKind[]>> = {
  claim: ["claimed", "heldBy", "notAdmitted", "notReady", "isBlocked", "issueClosed"],
  release: ["released", "notClaimed", "notHolder"],
  done: ["done", "alreadyInReview", "notClaimed", "notHolder", "noPullRequest"],
  fail: ["failed", "notClaimed", "notHolder"],
  unblock: ["unblocked", "notBlocked"],
  status: ["status"],
};
const ANY_COMMAND: readonly ReplyKind[] = [
  "usage", "lookalike", "badConfig", "notAllowed", "notMaintainer", "useTaskIssue", "notATrack",
  "earlierClaim", "busy", "internalError", "halfDone", "rateLimited",
];

/** Whether a reply of this kind can be the answer to `/command`. */
export function canAnswer(command: string, kind: ReplyKind): boolean {
  return ANY_COMMAND.includes(kind) || (ANSWERS[command] ?? []).includes(kind);
}
