import { DAY, formatDuration, HOUR, MINUTE, SECOND } from "../config/duration.js";
import type { AdmissionRefusal, TaskMetaProblem } from "../core/admission/index.js";
import type { StatusReport, TrackRow } from "../core/status.js";

/**
 * Every sentence a user reads lives in this folder: command replies and notices here, the sweep's comments in
 * `stale.ts`, the merge queue's replies in `queue.ts`. Decisions return a `Message` (plain data); the apply step renders it.
 * A refusal always says why and what to do instead.
 */

/** Hidden marker on every reply, so the bot's own comments can be recognised (and never re-read as commands). */
export const REPLY_MARKER = "<!-- switchyard:reply -->";

export type Message =
  | { kind: "claimed"; holder: string; branch: string; worktreeDir: string; reclaimed: boolean; pullRequest?: number }
  | { kind: "released"; holder: string; by: string }
  | { kind: "done"; holder: string; pullRequest: number; reviewers: string[] }
  | { kind: "failed"; holder: string; reason: string; failures: number; maxFailures: number; blocked: boolean }
  | { kind: "unblocked"; by: string }
  | { kind: "usage"; command: string }
  | { kind: "lookalike"; written: string; command: string }
  | { kind: "badConfig"; problems: string[] }
  | { kind: "notAllowed"; login: string; command: string; need?: "read" }
  | { kind: "notMaintainer"; login: string; command: string; permission: string }
  | { kind: "useTaskIssue"; command: string }
  | { kind: "notATrack" }
  | { kind: "issueClosed" }
  | { kind: "notReady"; readyLabel: string }
  | { kind: "isBlocked"; failures: number }
  | { kind: "heldBy"; holder: string; since: string }
  | { kind: "alreadyInReview"; holder: string }
  | { kind: "notClaimed"; command: string }
  | { kind: "notHolder"; holder: string; command: string }
  | { kind: "earlierClaim"; command: string; task: number }
  | { kind: "notBlocked" }
  | { kind: "noPullRequest"; branch: string }
  | { kind: "notYetAvailable"; command: string }
  | { kind: "busy"; command: string }
  | { kind: "internalError"; command: string; detail: string }
  | { kind: "halfDone"; command: string; detail: string }
  | { kind: "status"; report: StatusReport }
  | { kind: "notAdmitted"; refusals: AdmissionRefusal[] };

/** What the bot says on its own, not in answer to a command: posted once, or rewritten in place. */
export type Notice =
  | { kind: "nowClaimable"; finished: number }
  | { kind: "dependencyCycle"; cycle: readonly number[] }
  | { kind: "filesOverlap"; others: readonly { pullRequest: number; task: number; files: readonly string[] }[] };

