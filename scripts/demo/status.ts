/** The maintainer's `/status`: once mid-run, when three tracks are active together, and once at the end. */
import type { Said } from "../support/conversation.js";
import { event, heading, lines, paint } from "../support/printer.js";
import { sleep, withTimeout } from "../support/sandbox.js";
import { renderReply } from "../support/status.js";
import { MAINTAINER } from "./cast.js";
import type { Stage } from "./stage.js";

/** Once three tracks are active together, the maintainer asks the bot where things stand. */
export async function midRunStatus(stage: Stage): Promise<void> {
  while (stage.watch.widest.tasks.length < 3) {
    if (stage.shared.agentsLeft === 0) return;
    await sleep(50);
  }
  printStatus(stage, await stage.conversation.say(MAINTAINER, stage.statusIssue, "/status"), "            ");
}

/** With everything done, the bot's own account of the backlog. */
export async function finalStatus(stage: Stage): Promise<void> {
  heading("Status");
  printStatus(stage, await withTimeout(stage.conversation.say(MAINTAINER, stage.statusIssue, "/status"), 20_000, "the reply to /status"), "    ");
}

function printStatus(stage: Stage, status: Said, indent: string): void {
  event(MAINTAINER, `/status on #${stage.statusIssue}  → ${paint(`the bot replied (${status.reply.ms} ms):`, "green")}`);
  lines(renderReply(status.reply.text), indent);
}
