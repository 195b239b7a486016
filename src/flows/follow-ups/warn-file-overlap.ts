import { loadConfigAtHead } from "../config-at-head.js";
import { taskFromBranch } from "../../core/branch-name.js";
import { sameLogin } from "../../core/same-login.js";
import { overlapWarnings } from "../../core/follow-up-notices.js";
import { applyOps } from "../../github/apply/apply-ops.js";
import { loadTrackFiles } from "../../github/load/load-follow-ups.js";
import type { RepositoryTrigger } from "../repository-trigger.js";

/**
 * A track PR changed (`headRef` is its branch): compare the files of every open track PR and warn each PR that
 * shares files with another, in one comment per PR that is rewritten in place as the overlap changes. `pushedBy`: the
 * bot account whose push this was, if a bot's.
 */
export async function warnFileOverlap(trigger: RepositoryTrigger, headRef: string, botLogin: () => Promise<string>, pushedBy?: string): Promise<void> {
  // Switchyard's own push (the task's line checked, the base merged in) brings the track no file of its own.
  if (pushedBy !== undefined && sameLogin(pushedBy, await botLogin())) return;
  const config = await loadConfigAtHead(trigger.octokit, trigger.repo(), trigger);
  if (!config.ok || taskFromBranch(config.config.branchPrefix, headRef) === null) return;
  const repo = trigger.repo();
  const warnings = overlapWarnings(await loadTrackFiles(trigger.octokit, repo, config.config));
  await applyOps(trigger.octokit, repo, warnings.ops, { log: trigger.log, botLogin });
  if (warnings.targets.length > 0) trigger.log.info(`file overlap between track PRs ${warnings.targets.map((n) => `#${n}`).join(", ")}`);
}