export function renderNotice(notice: Notice): string {
  switch (notice.kind) {
    case "nowClaimable":
      return `#${notice.finished} is done, so every task this one depends on is done: it can be claimed now with \`/claim\`.`;
    case "dependencyCycle":
      return `The tasks ${[...notice.cycle, notice.cycle[0]].map((n) => `#${n}`).join(" → ")} depend on each other through their \`Depends on:\` lines, so none of them can be claimed. Remove one of those lines to break the cycle.`;
    case "filesOverlap":
      return [
        "This track changes files that another active track changes too, so whichever merges second may conflict:",
        "",
        ...notice.others.map((o) => `- #${o.pullRequest} (task #${o.task}): ${o.files.slice(0, 20).map((f) => `\`${f}\``).join(", ")}${o.files.length > 20 ? `, and ${o.files.length - 20} more` : ""}`),
        "",
        "Agree with its author on who changes what, or declare `Touches:` in the task issues so admission control keeps such tasks apart. This comment is kept up to date.",
      ].join("\n");
  }
}

/** Facts only known after earlier operations ran (the PR a claim opened). */
export interface RenderContext {
  readonly pullRequest?: number;
  readonly assigned?: boolean;
}

export function renderMessage(message: Message, context: RenderContext = {}): string {
  return `${REPLY_MARKER}\n${body(message, context)}`;
}

function body(m: Message, ctx: RenderContext): string {
  switch (m.kind) {
    case "claimed": {
      const number = ctx.pullRequest ?? m.pullRequest;
      const pr = number ? `#${number}` : "(not opened yet: say `/claim` again to retry)";
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
    }
    case "released":
      return m.by === m.holder
        ? `@${m.holder} released this task; it is ready to be claimed again. The branch and PR are kept, so nothing pushed is lost.`
        : `@${m.by} released @${m.holder}'s claim; the task is ready to be claimed again. The branch and PR are kept, so nothing pushed is lost.`;
    case "done": {
      const who = m.reviewers.length > 0 ? ` Review requested from ${m.reviewers.map((r) => `@${r}`).join(", ")}.` : "";
      return `@${m.holder} marked #${m.pullRequest} ready for review.${who} A maintainer can queue it once it is approved.`;
    }
    case "failed":
      return m.blocked
        ? `@${m.holder} gave this task up (${quoteReason(m.reason)}). It has now failed ${m.failures} of ${m.maxFailures} allowed times and is **blocked**: a maintainer must say \`/unblock\` before anyone can claim it again.`
        : `@${m.holder} gave this task up (${quoteReason(m.reason)}). Failure ${m.failures} of ${m.maxFailures}; the task is ready to be claimed again, and the branch and PR are kept.`;
    case "unblocked":
      return `@${m.by} unblocked this task: its failure count is reset and it is ready to be claimed.`;
    case "usage":
      return `\`/${m.command}\` takes no arguments, so I did nothing. Write \`/${m.command}\` alone on its line.`;
    case "lookalike":
      return `\`${m.written}\` looks like \`/${m.command}\` but is written with lookalike characters, so I did nothing. Type \`/${m.command}\` with a plain \`/\` and plain letters.`;
    case "badConfig":
      return [
        "`.github/switchyard.yml` on the default branch is invalid, so Switchyard takes no action in this repository until it is fixed:",
        "",
        ...m.problems.map((p) => `- ${p}`),
      ].join("\n");
    case "notAllowed":
      if (m.need === "read") return `@${m.login} \`/${m.command}\` needs read access to this repository, and GitHub does not show you with it.`;
      return `@${m.login} you cannot \`/${m.command}\` here: it needs write permission on this repository, or your login in \`agents.allow\` in \`.github/switchyard.yml\`. Ask a maintainer.`;
    case "notMaintainer":
      return `@${m.login} \`/${m.command}\` needs a maintainer (${m.permission} permission or above) for this, and GitHub does not show you with that permission here.`;
    case "useTaskIssue":
      return `\`/${m.command}\` works on the task issue, not on a pull request. Say it on the issue this PR closes.`;
    case "notATrack":
      return "This pull request is not a Switchyard track (its branch was not made by a claim), so there is no task to act on. Use the task issue.";
    case "issueClosed":
      return "This issue is closed, so it cannot be claimed. Reopen it first if there is still work to do.";
    case "notReady":
      return `This issue is not a task ready to be claimed: it needs the \`${m.readyLabel}\` label. A maintainer adds it when the task is ready.`;
    case "isBlocked":
      return `This task is **blocked** after ${m.failures} failure${m.failures === 1 ? "" : "s"}. A maintainer must say \`/unblock\` before it can be claimed.`;
    case "heldBy":
      return `This task is already claimed by @${m.holder} (since ${m.since}). Pick another task, or ask @${m.holder} to \`/release\` it.`;
    case "alreadyInReview":
      return `@${m.holder} this task is already in review; nothing changed.`;
    case "notClaimed":
      return `Nobody holds this task, so there is nothing to \`/${m.command}\`. Claim it first with \`/claim\`.`;
    case "notHolder":
      return `This task is held by @${m.holder}, not by you, so your \`/${m.command}\` changed nothing.`;
    case "earlierClaim":
      return `This pull request belongs to an earlier claim of #${m.task}, which has since been released, so \`/${m.command}\` changed nothing. Claim the task again to continue.`;
    case "notBlocked":
      return "This task is not blocked; nothing changed.";
    case "noPullRequest":
      return `I could not find an open pull request from \`${m.branch}\`. Say \`/claim\` again to restore the track, then \`/done\`.`;
    case "notYetAvailable":
      return `\`/${m.command}\` is not available in this version of Switchyard yet; nothing changed.`;
    case "busy":
      return `Too many changes to this task arrived at once and \`/${m.command}\` could not get through. Nothing changed; please say it again.`;
    case "internalError":
      return `Something went wrong while handling \`/${m.command}\` (${m.detail}). Nothing was changed; please try again in a minute.`;
    case "halfDone":
      return `\`/${m.command}\` took effect, but GitHub failed while I was finishing the rest (${m.detail}). Say \`/${m.command}\` again to finish it; the periodic repair will also finish it.`;
    case "status":
      return renderStatus(m.report);
    case "notAdmitted":
      return [
        "This task cannot be claimed yet, so nothing changed:",
        "",
        ...m.refusals.map((r) => `- ${admissionReason(r)}`),
        "",
        "Pick another task, or say `/claim` again once this is resolved.",
      ].join("\n");
  }
}

