import type { Notice } from "../core/messages/notice.js";
import { codeSpan } from "./neutralize.js";

/** The text of a notice: what the bot says on its own, once or kept up to date in place. */
export function renderNotice(notice: Notice): string {
  switch (notice.kind) {
    case "nowClaimable":
      return `#${notice.finished} is done, so every task this one depends on is done: it can be claimed now with \`/claim\`.`;
    case "dependencyCycle":
      return `The tasks ${[...notice.cycle, notice.cycle[0]].map((n) => `#${n}`).join(" → ")} depend on each other through their \`Depends on:\` lines, so none of them can be claimed. Remove one of those lines to break the cycle.`;
    case "forgedLock":
      return forgedLock(notice);
    case "filesOverlap":
      return [
        "This track changes files that another active track changes too, so whichever merges second may conflict:",
        "",
        ...notice.others.map((o) => `- #${o.pullRequest} (task #${o.task}): ${o.files.slice(0, 20).map((f) => codeSpan(f)).join(", ")}${o.files.length > 20 ? `, and ${o.files.length - 20} more` : ""}`),
        "",
        "Agree with its author on who changes what, or declare `Touches:` in the task issues so admission control keeps such tasks apart. This comment is kept up to date.",
      ].join("\n");
  }
}

function forgedLock(notice: Extract<Notice, { kind: "forgedLock" }>): string {
  const state = notice.holder ? `${notice.status}, held by @${notice.holder}` : notice.status;
  return [
    `This task's lock (${codeSpan(notice.ref)}) was moved to commit \`${notice.sha.slice(0, 12)}\`, which Switchyard did not write (its author says ${codeSpan(notice.by, 60)}).`,
    `Switchyard ignores it: the lock is what Switchyard last wrote (${state}), and the ref has been moved forward to that state again.`,
    "Only Switchyard's commands change a lock; see the Security model in Switchyard's README.",
  ].join(" ");
}
