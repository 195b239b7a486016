import type { CommandMessage, Message } from "../core/messages/reply.js";
import { REPLY_MARKER } from "./reply-marker.js";
import { renderAdmissionReason } from "./render-admission.js";
import { isQueueMessage } from "../core/messages/queue.js";
import { renderQueueMessage } from "./queue.js";
import { renderStatus } from "./render-status.js";
import { codeSpan, prose } from "./neutralize.js";

/**
 * Every sentence a user reads lives in this folder, and only here: command replies (this file), notices, the
 * `/status` report, the merge queue's replies and the sweep's comments. Decisions return plain data (`core/messages/`);
 * the apply step renders it. A refusal always says why and what to do instead.
 */

/** Facts only known after earlier operations ran (the PR a claim opened). */
export interface RenderContext {
  readonly pullRequest?: number;
  readonly assigned?: boolean;
  /** `/done` checked the task's line in the tasks file on the track branch just now. */
  readonly checkedTaskLine?: boolean;
}

export function renderMessage(message: Message, context: RenderContext = {}): string {
  return `${REPLY_MARKER}\n${body(message, context)}`;
}

function body(m: Message, ctx: RenderContext): string {
  if (isQueueMessage(m)) return renderQueueMessage(m);
  const render = REPLIES[m.kind] as (m: CommandMessage, ctx: RenderContext) => string;
  return render(m, ctx);
}

type Renderers = { [K in CommandMessage["kind"]]: (m: Extract<CommandMessage, { kind: K }>, ctx: RenderContext) => string };

