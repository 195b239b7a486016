import { loadConfigAtHead } from "../config-at-head.js";
import type { SwitchyardConfig } from "../../config/schema.js";
import { claimableNotices } from "../../core/follow-up-notices.js";
import { applyOps } from "../../github/apply/apply-ops.js";
import { loadWaitingOn } from "../../github/load/load-follow-ups.js";
import type { RepositoryTrigger } from "../repository-trigger.js";

/**
 * A task was closed as completed: each ready task whose last unmet `Depends on` it was says, once, that it can be
 * claimed now. `known`: the configuration, when the caller has it (the queue finished the task in this process).
 */
export async function announceClaimable(trigger: RepositoryTrigger, finished: number, botLogin: () => Promise<string>, known?: SwitchyardConfig): Promise<void> {
  const config = known ? { ok: true as const, config: known } : await loadConfigAtHead(trigger.octokit, trigger.repo(), trigger);
  if (!config.ok) return; // the next command in the repository reports the bad file
  const repo = trigger.repo();
  const { waiting, done } = await loadWaitingOn(trigger.octokit, repo, config.config, finished);
  const notices = claimableNotices(finished, waiting, (n) => done.has(n));
  await applyOps(trigger.octokit, repo, notices.ops, { log: trigger.log, botLogin });
  if (notices.targets.length > 0) trigger.log.info(`#${finished} done: told ${notices.targets.map((n) => `#${n}`).join(", ")} they can be claimed`);
}
