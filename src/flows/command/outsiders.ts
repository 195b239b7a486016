import type { Command } from "../../commands/command.js";
import { callerRefusal } from "../../commands/command.js";
import type { Actor } from "../../commands/command-input.js";
import type { ConfigResult } from "../../config/load-config.js";
import type { Message } from "../../core/messages/reply.js";
import { atLeast } from "../../core/permission.js";
import { sameLogin } from "../../core/same-login.js";
import type { Repo } from "../../github/octokit.js";

/** How long an issue is spared a second refusal to outsiders. */
const QUIET_MS = 60 * 60 * 1000;
/** Issues remembered at most (oldest forgotten first): a bound on memory, whatever outsiders do. */
const CAPACITY = 10_000;

/**
 * Someone who cannot take part: below write permission (read-only, no access, or a permission that could not be
 * read), not listed in `agents.allow`, and saying something other than what readers may say (`/status`). An
 * outsider's command costs one refusal per issue and hour at most, and no write before the permission check: anyone
 * can comment on a public repository, as often as they like.
 */
export function isOutsider(actor: Actor, config: ConfigResult, command: Command | undefined): boolean {
  if (atLeast(actor.permission, "write")) return false;
  if (command?.who === "reader" && atLeast(actor.permission, "read")) return false;
  return !(config.ok && config.config.agents.allow.some((agent) => sameLogin(agent, actor.login)));
}

/** The one refusal an outsider gets: the command's own when its `who` refuses them, else the agent rule. */
export function outsiderRefusal(command: Command | undefined, actor: Actor, config: ConfigResult): Message {
  const own = command && config.ok ? callerRefusal(command, actor, config.config) : null;
  return own ?? { kind: "notAllowed", login: actor.login, command: command?.name ?? "command" };
}

/** In this process: which issues refused an outsider lately (replicas each keep their own). */
export class OutsiderRefusals {
  private readonly last = new Map<string, number>();

  /** True when `issue` has not refused an outsider within the hour; records this refusal. */
  mayRefuse(issue: string, now: Date): boolean {
    if (this.refusedLately(issue, now)) return false;
    this.last.delete(issue);
    this.last.set(issue, now.getTime());
    if (this.last.size > CAPACITY) this.last.delete(this.last.keys().next().value!);
    return true;
  }

  /** True when `issue` refused an outsider within the hour; records nothing. */
  refusedLately(issue: string, now: Date): boolean {
    const at = this.last.get(issue);
    return at !== undefined && now.getTime() - at < QUIET_MS;
  }
}

/** The key of an issue in `OutsiderRefusals`. */
export function outsiderKey(repo: Repo, issue: number): string {
  return `${repo.owner}/${repo.repo}#${issue}`.toLowerCase();
}
