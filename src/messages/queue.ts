/**
 * The sentences the merge queue writes. Every removal says
 * which problem, what it costs the task, and what to do next.
 */
import { formatDuration } from "../config/duration.js";
import { prose } from "./neutralize.js";
import type { QueueMessage } from "../core/messages/queue.js";


export function renderQueueMessage(m: QueueMessage): string {
  switch (m.kind) {
    case "queued":
      return `@${m.by} queued #${m.pullRequest} for merging: it is number ${m.position} of ${m.length} in the queue. ` +
        "It merges once it is approved, up to date with its base and every check has passed; say `/dequeue` to take it out.";
    case "alreadyQueued":
      return `This task is already in the merge queue (number ${m.position} of ${m.length}); nothing changed.`;
    case "dequeued":
      return `@${m.by} took ${m.pullRequest ? `#${m.pullRequest}` : "this track"} out of the merge queue; it is back in review and no failure was counted. Say \`/queue\` to queue it again.`;
    case "notQueued":
      return "This task is not in the merge queue, so there is nothing to `/dequeue`.";
    case "cannotQueue":
      return cannotQueue(m);
    case "queueIssueClosed":
      return `This task's issue is closed, so \`/${m.command}\` changed nothing. Reopen it first if the work should still be merged.`;
    case "removedFromQueue":
      return renderRemoval(m);
    case "mergedByQueue":
      return `The merge queue merged #${m.pullRequest} (${m.sha.slice(0, 7)}), so this task is done and closed.` +
        (m.branchDeleted ? " Its branch was deleted." : "");
  }
}

function cannotQueue(m: Extract<QueueMessage, { kind: "cannotQueue" }>): string {
  switch (m.reason) {
    case "notClaimed":
      return "Nobody holds this task, so there is no track to queue. A track is queued after its holder says `/done`.";
    case "blocked":
      return "This task is **blocked**, so it cannot be queued. A maintainer must say `/unblock` first, and the task must be claimed and finished again.";
    case "noPullRequest":
      return `This track has no open pull request${m.branch ? ` from \`${m.branch}\`` : ""}, so there is nothing to merge. Its holder can say \`/claim\` again to restore it.`;
    case "draft":
      return `#${m.pullRequest} is still a draft, so it cannot be queued. Its holder says \`/done\` when it is ready for review; queue it after that.`;
    case "notApproved":
      return notApprovedYet(m);
  }
}

function renderRemoval(m: Extract<QueueMessage, { kind: "removedFromQueue" }>): string {
  const { why, fix } = explain(m);
  const lines = [`@${m.holder} I took #${m.pullRequest} out of the merge queue: ${why}`, ""];
  if (m.blocked) {
    lines.push(
      `That was failure ${m.failures} of ${m.maxFailures}, so the task is now **blocked**: a maintainer must say \`/unblock\` before anyone can claim it again. The branch and PR are kept.`,
    );
  } else {
    const cost = m.counted ? `This counts as failure ${m.failures} of ${m.maxFailures}; you keep the claim. ` : "No failure was counted; you keep the claim. ";
    lines.push(`${cost}${fix} Then a maintainer can say \`/queue\` again.`);
  }
  return lines.join("\n");
}

type Removal = Extract<QueueMessage, { kind: "removedFromQueue" }>;

function explain(m: Removal): { why: string; fix: string } {
  const p = m.problem;
  switch (p.kind) {
    case "conflict":
      return {
        why:
          p.files.length > 0
            ? `it conflicts with \`${m.base}\` in ${p.files.slice(0, 10).map((f) => `\`${f}\``).join(", ")}${p.files.length > 10 ? ` and ${p.files.length - 10} more` : ""}.`
            : `it conflicts with \`${m.base}\`.`,
        fix: `Merge \`${m.base}\` into \`${m.branch}\`, resolve the conflicts and push.`,
      };
    case "checkFailed":
      return { why: `the check **${p.check}** ended with \`${p.conclusion}\` on its head commit.`, fix: `Fix what **${p.check}** reports and push to \`${m.branch}\`.` };
    case "checkTimeout":
      return { why: `${timedOut(m, p)} within ${formatDuration(Math.floor(p.waitedMs / 1000) * 1000)} (\`queue.checkTimeout\`).`, fix: "Make sure CI runs on the branch (push again to restart it)." };
    case "notMergeable":
      return { why: `GitHub refused to merge it (“${prose(p.message)}”).`, fix: "Check the branch protection rules and the PR's merge box, and fix what they require." };
    case "notApproved":
      return {
        why: p.changesRequested
          ? "a reviewer requested changes."
          : `it has ${p.approvals} approving review${p.approvals === 1 ? "" : "s"} and needs ${p.required} (\`queue.requiredApprovals\`).`,
        fix: p.changesRequested ? "Address the requested changes and ask for a new review." : "Ask for the missing review.",
      };
    case "draft":
      return { why: "it was turned back into a draft.", fix: "Say `/done` when it is ready for review again." };
    case "refused":
      return explainRefusal(p);
    case "closed":
      return p.what === "pullRequest"
        ? { why: "it was closed without being merged.", fix: "Reopen it if the work should still land." }
        : { why: "its task issue was closed.", fix: "Reopen the issue if the work should still land." };
  }
}

/** What the queue waited for in vain. */
function timedOut(m: Removal, p: Extract<Removal["problem"], { kind: "checkTimeout" }>): string {
  if (p.waitingFor === "update") return `bringing the branch up to date with \`${m.base}\` did not finish`;
  if (p.waitingFor !== "checks") return "GitHub did not work out whether it can be merged";
  if (p.pending.length === 0) return "its checks did not report";
  return `the check${p.pending.length === 1 ? "" : "s"} ${p.pending.map((c) => `**${c}**`).join(", ")} did not finish`;
}

/** GitHub's own words, quoted, and what to do: only an owner of the app can grant a missing permission. */
function explainRefusal(p: Extract<Removal["problem"], { kind: "refused" }>): { why: string; fix: string } {
  const why = `GitHub refused the ${p.step} (${p.status}: “${prose(p.message)}”).`;
  if (p.workflows) {
    return {
      why: `${why} The track changes \`.github/workflows/\`, and Switchyard's app does not have the \`workflows\` permission.`,
      fix: "An owner of the app can grant it (the app's settings → Permissions → Workflows: read and write; see README, \"Workflow files\"), or merge this PR by hand.",
    };
  }
  return { why, fix: "Fix what GitHub's message says (branch protection, permissions), or merge this PR by hand." };
}

/** Who has approved, who blocks, and who can still approve: logins in code spans, so nobody is pinged. */
function notApprovedYet(m: Extract<QueueMessage, { kind: "cannotQueue"; reason: "notApproved" }>): string {
  const names = (logins: readonly string[]) => logins.map((l) => `\`${l}\``).join(", ");
  if (m.changesRequested) {
    return `#${m.pullRequest} has changes requested by ${names(m.changesRequestedBy)}, so it cannot be queued yet. Queue it once they approve the current head (or their review is dismissed).`;
  }
  const missing = m.required - m.approvals;
  const so = m.approvedBy.length > 0 ? ` Approved by ${names(m.approvedBy)};` : "";
  return (
    `#${m.pullRequest} has ${m.approvals} approving review${m.approvals === 1 ? "" : "s"} that count and needs ${m.required} (\`queue.requiredApprovals\`), so it cannot be queued yet.${so} ` +
    `${missing} more from a maintainer (${m.maintainerPermission} permission or above) other than \`${m.holder}\`, on the current head. ` +
    "Approvals of an earlier commit, by the task's holder or by bots do not count."
  );
}
