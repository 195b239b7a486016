/** One `/claim` of one task: say it, wait for the answer to it, read the answer. */
import { isValidBranchName, loginComponent, taskFromBranch } from "../../core/branch-name.js";
import { sameLogin } from "../../core/same-login.js";
import { ask } from "../api/conversation.js";
import type { ReadReply } from "../replies/read-reply.js";
import type { Session } from "../session.js";
import { lines, oneLine } from "../text.js";

export type Attempt =
  | { readonly task: number; readonly outcome: "claimed"; readonly branch: string; readonly pullRequest: number | null; readonly reclaimed: boolean }
  | { readonly task: number; readonly outcome: "refused"; readonly kind: string; readonly reason: string }
  | { readonly task: number; readonly outcome: "timedOut"; readonly taken: boolean; readonly withdrawn: boolean };

export interface AttemptOptions {
  readonly waitMs: number;
}

export async function attemptClaim(session: Session, task: number, options: AttemptOptions): Promise<Attempt> {
  const answer = await ask(session, task, "/claim", { waitMs: options.waitMs });
  if (answer.kind === "timedOut") return { task, outcome: "timedOut", taken: answer.taken, withdrawn: answer.withdrawn };
  return readClaimAnswer(session, task, answer.reply);
}

function readClaimAnswer(session: Session, task: number, reply: ReadReply): Attempt {
  if (reply.kind !== "claimed" || !sameLogin(reply.addressee, session.login)) {
    return { task, outcome: "refused", kind: reply.kind, reason: refusalText(reply) };
  }
  const branch = reply.branch ?? "";
  const prefix = `${session.config.branchPrefix}${loginComponent(session.login)}/`;
  if (!isValidBranchName(branch) || !branch.startsWith(prefix) || taskFromBranch(session.config.branchPrefix, branch) !== task) {
    return { task, outcome: "refused", kind: "other", reason: `the reply names no track branch of #${task} for @${session.login} (${oneLine(branch, 80)})` };
  }
  return { task, outcome: "claimed", branch, pullRequest: reply.pullRequest ?? null, reclaimed: /you already hold this task/.test(reply.text) };
}

/** The bot's reply as one line: its sentences, without the Markdown around them. */
export function refusalText(reply: ReadReply): string {
  return oneLine(lines(reply.text, 8).join(" ").replace(/`/g, "").replace(/\*\*/g, ""), 400);
}