/** One renderer per reply: a table, so each reply's wording stands on its own. */
const REPLIES: Renderers = {
  claimed: (m, ctx) => {
    const number = ctx.pullRequest ?? m.pullRequest;
    const pr = number
      ? `#${number}`
      : m.pullRequestOpening
        ? openingPullRequest(m.branch, m.repository)
        : "(not opened yet: say `/claim` again to retry)";
    const lines = [
      m.reclaimed
        ? `@${m.holder} you already hold this task; here is your track again.`
        : `@${m.holder} claimed this task. It is locked to you until you say \`/done\`, \`/release\` or \`/fail\`.`,
      "",
      `- Branch: \`${m.branch}\``,
      `- Draft PR: ${pr}`,
    ];
    if (ctx.assigned === false) {
      lines.push(`- GitHub could not assign @${m.holder} to this issue (assignees need access to the repository); the claim holds all the same.`);
    }
    lines.push(
      "",
      "Work in your own worktree:",
      "",
      "```sh",
      `git fetch origin ${m.branch}`,
      `git worktree add ${m.worktreeDir} ${m.branch}`,
      "```",
      "",
      "Push to that branch; say `/done` when it is ready for review.",
    );
    return lines.join("\n");
  },
  released: (m) =>
    m.by === m.holder
      ? `@${m.holder} released this task; it is ready to be claimed again. The branch and PR are kept, so nothing pushed is lost.`
      : `@${m.by} released @${m.holder}'s claim; the task is ready to be claimed again. The branch and PR are kept, so nothing pushed is lost.`,
  done: (m, ctx) => {
    const who = m.reviewers.length > 0 ? ` Review requested from ${m.reviewers.map((r) => `@${r}`).join(", ")}.` : "";
    const line = ctx.checkedTaskLine ? ` I checked this task in \`${m.tasksFile}\` on the branch, so pull before you push again.` : "";
    return `@${m.holder} marked #${m.pullRequest} ready for review.${who}${line} A maintainer can queue it once it is approved.`;
  },
  failed: (m) =>
    m.blocked
      ? `@${m.holder} gave this task up (${quoteReason(m.reason)}). It has now failed ${m.failures} of ${m.maxFailures} allowed times and is **blocked**: a maintainer must say \`/unblock\` before anyone can claim it again.`
      : `@${m.holder} gave this task up (${quoteReason(m.reason)}). Failure ${m.failures} of ${m.maxFailures}; the task is ready to be claimed again, and the branch and PR are kept.`,
  unblocked: (m) => `@${m.by} unblocked this task: its failure count is reset and it is ready to be claimed.`,
  usage: (m) => `\`/${m.command}\` takes no arguments, so I did nothing. Write \`/${m.command}\` alone on its line.`,
  lookalike: (m) => `${codeSpan(m.written, 40)} looks like \`/${m.command}\` but is written with lookalike characters, so I did nothing. Type \`/${m.command}\` with a plain \`/\` and plain letters.`,
  badConfig: (m) =>
    [
      "`.github/switchyard.yml` on the default branch is invalid, so Switchyard takes no action in this repository until it is fixed:",
      "",
      ...m.problems.map((p) => `- ${prose(p, 400)}`),
    ].join("\n"),
  notAllowed: (m) => {
    if (m.need === "read") return `@${m.login} \`/${m.command}\` needs read access to this repository, and GitHub does not show you with it.`;
    return `@${m.login} you cannot \`/${m.command}\` here: it needs write permission on this repository, or your login in \`agents.allow\` in \`.github/switchyard.yml\`. Ask a maintainer.`;
  },
  notMaintainer: (m) => `@${m.login} \`/${m.command}\` needs a maintainer (${m.permission} permission or above) for this, and GitHub does not show you with that permission here.`,
  useTaskIssue: (m) => `\`/${m.command}\` works on the task issue, not on a pull request. Say it on the issue this PR closes.`,
  notATrack: () => "This pull request is not a Switchyard track (its branch was not made by a claim), so there is no task to act on. Use the task issue.",
  issueClosed: () => "This issue is closed, so it cannot be claimed. Reopen it first if there is still work to do.",
  notReady: (m) => `This issue is not a task ready to be claimed: it needs the \`${m.readyLabel}\` label. A maintainer adds it when the task is ready.`,
  isBlocked: (m) => `This task is **blocked** after ${m.failures} failure${m.failures === 1 ? "" : "s"}. A maintainer must say \`/unblock\` before it can be claimed.`,
  heldBy: (m) => `This task is already claimed by @${m.holder} (since ${m.since}). Pick another task, or ask @${m.holder} to \`/release\` it.`,
  alreadyInReview: (m) => `@${m.holder} this task is already in review; nothing changed.`,
  notClaimed: (m) => `Nobody holds this task, so there is nothing to \`/${m.command}\`. Claim it first with \`/claim\`.`,
  notHolder: (m) => `This task is held by @${m.holder}, not by you, so your \`/${m.command}\` changed nothing.`,
  earlierClaim: (m) => `This pull request belongs to an earlier claim of #${m.task}, which has since been released, so \`/${m.command}\` changed nothing. Claim the task again to continue.`,
  notBlocked: () => "This task is not blocked; nothing changed.",
  noPullRequest: (m) => `I could not find an open pull request from \`${m.branch}\`. Say \`/claim\` again to restore the track, then \`/done\`.`,
  busy: (m) => `Too many changes to this task arrived at once and \`/${m.command}\` could not get through. Nothing changed; please say it again.`,
  internalError: (m) => `Something went wrong while handling \`/${m.command}\` (${m.detail}). Nothing was changed; please try again in a minute.`,
  halfDone: (m) => `\`/${m.command}\` took effect, but GitHub failed while I was finishing the rest (${m.detail}). Say \`/${m.command}\` again to finish it; the periodic repair will also finish it.`,
  rateLimited: (m) =>
    `GitHub's rate limit for this app stopped \`/${m.command}\`${m.until ? ` (it lifts at ${m.until})` : ""}. ` +
    (m.tookEffect ? `It took effect, but is not finished: say \`/${m.command}\` again then; the periodic repair will also finish it.` : `Nothing changed: say \`/${m.command}\` again then.`),
  status: (m) => renderStatus(m.report),
  notAdmitted: (m) =>
    [
      "This task cannot be claimed yet, so nothing changed:",
      "",
      ...m.refusals.map((r) => `- ${renderAdmissionReason(r)}`),
      "",
      "Pick another task, or say `/claim` again once this is resolved.",
    ].join("\n"),
};

function quoteReason(reason: string): string {
  const short = prose(reason);
  return short.length > 0 ? `reason: “${short}”` : "no reason given";
}

/**
 * The claim is answered before its draft PR exists (the PR is the next write), so the PR is named by what finds it:
 * the repository's pull requests from the track branch, a root-relative link that works on any GitHub host.
 */
function openingPullRequest(branch: string, repository: string | undefined): string {
  const later = "it will show in this issue's timeline (if it does not, say `/claim` again)";
  if (!repository) return `opening now; ${later}`;
  const query = encodeURIComponent(`is:pr head:${branch}`);
  return `[the pull request from \`${branch}\`](/${repository}/pulls?q=${query}), opening now; ${later}`;
}