function admissionReason(r: AdmissionRefusal): string {
  const tasks = (numbers: readonly number[]) => numbers.map((n) => `#${n}`).join(", ");
  switch (r.kind) {
    case "invalidTaskMeta":
      return `its \`Depends on:\` / \`Touches:\` lines need fixing in the issue body: ${r.problems.map(metaProblem).join("; ")}.`;
    case "dependencyCycle":
      return `its dependencies form a cycle (${[...r.cycle, r.cycle[0]].map((n) => `#${n}`).join(" → ")}), so none of them can start. Remove one of those \`Depends on:\` lines.`;
    case "dependenciesNotDone":
      return `it depends on ${tasks(r.tasks)}, not done yet. It can be claimed once ${r.tasks.length === 1 ? "that task is" : "those tasks are"} merged.`;
    case "maxActiveTracks":
      return `${r.tracks.length === 1 ? "1 track is" : `${r.tracks.length} tracks are`} already active (${tasks(r.tracks)}), the limit set by \`limits.maxActiveTracks\` (${r.limit}). A slot frees up when one is merged or released.`;
    case "maxClaimsPerAgent":
      return `you already hold ${tasks(r.tasks)}, the limit set by \`limits.maxClaimsPerAgent\` (${r.limit}). Say \`/done\`, \`/release\` or \`/fail\` there first.`;
    case "touchesOverlap":
      return `what it touches overlaps #${r.task}, held by @${r.holder} (${r.pairs.map(([a, b]) => `\`${a}\` and \`${b}\``).join(", ")}). It can start once #${r.task} is merged or released.`;
  }
}

function metaProblem(p: TaskMetaProblem): string {
  switch (p.kind) {
    case "crossRepositoryDependency":
      return `line ${p.line}: \`${p.reference}\` is in another repository, which Switchyard cannot track`;
    case "malformedDependency":
      return `line ${p.line}: \`${p.entry}\` is not a task reference like \`#12\``;
    case "invalidGlob":
      return `line ${p.line}: \`${p.glob}\` is not a usable glob (${GLOB_ERRORS[p.error]})`;
    case "tooManyEntries":
      return `line ${p.line}: more than ${p.limit} entries`;
  }
}

const GLOB_ERRORS: Record<Extract<TaskMetaProblem, { kind: "invalidGlob" }>["error"], string> = {
  empty: "empty",
  tooLong: "too long",
  controlCharacter: "it contains a control character",
  unbalancedBraces: "unbalanced braces",
  tooManyAlternatives: "too many brace alternatives",
  dotSegment: "`.` and `..` are not allowed",
  matchesNothing: "it can match no file",
};

/** DESIGN.md's `/status` form: the counts line, the active tracks, the queue in order. */
function renderStatus(r: StatusReport): string {
  const counts = `**${r.completed} completed / ${r.total} total (${r.inProgress} in progress, ${r.failed} failed, ${r.blocked} blocked), ${r.queued} queued**`;
  const lines = [counts];
  if (r.partial) lines.push("", "_Counts are lower bounds: this repository has more open tasks than one report reads._");
  lines.push("", "Active tracks:", "");
  if (r.tracks.length === 0) lines.push("_none_");
  else lines.push("| task | agent | branch | PR | age | last activity |", "|---|---|---|---|---|---|", ...r.tracks.map(trackLine));
  lines.push("", "Merge queue:", "");
  if (r.queue.length === 0) lines.push("_empty_");
  else lines.push(...r.queue.map((t, i) => `${i + 1}. #${t.task} ${escapeCell(t.title)}${t.pullRequest ? ` (PR #${t.pullRequest})` : ""}`));
  return lines.join("\n");
}

function trackLine(t: TrackRow): string {
  const pr = t.pullRequest ? `#${t.pullRequest}${t.state === "review" ? "" : " (draft)"}` : "none";
  return [
    `#${t.task} ${escapeCell(t.title)}`,
    t.agent ? `@${t.agent}` : "?",
    t.branch ? `\`${t.branch}\`` : "?",
    pr,
    t.ageMs === null ? "?" : roughDuration(t.ageMs),
    t.idleMs === null ? "?" : `${roughDuration(t.idleMs)} ago`,
  ].reduce((row, cell) => `${row} ${cell} |`, "|");
}

/** `45s`, `12m`, `3h5m`, `2d4h`: precise enough for a glance. */
export function roughDuration(ms: number): string {
  const unit = ms < MINUTE ? SECOND : ms < HOUR ? MINUTE : ms < DAY ? MINUTE : HOUR;
  return formatDuration(Math.floor(Math.max(0, ms) / unit) * unit);
}

function escapeCell(text: string): string {
  // A zero-width space after `@` keeps a title like "ping @team" from notifying anyone.
  return text.replace(/\|/g, "\\|").replace(/@/g, "@\u200b").replace(/[\r\n]+/g, " ").slice(0, 80);
}

function quoteReason(reason: string): string {
  const short = reason.trim().slice(0, 200).replace(/`/g, "'");
  return short.length > 0 ? `reason: “${short}”` : "no reason given";
}
